/**
 * Letter views made by Saxon-HE (Java; Debian's libsaxonhe-java) instead of SaxonJS, for a long run: one JVM, a
 * thread per CPU, transforms every letter with teikit's own stylesheet (xslt/saxon-he.xsl: xslt/teikit.xsl with its
 * parameters taken from a letter's job, and Saxon-HE's serialization made the same as SaxonJS's), writing each
 * letter's pages to files of their own and its view (the parts of the edition-wide pages) as JSON, read here as each
 * is made. The pages are the same bytes either way (tests render editions with each engine and compare every file);
 * Saxon-HE makes a letter's view in about a third of SaxonJS's CPU time (docs/benchmarks.md), but its JVM takes a
 * second or two to start and compile the stylesheet, so it serves long runs only (SAXON_HE_MIN_LETTERS). Publishing
 * never needs it: without Java or Saxon-HE, SaxonJS renders.
 *
 * The JVM reads only what it is given: the documents' files (teikit's own TEI, checked in this run) or copies of
 * their checked texts, every network access failing at once (io/jvm.ts). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TeikitError } from '../model/diagnostics';
import { findSaxonHe, type JavaTool, lastLinesOf, saxonSaidAbout, type SaxonHeRun, startSaxonHe } from '../io/jvm';
import type { LetterJob, LetterView } from './letters';
import { XSLT_DIR } from './sef';

export { findSaxonHe };

/** Which XSLT processor makes the letter views: SaxonJS (in Node), Saxon-HE (Java), or Saxon-HE for long runs when installed. */
export type XsltEngine = 'saxon-js' | 'saxon-he' | 'auto';

export const XSLT_ENGINES: readonly XsltEngine[] = ['auto', 'saxon-js', 'saxon-he'];

/**
 * From this many letters to transform on, `auto` takes Saxon-HE when installed: below, the JVM's start and the
 * compiling of the stylesheet (1.5-2 s) cost more than SaxonJS's two threads save (docs/benchmarks.md).
 */
export const SAXON_HE_MIN_LETTERS = 200;

/**
 * The engine for `letters` letters to transform: Saxon-HE when asked for (an error when it is not installed) or,
 * with `auto`, for a long run when installed; SaxonJS otherwise.
 */
export function saxonHeFor(engine: XsltEngine, letters: number): JavaTool | undefined {
  if (engine === 'saxon-js' || letters === 0) return undefined;
  const he = findSaxonHe();
  if (engine === 'saxon-he' && !he) {
    throw new TeikitError({ file: '<xslt-engine>', severity: 'error', message: 'Saxon-HE is not installed (Debian packages default-jre-headless and libsaxonhe-java; or set TEIKIT_SAXON_HE_JAR): use --xslt-engine saxon-js or auto', rule: 'render/engine' });
  }
  return engine === 'saxon-he' || letters >= SAXON_HE_MIN_LETTERS ? he : undefined;
}

/** A job as the JVM gets it: its documents as files it may read (see letterViewsSaxonHe). */
export interface SaxonHeJob {
  job: LetterJob;
  /** Each document's file to read, in the job's order: the TEI file itself when it is teikit's own, checked in this run; else undefined (its checked text is copied for the JVM). */
  files: Array<string | undefined>;
}

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');

/** The string parameters a letter job may carry: saxon-he.xsl takes these from the job. */
const JOB_PARAMS = new Set(['index-page', 'css-href', 'js-href']);

/**
 * Make the letter views of `jobs` in one Saxon-HE JVM, its `threads` threads transforming a letter each at a time
 * (Saxon's command line over a folder of jobs, `-threads`): `onView(i, view)` for each, in the jobs' order, as they
 * are made. `beside` runs in this thread while the JVM starts. A letter whose transformation fails stops the run with
 * its error (its documents' first file named); so does the JVM's failure.
 */
