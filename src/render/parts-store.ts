/**
 * The letters' parts of the edition-wide pages (letters.ts), kept between
 * runs and assembled into the pages' slots.
 *
 * The long parts (print texts, occurrences on the index of names and in the
 * print view) are kept as UTF-8 bytes in one store per edition, laid out by
 * slot: the pieces that fill one slot (a print text per document, or one
 * register id's occurrences in each document that mentions it) follow one
 * another in document order. A rebuild after one letter changed therefore
 * fills a slot with a few long runs of the store (the pieces before the
 * letter's, its new piece, the pieces after), not with a piece per document:
 * the parts are neither parsed, decoded, nor cut into thousands of pieces.
 *
 * - `parts-<generation>.bin`: the bytes. A build appends the pieces of the
 *   letters it transformed; bytes no longer used stay until they outweigh
 *   the rest, when the store is written anew, slot by slot, under the next
 *   generation's name.
 * - `parts.json`: the index, written (temporary file, then rename) after the
 *   bytes: each letter's key and item in the list of letters, each
 *   document's short parts (style, language, register entries, the ids it
 *   mentions), and the table of pieces (document, offset, length) per slot.
 *
 * A run killed between the two writes leaves bytes no index names; a
 * damaged index loses the kept parts (every letter is transformed again), a
 * damaged table or store the letters whose pieces it no longer holds, never
 * the pages. What a process read or wrote is held in memory for a process
 * that builds again (`teikit build --watch`).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openAtomicFile, writeFileAtomic } from '../io/atomic-write';
import { fileSignature } from '../io/file-signature';
import { removeStaleCacheFiles } from '../io/cache-files';
import { isTokenFree, type StoreRange } from './slots';
import type { DocParts, LetterParts } from './letters';

const FORMAT = 'teikit-parts 2';
const INDEX = 'parts.json';
const binName = (g: number): string => `parts-${g}.bin`;
const BIN_NAME = /^parts-(\d+)\.bin$/;
/** The store is written anew when more than this share of it is unused (and more than DEAD_MIN bytes). */
const DEAD_SHARE = 0.5;
const DEAD_MIN = 4 << 20;

/** A document's short parts: what the frames and the small slots need. */
export interface DocSummary {
  style: string;
  lang: string;
  /** Register entries in its standOff, by id (XML). */
  entries: Record<string, string>;
  /** The register ids it mentions, in its order (its occurrences' slots). */
  occ: string[];
}

interface IndexFile {
  format: string;
  generation: number;
  /** Bytes of the store in use when the index was written (the file may hold more: a run killed after appending). */
  size: number;
  /** Whether those bytes hold no slot token of any run (not even its prefix), as searched when they were written. */
  tokenFree: boolean;
  letters: Record<string, { key: string; item: string }>;
  docs: Array<{ id: string; letter: string; style: string; lang: string; entries: Record<string, number>; occ: string[] }>;
  pool: string[];
  /** Slot names, and how many pieces each has in `table`. */
  slots: Array<[name: string, pieces: number]>;
  /** Base64 of a Uint32Array (little-endian) of (document, offset, length) triples, slot after slot. */
  table: string;
}

/** A run of the store's file: what was read from an index, or what a process appended since. */
interface Segment {
  start: number;
  length: number;
  tokenFree: boolean;
}

/** What was kept: an index read from a store, or as a process last wrote it (the bytes stay in the file: they are read when a page is written). */
interface Kept {
  stamp: string;
  generation: number;
  /** The store file's length (where the next piece goes); -1: no store file. */
  end: number;
  segments: Segment[];
  letters: Map<string, { key: string; item: string }>;
  docs: Array<{ id: string; letter: string; summary: DocSummary }>;
  /** Slot name → its pieces: (document index in `docs`, offset, length) triples. */
  slots: Map<string, Uint32Array>;
}

const EMPTY = (stamp: string): Kept => ({ stamp, generation: 0, end: -1, segments: [], letters: new Map(), docs: [], slots: new Map() });
const held = new Map<string, Kept>();

/** The signatures of the index and of the store of `generation`: others mean another process wrote them. */
function stampOf(dir: string, generation: number): string {
  return `${fileSignature(path.join(dir, INDEX)) ?? ''} ${fileSignature(path.join(dir, binName(generation))) ?? ''}`;
}

