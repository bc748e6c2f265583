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
import * as path from 'node:path';
import { writeFileAtomic } from '../io/atomic-write';
import { fileSignature } from '../io/file-signature';
import { removeStaleCacheFiles } from '../io/cache-files';
import { isTokenFree, noteTokenFree } from './slots';
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

/** The store's bytes: the file as read, and what this process appended since. */
interface Segment {
  start: number;
  bytes: Uint8Array;
  tokenFree: boolean;
}

/** What was kept: read from a store, or as a process last wrote it. */
interface Kept {
  stamp: string;
  generation: number;
  /** Where the next piece goes (the store's length). */
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
  let bin: Buffer;
  try {
    bin = fs.readFileSync(path.join(dir, binName(index.generation)));
  } catch {
    return { ...EMPTY(stamp), generation: index.generation };
  }
  // searched when written (up to `size`); bytes after that (a killed run's) are named by no piece
  const free = index.tokenFree === true && bin.length >= index.size ? true : isTokenFree(bin);
  const kept: Kept = { stamp, generation: index.generation, end: bin.length, segments: [{ start: 0, bytes: bin.subarray(0, Math.min(bin.length, index.size)), tokenFree: free }], letters: new Map(), docs: [], slots: new Map() };
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
        if (t[k + 1] + t[k + 2] > Math.min(bin.length, index.size)) bad.add(doc.letter);
      }
      kept.slots.set(String(name), t);
    }
    for (const l of bad) kept.letters.delete(l);
  } catch {
    return { ...EMPTY(stamp), generation: index.generation, end: bin.length };
  }
  return kept;
}

/**
 * Read the kept parts in `dir` into this process (a watch process does this
 * while it waits, so that its first rebuild finds them in memory as the next
 * ones do); the number of letters held.
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

/** A slot assembled: its runs of bytes, and its pieces (edition document, offset in the store or -1 for this run's, length; this run's bytes by piece). */
interface Assembled {
  chunks: Uint8Array[];
  doc: number[];
  offset: number[];
  length: number[];
  fresh: Map<number, Uint8Array>;
}

/**
 * The edition's letters in order, each with its kept parts (`kept: true`,
 * as keepsLetter said) or the parts this run made.
 */
export type EditionLetters = ReadonlyArray<{ id: string; key: string; docs: readonly string[] } & ({ kept: true } | { kept: false; parts: LetterParts })>;

/**
 * The edition-wide pages' parts: kept letters' from the store (`dir`),
 * the others' as given; `fill` gives each slot's content as the few runs
 * of bytes it is made of, and `keep` writes what this run made to the store.
 */
export class EditionParts {
  private readonly kept: Kept;
  /** Per document, in edition order: its summary, and its fresh parts (undefined: kept). */
  private readonly docs: Array<{ id: string; letter: string; summary: DocSummary; fresh?: DocParts }> = [];
  /** Kept document index → edition document index (-1: not kept, or not in the edition). */
  private readonly fromKept: Int32Array;
  private readonly items: string[];
  private readonly letters: EditionLetters;
  private readonly assembled = new Map<string, Assembled>();

  constructor(private readonly dir: string | undefined, letters: EditionLetters) {
    this.kept = dir === undefined ? EMPTY('') : load(dir);
    this.letters = letters;
    const keptIndex = new Map(this.kept.docs.map((d, i) => [d.id, i]));
    this.fromKept = new Int32Array(this.kept.docs.length).fill(-1);
    this.items = letters.map((l) => (l.kept ? this.kept.letters.get(l.id)!.item : l.parts.letter));
    for (const l of letters) {
      for (const id of l.docs) {
        if (l.kept) {
          const k = keptIndex.get(id);
          if (k === undefined || this.kept.docs[k].letter !== l.id) throw new Error(`internal: kept letter ${l.id} without its document ${id}`);
          this.fromKept[k] = this.docs.length;
          this.docs.push({ id, letter: l.id, summary: this.kept.docs[k].summary });
        } else {
          const p = l.parts.docs[id];
          if (p === undefined) throw new Error(`internal: letter ${l.id} rendered without its document ${id}`);
          this.docs.push({ id, letter: l.id, summary: { style: p.style, lang: p.lang, entries: p.entries, occ: Object.keys(p.occ) }, fresh: p });
        }
      }
    }
  }

  /** The documents' short parts, in edition order. */
  summaries(): DocSummary[] {
    return this.docs.map((d) => d.summary);
  }

