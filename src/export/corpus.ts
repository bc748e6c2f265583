import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as libxml from 'libxmljs2';
import type { EditionManifest } from '../edition/manifest';
import { openAtomicFile, writeFileAtomic, writeJsonFileAtomic } from '../io/atomic-write';
import { fileSignature } from '../io/file-signature';
import { decodeSource } from '../io/read-source';
import { TeikitError, fail } from '../model/diagnostics';
import { NS, TEI_NS, type LoadedTei, type TeiFile, escapeAttr, escapeText, isNcName, loadTei, normalizeSpace, parseXmlText, xmlId } from './tei-input';
import { TEIKIT_VERSION } from '../paths';

/**
 * The teiCorpus of an edition (`dist/<edition>/tei/<edition>.corpus.xml`):
 * a corpus teiHeader, the register once (one <standOff> at corpus level,
 * merged from the documents' registers), then every TEI document of the
 * edition with its own <standOff> left out. Valid against tei_all.
 */
export interface CorpusOptions {
  editionId: string;
  /** The edition's TEI documents, in the order they go into the corpus. */
  teiFiles: TeiFile[];
  /** The edition manifest (titles, description, editors, publisher, licence, date). */
  manifest?: EditionManifest;
  /**
   * Where to write; default `<folder of the first TEI file>/<editionId>.corpus.xml`.
   * `null`: do not write, only return the XML.
   */
  out?: string | null;
  /** An XML register (a <standOff>, or a document holding listPerson/listOrg/listPlace); default: the documents' own standOffs. */
  registerFile?: string;
  /**
   * A folder where what each document contributes to the corpus is kept (one
   * index, by the document's file: stat signature and hash of its bytes; its
   * TEI element is where the index says in the corpus last written): a
   * rebuild parses again only the documents that changed and takes the
   * others' parts from the last corpus (same result). Used only with `out`.
   */
  cacheDir?: string;
  /**
   * TEI paths known to have changed since the last run with this cacheDir: read again even when
   * their files look the same (the others are known by their size, times and inode).
   */
  changed?: Set<string>;
  /**
   * A document's piece made by the caller from the document it parsed anyway (see corpusPieceOf;
   * exportEdition makes the DTS tree first): taken instead of parsing the file again. Undefined: parsed here.
   */
  pieceFor?: (file: TeiFile) => CorpusPiece | undefined;
  /** What readKeptCorpusAhead read (see exportEdition's `ahead`): used instead of reading it here while the corpus is the same. */
  ahead?: KeptCorpusAhead;
}

/**
 * What a rebuild's corpus reads before it makes anything, read ahead while the caller waits for other work
 * (readKeptCorpusAhead): the kept index and the corpus it describes. (The documents' signatures are taken when
 * the corpus is made: a document changed after the reading ahead is still found.)
 */
export interface KeptCorpusAhead {
  kept: { index: CorpusIndex; corpus: Buffer } | undefined;
  /** The corpus file's signature when it was read: what was read is used only while the file is the same. */
  corpusSignature: string | undefined;
}

/** What one document contributes to the corpus: computed from its parsed tree once, kept by its bytes. */
export interface CorpusPiece {
  lang: string;
  fileName: string;
  id: string;
  title: string;
  author?: string;
  publisher?: string;
  /** langUsage/language: ident and name. */
  languages: Array<[string, string]>;
  /** Whether it has a standOff at all. */
  standOff: boolean;
  /**
   * The lists of its standOffs, in order: key (name|type), start tag, entries (merge key, markup, merge key, markup, …:
   * one array, not an array a pair; an edition holds them for all its documents until the corpus is written).
   */
  lists: Array<{ key: string; start: string; name: string; entries: string[] }>;
  /** The TEI element as it goes into the corpus (standOff dropped, indented one level). */
  embedded: string;
  /** Where `embedded` was put aside (CorpusSpill): its bytes in the spill's file, `embedded` then empty. */
  spilled?: SpilledBytes;
  /** The xml:ids in it, in order, one per line ('' for none; checked for clashes across the corpus). */
  ids: string;
}

const PIECE_VERSION = '4';

/** Bytes kept in a file of this run's (CorpusSpill), copied into the corpus when it is written. */
export interface SpilledBytes {
  fd: number;
  at: number;
  length: number;
}

/** A document's TEI element in the corpus: bytes, or bytes put aside (CorpusSpill). */
type Embedded = Buffer | SpilledBytes;