/** What `dir` keeps, read again when its files changed since (or were never read). */
function load(dir: string): Kept {
  const h = held.get(dir);
  if (h && h.stamp === stampOf(dir, h.generation)) return h;
  const fresh = readStore(dir);
  held.set(dir, fresh);
  return fresh;
}

function readStore(dir: string): Kept {
  let index: IndexFile;
  try {
    index = JSON.parse(fs.readFileSync(path.join(dir, INDEX), 'utf8')) as IndexFile;
  } catch {
    return EMPTY(stampOf(dir, 0));
  }
  const ok =
    index && index.format === FORMAT && Number.isInteger(index.generation) && Number.isInteger(index.size) && Array.isArray(index.docs) && Array.isArray(index.pool) && Array.isArray(index.slots) && typeof index.table === 'string' && index.letters && typeof index.letters === 'object';
  if (!ok) return EMPTY(stampOf(dir, 0));
  const stamp = stampOf(dir, index.generation);
  let length: number;
  try {
    length = fs.statSync(path.join(dir, binName(index.generation))).size;
  } catch {
    return { ...EMPTY(stamp), generation: index.generation };
  }
  // searched when written (up to `size`; bytes after that, a killed run's, are named by no piece); a store without
  // that mark is searched as its pages are written
  const usable = Math.min(length, index.size);
  const kept: Kept = { stamp, generation: index.generation, end: length, segments: [{ start: 0, length: usable, tokenFree: index.tokenFree === true }], letters: new Map(), docs: [], slots: new Map() };
  try {
    for (const [id, l] of Object.entries(index.letters)) if (typeof l?.key === 'string' && typeof l.item === 'string') kept.letters.set(id, { key: l.key, item: l.item });
    const entry = (n: number): string => {
      if (typeof index.pool[n] !== 'string') throw new RangeError('entry outside the pool');
      return index.pool[n];
    };
    for (const d of index.docs) {
      const entries: Record<string, string> = {};
      for (const [e, n] of Object.entries(d.entries ?? {})) entries[e] = entry(n);
      if (typeof d.id !== 'string' || typeof d.letter !== 'string' || !Array.isArray(d.occ)) throw new RangeError('a document without its id, letter or mentions');
      kept.docs.push({ id: d.id, letter: d.letter, summary: { style: String(d.style), lang: String(d.lang), entries, occ: d.occ.map(String) } });
    }
    const raw = Buffer.from(index.table, 'base64');
    // a view of the decoded bytes when they are aligned for one (Node aligns its pool's slices to 8 bytes), else a copy
    const triples = raw.byteOffset % 4 === 0 ? new Uint32Array(raw.buffer, raw.byteOffset, raw.length >> 2) : new Uint32Array(new Uint8Array(raw).buffer, 0, raw.length >> 2);
    let at = 0;
    const bad = new Set<string>();
    for (const [name, n] of index.slots) {
      const t = triples.subarray(at * 3, (at + n) * 3);
      if (t.length !== n * 3) throw new RangeError('a slot table cut short');
      at += n;
      for (let k = 0; k < t.length; k += 3) {
        const doc = kept.docs[t[k]];
        // a piece outside the store (a store cut short): its letter is transformed again
        if (doc === undefined) throw new RangeError('a piece of no document');
        if (t[k + 1] + t[k + 2] > usable) bad.add(doc.letter);
      }
      kept.slots.set(String(name), t);
    }
    for (const l of bad) kept.letters.delete(l);
  } catch {
    return { ...EMPTY(stamp), generation: index.generation, end: length };
  }
  return kept;
}

/**
 * Read the kept parts' index in `dir` into this process (a watch process does
 * this while it waits, so that its first rebuild finds it in memory as the
 * next ones do); the number of letters held.
 */
export function preloadLetterParts(dir: string): number {
  return load(dir).letters.size;
}

/** Whether `dir` keeps the parts of `letter` (the id of its first document) for `key`. */
export function keepsLetter(dir: string, letter: string, key: string): boolean {
  return load(dir).letters.get(letter)?.key === key;
}

/** The letters `dir` keeps parts of, with the key each was kept for (the files are looked at once, not once per letter). */
export function keptLetterKeys(dir: string): ReadonlyMap<string, string> {
  return new Map([...load(dir).letters].map(([id, l]) => [id, l.key]));
}

