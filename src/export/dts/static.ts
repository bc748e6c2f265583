import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EditionManifest } from '../../edition/manifest';
import { writeFileAtomic } from '../../io/atomic-write';
import type { TeiFile } from '../tei-input';
import { buildDtsModel, findTeiFiles, type DtsEditionModel } from './model';
import { collectionResponse, documentResponse, entryPoint, navigationResponse, type JsonObject, type NavigationQuery } from './responses';
import { staticCollectionPath, staticDocumentPath, staticNavigationPath, staticUrls } from './urls';
import { dtsProblems, kindOf } from './validate';

export interface WriteDtsOptions {
  editionId: string;
  /** The built edition folder, `dist/<edition>`; the tree goes to `<distDir>/dts/`. */
  distDir: string;
  /** Default: the documents in `<distDir>/tei/` (the corpus left out). */
  teiFiles?: TeiFile[];
  manifest?: EditionManifest;
  /** URL path under which `<distDir>/dts` is published; default "/dts" (as `teikit serve` publishes it). */
  baseUrl?: string;
  /** URL path under which `<distDir>/tei` is published; default "/tei". */
  teiBaseUrl?: string;
}

export interface WriteDtsResult {
  dir: string;
  /** Paths relative to `dir`, sorted. */
  files: string[];
}

/**
 * The static DTS 1.0 tree of an edition (Level 0: every endpoint, no
 * start/end ranges): entry point, collections, a navigation response for
 * every citable unit and depth, a document response for the whole TEI and
 * for every citable unit. Every JSON-LD response is checked against
 * schema/dts before anything is written. The folder is replaced as a whole,
 * so no stale response survives a rebuild.
 */
export function writeDts(opts: WriteDtsOptions): WriteDtsResult {
  const teiFiles = opts.teiFiles ?? findTeiFiles(opts.distDir, opts.manifest);
  const model = buildDtsModel({ editionId: opts.editionId, teiFiles, manifest: opts.manifest });
  const files = staticDtsFiles(model, opts.baseUrl ?? '/dts', opts.teiBaseUrl ?? '/tei');
  const dir = path.join(opts.distDir, 'dts');
  replaceFolder(dir, files);
  return { dir, files: [...files.keys()].sort() };
}

/** Every file of the static tree: relative path → content. */
export function staticDtsFiles(model: DtsEditionModel, baseUrl: string, teiBaseUrl: string): Map<string, string> {
  const urls = staticUrls(baseUrl, teiBaseUrl);
  const out = new Map<string, string>();
  const json = (rel: string, data: JsonObject): void => {
    const problems = dtsProblems(kindOf(data as { '@type'?: unknown }), data);
    if (problems.length) throw new Error(`DTS response ${rel} does not match its schema:\n  ${problems.join('\n  ')}`);
    out.set(rel, JSON.stringify(data, null, 2) + '\n');
  };
  json('index.jsonld', entryPoint(urls));
  const root = collectionResponse(model, urls);
  json(staticCollectionPath(), root);
  json(staticCollectionPath(model.id), root);
  for (const res of model.resources) {
    json(staticCollectionPath(res.id), collectionResponse(model, urls, res.id));
    const nav = (q: NavigationQuery): void =>
      json(staticNavigationPath(res.id, q), navigationResponse(model, urls, { resource: res.id, ref: q.ref, down: q.down === undefined ? undefined : String(q.down) }));
    for (let d = 1; d <= res.maxLevel; d++) nav({ down: d });
    nav({ down: -1 });
    out.set(staticDocumentPath(res.id), documentResponse(model, { resource: res.id }).body);
    for (const u of res.units) {
      nav({ ref: u.identifier });
      nav({ ref: u.identifier, down: 0 });
      for (let d = 1; d <= res.maxLevel - u.level; d++) nav({ ref: u.identifier, down: d });
      nav({ ref: u.identifier, down: -1 });
      out.set(staticDocumentPath(res.id, u.identifier), documentResponse(model, { resource: res.id, ref: u.identifier }).body);
    }
  }
  return out;
}

/** Write the files into a fresh sibling folder, then swap it in for `dir`. */
function replaceFolder(dir: string, files: Map<string, string>): void {
  const parent = path.dirname(dir);
  fs.mkdirSync(parent, { recursive: true });
  const tmp = path.join(parent, `.${path.basename(dir)}.${process.pid}.${Date.now()}.tmp`);
  const old = `${tmp}.old`;
  try {
    for (const [rel, content] of files) writeFileAtomic(path.join(tmp, rel), content);
    if (fs.existsSync(dir)) fs.renameSync(dir, old);
    fs.renameSync(tmp, dir);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(dir) && fs.existsSync(old)) fs.renameSync(old, dir);
    throw err;
  }
  fs.rmSync(old, { recursive: true, force: true });
}