/**
 * Pieces put aside while the export parses every document (exportEdition
 * makes the DTS tree first and the corpus after): each TEI element goes to a
 * temporary file as it is made, and the register entries are held once for
 * all documents (many name the same persons), so the pieces of a large
 * edition are not held in memory until the corpus is written.
 */
export class CorpusSpill {
  private dir: string | undefined;
  private fd: number | undefined;
  private end = 0;
  private readonly pool = new Map<string, string>();

  private intern(s: string): string {
    const had = this.pool.get(s);
    if (had !== undefined) return had;
    this.pool.set(s, s);
    return s;
  }

  /** The piece with its TEI element put aside and its register entries shared. */
  put(piece: CorpusPiece): CorpusPiece {
    if (this.fd === undefined) {
      this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-corpus-'));
      this.fd = fs.openSync(path.join(this.dir, 'embedded'), 'w+');
    }
    const bytes = Buffer.from(piece.embedded, 'utf8');
    for (let k = 0; k < bytes.length; ) k += fs.writeSync(this.fd, bytes, k, bytes.length - k, this.end + k);
    const spilled = { fd: this.fd, at: this.end, length: bytes.length };
    this.end += bytes.length;
    const lists = piece.lists.map((l) => ({ key: this.intern(l.key), start: this.intern(l.start), name: this.intern(l.name), entries: l.entries.map((e) => this.intern(e)) }));
    return { ...piece, lists, embedded: '', spilled };
  }

  /** Remove the temporary file (after the corpus is written). */
  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    if (this.dir !== undefined) fs.rmSync(this.dir, { recursive: true, force: true });
    this.fd = undefined;
    this.dir = undefined;
  }
}

const isSpilled = (e: Embedded): e is SpilledBytes => !Buffer.isBuffer(e);

/** Bytes put aside, read back. */
function spilledBytes(e: SpilledBytes): Buffer {
  const out = Buffer.allocUnsafe(e.length);
  for (let k = 0; k < e.length; ) {
    const n = fs.readSync(e.fd, out, k, e.length - k, e.at + k);
    if (n <= 0) throw new Error('internal: a piece of the corpus put aside was cut short');
    k += n;
  }
  return out;
}

export interface CorpusResult {
  /** The file written (undefined when out is null). */
  path?: string;
  xml: string;
  /** Whether the file's bytes changed (false: it was already so). */
  written?: boolean;
}