/** A slot assembled: its pieces (edition document, offset in the store, length) in document order. */
interface Assembled {
  doc: number[];
  offset: number[];
  length: number[];
}

/** The edition's letters in order: each with the parts this run made (`parts`), or to be given them (EditionParts.add), or kept in the store (as keepsLetter said). */
export type EditionLetters = ReadonlyArray<{ id: string; key: string; docs: readonly string[]; kept?: boolean; parts?: LetterParts }>;

/**
 * The edition-wide pages' parts. The parts of the letters this run renders
 * are appended to the store's file as each letter comes (add), so a run
 * holds of each letter only its short parts and where its pieces are, not
 * their bytes; the kept letters' are in the store already. `fill` gives each
 * slot's content as the few runs of the store it is made of (copied into the
 * page when it is written), and `keep` writes the index (and the store anew,
 * slot by slot, when most of it is unused). Without a folder to keep them
 * in, the parts go to a temporary one, removed by `close`.
 */
export class EditionParts {
  private kept: Kept;
  private dir: string;
  /** The folder is a temporary one of this run's (no cache asked for, or the cache's folder could not be written): nothing is kept. */
  private own = false;
  /** Per document, in edition order: its letter's id and its summary (undefined until its letter's parts come). */
  private readonly docs: Array<{ id: string; letter: string; summary?: DocSummary }> = [];
  /** Each letter's first document in `docs`. */
  private readonly firstDoc: number[] = [];
  /** Kept document index → edition document index (-1: not kept, or not in the edition, or given anew by this run). */
  private fromKept: Int32Array;
  private readonly items: Array<string | undefined>;
  private readonly letters: EditionLetters;
  /** The letters given parts by this run. */
  private readonly fresh: boolean[];
  /** This run's pieces, by slot: (edition document, offset, length) triples, in the order they came. */
  private readonly freshPieces = new Map<string, number[]>();
  private assembled = new Map<string, Assembled>();
  /** The store's file, open (read and append) from the first piece appended or read. */
  private fd: number | undefined;
  /** Where this run's pieces began, and whether all of them are token-free. */
  private appendStart = -1;
  private appendedFree = true;
  /** Register entries and ids, one string per distinct text (each letter gives its own copies). */
  private readonly pool = new Map<string, string>();

  constructor(dir: string | undefined, letters: EditionLetters) {
    if (dir === undefined) {
      this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-parts-'));
      this.own = true;
      this.kept = EMPTY('');
    } else {
      this.dir = dir;
      // (a copy: this run moves its end as it appends)
      this.kept = { ...load(dir) };
    }
    this.letters = letters;
    this.items = letters.map(() => undefined);
    this.fresh = letters.map(() => false);
    this.fromKept = new Int32Array(this.kept.docs.length).fill(-1);
    for (const l of letters) {
      this.firstDoc.push(this.docs.length);
      for (const id of l.docs) this.docs.push({ id, letter: l.id });
    }
    letters.forEach((l, li) => {
      if (l.parts) this.add(li, l.parts);
    });
  }

  private intern(s: string): string {
    const had = this.pool.get(s);
    if (had !== undefined) return had;
    this.pool.set(s, s);
    return s;
  }