export async function letterViewsSaxonHe(
  he: JavaTool,
  jobs: SaxonHeJob[],
  onView: (index: number, view: LetterView) => void,
  beside: () => void = () => undefined,
  threads = 2,
  pagesDir?: string,
): Promise<void> {
  // the JVM writes the pages to files of their own (saxon-he.xsl): in a folder beside the pages' folder, when given
  // (`pagesDir`; in a build, dist/<id>/.teikit-saxon-he-html: a dot folder there is the build's), on the same file
  // system, so that each is renamed into place. Its name is the pages folder's: one left by a run that was killed is
  // removed by the next run into the same folder.
  let tmp: string;
  if (pagesDir) {
    const resolved = path.resolve(pagesDir);
    tmp = path.join(path.dirname(resolved), `${SCRATCH}${path.basename(resolved)}`);
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { recursive: true });
  } else tmp = fs.mkdtempSync(path.join(os.tmpdir(), SCRATCH));
  const jobsDir = path.join(tmp, 'jobs');
  const viewsDir = path.join(tmp, 'views');
  fs.mkdirSync(jobsDir);
  fs.mkdirSync(viewsDir);
  const name = (i: number): string => `letter-${String(i).padStart(7, '0')}.xml`;
  let run: SaxonHeRun | undefined;
  try {
    jobs.forEach(({ job, files }, i) => {
      for (const k of Object.keys(job.params)) {
        if (!JOB_PARAMS.has(k)) throw new TeikitError({ file: job.docs[0]?.path ?? '<letter>', severity: 'error', message: `internal: the letter view's parameter "${k}" is not passed to Saxon-HE (xslt/saxon-he.xsl)`, rule: 'render/engine' });
      }
      const params = Object.entries(job.params).map(([k, v]) => `<param name="${escapeAttr(k)}" value="${escapeAttr(v)}"/>`).join('');
      const docs = job.docs
        .map((d, k) => {
          let file = files[k];
          if (file === undefined) {
            if (d.xml === undefined) throw new TeikitError({ file: d.path, severity: 'error', message: 'internal: a letter job without the checked TEI text', rule: 'render/thread' });
            file = path.join(tmp, `${i}-${k}.xml`);
            fs.writeFileSync(file, d.xml, 'utf8');
          }
          return `<doc href="${escapeAttr(pathToFileURL(file).href)}"/>`;
        })
        .join('');
      fs.writeFileSync(path.join(jobsDir, name(i)), `<job>${params}${job.editionXml}${docs}</job>`);
    });
    run = startSaxonHe(he, [`-s:${jobsDir}`, `-o:${viewsDir}`, `-xsl:${path.join(XSLT_DIR(), 'saxon-he.xsl')}`, `-threads:${Math.max(1, threads)}`]);
    let exit: Awaited<SaxonHeRun['exited']> | undefined;
    void run.exited.then((e) => (exit = e));
    beside();
    for (let i = 0; i < jobs.length; i++) {
      const file = path.join(viewsDir, name(i));
      for (;;) {
        // (the JVM's end is noted before looking: a view written before it is found on this look)
        const ended = exit !== undefined;
        const view = readView(file, viewsDir);
        if (view !== undefined) {
          fs.rmSync(file, { force: true });
          onView(i, view);
          break;
        }
        if (ended) throw letterFailed(jobs[i].job, name(i), exit!);
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    }
    await run.exited;
  } catch (err) {
    if (run) {
      run.child.kill('SIGKILL');
      await run.exited;
    }
    throw err;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** How long to wait for the next view before looking again. */
const POLL_MS = 5;

/** Where the JVM's work goes: a folder named so, beside the pages' folder or in the system's temporary folder. */
const SCRATCH = '.teikit-saxon-he-';

/**
 * A letter's view, once its file is whole (the JVM writes it as it serializes: a part of it does not parse); its
 * pages are the files the JVM wrote beside it before it (their names in `pages`).
 */
function readView(file: string, dir: string): LetterView | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let made: Omit<LetterView, 'pages'> & { pages: string[] };
  try {
    made = JSON.parse(text) as typeof made;
  } catch {
    return undefined;
  }
  return { ...made, pages: {}, pageFiles: Object.fromEntries(made.pages.map((p) => [p, path.join(dir, p)])) };
}

/** The error for a letter the JVM made no view of: what it printed about that letter's job, or how it ended. */
function letterFailed(job: LetterJob, jobName: string, exit: Awaited<SaxonHeRun['exited']>): TeikitError {
  const why = saxonSaidAbout(exit.stderr, jobName) ?? `${exit.error ? exit.error.message : `exit ${exit.code ?? exit.signal}`}: ${lastLinesOf(exit.stderr)}`;
  return new TeikitError({ file: job.docs[0]?.path ?? '<letter>', severity: 'error', message: `rendering failed (Saxon-HE): ${why}`, rule: 'render/xslt' });
}