  /** The letters' items in the list of letters, in edition order. */
  letterItems(): string[] {
    return this.items;
  }

  /** A slot's content ('print', 'occ <id>', 'pocc <id>') as runs of bytes, in document order. */
  fill(slot: string): Uint8Array[] {
    return this.assemble(slot).chunks;
  }

  private assemble(slot: string): Assembled {
    const done = this.assembled.get(slot);
    if (done) return done;
    const out: Assembled = { chunks: [], doc: [], offset: [], length: [], fresh: new Map() };
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
    // this run's pieces, by document
    const fresh: Array<{ doc: number; bytes: Uint8Array }> = [];
    const space = slot.indexOf(' ');
    const kind = space < 0 ? slot : slot.slice(0, space);
    const id = space < 0 ? '' : slot.slice(space + 1);
    this.docs.forEach((d, i) => {
      if (!d.fresh) return;
      const bytes = kind === 'print' ? d.fresh.print : kind === 'occ' ? d.fresh.occ[id] : kind === 'pocc' ? d.fresh.pocc[id] : undefined;
      if (bytes !== undefined) fresh.push({ doc: i, bytes });
    });
    // merged in document order; kept pieces that follow one another in one segment of the store are one view (a run)
    let run: { seg: Segment; from: number; to: number } | undefined;
    const flush = (): void => {
      if (!run) return;
      const v = run.seg.bytes.subarray(run.from - run.seg.start, run.to - run.seg.start);
      if (run.seg.tokenFree) noteTokenFree([v]);
      out.chunks.push(v);
      run = undefined;
    };
    for (let a = 0, b = 0; a < keptAt.length || b < fresh.length; ) {
      if (b < fresh.length && (a >= keptAt.length || fresh[b].doc < this.fromKept[table![keptAt[a]]])) {
        const f = fresh[b++];
        flush();
        out.chunks.push(f.bytes);
        out.fresh.set(out.doc.length, f.bytes);
        out.doc.push(f.doc);
        out.offset.push(-1);
        out.length.push(f.bytes.length);
        continue;
      }
      const k = keptAt[a++];
      const offset = table![k + 1];
      const length = table![k + 2];
      if (run && run.to === offset && offset + length <= run.seg.start + run.seg.bytes.length) run.to += length;
      else {
        flush();
        run = { seg: this.segmentAt(offset, length), from: offset, to: offset + length };
      }
      out.doc.push(this.fromKept[table![k]]);
      out.offset.push(offset);
      out.length.push(length);
    }
    flush();
    this.assembled.set(slot, out);
    return out;
  }