  /** The store's file open for reading and appending (created when there is none; a cache folder that cannot be written gives way to a temporary one). */
  private store(): number {
    if (this.fd !== undefined) return this.fd;
    const file = path.join(this.dir, binName(this.kept.generation));
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      this.fd = fs.openSync(file, this.kept.end < 0 ? 'w+' : 'r+');
    } catch (err) {
      if (this.own || this.kept.end >= 0) throw err;
      // (no kept parts to read there): this run's parts go to a folder of its own
      this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-parts-'));
      this.own = true;
      this.fd = fs.openSync(path.join(this.dir, binName(0)), 'w+');
    }
    if (this.kept.end < 0) this.kept = { ...this.kept, end: 0 };
    return this.fd;
  }

  /**
   * The parts this run made for letter `li`: its short parts are held, its
   * long ones appended to the store's file now (one write per letter).
   */
  add(li: number, parts: LetterParts): void {
    const l = this.letters[li];
    if (this.fresh[li]) throw new Error(`internal: the parts of letter ${l.id} given twice`);
    const fd = this.store();
    if (this.appendStart < 0) this.appendStart = this.kept.end;
    const bytes: Uint8Array[] = [];
    let end = this.kept.end;
    const piece = (slot: string, doc: number, b: Uint8Array): void => {
      let list = this.freshPieces.get(slot);
      if (list === undefined) this.freshPieces.set(slot, (list = []));
      list.push(doc, end, b.length);
      bytes.push(b);
      end += b.length;
    };
    l.docs.forEach((id, k) => {
      const p = parts.docs[id];
      if (p === undefined) throw new Error(`internal: letter ${l.id} rendered without its document ${id}`);
      const doc = this.firstDoc[li] + k;
      const entries: Record<string, string> = {};
      for (const [e, xml] of Object.entries(p.entries)) entries[this.intern(e)] = this.intern(xml);
      const occ = Object.keys(p.occ).map((id) => this.intern(id));
      this.docs[doc].summary = { style: this.intern(p.style), lang: this.intern(p.lang), entries, occ };
      piece('print', doc, p.print);
      for (const id of occ) piece(`occ ${id}`, doc, p.occ[id]);
      for (const id of occ) if (p.pocc[id] !== undefined) piece(`pocc ${id}`, doc, p.pocc[id]);
    });
    const all = Buffer.concat(bytes);
    if (this.appendedFree && !isTokenFree(all)) this.appendedFree = false;
    for (let k = 0; k < all.length; ) k += fs.writeSync(fd, all, k, all.length - k, this.kept.end + k);
    this.kept.end = end;
    this.items[li] = this.intern(parts.letter);
    this.fresh[li] = true;
    this.assembled.clear();
  }

  /** Every letter has its parts: given by this run, or kept in the store (with their documents), else an internal error. */
  private complete(): void {
    if (this.docs.every((d) => d.summary !== undefined)) return;
    const keptIndex = new Map(this.kept.docs.map((d, i) => [d.id, i]));
    this.letters.forEach((l, li) => {
      if (this.fresh[li]) return;
      const item = this.kept.letters.get(l.id);
      if (item === undefined) throw new Error(`internal: letter ${l.id} neither rendered nor kept`);
      this.items[li] = item.item;
      l.docs.forEach((id, k) => {
        const i = keptIndex.get(id);
        if (i === undefined || this.kept.docs[i].letter !== l.id) throw new Error(`internal: kept letter ${l.id} without its document ${id}`);
        this.fromKept[i] = this.firstDoc[li] + k;
        this.docs[this.firstDoc[li] + k].summary = this.kept.docs[i].summary;
      });
    });
  }

  /** The documents' short parts, in edition order. */
  summaries(): DocSummary[] {
    this.complete();
    return this.docs.map((d) => d.summary!);
  }

  /** The letters' items in the list of letters, in edition order. */
  letterItems(): string[] {
    this.complete();
    return this.items as string[];
  }

  /** A slot's content ('print', 'occ <id>', 'pocc <id>') as runs of the store, in document order: copied into a page as it is written (`storeFd`). */
  fill(slot: string): StoreRange[] {
    const a = this.assemble(slot);
    const out: StoreRange[] = [];
    let run: StoreRange | undefined;
    let seg: Segment | undefined;
    for (let i = 0; i < a.doc.length; i++) {
      const offset = a.offset[i];
      const length = a.length[i];
      // pieces that follow one another in one segment of the store are one run
      if (run && seg && run.at + run.length === offset && offset + length <= seg.start + seg.length) {
        run.length += length;
        continue;
      }
      seg = this.segmentAt(offset, length);
      run = { at: offset, length, free: seg.tokenFree };
      out.push(run);
    }
    return out;
  }

  /** The store's file, open for reading the runs `fill` gives (undefined when nothing is kept or made). */
  storeFd(): number | undefined {
    if (this.fd === undefined && this.kept.end >= 0) this.fd = fs.openSync(path.join(this.dir, binName(this.kept.generation)), 'r');
    return this.fd;
  }

  /** The bytes of runs of the store (tests, and what a caller reads itself). */
  read(ranges: readonly StoreRange[]): Buffer {
    const fd = this.storeFd();
    const out = Buffer.allocUnsafe(ranges.reduce((n, r) => n + r.length, 0));
    let at = 0;
    for (const r of ranges) {
      for (let k = 0; k < r.length; ) {
        const got = fs.readSync(fd!, out, at + k, r.length - k, r.at + k);
        if (got <= 0) throw new Error('internal: a kept piece outside the store');
        k += got;
      }
      at += r.length;
    }
    return out;
  }

  /** Let go of the store's file (and remove a temporary folder). */
  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    if (this.own) fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private segments(): Segment[] {
    if (this.appendStart < 0) return this.kept.segments;
    return [...this.kept.segments, { start: this.appendStart, length: this.kept.end - this.appendStart, tokenFree: this.appendedFree }];
  }

  private assemble(slot: string): Assembled {
    const done = this.assembled.get(slot);
    if (done) return done;
    this.complete();
    const out: Assembled = { doc: [], offset: [], length: [] };
    // the kept pieces of this slot still in the edition, in the store's order (document order, unless reordered)
    const table = this.kept.slots.get(slot);
    const keptAt: number[] = [];
    let ordered = true;
    if (table) {
      let last = -1;
      for (let k = 0; k < table.length; k += 3) {
        const doc = this.fromKept[table[k]];
        if (doc < 0) continue;
        if (doc < last) ordered = false;
        last = doc;
        keptAt.push(k);
      }
      if (!ordered) keptAt.sort((a, b) => this.fromKept[table[a]] - this.fromKept[table[b]]);
    }
    // this run's pieces, in document order (they came in the order the letters were rendered)
    const list = this.freshPieces.get(slot) ?? [];
    const fresh = Array.from({ length: list.length / 3 }, (_, i) => 3 * i).sort((a, b) => list[a] - list[b]);
    for (let a = 0, b = 0; a < keptAt.length || b < fresh.length; ) {
      if (b < fresh.length && (a >= keptAt.length || list[fresh[b]] < this.fromKept[table![keptAt[a]]])) {
        const f = fresh[b++];
        out.doc.push(list[f]);
        out.offset.push(list[f + 1]);
        out.length.push(list[f + 2]);
        continue;
      }
      const k = keptAt[a++];
      out.doc.push(this.fromKept[table![k]]);
      out.offset.push(table![k + 1]);
      out.length.push(table![k + 2]);
    }
    this.assembled.set(slot, out);
    return out;
  }

  private segmentAt(offset: number, length: number): Segment {
    const segs = this.segments();
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segs[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    const s = segs[lo];
    if (!s || offset < s.start || offset + length > s.start + s.length) throw new Error('internal: a kept piece outside the store');
    return s;
  }

  /** Every slot the store holds for this edition: the print texts, and each mentioned id's occurrences (both lists). */
  private slotNames(): string[] {
    const ids = new Set<string>();
    for (const d of this.summaries()) for (const id of d.occ) ids.add(id);
    return ['print', ...[...ids].flatMap((id) => [`occ ${id}`, `pocc ${id}`])];
  }

  /**
   * Keep this run's parts (a cache: not flushed to disk, checked when read):
   * its pieces were appended to the store as they came; the store is written
   * anew, slot by slot (so that each slot is one run of it), when most of it
   * would be unused; then the index. Files of the formats before (a
   * `<letter>.parts` or `<letter>.json` per letter, a pack) and stores of
   * generations before are removed (only files teikit names there: the
   * folder is the caller's). Afterwards `fill` gives the runs of the store
   * as kept (one per slot, when written anew).
   */
  keep(): void {
    const names = this.slotNames();
    const slots = names.map((n) => ({ name: n, a: this.assemble(n) }));
    let live = 0;
    for (const { a } of slots) for (const n of a.length) live += n;
    const before = this.kept;
    const appended = this.appendStart < 0 ? 0 : before.end - this.appendStart;
    const dir = this.dir;
    const unchanged =
      appended === 0 &&
      this.fresh.every((f) => !f) &&
      before.letters.size === this.letters.length &&
      before.docs.length === this.docs.length &&
      before.docs.every((d, i) => d.id === this.docs[i].id) &&
      before.slots.size === names.length;
    const older = new Set(this.letters.map((l) => `${l.id}.json`));
    const stale = (current: string) => (n: string): boolean => n.endsWith('.parts') || older.has(n) || n === 'parts.pack' || (BIN_NAME.test(n) && n !== current);
    if (unchanged) {
      if (!this.own) removeStaleCacheFiles(dir, stale(binName(before.generation)));
      return;
    }
    const end = Math.max(before.end, 0);
    // a run's own folder (no cache) is written anew too: its pages are then copied from one run per slot
    const anew = this.own || before.segments.length === 0 || (end - live > DEAD_MIN && end - live > DEAD_SHARE * end);
    const generation = anew ? before.generation + 1 : before.generation;
    const triples = new Uint32Array(slots.reduce((n, s) => n + s.a.doc.length, 0) * 3);
    let size = end;
    let t = 0;
    const from = this.storeFd();
    const binFile = path.join(dir, binName(generation));
    const tokenFree = this.segments().every((seg) => seg.tokenFree);
    const summaries = this.summaries();
    try {
      if (anew) {
        // slot by slot, each piece copied from where it is now (a bounded buffer: the store is never held whole)
        const out = openAtomicFile(binFile, { fsync: false });
        let at = 0;
        try {
          for (const { a } of slots) {
            for (let i = 0; i < a.doc.length; i++) {
              out.copyFrom(from!, a.offset[i], a.length[i]);
              triples[t++] = a.doc[i];
              triples[t++] = at;
              triples[t++] = a.length[i];
              at += a.length[i];
            }
          }
          if (at > 0xffffffff) throw new RangeError('a store past 4 GB');
          out.commit();
        } catch (err) {
          out.discard();
          throw err;
        }
        size = at;
        // (what was copied was searched when it was kept or made)
      } else {
        for (const { a } of slots) {
          for (let i = 0; i < a.doc.length; i++) {
            triples[t++] = a.doc[i];
            triples[t++] = a.offset[i];
            triples[t++] = a.length[i];
          }
        }
        if (size > 0xffffffff) throw new RangeError('a store past 4 GB');
        // bytes a killed run left after this run's pieces are cut off
        if (this.fd !== undefined && appended > 0) fs.ftruncateSync(this.fd, size);
      }
      const pool: string[] = [];
      const poolAt = new Map<string, number>();
      const pooled = (xml: string): number => {
        let n = poolAt.get(xml);
        if (n === undefined) {
          n = pool.push(xml) - 1;
          poolAt.set(xml, n);
        }
        return n;
      };
      const index: IndexFile = {
        format: FORMAT,
        generation,
        size,
        tokenFree,
        letters: Object.fromEntries(this.letters.map((l, i) => [l.id, { key: l.key, item: this.items[i]! }])),
        docs: this.docs.map((d, i) => ({ id: d.id, letter: d.letter, style: summaries[i].style, lang: summaries[i].lang, entries: Object.fromEntries(Object.entries(summaries[i].entries).map(([e, xml]) => [e, pooled(xml)])), occ: summaries[i].occ })),
        pool,
        slots: slots.map((s) => [s.name, s.a.doc.length]),
        table: Buffer.from(triples.buffer, triples.byteOffset, triples.byteLength).toString('base64'),
      };
      if (!this.own) writeFileAtomic(path.join(dir, INDEX), JSON.stringify(index), { fsync: false });
    } catch {
      // a cache that cannot be written is no error: the letters are transformed again next time (the pages are made
      // from the store as it is)
      held.delete(dir);
      return;
    }
    if (!this.own) removeStaleCacheFiles(dir, stale(binName(generation)));
    // from now on the pages are made from the store as kept
    if (anew && this.fd !== undefined) {
      fs.closeSync(this.fd);
      this.fd = undefined;
      if (this.own) fs.rmSync(path.join(dir, binName(before.generation)), { force: true });
    }
    const slotsNow = new Map<string, Uint32Array>();
    let at = 0;
    for (const s of slots) {
      slotsNow.set(s.name, triples.subarray(at * 3, (at + s.a.doc.length) * 3));
      at += s.a.doc.length;
    }
    const segments = anew ? [{ start: 0, length: size, tokenFree }] : this.segments();
    this.kept = {
      stamp: this.own ? '' : stampOf(dir, generation),
      generation,
      end: size,
      segments,
      letters: new Map(this.letters.map((l, i) => [l.id, { key: l.key, item: this.items[i]! }])),
      docs: this.docs.map((d, i) => ({ id: d.id, letter: d.letter, summary: summaries[i] })),
      slots: slotsNow,
    };
    this.fromKept = Int32Array.from(this.docs, (_, i) => i);
    this.fresh.fill(false);
    this.freshPieces.clear();
    this.appendStart = -1;
    this.appendedFree = true;
    this.assembled = new Map();
    // this process holds what it wrote (a watch process builds again)
    if (!this.own) held.set(dir, this.kept);
  }
}