export function buildCorpus(opts: CorpusOptions): CorpusResult {
  if (opts.teiFiles.length === 0) fail(opts.editionId, 'corpus/no-documents', 'no TEI documents given: expected at least one');
  const out = opts.out === null ? null : (opts.out ?? path.join(path.dirname(opts.teiFiles[0].path), `${opts.editionId}.corpus.xml`));
  const { pieces, embedded, oldCorpus, keptStrings } = corpusPieces(opts, out);
  const register = opts.registerFile
    ? mergeRegister(registerLists(opts.registerFile), true)
    : mergeRegister(
        pieces.map((p) => p.lists),
        pieces.some((p) => p.standOff),
      );
  const parts: string[] = [];
  const corpusId = isNcName(opts.editionId) ? ` xml:id="${escapeAttr(opts.editionId)}"` : '';
  parts.push('<?xml version="1.0" encoding="UTF-8"?>');
  parts.push(`<teiCorpus xmlns="${TEI_NS}"${corpusId} n="${escapeAttr(opts.editionId)}">`);
  parts.push(indent(corpusHeader(opts, pieces), 1));
  if (register) parts.push(register);
  const head = parts.join('\n') + '\n';

  // the file: the head, then each document's TEI element (kept bytes of the last corpus, or made now), then the end;
  // where each document's bytes sit is kept, so that the next run can take them from there
  const chunks: Embedded[] = [Buffer.from(head, 'utf8')];
  const pad = Buffer.from('  ');
  const nl = Buffer.from('\n');
  let offset = chunks[0].length;
  const at: number[] = [];
  for (const e of embedded) {
    chunks.push(pad, e, nl);
    at.push(offset + pad.length);
    offset += pad.length + e.length + nl.length;
  }
  chunks.push(Buffer.from('</teiCorpus>\n'));
  // one buffer only when asked for: the file is written, and compared with the last, chunk by chunk
  let joined: Buffer | undefined;
  const inMemory = (): Buffer[] => chunks.map((c) => (isSpilled(c) ? spilledBytes(c) : c));
  const bytes = (): Buffer => (joined ??= Buffer.concat(inMemory()));
  let text: string | undefined;
  const xml = (): string => (text ??= bytes().toString('utf8'));

  // The xml:ids must be unique across the documents: a scan of the text finds every one (each document's
  // found when it was made; a clash, or text that only looks like one, is then checked on the parsed corpus).
  const ids = new Set<string>();
  let clash = false;
  const see = (id: string): void => {
    if (ids.has(id)) clash = true;
    ids.add(id);
  };
  for (const m of head.matchAll(ID_ATTR)) see(m[1]);
  for (const p of pieces) {
    if (p.ids !== '') for (const id of p.ids.split('\n')) see(id);
    if (clash) break;
  }
  if (clash) checkCorpusIds(xml(), opts.editionId);

  if (out === null) return lazyXml({}, xml);
  let written: boolean;
  // written atomically but not flushed, as the HTML pages: it is made again from the TEI by any build
  if (oldCorpus) {
    // (a rebuild: a few documents were parsed again, their elements read back)
    const all = inMemory();
    written = !sameChunks(oldCorpus, all);
    if (written) writeFileAtomic(out, all, { fsync: false });
  } else {
    // the elements put aside are copied in through a bounded buffer: the corpus is not held whole
    const file = openAtomicFile(out, { fsync: false });
    try {
      for (const c of chunks) {
        if (isSpilled(c)) file.copyFrom(c.fd, c.at, c.length);
        else file.write(c);
      }
    } catch (err) {
      file.discard();
      throw err;
    }
    written = file.commitIfChanged();
  }
  if (opts.cacheDir) saveCorpusIndex(opts.cacheDir, out, pieces, at, embedded, keptStrings);
  return lazyXml({ path: out, written }, xml);
}

const ID_ATTR = /\sxml:id="([^"]*)"/g;

/** Whether `whole` holds exactly the chunks, one after the other. */
function sameChunks(whole: Buffer, chunks: Buffer[]): boolean {
  let at = 0;
  for (const c of chunks) {
    if (at + c.length > whole.length || !whole.subarray(at, at + c.length).equals(c)) return false;
    at += c.length;
  }
  return at === whole.length;
}

/** The result with `xml` made from the bytes only when asked for (a large corpus need not be decoded again). */
function lazyXml(r: Omit<CorpusResult, 'xml'>, xml: () => string): CorpusResult {
  return Object.defineProperty(r, 'xml', { get: xml, enumerable: true }) as CorpusResult;
}

/** The checked parse of the corpus: well-formed, and each xml:id once (else errors with the line of the second one). */
function checkCorpusIds(xml: string, editionId: string): void {
  const check = parseXmlText(xml, `${editionId}.corpus.xml`);
  const seen = new Map<string, number>();
  const dups: string[] = [];
  for (const el of check.find('//*[@xml:id]') as libxml.Element[]) {
    const id = xmlId(el)!;
    if (seen.has(id) && !dups.includes(id)) dups.push(id);
    seen.set(id, el.line());
  }
  if (dups.length) {
    throw new TeikitError(
      dups.map((id) => ({ file: `${editionId}.corpus.xml`, line: seen.get(id), severity: 'error' as const, message: `xml:id "${id}" occurs in more than one document of the corpus; expected ids unique across the edition`, rule: 'corpus/duplicate-id' })),
    );
  }
}

/**
 * Kept beside the corpus (in cacheDir): for each document, what identifies its bytes and what it
 * contributes to the corpus; its TEI element is not kept here but read from the corpus file itself,
 * where `at`/`len` say (the corpus as last written, known by its size, times and inode).
 */
const INDEX_NAME = 'corpus-index.json';

export interface CorpusIndex {
  version: string;
  /** The corpus file this index describes: its path and stat signature. */
  out: string;
  corpus: string;
  /** The register's strings (markup, merge keys), each once: many documents name the same persons. */
  strings: string[];
  docs: Record<string, { sig: string; hash: string; piece: PackedPiece; at: number; len: number }>;
}

/** A piece as kept: its list entries as numbers into `strings`. */
type PackedPiece = Omit<CorpusPiece, 'ids' | 'lists' | 'embedded'> & {
  ids: string;
  lists: Array<Omit<CorpusPiece['lists'][number], 'entries'> & { entries: number[] }>;
};