  private segmentAt(offset: number, length: number): Segment {
    const segs = this.kept.segments;
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segs[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    const s = segs[lo];
    if (!s || offset < s.start || offset + length > s.start + s.bytes.length) throw new Error('internal: a kept piece outside the store');
    return s;
  }

  private bytesAt(offset: number, length: number): Uint8Array {
    const seg = this.segmentAt(offset, length);
    return seg.bytes.subarray(offset - seg.start, offset - seg.start + length);
  }

  /** Every slot the store holds for this edition: the print texts, and each mentioned id's occurrences (both lists). */
  private slotNames(): string[] {
    const ids = new Set<string>();
    for (const d of this.docs) for (const id of d.summary.occ) ids.add(id);
    return ['print', ...[...ids].flatMap((id) => [`occ ${id}`, `pocc ${id}`])];
  }

  /**
   * Keep this run's parts (a cache: not flushed to disk, checked when read):
   * the fresh pieces are appended to the store, or the store is written anew
   * when most of it would be unused; then the index. Files of the formats
   * before (a `<letter>.parts` or `<letter>.json` per letter, a pack) and
   * stores of generations before are removed (only files teikit names there:
   * the folder is the caller's).
   */
  keep(): void {
    const dir = this.dir;
    if (dir === undefined) return;
    const names = this.slotNames();
    const slots = names.map((n) => ({ name: n, a: this.assemble(n) }));
    let live = 0;
    let appended = 0;
    for (const { a } of slots) for (let i = 0; i < a.doc.length; i++) (a.offset[i] < 0 ? (appended += a.length[i]) : 0, (live += a.length[i]));
    const before = this.kept;
    const unchanged =
      appended === 0 &&
      this.letters.every((l) => l.kept) &&
      before.letters.size === this.letters.length &&
      before.docs.length === this.docs.length &&
      before.docs.every((d, i) => d.id === this.docs[i].id) &&
      before.slots.size === names.length;
    const older = new Set(this.letters.map((l) => `${l.id}.json`));
    const stale = (current: string) => (n: string): boolean => n.endsWith('.parts') || older.has(n) || n === 'parts.pack' || (BIN_NAME.test(n) && n !== current);
    if (unchanged) {
      removeStaleCacheFiles(dir, stale(binName(before.generation)));
      return;
    }
    const anew = before.end < 0 || (before.end + appended - live > DEAD_MIN && before.end + appended - live > DEAD_SHARE * (before.end + appended));
    const generation = anew ? before.generation + 1 : before.generation;
    let end = anew ? 0 : before.end;
    const written: Uint8Array[] = [];
    const triples = new Uint32Array(slots.reduce((n, s) => n + s.a.doc.length, 0) * 3);
    let t = 0;
    for (const { a } of slots) {
      for (let i = 0; i < a.doc.length; i++) {
        let offset = a.offset[i];
        if (anew || offset < 0) {
          written.push(offset < 0 ? a.fresh.get(i)! : this.bytesAt(offset, a.length[i]));
          offset = end;
          end += a.length[i];
        }
        triples[t++] = a.doc[i];
        triples[t++] = offset;
        triples[t++] = a.length[i];
      }
    }
    if (end > 0xffffffff) return; // a store past 4 GB is not kept: its letters are transformed again
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
    const writtenFree = written.every(isTokenFree);
    const index: IndexFile = {
      format: FORMAT,
      generation,
      size: end,
      tokenFree: writtenFree && (anew || before.segments.every((seg) => seg.tokenFree)),
      letters: Object.fromEntries(this.letters.map((l, i) => [l.id, { key: l.key, item: this.items[i] }])),
      docs: this.docs.map((d) => ({ id: d.id, letter: d.letter, style: d.summary.style, lang: d.summary.lang, entries: Object.fromEntries(Object.entries(d.summary.entries).map(([e, xml]) => [e, pooled(xml)])), occ: d.summary.occ })),
      pool,
      slots: slots.map((s) => [s.name, s.a.doc.length]),
      table: Buffer.from(triples.buffer, triples.byteOffset, triples.byteLength).toString('base64'),
    };
    const binFile = path.join(dir, binName(generation));
    try {
      fs.mkdirSync(dir, { recursive: true });
      if (anew) writeFileAtomic(binFile, written, { fsync: false });
      else if (written.length > 0) {
        const fd = fs.openSync(binFile, 'r+');
        try {
          // at the end this process knows: bytes a killed run left after it are written over
          let pos = before.end;
          for (const c of written) {
            for (let k = 0; k < c.length; ) k += fs.writeSync(fd, c, k, c.length - k, pos + k);
            pos += c.length;
          }
          fs.ftruncateSync(fd, pos);
        } finally {
          fs.closeSync(fd);
        }
      }
      writeFileAtomic(path.join(dir, INDEX), JSON.stringify(index), { fsync: false });
    } catch {
      // a cache that cannot be written is no error: the letters are transformed again next time
      held.delete(dir);
      return;
    }
    removeStaleCacheFiles(dir, stale(binName(generation)));
    if (anew) {
      // read again from the file when needed (one view per run, not one per piece written)
      held.delete(dir);
      return;
    }
    // this process holds what it wrote: the store as read, and what it appended
    const segments = [...before.segments];
    if (written.length > 0) {
      const bytes = Buffer.concat(written);
      segments.push({ start: before.end, bytes, tokenFree: writtenFree });
    }
    const slotsNow = new Map<string, Uint32Array>();
    let at = 0;
    for (const s of slots) {
      slotsNow.set(s.name, triples.subarray(at * 3, (at + s.a.doc.length) * 3));
      at += s.a.doc.length;
    }
    held.set(dir, {
      stamp: stampOf(dir, generation),
      generation,
      end,
      segments,
      letters: new Map(this.letters.map((l, i) => [l.id, { key: l.key, item: this.items[i] }])),
      docs: this.docs.map((d) => ({ id: d.id, letter: d.letter, summary: d.summary })),
      slots: slotsNow,
    });
  }
}

/** The parts of a letter's documents that are bytes (its print texts and occurrences). */
export function byteParts(docs: LetterParts['docs']): Uint8Array[] {
  return Object.values(docs).flatMap((d) => [d.print, ...Object.values(d.occ), ...Object.values(d.pocc)]);
}
