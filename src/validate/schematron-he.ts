/**
 * The edition rules (a compiled Schematron) run by Saxon-HE (Java; Debian's libsaxonhe-java) over many documents in
 * one JVM (the compiled rules over a folder of them, a document per thread), for a long build: about a third of SaxonJS's CPU time per document, with the
 * JVM's start (under a second) paid once. Each document's SVRL becomes findings exactly as SaxonJS's does
 * (schematron-run.ts svrlDiagnostics; a test compares the two on documents that break the rules). Only teikit's
 * own TEI goes here (no DOCTYPE: the file is what the rules see, element positions are exact), read from its file,
 * every network access failing at once (io/jvm.ts).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TeikitError, type Diagnostic } from '../model/diagnostics';
import { lastLinesOf, saxonSaidAbout, startSaxonHe, type JavaTool } from '../io/jvm';
import { elementPositions } from '../xml/positions';
import { schematronCouldNotRun, svrlDiagnostics } from './schematron-run';

/** A document to check: the name its findings carry, and the file to read. */
export interface RulesTarget {
  file: string;
  path: string;
}

/**
 * Run the Schematron `source` (compiled to `xslFile`, schematron.ts schematronXsltFile) over `targets` in one
 * Saxon-HE JVM, `threads` documents at a time (Saxon's command line over a folder of them, `-threads`): the
 * findings of each, by its `file` (every target has an entry, empty when it keeps the rules; a document the JVM
 * could not check has a finding saying why).
 */
export async function runSchematronSaxonHe(he: JavaTool, source: string, xslFile: string, targets: RulesTarget[], threads = 2): Promise<Map<string, Diagnostic[]>> {
  const results = new Map<string, Diagnostic[]>();
  if (targets.length === 0) return results;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-rules-he-'));
  try {
    // the documents as the folder Saxon reads, by links (their SVRL comes out under the same names)
    const inDir = path.join(tmp, 'in');
    const outDir = path.join(tmp, 'out');
    fs.mkdirSync(inDir);
    fs.mkdirSync(outDir);
    const name = (i: number): string => `doc-${String(i).padStart(7, '0')}.xml`;
    targets.forEach((t, i) => fs.symlinkSync(path.resolve(t.path), path.join(inDir, name(i))));
    const exit = await startSaxonHe(he, [`-s:${inDir}`, `-o:${outDir}`, `-xsl:${xslFile}`, `-threads:${Math.max(1, threads)}`], { short: true }).exited;
    if (exit.error) throw new TeikitError({ file: source, severity: 'error', message: `Saxon-HE could not run the rules of ${path.basename(source)}: ${exit.error.message}`, rule: 'schematron/run' });
    targets.forEach((t, i) => {
      let svrl: string | undefined;
      try {
        svrl = fs.readFileSync(path.join(outDir, name(i)), 'utf8');
      } catch {
        svrl = undefined;
      }
      if (svrl === undefined) {
        const why = saxonSaidAbout(exit.stderr, name(i)) ?? `no report (exit ${exit.code ?? exit.signal}: ${lastLinesOf(exit.stderr)})`;
        results.set(t.file, [schematronCouldNotRun(source, t.file, `${why} (Saxon-HE)`)]);
      } else results.set(t.file, svrlDiagnostics(svrl, t.file, () => elementPositions(fs.readFileSync(t.path, 'utf8'))));
    });
    return results;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