function packPiece(p: CorpusPiece, strings: Map<string, number>): PackedPiece {
  const n = (x: string): number => {
    let i = strings.get(x);
    if (i === undefined) strings.set(x, (i = strings.size));
    return i;
  };
  const { embedded: _embedded, ids, lists, ...meta } = p;
  return { ...meta, ids, lists: lists.map((l) => ({ ...l, entries: l.entries.map(n) })) };
}

function unpackPiece(p: PackedPiece, strings: string[]): CorpusPiece {
  const lists = p.lists.map((l) => {
    return { ...l, entries: l.entries.map((i) => strings[i]) };
  });
  return { ...p, lists, embedded: '' };
}


function readCorpusIndex(cacheDir: string, out: string): { index: CorpusIndex; corpus: Buffer } | undefined {
  let index: CorpusIndex;
  try {
    index = JSON.parse(fs.readFileSync(path.join(cacheDir, INDEX_NAME), 'utf8')) as CorpusIndex;
  } catch {
    return undefined; // none yet, or torn: everything is read again
  }
  if (index.version !== PIECE_VERSION || index.out !== path.resolve(out) || fileSignature(out) !== index.corpus) return undefined;
  try {
    const corpus = fs.readFileSync(out);
    // the file may have changed between the stat and the read
    return fileSignature(out) === index.corpus ? { index, corpus } : undefined;
  } catch {
    return undefined;
  }
}

function saveCorpusIndex(cacheDir: string, out: string, pieces: KeptPiece[], at: number[], embedded: Embedded[], keptStrings: string[] | undefined): void {
  // the strings of the index read are kept in their places, so that a piece taken from it stays packed as it was
  // (a rebuild packs only the pieces it made); new strings go after them. When fewer than half of the kept strings
  // are still used (documents gone, register entries changed), everything is packed anew.
  if (keptStrings) {
    const used = new Set<number>();
    for (const p of pieces) for (const l of p.packed?.lists ?? []) for (const n of l.entries) used.add(n);
    if (used.size * 2 < keptStrings.length) keptStrings = undefined;
  }
  const strings = new Map<string, number>((keptStrings ?? []).map((x, i) => [x, i]));
  const index: CorpusIndex = { version: PIECE_VERSION, out: path.resolve(out), corpus: fileSignature(out) ?? '', strings: [], docs: {} };
  pieces.forEach((p, i) => {
    if (p.sig === undefined) return;
    const { key, sig, hash, packed, ...piece } = p;
    index.docs[key] = { sig, hash: hash!, piece: packed && keptStrings ? packed : packPiece(piece, strings), at: at[i], len: embedded[i].length };
  });
  index.strings = [...strings.keys()];
  // a cache, checked when read: no fsync needed (a torn file fails to parse, and everything is read again)
  fs.mkdirSync(cacheDir, { recursive: true });
  writeJsonFileAtomic(path.join(cacheDir, INDEX_NAME), index, { fsync: false });
  // the kept parts of earlier versions (one file per document) are dropped
  for (const n of fs.readdirSync(cacheDir)) if (n.endsWith('.json') && n !== INDEX_NAME) fs.rmSync(path.join(cacheDir, n), { force: true });
}

/** A piece as this run has it, with what identifies the document's bytes (when kept), and its packed form when taken from the index read. */
type KeptPiece = CorpusPiece & { key: string; sig?: string; hash?: string; packed?: PackedPiece };

/**
 * Each document's piece and TEI element (as bytes): from the last corpus when the document is the same
 * (by its file's stat signature, else by the hash of its bytes), else parsed. Documents in `changed` are
 * always read again (and parsed when their bytes differ).
 */
