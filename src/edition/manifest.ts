import * as fs from 'node:fs';
import * as path from 'node:path';
import { fail } from '../model/diagnostics';
import type { SourceFormat } from '../model/document';

export type LangMap = Record<string, string>;

export interface Party {
  type?: 'person' | 'org' | 'place';
  ref?: string;
  name: LangMap;
  cert?: 'high' | 'medium' | 'low';
  note?: string;
}

export interface SourceEntry {
  /** Document id; default `<edition id>.<lang>`. */
  id?: string;
  file: string;
  lang: string;
  format: SourceFormat;
  role: 'original' | 'translation';
  translationOf?: string;
  author?: string;
  bibl?: string;
  note?: string;
}

export interface EditionManifest {
  id: string;
  type?: 'letter' | 'text';
  title: LangMap;
  description?: LangMap;
  editors: Array<{ name: string; role?: string; orcid?: string }>;
  publisher?: string;
  licence: { name: string; url: string };
  date: string;
  letter?: { sender?: Party; addressee?: Party; date?: string; place?: Party };
  register?: string;
  sources: SourceEntry[];
}

/** An edition folder with its checked manifest. */
export interface Edition {
  dir: string;
  manifestFile: string;
  manifest: EditionManifest;
}

export const MANIFEST_NAME = 'edition.json';

/**
 * Load and check `edition.json` (schema/edition.schema.json) and the
 * consistency JSON Schema cannot express: source files exist, languages are
 * unique, a translation points at a source that is there.
 */
export function loadEdition(dir: string): Edition {
  const manifestFile = path.join(dir, MANIFEST_NAME);
  if (!fs.existsSync(manifestFile)) fail(manifestFile, 'manifest/missing', `no ${MANIFEST_NAME}: expected an edition folder with a manifest`);
  // ajv is loaded when a manifest is read, not by a worker thread that only names sources (sourceId, originalOf)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readJsonChecked } = require('../json/check-json') as typeof import('../json/check-json');
  const manifest = readJsonChecked<EditionManifest>(manifestFile, 'edition.schema.json', 'manifest');
  const ids = new Map<string, number>();
  manifest.sources.forEach((s, i) => {
    const id = sourceId(manifest, s);
    if (ids.has(id)) {
      const why = s.id ? `the id "${id}" is used by $.sources[${ids.get(id)}]` : `"${s.lang}" is used by another source without an id; expected one source per language, or an "id" on each`;
      fail(manifestFile, 'manifest/duplicate-id', `$.sources[${i}]${s.id ? '.id' : '.lang'}: ${why}`);
    }
    ids.set(id, i);
    if (!fs.existsSync(path.join(dir, s.file))) fail(manifestFile, 'manifest/source-missing', `$.sources[${i}].file: ${s.file} does not exist in ${dir}`);
  });
  manifest.sources.forEach((s, i) => {
    if (s.translationOf !== undefined && !originalOf(manifest, s)) {
      fail(manifestFile, 'manifest/translation-of', `$.sources[${i}].translationOf: no source with id or lang "${s.translationOf}"`);
    }
  });
  if (manifest.register && !fs.existsSync(path.join(dir, manifest.register))) {
    fail(manifestFile, 'manifest/register-missing', `$.register: ${manifest.register} does not exist in ${dir}`);
  }
  return { dir, manifestFile, manifest };
}

/** Every edition folder (holding an edition.json) directly under `root`, sorted by name. */
export function findEditions(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, d.name, MANIFEST_NAME)))
    .map((d) => path.join(root, d.name))
    .sort();
}

/** The document id of a source: its own id, or `<edition id>.<lang>`. */
export function sourceId(manifest: EditionManifest, source: SourceEntry): string {
  return source.id ?? `${manifest.id}.${source.lang}`;
}

/** The original a translation translates (by id, else by language). */
export function originalOf(manifest: EditionManifest, source: SourceEntry): SourceEntry | undefined {
  if (source.translationOf === undefined) return undefined;
  return (
    manifest.sources.find((o) => o !== source && sourceId(manifest, o) === source.translationOf) ??
    manifest.sources.find((o) => o !== source && !o.id && o.lang === source.translationOf)
  );
}
