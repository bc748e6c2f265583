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
  inflect(grammemes: string[]): AzParse | false;
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

// loaded on first use: a thread that only reads or keeps analyses (kept-words.ts) does not load them
let azModule: AzModule | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const az = (): AzModule => (azModule ??= require('az') as AzModule);
let snowballModule: { newStemmer(lang: string): Stemmer } | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const snowball = (): { newStemmer(lang: string): Stemmer } => (snowballModule ??= require('snowball-stemmers') as { newStemmer(lang: string): Stemmer });

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
  const Az = az();
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

/** Whether this thread loaded Az.Morph's dictionaries. */
export function morphLoaded(): boolean {
  return morphReady;
}

const stemmers = new Map<string, Stemmer>();
function stemmer(lang: 'russian' | 'english'): Stemmer {
  let s = stemmers.get(lang);
  if (!s) {
    s = snowball().newStemmer(lang);
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

/**
 * A word's analysis as kept between builds (kept-words.ts): keys, the best
 * parse's grammemes, all parses' grammemes, lemma, known (1) or not (0).
 */
export type KeptAnalysis = [keys: string[], best: string[], any: string[], lemma: string, known: 0 | 1];

/** Words this thread analysed with Az.Morph since they were last taken (takeAnalysedWords). */
const analysedHere = new Map<string, WordInfo>();

/**
 * Analyses kept by earlier builds, for words not analysed yet in this thread:
 * a word found here is not given to Az.Morph (whose dictionaries then need not
 * be loaded at all). Malformed entries are skipped.
 */
export function seedWordInfo(kept: Iterable<[string, unknown]>): void {
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
  for (const [word, a] of kept) {
    if (cache.has(word) || !Array.isArray(a) || a.length !== 5 || !strings(a[0]) || !strings(a[1]) || !strings(a[2]) || typeof a[3] !== 'string' || (a[4] !== 0 && a[4] !== 1)) continue;
    cache.set(word, { keys: new Set(a[0]), best: new Set(a[1]), any: new Set(a[2]), lemma: a[3], known: a[4] === 1 });
  }
}

/** The words this thread analysed with Az.Morph since the last call, to keep for later builds. */
export function takeAnalysedWords(): Array<[string, KeptAnalysis]> {
  const out = [...analysedHere].map(([w, i]): [string, KeptAnalysis] => [w, [[...i.keys], [...i.best], [...i.any], i.lemma, i.known ? 1 : 0]]);
  analysedHere.clear();
  return out;
}

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
    const parses = az().Morph(word);
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
  if (CYRILLIC.test(word)) analysedHere.set(word, info);
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

/** Keep the capitalisation of `like` (first capital, or all capitals). */
function caseLike(word: string, like: string): string {
  if (like.length > 1 && like === like.toUpperCase()) return word.toUpperCase();
  return like[0] === like[0].toUpperCase() ? word.charAt(0).toUpperCase() + word.slice(1) : word;
}

/**
 * A Russian name phrase in the nominative: the first noun (the head) and the
 * adjectives before it agree in the nominative; what follows the head (a
 * genitive complement) stays as it is. "ленинградской организации" →
 * "ленинградская организация"; "Секретариата ЦК РКП(б)" → "Секретариат ЦК
 * РКП(б)"; "XIV съезда партии" → "XIV съезд партии". Other phrases are
 * returned unchanged.
 */
export function nominativePhrase(phrase: string): string {
  if (!CYRILLIC.test(phrase)) return phrase;
  ensureMorph();
  const words = [...phrase.matchAll(/\p{L}+/gu)].map((m) => ({ text: m[0], start: m.index ?? 0 }));
  const headIdx = words.findIndex((w) => CYRILLIC.test(w.text) && w.text !== w.text.toUpperCase() && az().Morph(w.text)[0]?.tag.toString().split(/[ ,]/).includes('NOUN'));
  if (headIdx < 0) return phrase;
  const headParse = az().Morph(words[headIdx].text).find((p) => grammemes(p.tag).includes('NOUN'));
  if (!headParse) return phrase;
  const hg = grammemes(headParse.tag);
  const number = hg.includes('plur') && !hg.includes('Pltm') ? 'plur' : 'sing';
  const gender = ['masc', 'femn', 'neut'].find((g) => hg.includes(g));
  const replace = new Map<number, string>();
  const head = headParse.inflect(['nomn', number]);
  if (head) replace.set(headIdx, caseLike(head.word, words[headIdx].text));
  for (let i = 0; i < headIdx; i++) {
    const w = words[i];
    if (!CYRILLIC.test(w.text) || w.text === w.text.toUpperCase()) continue;
    const adj = az().Morph(w.text).find((p) => grammemes(p.tag).some((g) => g === 'ADJF' || g === 'PRTF'));
    if (!adj) continue;
    const form = adj.inflect(number === 'plur' || !gender ? ['nomn', 'plur'] : ['nomn', 'sing', gender]);
    if (form) replace.set(i, caseLike(form.word, w.text));
  }
  let out = '';
  let pos = 0;
  words.forEach((w, i) => {
    const r = replace.get(i);
    if (r === undefined) return;
    out += phrase.slice(pos, w.start) + r;
    pos = w.start + w.text.length;
  });
  return out + phrase.slice(pos);
}