function corpusPieces(opts: CorpusOptions, out: string | null): { pieces: KeptPiece[]; embedded: Embedded[]; oldCorpus?: Buffer; keptStrings?: string[] } {
  // read ahead: used when the corpus is still the one read (nothing but this run writes it)
  const ahead = opts.ahead && out !== null && opts.ahead.corpusSignature !== undefined && fileSignature(out) === opts.ahead.corpusSignature ? opts.ahead : undefined;
  const kept = opts.cacheDir && out !== null ? (ahead ? ahead.kept : readCorpusIndex(opts.cacheDir, out)) : undefined;
  const pieces: KeptPiece[] = [];
  const embedded: Embedded[] = [];
  const element = (piece: CorpusPiece): Embedded => piece.spilled ?? Buffer.from(piece.embedded, 'utf8');
  for (const f of opts.teiFiles) {
    const key = `${f.lang}\0${path.resolve(f.path)}`;
    if (!opts.cacheDir || out === null) {
      const piece = opts.pieceFor?.(f) ?? corpusPieceOf(loadTei(f));
      pieces.push({ ...piece, key });
      embedded.push(element(piece));
      continue;
    }
    const old = kept?.index.docs[key];
    const sig = fileSignature(f.path);
    const reuse = (hash: string): void => {
      pieces.push({ ...unpackPiece(old!.piece, kept!.index.strings), key, sig, hash, packed: old!.piece });
      embedded.push(kept!.corpus.subarray(old!.at, old!.at + old!.len));
    };
    if (old && sig !== undefined && sig === old.sig && !opts.changed?.has(f.path)) {
      reuse(old.hash);
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(f.path);
    } catch {
      bytes = Buffer.alloc(0); // loadTei says what is wrong
    }
    const hash = crypto.createHash('sha256').update(PIECE_VERSION).update('\0').update(f.lang).update('\0').update(bytes).digest('hex');
    if (old && hash === old.hash) {
      reuse(hash);
      continue;
    }
    const piece = opts.pieceFor?.(f) ?? corpusPieceOf(loadTei(f));
    // a file that could not be read before it was parsed is not kept
    pieces.push(bytes.length ? { ...piece, key, sig, hash } : { ...piece, key });
    embedded.push(element(piece));
  }
  // the TEI elements are in `embedded`: not kept twice
  for (const p of pieces) {
    p.embedded = '';
    delete p.spilled;
  }
  return { pieces, embedded, oldCorpus: kept?.corpus, keptStrings: kept?.index.strings };
}

/** What a parsed document contributes to the corpus (also for CorpusOptions.pieceFor). */
export function corpusPieceOf(d: LoadedTei): CorpusPiece {
  const languages: Array<[string, string]> = [];
  for (const lang of d.root.find('t:teiHeader/t:profileDesc/t:langUsage/t:language', NS) as libxml.Element[]) {
    const ident = lang.attr('ident')?.value();
    if (ident) languages.push([ident, normalizeSpace(lang.text())]);
  }
  return {
    lang: d.lang,
    fileName: d.fileName,
    id: d.id,
    title: d.title,
    author: headerText(d, 't:teiHeader/t:fileDesc/t:titleStmt/t:author'),
    publisher: headerText(d, 't:teiHeader/t:fileDesc/t:publicationStmt/t:publisher'),
    languages,
    standOff: (d.root.find('t:standOff', NS) as libxml.Element[]).length > 0,
    lists: standOffLists(d.root.find('t:standOff', NS) as libxml.Element[]),
    ...embeddedDocument(d),
  };
}

function indent(block: string, depth: number): string {
  const pad = '  '.repeat(depth);
  return block
    .split('\n')
    .map((l) => (l.length ? pad + l : l))
    .join('\n');
}

function el(name: string, attrs: Record<string, string | undefined>, text?: string): string {
  let s = `<${name}`;
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) s += ` ${k}="${escapeAttr(v)}"`;
  return text === undefined ? `${s}/>` : `${s}>${escapeText(text).replace(/\n/g, '&#10;')}</${name}>`;
}

function headerText(doc: LoadedTei, xpath: string): string | undefined {
  const n = doc.root.get(xpath, NS) as libxml.Element | null;
  return n ? normalizeSpace(n.text()) : undefined;
}

