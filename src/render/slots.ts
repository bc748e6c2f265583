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

const TOKEN_PREFIX = 'tk-slot-';

/** A fresh token for the slots of one run. */
export function slotToken(): string {
  return `${TOKEN_PREFIX}${crypto.randomBytes(12).toString('hex')}`;
}

/** Parts known to hold no token of any run (not even its prefix): assembly does not search them again. */
const tokenFree = new WeakSet<Uint8Array>();

/** Whether bytes hold no token of any run (not even its prefix). */
export function isTokenFree(b: Uint8Array): boolean {
  return !Buffer.from(b.buffer, b.byteOffset, b.length).includes(TOKEN_PREFIX, 0, 'latin1');
}

/**
 * Mark parts that hold no token of any run, searched once (a letter's parts
 * when made or read from the cache; `whole` is the buffer they are views of,
 * when searching it once is cheaper). A rebuild then searches only what is
 * new, not the tens of MB of every letter's parts.
 */
export function markTokenFree(parts: Iterable<Uint8Array>, whole?: Uint8Array): void {
  const free = isTokenFree;
  if (whole !== undefined && free(whole)) {
    for (const p of parts) tokenFree.add(p);
    return;
  }
  // (the whole holds the prefix somewhere: each part on its own)
  for (const p of parts) if (free(p)) tokenFree.add(p);
}

/** Mark parts as token-free that the caller knows to be (views of bytes it searched, see isTokenFree). */
export function noteTokenFree(parts: Iterable<Uint8Array>): void {
  for (const p of parts) tokenFree.add(p);
}

/** What fills a slot: text, bytes (UTF-8, as kept in the cache of letters' parts), or a run of them. */
export type SlotFill = string | Uint8Array | ReadonlyArray<string | Uint8Array>;

/**
 * Replace every slot `<!-- <token> <name> -->` of a frame with `fill(name)`,
 * giving the page as the run of UTF-8 chunks it is made of (written as they
 * are, see writeFileAtomic: the parts are not decoded and encoded again, and a
 * print view of a thousand letters is tens of MB). A slot name `fill` does
 * not know, or a token left in the page, is an error (it would mean the frame
 * and the parts disagree).
 */
export function fillSlotsToChunks(frame: string, token: string, fill: (name: string) => SlotFill | undefined, file: string): Uint8Array[] {
  const open = `<!-- ${token} `;
  const out: Uint8Array[] = [];
  const add = (piece: string | Uint8Array): void => {
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
    if (typeof value === 'string' || value instanceof Uint8Array) add(value);
    else for (const v of value) add(v);
    at = end + 4;
  }
  add(frame.slice(at));
  if (holdsToken(out, token)) throw new SlotLeftError(file);
  return out;
}

/** Whether the token occurs in the chunks, within one (unless marked token-free) or across the boundary of two (or more, for short chunks). */
function holdsToken(chunks: Uint8Array[], token: string): boolean {
  const t = Buffer.from(token, 'utf8');
  // a token runs on into a chunk only if the chunk starts with one of its characters (a part or a frame piece most
  // often starts with '<', which is none of them): only then is the seam searched
  const inToken = new Uint8Array(256);
  for (const b of t) inToken[b] = 1;
  let tail: Buffer = Buffer.alloc(0); // the last bytes seen, fewer than the token's
  for (const c of chunks) {
    const chunk = Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.length);
    if (!tokenFree.has(c) && chunk.includes(t)) return true;
    if (tail.length > 0 && chunk.length > 0 && inToken[chunk[0]] === 1 && Buffer.concat([tail, chunk.subarray(0, t.length - 1)]).includes(t)) return true;
    tail = chunk.length >= t.length - 1 ? chunk.subarray(chunk.length - (t.length - 1)) : Buffer.concat([tail, chunk]).subarray(-(t.length - 1));
  }
  return false;
}

/** A token left in an assembled page: a slot unfilled, or (with a frame kept from an earlier run) text that carries the token. */
export class SlotLeftError extends TeikitError {
  constructor(file: string) {
    super({ file, severity: 'error', message: 'internal: a slot of the page was left unfilled', rule: 'render/slot' });
  }
}
