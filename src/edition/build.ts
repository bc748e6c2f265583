import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomicIfChanged } from '../io/atomic-write';
import type { TeiDocument } from '../model/document';
import { readSource } from '../readers';
import { writeTei } from '../writers/tei';
import { SCHEMA_DIR } from '../paths';
import { type Edition, type SourceEntry, loadEdition, sourceId } from './manifest';

export interface BuildOptions {
  /** Output root; the edition goes to `<outDir>/<edition id>/`. Default `dist`. */
  outDir?: string;
  /** Progress and choices; default silent. */
  log?: (message: string) => void;
}

export interface BuiltSource {
  source: SourceEntry;
  lang: string;
  role: 'original' | 'translation';
  docId: string;
  /** Path of the TEI file written. */
  path: string;
  doc: TeiDocument;
}

export interface BuildResult {
  edition: Edition;
  editionDir: string;
  teiDir: string;
  sources: BuiltSource[];
  /** Files (re)written by this run; unchanged outputs are not rewritten. */
  written: string[];
}

export const EDITION_SCHEMA = 'teikit.rng';

/** TEI file name of one document: `<doc id>.xml` (by default `<edition>.<lang>.xml`). */
export function teiFileName(docId: string): string {
  return `${docId}.xml`;
}

/**
 * Build one edition: read every source, enrich, write one TEI document per
 * source to `<outDir>/<id>/tei/<id>.<lang>.xml`. Every output is produced in
 * memory first and written only when all succeeded, each by temporary file and
 * rename, so a failed build leaves the previous outputs intact.
 */
export async function buildEdition(dir: string, opts: BuildOptions = {}): Promise<BuildResult> {
  const log = opts.log ?? (() => undefined);
  const edition = loadEdition(dir);
  const { manifest } = edition;
  const editionDir = path.join(opts.outDir ?? 'dist', manifest.id);
  const teiDir = path.join(editionDir, 'tei');

  const docs: TeiDocument[] = manifest.sources.map((source) => {
    const { doc } = readSource(path.join(dir, source.file), { format: source.format, lang: source.lang });
    return doc;
  });

  const schemaSrc = path.join(SCHEMA_DIR, EDITION_SCHEMA);
  const haveSchema = fs.existsSync(schemaSrc);
  const outputs: Array<{ path: string; content: string | Buffer }> = [];
  const sources: BuiltSource[] = manifest.sources.map((source, i) => {
    const docId = sourceId(manifest, source);
    const file = path.join(teiDir, teiFileName(docId));
    const xml = writeTei(docs[i], {
      docId,
      manifest,
      source,
      schemaHref: haveSchema ? `../schema/${EDITION_SCHEMA}` : undefined,
    });
    outputs.push({ path: file, content: xml });
    return { source, lang: source.lang, role: source.role, docId, path: file, doc: docs[i] };
  });
  if (haveSchema) outputs.push({ path: path.join(editionDir, 'schema', EDITION_SCHEMA), content: fs.readFileSync(schemaSrc) });

  const written: string[] = [];
  for (const out of outputs) {
    if (writeFileAtomicIfChanged(out.path, out.content)) written.push(out.path);
  }
  log(`${manifest.id}: ${sources.map((s) => path.relative(process.cwd(), s.path)).join(', ')}${written.length === 0 ? ' (unchanged)' : ''}`);
  return { edition, editionDir, teiDir, sources, written };
}
