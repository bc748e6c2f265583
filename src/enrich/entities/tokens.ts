/**
 * Tokens of a text segment with their character offsets: words (letters),
 * numbers (digits) and single punctuation characters; white space separates
 * tokens and is not a token. Offsets index the segment string, so a match
 * over tokens maps back to an exact character range.
 */
export interface Token {
  text: string;
  start: number;
  end: number;
  kind: 'word' | 'num' | 'punct';
  /** White space (or the segment start) right before the token. */
  spaceBefore: boolean;
}

const TOKEN = /(\p{L}[\p{L}\p{M}]*)|(\p{Nd}+)|([^\s\p{L}\p{Nd}])/gu;

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    const start = m.index ?? 0;
    out.push({
      text: m[0],
      start,
      end: start + m[0].length,
      kind: m[1] ? 'word' : m[2] ? 'num' : 'punct',
      spaceBefore: start === 0 || start > last,
    });
    last = start + m[0].length;
  }
  return out;
}

const DASHES = /[-\u2010\u2011\u2012\u2013\u2014\u2212]/;
const QUOTES = /["\u201C\u201D\u201E\u00AB\u00BB]/;
const APOSTROPHES = /['\u2019\u02BC]/;

/** Punctuation compared loosely: every hyphen/dash is one sign, every double quote one, every apostrophe one. */
export function punctKey(p: string): string {
  if (DASHES.test(p)) return '-';
  if (QUOTES.test(p)) return '"';
  if (APOSTROPHES.test(p)) return "'";
  return p;
}

export function isCapitalised(word: string): boolean {
  const c = word.charAt(0);
  return c !== c.toLowerCase() && c === c.toUpperCase();
}

/** Two or more letters, all capitals (ЦК, РКП, CPSU). */
export function isAllCaps(word: string): boolean {
  return word.length >= 2 && word === word.toUpperCase() && word !== word.toLowerCase();
}

export function isRomanNumeral(word: string): boolean {
  return /^(?=[MDCLXVI])M{0,3}(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$/.test(word);
}

/**
 * Is token i the first word of a sentence: the segment's first token, or
 * after . ! ? … (and any quotes or dashes after those), unless the full stop
 * closes a single-letter initial ("И.", "J.").
 */
export function sentenceInitial(tokens: Token[], i: number): boolean {
  let j = i - 1;
  while (j >= 0 && tokens[j].kind === 'punct' && (QUOTES.test(tokens[j].text) || DASHES.test(tokens[j].text) || tokens[j].text === '(')) j--;
  if (j < 0) return true;
  const t = tokens[j];
  if (t.kind !== 'punct' || !/[.!?…:]/.test(t.text)) return false;
  if (t.text === '.' && j > 0 && tokens[j - 1].kind === 'word' && tokens[j - 1].text.length === 1 && isCapitalised(tokens[j - 1].text)) return false;
  return true;
}
