/**
 * A letter's parts of the edition-wide pages (letters.ts), as kept between
 * runs: one file per letter, a small JSON header (the cache key, the short
 * parts, and where each long part lies) followed by the long parts (print
 * text, occurrences) as UTF-8 bytes. A rebuild of a large edition reads
 * every letter's parts and puts them into pages tens of MB long: kept as
 * bytes, they are neither parsed nor decoded and encoded again.
 *
 *   teikit-parts 1\n<header JSON, one line>\n<body bytes>
 *
 * The parts a process read or wrote are also held in memory, by file, for a
 * process that builds again (`teikit build --watch`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { markTokenFree } from './slots';
import { fileSignature } from '../io/file-signature';
import type { DocParts, LetterParts } from './letters';

const MAGIC = 'teikit-parts 1\n';

type Span = [offset: number, length: number];

interface HeaderDoc {
  style: string;
  lang: string;
  entries: Record<string, string>;
  print: Span;
  occ: Record<string, Span>;
  pocc: Record<string, Span>;
}

interface Header {
  key: string;
  letter: string;
  docs: Record<string, HeaderDoc>;
}

/** The file for a letter's parts, valid for `key`. */
export function encodeLetterParts(key: string, parts: LetterParts): Buffer {
  const body: Uint8Array[] = [];
  let offset = 0;
  const span = (bytes: Uint8Array): Span => {
    body.push(bytes);
    const s: Span = [offset, bytes.length];
    offset += bytes.length;
    return s;
  };
  const spans = (m: Record<string, Uint8Array>): Record<string, Span> => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, span(v)]));
  const header: Header = {
    key,
    letter: parts.letter,
    docs: Object.fromEntries(
      Object.entries(parts.docs).map(([id, d]) => [id, { style: d.style, lang: d.lang, entries: d.entries, print: span(d.print), occ: spans(d.occ), pocc: spans(d.pocc) }]),
    ),
  };
  return Buffer.concat([Buffer.from(MAGIC + JSON.stringify(header) + '\n', 'utf8'), ...body]);
}

/**
 * A letter's parts from a kept file, when it was kept for `key`; undefined
 * for another key, another format, or a damaged file (the letter is then
 * transformed again). The long parts are views of `file`, not copies.
 */
export function decodeLetterParts(file: Buffer, key: string): LetterParts | undefined {
  const kept = decodeKeptParts(file);
  return kept && kept.key === key ? kept.parts : undefined;
}

/** A letter's parts from a kept file and the key they were kept for; undefined for another format or a damaged file. */
function decodeKeptParts(file: Buffer): { key: string; parts: LetterParts } | undefined {
  if (file.length < MAGIC.length || file.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
  const end = file.indexOf(10, MAGIC.length);
  if (end < 0) return undefined;
  let header: Header;
  try {
    header = JSON.parse(file.toString('utf8', MAGIC.length, end)) as Header;
  } catch {
    return undefined;
  }
  if (typeof header.key !== 'string' || typeof header.letter !== 'string' || !header.docs || typeof header.docs !== 'object') return undefined;
  const body = end + 1;
  const bytes = (s: unknown): Uint8Array => {
    if (!Array.isArray(s) || s.length !== 2 || !Number.isInteger(s[0]) || !Number.isInteger(s[1]) || s[0] < 0 || s[1] < 0 || body + s[0] + s[1] > file.length) {
      throw new RangeError('span outside the file');
    }
    return file.subarray(body + s[0], body + s[0] + s[1]);
  };
  const all = (m: Record<string, Span>): Record<string, Uint8Array> => Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k, bytes(v)]));
  try {
    const docs: Record<string, DocParts> = {};
    for (const [id, d] of Object.entries(header.docs)) {
      docs[id] = { style: String(d.style), lang: String(d.lang), entries: d.entries ?? {}, print: bytes(d.print), occ: all(d.occ), pocc: all(d.pocc) };
    }
    markTokenFree(byteParts(docs), file.subarray(body));
    return { key: header.key, parts: { docs, letter: header.letter } };
  } catch {
    return undefined;
  }
}

/**
 * Letters' parts this process wrote or read, by cache file: a process that
 * builds again (`teikit build --watch`, a library caller) does not read them
 * from disk again. Bounded by the edition's size (its parts are needed for
 * every assembly anyway).
 */
const inProcess = new Map<string, { key: string; parts: LetterParts; stamp: string }>();


function remember(file: string, key: string, parts: LetterParts): void {
  const stamp = fileSignature(file);
  if (stamp) inProcess.set(file, { key, parts, stamp });
}

/** A letter's parts from the cache, when they were kept under the same key. */
export function cachedLetterParts(cache: { file: string; key: string }): LetterParts | undefined {
  const held = inProcess.get(cache.file);
  if (held && held.key === cache.key && held.stamp === fileSignature(cache.file)) return held.parts;
  let file: Buffer;
  try {
    file = fs.readFileSync(cache.file);
  } catch {
    return undefined;
  }
  const parts = decodeLetterParts(file, cache.key);
  if (parts) remember(cache.file, cache.key, parts);
  return parts;
}

/**
 * Read every letter's kept parts in `cacheDir` into this process, under the
 * key each was kept for: a process that builds again (`teikit build --watch`)
 * does this while it waits, so that its first rebuild finds them in memory as
 * the next ones do. Whether a key is still the right one is checked when the
 * parts are asked for (cachedLetterParts).
 */
export function preloadLetterParts(cacheDir: string): number {
  let names: string[];
  try {
    names = fs.readdirSync(cacheDir).filter((n) => n.endsWith('.parts'));
  } catch {
    return 0;
  }
  let loaded = 0;
  for (const n of names) {
    const file = path.join(cacheDir, n);
    if (inProcess.has(file)) continue;
    try {
      const kept = decodeKeptParts(fs.readFileSync(file));
      if (kept) {
        remember(file, kept.key, kept.parts);
        loaded++;
      }
    } catch {
      // gone or unreadable: read (or made) again when needed
    }
  }
  return loaded;
}

/** Keep a letter's parts (written in another thread) in this process too. */
export function rememberLetterParts(cache: { file: string; key: string }, parts: LetterParts): void {
  remember(cache.file, cache.key, parts);
}

/** The parts of a letter's documents that are bytes (its print texts and occurrences). */
export function byteParts(docs: LetterParts['docs']): Uint8Array[] {
  return Object.values(docs).flatMap((d) => [d.print, ...Object.values(d.occ), ...Object.values(d.pocc)]);
}
