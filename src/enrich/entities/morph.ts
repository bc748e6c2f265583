import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Word keys for matching inflected forms: for Russian, the lemmas Az.Morph
 * (pymorphy2's OpenCorpora dictionaries, shipped inside the `az` package)
 * gives for a word, plus a Snowball stem as fallback for words the
 * dictionary only guesses at; for English (and any other Latin-script
 * word) the lower-cased form and its Snowball stem. Two words "match" when
 * their key sets intersect: "Саркиса" → {саркиса, саркис, …} meets
 * "Саркис" → {саркис, …}.
 */

// az and snowball-stemmers ship no type definitions: describe what we use.
interface AzTag {
  POS?: string;
  [grammeme: string]: unknown;
  toString(): string;
}
interface AzParse {
  word: string;
  tag: AzTag;
  score: number;
  stutter?: number;
  typos?: number;
  /** Which of Az's analysers produced the parse: 'Dictionary' for dictionary words. */
  parser?: string;
  normalize(): { word: string };
}
interface AzModule {
  load: (url: string, type: string, cb: (err: Error | null, data?: unknown) => void) => void;
  Morph: ((word: string, opts?: Record<string, unknown>) => AzParse[]) & {
    init: (dir: string, cb: (err: Error | null) => void) => void;
  };
}
interface Stemmer {
  stem(word: string): string;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Az = require('az') as AzModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const snowball = require('snowball-stemmers') as { newStemmer(lang: string): Stemmer };

let morphReady = false;

/**
 * Load Az.Morph's dictionaries once, synchronously. Az.Morph.init reads its
 * nine files through Az.load with callbacks; we queue those reads, let init
 * register all of them, then run the queue with synchronous reads, so init
 * has finished when this function returns (about 0.1 s).
 */
export function ensureMorph(): void {
  if (morphReady) return;
  const dictDir = path.join(path.dirname(require.resolve('az')), '..', 'dicts');
  const original = Az.load;
  const queue: Array<() => void> = [];
  let failure: Error | null = null;
  Az.load = (url, type, cb) => {
    queue.push(() => {
      let data: Buffer;
      try {
        data = fs.readFileSync(url);
      } catch (err) {
        cb(err as Error);
        return;
      }
      if (type === 'json') cb(null, JSON.parse(data.toString('utf8')));
      else cb(null, data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    });
  };
  let done = false;
  try {
    Az.Morph.init(dictDir, (err) => {
      if (err) failure = err;
      done = true;
    });
    while (queue.length) (queue.shift() as () => void)();
  } finally {
    Az.load = original;
  }
  if (failure || !done) throw new Error(`cannot load the Russian morphology dictionaries from ${dictDir}: ${failure ?? 'incomplete'}`);
  morphReady = true;
}

const stemmers = new Map<string, Stemmer>();
function stemmer(lang: 'russian' | 'english'): Stemmer {
  let s = stemmers.get(lang);
  if (!s) {
    s = snowball.newStemmer(lang);
    stemmers.set(lang, s);
  }
  return s;
}

const CYRILLIC = /[\u0400-\u04FF]/;

export interface WordInfo {
  /** Lemmas and stems, lower case. */
  keys: Set<string>;
  /** Grammemes of the most probable parse (Russian only), e.g. NOUN, ADJF, Surn, Name, Geox, Orgn. */
  best: Set<string>;
  /** Union of the grammemes of all dictionary parses (Russian only). */
  any: Set<string>;
  /** Lemma of the most probable parse (lower case; the word itself when none). */
  lemma: string;
  /** Russian: the word is in Az's dictionary (not only guessed from its ending). */
  known: boolean;
}

const cache = new Map<string, WordInfo>();

function grammemes(tag: AzTag): string[] {
  return tag
    .toString()
    .split(/[ ,]/)
    .filter((g) => g.length > 0);
}

/** Keys and grammatical information for one word (letters only), cached. */
export function wordInfo(word: string): WordInfo {
  const hit = cache.get(word);
  if (hit) return hit;
  const lower = word.toLowerCase();
  const keys = new Set<string>([lower]);
  const best = new Set<string>();
  const any = new Set<string>();
  let lemma = lower;
  let known = false;
  if (CYRILLIC.test(word)) {
    ensureMorph();
    const parses = Az.Morph(word);
    parses.forEach((p, i) => {
      const norm = p.normalize().word.toLowerCase();
      // Dictionary parses (no typo correction) give lemmas; guessed ones only when nothing else.
      if (!p.typos) keys.add(norm);
      const g = grammemes(p.tag);
      if (i === 0) {
        lemma = norm;
        g.forEach((x) => best.add(x));
      }
      g.forEach((x) => any.add(x));
      if (p.parser === 'Dictionary') known = true;
    });
    keys.add(stemmer('russian').stem(lower));
  } else {
    keys.add(stemmer('english').stem(lower));
  }
  const info = { keys, best, any, lemma, known };
  cache.set(word, info);
  return info;
}

/** Do two words share a lemma or stem? */
export function sameWord(a: string, b: string): boolean {
  if (a.toLowerCase() === b.toLowerCase()) return true;
  const ka = wordInfo(a).keys;
  for (const k of wordInfo(b).keys) if (ka.has(k)) return true;
  return false;
}

/** The nominative (dictionary) form of a Russian word, keeping its initial capital. */
export function nominative(word: string): string {
  if (!CYRILLIC.test(word)) return word;
  const lemma = wordInfo(word).lemma;
  if (word === word.toUpperCase()) return word;
  return word[0] === word[0].toUpperCase() ? lemma.charAt(0).toUpperCase() + lemma.slice(1) : lemma;
}