/** The corpus header: the edition's titles, responsibility, publication, the documents it holds, languages. */
function corpusHeader(opts: CorpusOptions, docs: CorpusPiece[]): string {
  const m = opts.manifest;
  const L: string[] = [];
  L.push('<teiHeader>', '  <fileDesc>', '    <titleStmt>');
  const titles: Array<[string | undefined, string]> = m ? Object.entries(m.title) : docs.map((d) => [d.lang, d.title]);
  titles.forEach(([lang, t], i) => L.push('      ' + el('title', { type: i === 0 ? 'main' : 'alt', 'xml:lang': lang }, t)));
  const authors = new Set<string>();
  for (const d of docs) {
    const a = d.author;
    if (a && !authors.has(a)) {
      authors.add(a);
      L.push('      ' + el('author', { 'xml:lang': d.lang }, a));
    }
  }
  for (const e of m?.editors ?? []) L.push('      ' + el('editor', { role: e.role, ref: e.orcid ? `https://orcid.org/${e.orcid}` : undefined }, e.name));
  L.push(`      <respStmt><resp>TEI corpus</resp><name>teikit ${escapeText(TEIKIT_VERSION)}</name></respStmt>`);
  L.push('    </titleStmt>', '    <publicationStmt>');
  const publisher = m?.publisher ?? docs[0].publisher;
  if (publisher) L.push('      ' + el('publisher', {}, publisher));
  else L.push('      ' + el('authority', {}, `teikit ${TEIKIT_VERSION}`));
  if (m?.date) L.push('      ' + el('date', { when: m.date }, m.date));
  if (m?.licence) L.push('      <availability>', '        ' + el('licence', { target: m.licence.url }, m.licence.name), '      </availability>');
  L.push('      ' + el('idno', { type: 'teikit' }, opts.editionId));
  L.push('    </publicationStmt>', '    <sourceDesc>', '      <listBibl>');
  for (const d of docs) {
    L.push(`        <bibl type="teiDocument" xml:lang="${escapeAttr(d.lang)}" corresp="${escapeAttr(d.fileName)}">${el('title', {}, d.title)} ${el('idno', { type: 'teikit' }, d.id)}</bibl>`);
  }
  L.push('      </listBibl>', '    </sourceDesc>', '  </fileDesc>');
  if (m?.description) {
    L.push('  <encodingDesc>', '    <projectDesc>');
    for (const [lang, text] of Object.entries(m.description)) L.push('      ' + el('p', { 'xml:lang': lang }, text));
    L.push('    </projectDesc>', '  </encodingDesc>');
  }
  const langs = new Map<string, string>();
  for (const d of docs) {
    for (const [ident, name] of d.languages) if (!langs.has(ident)) langs.set(ident, name);
    if (!langs.has(d.lang)) langs.set(d.lang, d.lang);
  }
  L.push('  <profileDesc>', '    <langUsage>');
  for (const [ident, name] of langs) L.push('      ' + el('language', { ident }, name));
  L.push('    </langUsage>', '  </profileDesc>', '</teiHeader>');
  return L.join('\n');
}

/** Is this element's content element-only (every text child whitespace)? */
function elementOnly(e: libxml.Element): boolean {
  return e.childNodes().every((c) => c.type() !== 'text' || /^\s*$/.test((c as libxml.Text).text()));
}

/** Add one indentation level to the whitespace between elements (never inside mixed content). */
function reindent(e: libxml.Element): void {
  if (!elementOnly(e)) return;
  for (const c of e.childNodes()) {
    if (c.type() === 'text') {
      const t = c as libxml.Text;
      if (t.text().includes('\n')) t.text(t.text().replace(/\n/g, '\n  '));
    } else if (c.type() === 'element') reindent(c as libxml.Element);
  }
}

function removeWithSpace(node: libxml.Element): void {
  const prev = node.prevSibling();
  if (prev && prev.type() === 'text' && /^\s*$/.test((prev as libxml.Text).text())) prev.remove();
  node.remove();
}

/**
 * A document's TEI element as it goes into the corpus: its standOff dropped (the corpus carries the
 * register), and its xml:ids. Changes the parsed tree (the last use of it).
 */
function embeddedDocument(d: LoadedTei): { embedded: string; ids: string } {
  const copy = d.root;
  for (const so of copy.find('t:standOff', NS) as libxml.Element[]) removeWithSpace(so);
  reindent(copy);
  let s = copy.toString(false);
  // the default namespace is declared on teiCorpus
  s = s.replace(/^<TEI xmlns="http:\/\/www\.tei-c\.org\/ns\/1\.0"/, '<TEI');
  // (the ids copied out of the element's text into one string, by join: a match is a slice of the text, which would keep
  // the whole element in memory as long as the id is kept, though the element itself goes to the corpus and is let go of)
  return { embedded: s, ids: [...s.matchAll(ID_ATTR)].map((m) => m[1]).join('\n') };
}

