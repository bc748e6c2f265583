import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as libxml from 'libxmljs2';
import type { EditionManifest } from '../../edition/manifest';
import { writeFileAtomic, writeJsonFileAtomic } from '../../io/atomic-write';
import { fileSignature } from '../../io/file-signature';
import { filesUnder } from '../../io/files-under';
import { fail } from '../../model/diagnostics';
import { TEIKIT_VERSION } from '../../paths';
import { BackgroundWriter } from '../../io/background-writer';
import { NS, TEI_NS, type LoadedTei, type TeiFile, escapeAttr, escapeText, loadTei } from '../tei-input';
import { buildDtsModel, buildResourceModel, findTeiFiles, type CitableUnit, type DtsEditionModel, type DtsResourceModel } from './model';
import {
  DTS_WRAPPER_NS,
  collectionResponse,
  documentResponse,
  editionCollection,
  entryPoint,
  navigationResponse,
  resourceJson,
  type DtsUrls,
  type JsonObject,
  type NavigationQuery,
} from './responses';
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
  /** Create a fresh tree's files in a worker thread (io/background-writer.ts); default: from 64 documents on. Same files either way. */
  backgroundWrites?: boolean;
  /** Called with each document this run parses (before its tree is dropped), for a caller that needs it too. */
  onParsed?: (file: TeiFile, tei: LoadedTei) => void;
  /** The index of the last run as readDtsIndexAhead read it (a rebuild reads it while its units are built); default: read here. */
  indexAhead?: DtsIndexAhead;
}

/** The index of the last run, read ahead (its key is checked when it is used). */
export interface DtsIndexAhead {
  index: unknown;
  /** The index file's signature when it was read: the index is used only while the file is the same. */
  signature: string | undefined;
}

/** Read the index `writeDts` with `changed` reads first, after letting waiting work run. */
export async function readDtsIndexAhead(distDir: string): Promise<DtsIndexAhead> {
  await new Promise((resolve) => setImmediate(resolve));
  const file = path.join(distDir, INDEX_FILE);
  const signature = fileSignature(file);
  try {
    const index: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return { index, signature: fileSignature(file) === signature ? signature : undefined };
  } catch {
    return { index: undefined, signature: undefined };
  }
}

export interface WriteDtsResult {
  dir: string;
  /** Paths relative to `dir`, sorted. */
  files: string[];
  /** Files whose bytes changed on disk in this run (all of them when the tree was replaced). */
  written: number;
  /** Files of documents no longer in the edition, removed. */
  removed: number;
}

/** Kept beside the tree, in the edition folder (hidden, so never published or bagged): what each TEI document contributed. */
const INDEX_FILE = '.teikit-dts.json';
const INDEX_VERSION = 3;
/** From this many documents on, a fresh tree's files are written by a worker thread (io/background-writer.ts). */
const BACKGROUND_WRITE_MIN_DOCUMENTS = 64;

interface DtsIndex {
  version: number;
  /** Edition metadata and URLs the responses depend on: any change rewrites the whole tree. */
  key: string;
  /** By TEI file name: the resource id, language, member object and the files of that resource (one per line). */
  resources: Record<string, { id: string; lang: string; member: JsonObject; files: string }>;
}

export interface IncrementalDtsOptions extends WriteDtsOptions {
  /**
   * TEI paths whose documents changed since the last `writeDts` into this
   * folder: only their responses and the edition-level ones (entry point,
   * collection) are redone; those of documents gone are removed. Without a
   * usable index of the last run the whole tree is rewritten.
   */
  changed: Set<string>;
}

/**
 * The static DTS 1.0 tree of an edition (Level 0: no start/end ranges), what
 * a client needs to walk and read it from plain files: the entry point, the
 * edition's collection and one per document; per document its navigation
 * with `down=1` and `down=-1` (the whole citation tree: every unit with its
 * level and parent), the whole TEI document, and a passage (document
 * endpoint with `ref`) for every citable unit, under a short teiHeader (its
 * title statement and a pointer to the whole document). The other
 * navigation queries (a `ref`, other depths) are left to `teikit serve`; the
 * templates advertised (see staticUrls) name only what is written.
 * Every JSON-LD response is checked against
 * schema/dts before anything is written. Without `changed` the folder is
 * replaced as a whole, so no stale response survives; with it (see
 * IncrementalDtsOptions) only what changed is rewritten, with the same result.
 */
