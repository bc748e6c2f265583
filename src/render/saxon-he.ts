/**
 * Letter views made by Saxon-HE (Java; Debian's libsaxonhe-java) instead of SaxonJS, for a long run: one JVM
 * transforms every letter with teikit's own stylesheet (xslt/letters-saxon-he.xsl runs xslt/saxon-he.xsl, which is
 * xslt/teikit.xsl with Saxon-HE's serialization made the same as SaxonJS's) and writes each letter's view as a line
 * of JSON, read here as it comes. The pages are the same bytes either way (a test renders an edition with each
 * engine and compares every file); Saxon-HE makes a letter's view in about a third of SaxonJS's CPU time
 * (docs/benchmarks.md), but its JVM takes a second or two to start and compile the stylesheet, so it serves long
 * runs only (SAXON_HE_MIN_LETTERS). Publishing never needs it: without Java or Saxon-HE, SaxonJS renders.
 *
 * The JVM reads only what it is given: the documents' files (teikit's own TEI, checked in this run) or copies of
 * their checked texts, every network access failing at once (io/jvm.ts).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { pathToFileURL } from 'node:url';
import { TeikitError } from '../model/diagnostics';
import { findJavaTool, type JavaTool, NO_NETWORK_JVM_FLAGS } from '../io/jvm';
import type { LetterJob, LetterView } from './letters';
import { XSLT_DIR } from './sef';

/** Where Debian's libsaxonhe-java puts the jar (TEIKIT_SAXON_HE_JAR overrides). */
const SAXON_HE_JAR_CANDIDATES = ['/usr/share/java/Saxon-HE.jar', '/usr/share/java/saxon9he.jar'];

/** Saxon-HE's jar and the java binary, when both are installed. */
export function findSaxonHe(): JavaTool | undefined {
  return findJavaTool(SAXON_HE_JAR_CANDIDATES, process.env.TEIKIT_SAXON_HE_JAR);
}

/** Which XSLT processor makes the letter views: SaxonJS (in Node), Saxon-HE (Java), or Saxon-HE for long runs when installed. */
export type XsltEngine = 'saxon-js' | 'saxon-he' | 'auto';

export const XSLT_ENGINES: readonly XsltEngine[] = ['auto', 'saxon-js', 'saxon-he'];

/**
 * From this many letters to transform on, `auto` takes Saxon-HE when installed: below, the JVM's start and the
 * compiling of the stylesheet (1.5-2 s) cost more than SaxonJS's two threads save (docs/benchmarks.md).
 */
export const SAXON_HE_MIN_LETTERS = 200;

/** The JVM's heap: the compiled stylesheet and a letter's documents and view fit many times over. */
const SAXON_HE_HEAP = '-Xmx384m';

/**
 * A run of a few thousand letters: the JVM's serial collector uses one core, leaving the other to this thread, which
 * writes the pages (docs/benchmarks.md).
 */
const SAXON_HE_JVM_FLAGS = [SAXON_HE_HEAP, '-XX:+UseSerialGC', ...NO_NETWORK_JVM_FLAGS];

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

/**
 * Make the letter views of `jobs` in one Saxon-HE JVM: `onView(i, view)` for each, in the jobs' order, as the JVM
 * writes them. `beside` runs in this thread while the JVM starts. A letter whose transformation fails stops the run
 * with its error (the documents' first file named); so does the JVM's failure.
 */
export async function letterViewsSaxonHe(he: JavaTool, jobs: SaxonHeJob[], onView: (index: number, view: LetterView) => void, beside: () => void = () => undefined): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-saxon-he-'));
  try {
    const jobsFile = path.join(tmp, 'jobs.xml');
    const out = fs.openSync(jobsFile, 'w');
    try {
      fs.writeSync(out, '<jobs>');
      jobs.forEach(({ job, files }, i) => {
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
        fs.writeSync(out, `<job n="${i}">${params}${job.editionXml}${docs}</job>`);
      });
      fs.writeSync(out, '</jobs>');
    } finally {
      fs.closeSync(out);
    }
    const child = spawn(he.java, [...SAXON_HE_JVM_FLAGS, '-cp', he.jar, 'net.sf.saxon.Transform', `-xsl:${path.join(XSLT_DIR(), 'letters-saxon-he.xsl')}`, '-it', `jobs=${pathToFileURL(jobsFile).href}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s: string) => {
      if (stderr.length < 65536) stderr += s;
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
      child.on('error', (error) => resolve({ code: null, signal: null, error }));
      child.on('close', (code, signal) => resolve({ code, signal }));
    });
    let next = 0;
    let failure: unknown;
    const lines = readline.createInterface({ input: child.stdout, crlfDelay: Infinity });
    lines.on('line', (line) => {
      if (failure !== undefined) return;
      try {
        const reply = JSON.parse(line) as { n?: string; view?: LetterView; error?: string; code?: string };
        const i = Number(reply.n);
        if (i !== next) throw new Error(`Saxon-HE answered letter ${reply.n} where letter ${next} was due`);
        const job = jobs[i].job;
        if (reply.error !== undefined || reply.view === undefined) {
          throw new TeikitError({ file: job.docs[0]?.path ?? '<letter>', severity: 'error', message: `rendering failed (Saxon-HE${reply.code ? `, ${reply.code}` : ''}): ${reply.error ?? 'no view'}`, rule: 'render/xslt' });
        }
        next++;
        onView(i, reply.view);
      } catch (err) {
        failure = err;
        child.kill('SIGKILL');
      }
    });
    const closed = new Promise<void>((resolve) => lines.on('close', () => resolve()));
    try {
      beside();
    } catch (err) {
      failure ??= err;
      child.kill('SIGKILL');
    }
    const [exit] = await Promise.all([exited, closed]);
    if (failure !== undefined) throw failure;
    if (exit.error || exit.code !== 0 || next !== jobs.length) {
      const why = exit.error ? exit.error.message : exit.code !== 0 ? `exit ${exit.code ?? exit.signal}` : `${next} of ${jobs.length} letters answered`;
      throw new TeikitError({ file: jobs[next]?.job.docs[0]?.path ?? '<letters>', severity: 'error', message: `Saxon-HE failed (${why}): ${stderr.trim().split('\n').slice(-5).join(' | ') || 'no message'}`, rule: 'render/xslt' });
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
