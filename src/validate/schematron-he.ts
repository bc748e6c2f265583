/**
 * The edition rules (a compiled Schematron) run by Saxon-HE (Java; Debian's libsaxonhe-java) over many documents in
 * one JVM (xslt/rules-saxon-he.xsl), for a long build: about a third of SaxonJS's CPU time per document, with the
 * JVM's start (under a second) paid once. Each document's SVRL becomes findings exactly as SaxonJS's does
 * (schematron-run.ts svrlDiagnostics; a test compares the two on documents that break the rules). Only teikit's
 * own TEI goes here (no DOCTYPE: the file is what the rules see, element positions are exact), read from its file,
 * every network access failing at once (io/jvm.ts).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TeikitError, type Diagnostic } from '../model/diagnostics';
import { runSaxonHeLines, type JavaTool } from '../io/jvm';
import { XSLT_DIR } from '../paths';
import { elementPositions } from '../xml/positions';
import { schematronCouldNotRun, svrlDiagnostics } from './schematron-run';

/** A document to check: the name its findings carry, and the file to read. */
export interface RulesTarget {
  file: string;
  path: string;
}

/**
 * Run the Schematron `source` (compiled to `xslFile`, schematron.ts schematronXsltFile) over `targets` in one
 * Saxon-HE JVM: the findings of each, by its `file` (every target has an entry, empty when it keeps the rules).
 */
export async function runSchematronSaxonHe(he: JavaTool, source: string, xslFile: string, targets: RulesTarget[]): Promise<Map<string, Diagnostic[]>> {
  const results = new Map<string, Diagnostic[]>();
  if (targets.length === 0) return results;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-rules-he-'));
  try {
    const list = path.join(tmp, 'files.txt');
    fs.writeFileSync(list, targets.map((t) => `${pathToFileURL(t.path).href}\n`).join(''));
    let next = 0;
    const take = (reply: { n?: string; svrl?: string; error?: string; code?: string }): void => {
      const i = Number(reply.n);
      if (i !== next) throw new Error(`Saxon-HE answered document ${reply.n} where document ${next} was due`);
      const t = targets[i];
      next++;
      if (reply.error !== undefined || reply.svrl === undefined) {
        results.set(t.file, [schematronCouldNotRun(source, t.file, `${reply.error ?? 'no report'}${reply.code ? ` (Saxon-HE, ${reply.code})` : ''}`)]);
        return;
      }
      results.set(t.file, svrlDiagnostics(reply.svrl, t.file, () => elementPositions(fs.readFileSync(t.path, 'utf8'))));
    };
    const failed = (why: string): TeikitError => new TeikitError({ file: targets[next]?.file ?? source, severity: 'error', message: `Saxon-HE could not run the rules of ${path.basename(source)} (${why})`, rule: 'schematron/run' });
    await runSaxonHeLines(he, path.join(XSLT_DIR, 'rules-saxon-he.xsl'), { files: pathToFileURL(list).href, rules: pathToFileURL(xslFile).href }, (r) => take(r as Parameters<typeof take>[0]), failed, undefined, true);
    if (next !== targets.length) throw failed(`${next} of ${targets.length} documents answered`);
    return results;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
