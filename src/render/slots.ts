/**
 * Edition-wide pages (landing, index of names, print view) are assembled: the
 * stylesheet renders the page as a frame with slots (xslt/letter.xsl
 * tk:slot), and the slots are filled with the parts each letter gave
 * (rendered by the same stylesheet, kept between runs). A slot is a comment
 * carrying a token drawn afresh whenever the frames are rendered (frames are
 * kept between runs while what they show is unchanged; a kept token found in
 * a letter's text makes them rendered again), so no text of a TEI document
 * (which the stylesheet writes escaped, or not at all for comments) can pose
 * as one; the filled page does not contain the token.
 */
import * as crypto from 'node:crypto';
import { TeikitError } from '../model/diagnostics';
import { openAtomicFile, type AtomicFile, type AtomicWriteOptions } from '../io/atomic-write';

const TOKEN_PREFIX = 'tk-slot-';

/** A fresh token for the slots of one run. */
export function slotToken(): string {
  return `${TOKEN_PREFIX}${crypto.randomBytes(12).toString('hex')}`;
}

/** Whether bytes hold no token of any run (not even its prefix): the store of parts records it for what it keeps (StoreRange.free), so that a page is not searched through the tens of MB of every letter's parts each time it is assembled. */
export function isTokenFree(b: Uint8Array): boolean {
  return !Buffer.from(b.buffer, b.byteOffset, b.length).includes(TOKEN_PREFIX, 0, 'latin1');
}

/** A run of bytes of the store of letters' parts (parts-store.ts), copied into a page when it is written; `free`: known to hold no token (see isTokenFree). */
export interface StoreRange {
  at: number;
  length: number;
  free: boolean;
}

/** What fills a slot: text, bytes, runs of the store of parts, or a run of them. */
export type SlotFill = string | Uint8Array | StoreRange | ReadonlyArray<string | Uint8Array | StoreRange>;

/** A piece of an assembled page: bytes, or a run of the store of parts. */
export type PageChunk = Uint8Array | StoreRange;

const isRange = (c: SlotFill): c is StoreRange => typeof c === 'object' && !(c instanceof Uint8Array) && !Array.isArray(c);

/**
 * Replace every slot `<!-- <token> <name> -->` of a frame with `fill(name)`,
 * giving the page as the run of pieces it is made of: the frame's text as
 * UTF-8, the parts as they are (bytes, or runs of the store copied when the
 * page is written: the parts are not decoded and encoded again, and a print
 * view of a thousand letters is tens of MB). A slot name `fill` does not
 * know is an error (it would mean the frame and the parts disagree); the
 * page is searched for a token left in it as it is written (writeAssembledPages).
 */
export function fillSlots(frame: string, token: string, fill: (name: string) => SlotFill | undefined, file: string): PageChunk[] {
  const open = `<!-- ${token} `;
  const out: PageChunk[] = [];
  const add = (piece: string | Uint8Array | StoreRange): void => {
    if (piece.length > 0) out.push(typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece);
  };
  let at = 0;
  for (;;) {
    const start = frame.indexOf(open, at);
    if (start < 0) break;
    const end = frame.indexOf(' -->', start + open.length);
    if (end < 0) break;
    const name = frame.slice(start + open.length, end);
    const value = fill(name);
    if (value === undefined) throw new TeikitError({ file, severity: 'error', message: `internal: the page has a slot "${name}" that nothing fills`, rule: 'render/slot' });
    add(frame.slice(at, start));
    if (typeof value === 'string' || value instanceof Uint8Array || isRange(value)) add(value);
    else for (const v of value) add(v);
    at = end + 4;
  }
  add(frame.slice(at));
  return out;
}

/** fillSlots for fills of bytes and text only, checked for a token left in the page (SlotLeftError). */
export function fillSlotsToChunks(frame: string, token: string, fill: (name: string) => SlotFill | undefined, file: string): Uint8Array[] {
  const out = fillSlots(frame, token, fill, file).map((c) => {
    if (isRange(c)) throw new Error('internal: a run of the store of parts where bytes were expected');
    return c;
  });
  const scan = new TokenScanner(token);
  for (const c of out) if (scan.push(c, false)) throw new SlotLeftError(file);
  return out;
}

/**
 * Searches the bytes of a page, in the order they are written, for the
 * token: within a piece (unless known to be token-free) or across the seam
 * of two (or more, for short pieces).
 */
export class TokenScanner {
  private readonly t: Buffer;
  private readonly inToken = new Uint8Array(256);
  private tail: Buffer = Buffer.alloc(0); // the last bytes seen, fewer than the token's

  constructor(token: string) {
    this.t = Buffer.from(token, 'utf8');
    for (const b of this.t) this.inToken[b] = 1;
  }

  /** The next bytes of the page; true when the token is found. */
  push(c: Uint8Array, free: boolean): boolean {
    const t = this.t;
    const chunk = Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.length);
    if (chunk.length === 0) return false;
    if (!free && chunk.includes(t)) return true;
    // a token runs on into a piece only if the piece starts with one of its characters (a part or a frame piece most
    // often starts with '<', which is none of them): only then is the seam searched
    if (this.tail.length > 0 && this.inToken[chunk[0]] === 1 && Buffer.concat([this.tail, chunk.subarray(0, t.length - 1)]).includes(t)) return true;
    this.tail = chunk.length >= t.length - 1 ? Buffer.from(chunk.subarray(chunk.length - (t.length - 1))) : Buffer.concat([this.tail, chunk]).subarray(-(t.length - 1));
    return false;
  }
}

/**
 * Write assembled pages, each atomically (temporary file, then rename, after
 * all of them are written): their bytes, and the runs of the store (`store`,
 * an open file) copied through a bounded buffer, so that no page is held
 * whole in memory. A token found in a page (a slot left unfilled, or text
 * that carries the token of kept frames) is a SlotLeftError, and no page is
 * put in place; so is any other failure.
 */
export function writeAssembledPages(pages: ReadonlyArray<{ file: string; chunks: readonly PageChunk[] }>, token: string, store: number | undefined, opts: AtomicWriteOptions = {}): void {
  const open: AtomicFile[] = [];
  try {
    for (const page of pages) {
      const out = openAtomicFile(page.file, opts);
      open.push(out);
      const scan = new TokenScanner(token);
      let found = false;
      for (const c of page.chunks) {
        if (isRange(c)) {
          if (store === undefined) throw new Error('internal: a run of the store of parts without the store');
          out.copyFrom(store, c.at, c.length, (bytes) => (found ||= scan.push(bytes, c.free)));
        } else {
          // (the frame's text and the short parts: searched whole)
          found ||= scan.push(c, false);
          out.write(c);
        }
        if (found) throw new SlotLeftError(page.file);
      }
    }
  } catch (err) {
    for (const f of open) f.discard();
    throw err;
  }
  let failure: unknown;
  for (const f of open) {
    if (failure !== undefined) f.discard();
    else {
      try {
        f.commit();
      } catch (err) {
        failure = err;
      }
    }
  }
  if (failure !== undefined) throw failure;
}

/** A token left in an assembled page: a slot unfilled, or (with a frame kept from an earlier run) text that carries the token. */
export class SlotLeftError extends TeikitError {
  constructor(file: string) {
    super({ file, severity: 'error', message: 'internal: a slot of the page was left unfilled', rule: 'render/slot' });
  }
}