export function writeDts(opts: WriteDtsOptions | IncrementalDtsOptions): WriteDtsResult {
  const teiFiles = opts.teiFiles ?? findTeiFiles(opts.distDir, opts.manifest);
  const baseUrl = opts.baseUrl ?? '/dts';
  const teiBaseUrl = opts.teiBaseUrl ?? '/tei';
  const dir = path.join(opts.distDir, 'dts');
  const meta = buildDtsModel({ editionId: opts.editionId, teiFiles: [], manifest: opts.manifest, allowEmpty: true });
  const key = crypto
    .createHash('sha256')
    .update(JSON.stringify([TEIKIT_VERSION, baseUrl, teiBaseUrl, { ...meta, resources: undefined, byId: undefined }]))
    .digest('hex');
  const changed = 'changed' in opts ? opts.changed : undefined;
  // without a manifest the edition title comes from the documents: always made anew
  const indexFile = path.join(opts.distDir, INDEX_FILE);
  const ahead = opts.indexAhead && opts.indexAhead.signature !== undefined && fileSignature(indexFile) === opts.indexAhead.signature ? opts.indexAhead : undefined;
  const old = changed && opts.manifest && fs.existsSync(dir) ? (ahead ? usableIndex(ahead.index, key) : readIndex(indexFile, key)) : undefined;
  const full = !old || !changed;
  const urls = staticUrls(baseUrl, teiBaseUrl);

  // one document at a time (its parsed tree dropped after): a whole tree is made into a fresh
  // folder swapped in at the end; a rebuild redoes the changed (or new) documents in place
  const parent = path.dirname(dir);
  const tmp = path.join(parent, `.${path.basename(dir)}.${process.pid}.${Date.now()}.tmp`);
  const made = new Set<string>();
  const index: DtsIndex = { version: INDEX_VERSION, key, resources: {} };
  const members: JsonObject[] = [];
  const languages: string[] = [];
  const titles: Array<{ lang: string; value: string }> = [];
  const ids = new Map<string, string>();
  // every file of the tree, for a rebuild (it removes the old files no longer made); a fresh tree is listed from its
  // folder when asked for instead (10,000 letters: 250,000 paths not held through the export)
  const all = full ? undefined : new Set<string>();
  let written = 0;
  // whether the index of the last run still says it all (then it is not written again)
  let sameIndex = !full;
  // a rebuild checks a response against its schema only when its bytes differ from the file's (the file's
  // were checked when it was written): all of a document's responses checked before any is written
  const unchecked = full ? undefined : new Map<string, JsonObject>();
  const putAll = (files: Map<string, string>): void => {
    if (!full) {
      const differ = [...files].filter(([rel, content]) => {
        all!.add(rel);
        return !sameBytes(path.join(dir, rel), content);
      });
      for (const [rel] of differ) check(rel, unchecked!.get(rel));
      // each file old or new even when the run is killed (temp file, then rename); no fsync, as for a whole tree
      for (const [rel, content] of differ) writeFileAtomic(path.join(dir, rel), content, { fsync: false });
      written += differ.length;
      unchecked!.clear();
      return;
    }
    for (const [rel, content] of files) {
      // readers never see the fresh folder before the swap: its files need no per-file rename and fsync
      // (tens of thousands of them for a large edition)
      const target = path.join(tmp, rel);
      written++;
      if (background) {
        background.write(target, content);
        continue;
      }
      const folder = path.dirname(target);
      if (!made.has(folder)) {
        fs.mkdirSync(folder, { recursive: true });
        made.add(folder);
      }
      fs.writeFileSync(target, content);
    }
  };
  // a large fresh tree: the files are created by a worker thread while this one makes the next documents' files
  const background = full && (opts.backgroundWrites ?? teiFiles.length >= BACKGROUND_WRITE_MIN_DOCUMENTS) ? new BackgroundWriter() : undefined;
  try {
    if (teiFiles.length === 0) fail(opts.editionId, 'dts/no-documents', 'no TEI documents given: expected at least one');
    for (const f of teiFiles) {
      const name = path.basename(f.path);
      let entry = full || changed.has(f.path) ? undefined : old.resources[name];
      if (!entry) {
        const tei = loadTei(f);
        opts.onParsed?.(f, tei);
        const res = buildResourceModel(tei);
        const own = new Map<string, string>();
        const model: DtsEditionModel = { ...meta, resources: [res], byId: new Map([[res.id, res]]) };
        resourceDtsFiles(model, urls, baseUrl, res, own, unchecked);
        putAll(own);
        entry = { id: res.id, lang: res.lang, member: resourceJson(model, res, urls, true), files: [...own.keys()].join('\n') };
        if (sameIndex && JSON.stringify(entry) !== JSON.stringify(old!.resources[name])) sameIndex = false;
        titles.push({ lang: res.lang, value: res.title });
      } else for (const rel of entry.files.split('\n')) all!.add(rel);
      if (ids.has(entry.id)) fail(f.path, 'dts/duplicate-resource', `two TEI documents have the id "${entry.id}"; expected one id per document`);
      ids.set(entry.id, name);
      index.resources[name] = entry;
      members.push(entry.member);
      languages.push(entry.lang);
    }
    // the edition's title from its documents when there is no manifest (then every document was read)
    const edition: DtsEditionModel = opts.manifest ? meta : { ...meta, title: titles[0].value, titles };
    // the edition-level files follow from the metadata (the index's key), the members and their languages: a rebuild
    // that changed none of them (a document's text changed, not its title or citation tree) leaves them as they are
    const topFiles = ['index.jsonld', staticCollectionPath(), staticCollectionPath(edition.id)];
    const order = (r: Record<string, unknown>): string => Object.keys(r).join('\n');
    if (sameIndex && order(old!.resources) === order(index.resources) && topFiles.every((f) => fs.existsSync(path.join(dir, f)))) {
      for (const f of topFiles) all?.add(f);
    } else {
      const top = new Map<string, string>();
      editionDtsFiles(edition, urls, members, languages, top, unchecked);
      putAll(top);
    }
    background?.finish();
    if (full) swapIn(tmp, dir);
  } catch (err) {
    background?.abort();
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  let removed = 0;
  if (!full) {
    const folders = new Set<string>();
    for (const e of Object.values(old.resources)) {
      for (const rel of e.files.split('\n')) {
        if (all!.has(rel)) continue;
        fs.rmSync(path.join(dir, rel), { force: true });
        removed++;
        for (let f = path.dirname(rel); f !== '.' && f !== ''; f = path.dirname(f)) folders.add(f);
      }
    }
    // the folders those files leave empty (a document's passages), deepest first
    for (const f of [...folders].sort((a, b) => b.split('/').length - a.split('/').length || (a < b ? -1 : 1))) {
      try {
        fs.rmdirSync(path.join(dir, f));
      } catch {
        // not empty (other documents' files) or gone already
      }
    }
  }
  if (sameIndex && Object.keys(old!.resources).length !== Object.keys(index.resources).length) sameIndex = false;
  // a cache, checked when read (a torn one fails to parse, and the whole tree is made again): no fsync
  if (!sameIndex) writeJsonFileAtomic(indexFile, index, { fsync: false }, '\n');
  // the sorted list of every file only when asked for (a rebuild of a large edition need not sort ~100,000 paths)
  let files: string[] | undefined;
  const result = { dir, written, removed } as WriteDtsResult;
  return Object.defineProperty(result, 'files', { get: () => (files ??= all ? [...all].sort() : filesUnder(dir)), enumerable: true });
}

function readIndex(file: string, key: string): DtsIndex | undefined {
  try {
    return usableIndex(JSON.parse(fs.readFileSync(file, 'utf8')), key);
  } catch {
    return undefined;
  }
}

/** The index read, when it is of this version and for the same edition metadata and URLs. */
function usableIndex(index: unknown, key: string): DtsIndex | undefined {
  const i = index as DtsIndex | undefined;
  return i && i.version === INDEX_VERSION && i.key === key && i.resources !== null && typeof i.resources === 'object' ? i : undefined;
}

function check(rel: string, data: JsonObject | undefined): void {
  if (data === undefined) return; // a TEI document response
  const problems = dtsProblems(kindOf(data as { '@type'?: unknown }), data);
  if (problems.length) throw new Error(`DTS response ${rel} does not match its schema:\n  ${problems.join('\n  ')}`);
}

/** A JSON-LD response: checked against its schema now, or kept in `later` to be checked when it is written. */
function checked(out: Map<string, string>, rel: string, data: JsonObject, later?: Map<string, JsonObject>): void {
  if (later) later.set(rel, data);
  else check(rel, data);
  out.set(rel, JSON.stringify(data, null, 2) + '\n');
}

/** Whether a file holds exactly these bytes. */
function sameBytes(file: string, content: string): boolean {
  try {
    return fs.readFileSync(file).equals(Buffer.from(content, 'utf8'));
  } catch {
    return false;
  }
}

/** The edition-level files: entry point and the edition's collection (as the root and under its id). */
function editionDtsFiles(model: DtsEditionModel, urls: DtsUrls, members: JsonObject[], languages: string[], out: Map<string, string>, later?: Map<string, JsonObject>): void {
  checked(out, 'index.jsonld', entryPoint(urls), later);
  const root = editionCollection(model, urls, members, members.length, languages);
  checked(out, staticCollectionPath(), root, later);
  // the same response under the edition's id: serialised once
  out.set(staticCollectionPath(model.id), out.get(staticCollectionPath())!);
  later?.set(staticCollectionPath(model.id), root);
}

/**
 * The files of one resource: its collection response, its navigation with down=1 and down=-1, the whole
 * document, and the passage of every citable unit.
 */
function resourceDtsFiles(model: DtsEditionModel, urls: DtsUrls, baseUrl: string, res: DtsResourceModel, out: Map<string, string>, later?: Map<string, JsonObject>): void {
  checked(out, staticCollectionPath(res.id), collectionResponse(model, urls, res.id), later);
  const nav = (q: NavigationQuery): void =>
    checked(out, staticNavigationPath(res.id, q), navigationResponse(model, urls, { resource: res.id, ref: q.ref, down: q.down === undefined ? undefined : String(q.down) }), later);
  nav({ down: 1 });
  nav({ down: -1 });
  out.set(staticDocumentPath(res.id), documentResponse(model, { resource: res.id }).body);
  const head = passageHeader(res, `${baseUrl.replace(/\/$/, '')}/${staticDocumentPath(res.id)}`);
  for (const u of res.units) out.set(staticDocumentPath(res.id, u.identifier), passageDocument(res, head, u));
}

/**
 * The teiHeader of a static passage: the document's title statement and a pointer to the whole document
 * (its full header is there), instead of the full header the server's document endpoint repeats.
 */
function passageHeader(res: DtsResourceModel, whole: string): string[] {
  const titleStmt = res.tei.root.get('t:teiHeader/t:fileDesc/t:titleStmt', NS) as libxml.Element | null;
  const ptr = `<ptr target="${escapeAttr(whole)}"/>`;
  return [
    '  <teiHeader>',
    '    <fileDesc>',
    titleStmt ? '      ' + titleStmt.toString(false) : `      <titleStmt><title>${escapeText(res.title)}</title></titleStmt>`,
    `      <publicationStmt><p>A passage of ${ptr}, where the full teiHeader is.</p></publicationStmt>`,
    `      <sourceDesc><p>${ptr}</p></sourceDesc>`,
    '    </fileDesc>',
    '  </teiHeader>',
  ];
}

/** A passage as the document endpoint gives it for `ref` (a dts:wrapper in the body), with the short header. */
function passageDocument(res: DtsResourceModel, head: string[], u: CitableUnit): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<TEI xmlns="${TEI_NS}" xml:lang="${escapeAttr(res.lang)}">`,
    ...head,
    '  <text>',
    '    <body>',
    `      <dts:wrapper xmlns:dts="${DTS_WRAPPER_NS}" ref="${escapeAttr(`//*[@xml:id='${u.identifier}']`)}">`,
    '        ' + u.element.toString(false),
    '      </dts:wrapper>',
    '    </body>',
    '  </text>',
    '</TEI>',
    '',
  ].join('\n');
}

/** Every file of the static tree: relative path → content. */
export function staticDtsFiles(model: DtsEditionModel, baseUrl: string, teiBaseUrl: string): Map<string, string> {
  const urls = staticUrls(baseUrl, teiBaseUrl);
  const out = new Map<string, string>();
  editionDtsFiles(
    model,
    urls,
    model.resources.map((r) => resourceJson(model, r, urls, true)),
    model.resources.map((r) => r.lang),
    out,
  );
  for (const res of model.resources) resourceDtsFiles(model, urls, baseUrl, res, out);
  return out;
}

/** Swap a fully written folder in for `dir` (the old one removed after). */
function swapIn(tmp: string, dir: string): void {
  const old = `${tmp}.old`;
  fs.mkdirSync(tmp, { recursive: true });
  if (fs.existsSync(dir)) fs.renameSync(dir, old);
  try {
    fs.renameSync(tmp, dir);
  } catch (err) {
    if (!fs.existsSync(dir) && fs.existsSync(old)) fs.renameSync(old, dir);
    throw err;
  }
  fs.rmSync(old, { recursive: true, force: true });
}
