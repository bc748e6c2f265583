import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../io/atomic-write';
import { fileSignature } from '../../io/file-signature';
import { type KeptAnalysis, seedWordInfo } from './morph';

/**
 * Russian words' analyses (morph.ts wordInfo: Az.Morph's lemmas and
 * grammemes) kept between builds of an edition, so that a rebuild tags a
 * changed source without loading the dictionaries (~0.1 s) when its words
 * were seen before. One file, JSON lines: a header naming the format and the
 * key (the code and the versions of az and snowball-stemmers: an analysis
 * depends on nothing else), then one `[word, analysis]` per line. Words are
 * appended by the main thread after a build (from what the unit threads
 * analysed anew); a line cut short by a killed run is skipped when read. A
 * file for another key is written anew.
 */
export interface KeptWordsAt {
  file: string;
  key: string;
}

const FORMAT = 'teikit-words 1';
const header = (key: string): string => JSON.stringify({ format: FORMAT, key });

/** The file this thread seeded wordInfo from, as it was then: read again only when it changed. */
let seeded: { file: string; key: string; stamp: string | undefined } | undefined;

/** Seed this thread's word analyses from the kept file (once per file version). */
export function loadKeptWords(at: KeptWordsAt): void {
  const stamp = fileSignature(at.file);
  if (seeded && seeded.file === at.file && seeded.key === at.key && seeded.stamp === stamp) return;
  seeded = { file: at.file, key: at.key, stamp };
  let text: string;
  try {
    text = fs.readFileSync(at.file, 'utf8');
  } catch {
    return;
  }
  const lines = text.split('\n');
  if (lines[0] !== header(at.key)) return;
  const entries: Array<[string, unknown]> = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') continue;
    try {
      const e = JSON.parse(lines[i]) as unknown;
      if (Array.isArray(e) && e.length === 2 && typeof e[0] === 'string') entries.push([e[0], e[1]]);
    } catch {
      // a line cut short (a killed run): skipped
    }
  }
  seedWordInfo(entries);
}

/** Keep words analysed anew (a cache: appended, not flushed; a file of another key is replaced). Errors are not the build's. */
export function keepWords(at: KeptWordsAt, words: ReadonlyArray<[string, KeptAnalysis]>): void {
  if (words.length === 0) return;
  const seen = new Set<string>();
  const lines = words.filter(([w]) => (seen.has(w) ? false : (seen.add(w), true))).map((e) => JSON.stringify(e) + '\n');
  try {
    let current = false;
    // a line a killed run cut short is ended first, so that it does not swallow the next
    let lead = '';
    try {
      const fd = fs.openSync(at.file, 'r');
      try {
        const first = Buffer.alloc(Buffer.byteLength(header(at.key)) + 1);
        const n = fs.readSync(fd, first, 0, first.length, 0);
        current = first.subarray(0, n).toString('utf8') === header(at.key) + '\n';
        const last = Buffer.alloc(1);
        const size = fs.fstatSync(fd).size;
        if (current && size > 0 && fs.readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a) lead = '\n';
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      // none yet
    }
    if (current) fs.appendFileSync(at.file, lead + lines.join(''));
    else {
      fs.mkdirSync(path.dirname(at.file), { recursive: true });
      writeFileAtomic(at.file, header(at.key) + '\n' + lines.join(''), { fsync: false });
    }
  } catch {
    // the words are analysed again next time
  }
}