/** The register file's lists (a <standOff>, or the standOffs of a document, or its root). */
function registerLists(registerFile: string): CorpusPiece['lists'][] {
  let text: string;
  try {
    text = decodeSource(registerFile, fs.readFileSync(registerFile));
  } catch (err) {
    if (err instanceof TeikitError) throw err;
    fail(registerFile, 'corpus/register-missing', `cannot read the register (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  const root = parseXmlText(text, registerFile).root()!;
  if (root.namespace()?.href() !== TEI_NS) fail(registerFile, 'corpus/register-not-tei', `expected TEI elements (${TEI_NS}) in the register, found <${root.name()}>`, root.line());
  const sources: libxml.Element[] = [];
  if (root.name() === 'standOff') sources.push(root);
  else {
    const so = root.find('.//t:standOff', NS) as libxml.Element[];
    if (so.length) sources.push(...so);
    else sources.push(root);
  }
  return [standOffLists(sources)];
}

/** The lists of some standOffs, each with its entries and the key an entry is merged by (its xml:id, else its markup). */
function standOffLists(sources: libxml.Element[]): CorpusPiece['lists'] {
  const out: CorpusPiece['lists'] = [];
  for (const so of sources) {
    for (const list of so.childNodes()) {
      if (list.type() !== 'element') continue;
      const le = list as libxml.Element;
      if (le.namespace()?.href() !== TEI_NS) continue;
      let start = `<${le.name()}`;
      for (const a of le.attrs()) {
        const prefix = a.namespace()?.href() === 'http://www.w3.org/XML/1998/namespace' ? 'xml:' : '';
        start += ` ${prefix}${a.name()}="${escapeAttr(a.value())}"`;
      }
      const item = { key: `${le.name()}|${le.attr('type')?.value() ?? ''}`, start: start + '>', name: le.name(), entries: [] as string[] };
      out.push(item);
      const entries = le.childNodes().filter((c) => c.type() === 'element' || c.type() === 'comment');
      if (entries.length === 0 && !elementOnly(le)) {
        // a list with text content: kept whole, once
        const whole = le.toString(false);
        item.entries.push(whole, whole);
        continue;
      }
      for (const e of entries) {
        const markup = e.toString(false);
        const id = e.type() === 'element' ? xmlId(e as libxml.Element) : undefined;
        item.entries.push(id ? `#${id}` : markup, markup);
      }
    }
  }
  return out;
}

/**
 * One <standOff> for the corpus: the lists of the documents' standOffs (or of
 * the register file), each entry once (by xml:id, else by its markup), lists
 * in the order they first appear. Returns undefined when there is no register.
 */
function mergeRegister(sources: CorpusPiece['lists'][], present: boolean): string | undefined {
  interface List {
    start: string;
    name: string;
    entries: string[];
    keys: Set<string>;
  }
  const lists = new Map<string, List>();
  for (const source of sources) {
    for (const le of source) {
      let target = lists.get(le.key);
      if (!target) {
        target = { start: le.start, name: le.name, entries: [], keys: new Set() };
        lists.set(le.key, target);
      }
      for (let i = 0; i < le.entries.length; i += 2) {
        const k = le.entries[i];
        if (target.keys.has(k)) continue;
        target.keys.add(k);
        target.entries.push(le.entries[i + 1]);
      }
    }
  }
  if (!present) return undefined;
  // entries keep their own inner whitespace: they sit at the same depth as in a document
  const L = ['  <standOff>'];
  for (const list of lists.values()) {
    if (list.entries.length === 0) L.push(`    ${list.start.replace(/>$/, '/>')}`);
    else {
      L.push(`    ${list.start}`);
      for (const e of list.entries) L.push(`      ${e}`);
      L.push(`    </${list.name}>`);
    }
  }
  L.push('  </standOff>');
  return L.join('\n');
}

/**
 * Read ahead what buildCorpus with `cacheDir` and `out` reads first (the kept index and the last corpus), after
 * letting waiting work run (a rebuild reads it while its units are built, and takes their results as they come).
 */
export async function readKeptCorpusAhead(cacheDir: string, out: string): Promise<KeptCorpusAhead> {
  await new Promise((resolve) => setImmediate(resolve));
  const before = fileSignature(out);
  const kept = readCorpusIndex(cacheDir, out);
  // the corpus as read (readCorpusIndex checks it did not change while it was read), or as it was when none could be used
  return { kept, corpusSignature: kept ? kept.index.corpus : before };
}
