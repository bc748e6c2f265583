import type { Inline } from '../../model/document';

/**
 * Anchors: things a sentence and its translation share whatever the
 * language. Keys are strings:
 * - `num:N` for a number, written in digits ("1925", "1‑10" gives 1 and 10),
 *   in Roman numerals ("XIV") or as an English or Russian number word
 *   ("Fourteenth", "twenty-second", "четырнадцатый");
 * - `date:V` for a date mention with a normalised value (`when`, or
 *   `from/to`), whatever its wording;
 * - `ref:ID` for a mention linked to the register;
 * - `cog:XXXX` for a word that may be a cognate or a transliterated name
 *   (Simard, Foster & Isabelle 1992): the first four letters of a word of
 *   five letters or more, Cyrillic transliterated and both scripts folded to
 *   one spelling ("конференции" and "conference" both give `cog:konf`,
 *   "Саркиса" and "Sarkis" `cog:sark`). These are weak hints: the aligner
 *   counts them only when both sides share them.
 */

const EN_UNITS: Record<string, number> = {
  one: 1, first: 1, two: 2, second: 2, three: 3, third: 3, four: 4, fourth: 4, five: 5, fifth: 5, six: 6, sixth: 6,
  seven: 7, seventh: 7, eight: 8, eighth: 8, nine: 9, ninth: 9,
};
const EN_TEENS: Record<string, number> = {
  ten: 10, tenth: 10, eleven: 11, eleventh: 11, twelve: 12, twelfth: 12, thirteen: 13, thirteenth: 13,
  fourteen: 14, fourteenth: 14, fifteen: 15, fifteenth: 15, sixteen: 16, sixteenth: 16, seventeen: 17,
  seventeenth: 17, eighteen: 18, eighteenth: 18, nineteen: 19, nineteenth: 19,
};
const EN_TENS: Record<string, number> = {
  twenty: 20, twentieth: 20, thirty: 30, thirtieth: 30, forty: 40, fortieth: 40, fifty: 50, fiftieth: 50,
  sixty: 60, sixtieth: 60, seventy: 70, seventieth: 70, eighty: 80, eightieth: 80, ninety: 90, ninetieth: 90,
};

/** English number word ("fourteenth", "twenty-second") → value. "one" and "second" are left out: too often not numbers. */
export function englishNumberWord(word: string): number | undefined {
  const w = word.toLowerCase();
  if (w === 'one' || w === 'second') return undefined;
  if (w in EN_UNITS) return EN_UNITS[w];
  if (w in EN_TEENS) return EN_TEENS[w];
  if (w in EN_TENS) return EN_TENS[w];
  const m = /^([a-z]+)[-‑]([a-z]+)$/.exec(w);
  if (m && m[1] in EN_TENS && m[2] in EN_UNITS) return EN_TENS[m[1]] + EN_UNITS[m[2]];
  return undefined;
}

/** Russian ordinal stems (the adjective endings are checked separately). */
const RU_ORDINAL_STEMS: Array<[string, number]> = [
  ['перв', 1], ['втор', 2], ['трет', 3], ['четв[её]рт', 4], ['пят', 5], ['шест', 6], ['седьм', 7], ['восьм', 8],
  ['девят', 9], ['десят', 10], ['одиннадцат', 11], ['двенадцат', 12], ['тринадцат', 13], ['четырнадцат', 14],
  ['пятнадцат', 15], ['шестнадцат', 16], ['семнадцат', 17], ['восемнадцат', 18], ['девятнадцат', 19],
  ['двадцат', 20], ['тридцат', 30], ['сороков', 40], ['пятидесят', 50],
];
const RU_ADJ_ENDINGS = '(?:ый|ой|ий|ая|ое|ые|ого|ому|ым|ом|ую|ых|ыми|ья|ье|ьи|ьего|ьей|ьему|ьим|ьем|ью|ьих|ьими|ей)';
const RU_ORDINALS = RU_ORDINAL_STEMS.map(([stem, n]) => [new RegExp(`^${stem}${RU_ADJ_ENDINGS}$`, 'u'), n] as const);
const RU_CARDINALS: Record<string, number> = {
  два: 2, две: 2, двух: 2, три: 3, трех: 3, трёх: 3, четыре: 4, четырех: 4, четырёх: 4, пять: 5, пяти: 5,
  шесть: 6, шести: 6, семь: 7, семи: 7, восемь: 8, восьми: 8, девять: 9, девяти: 9, десять: 10, десяти: 10,
  двадцать: 20, двадцати: 20, тридцать: 30, тридцати: 30,
};

/** Russian number word ("четырнадцатый", "пять") → value. "второй" is left out (also "second, other"). */
export function russianNumberWord(word: string): number | undefined {
  const w = word.toLowerCase();
  if (w in RU_CARDINALS) return RU_CARDINALS[w];
  if (/^втор/u.test(w)) return undefined;
  for (const [re, n] of RU_ORDINALS) if (re.test(w)) return n;
  return undefined;
}

const ROMAN_RE = /^(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$/;
const ROMAN_VALUES: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100 };

/** Roman numeral of two or more letters (I to LXXXIX, XC…) → value; single letters are initials. */
export function romanNumeral(word: string): number | undefined {
  if (word.length < 2 || !ROMAN_RE.test(word)) return undefined;
  let total = 0;
  for (let i = 0; i < word.length; i++) {
    const v = ROMAN_VALUES[word[i]];
    const next = i + 1 < word.length ? ROMAN_VALUES[word[i + 1]] : 0;
    total += v < next ? -v : v;
  }
  return total;
}

const CYRILLIC_TO_LATIN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'iu', я: 'ia', і: 'i', ї: 'i', є: 'e', ґ: 'g',
};

/** One spelling for both scripts: transliterate Cyrillic, fold Latin spellings that sound alike. */
export function foldSpelling(word: string): string {
  let w = '';
  for (const ch of word.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')) w += CYRILLIC_TO_LATIN[ch] ?? ch;
  return w
    .replace(/[^a-z]/g, '')
    .replace(/ph/g, 'f')
    .replace(/th/g, 't')
    .replace(/x/g, 'ks')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/[cq]/g, 'k')
    .replace(/w/g, 'v')
    .replace(/[yj]/g, 'i')
    .replace(/z/g, 's')
    .replace(/(.)\1+/g, '$1');
}

/**
 * What a word gives, remembered per word (texts repeat their words; the
 * folding and the number-word tests cost more than a lookup). Cleared when
 * full, so memory stays bounded.
 */
const WORD_MEMO_LIMIT = 50_000;
const cognateMemo = new Map<string, string | null>();
const numberMemo = new Map<string, number | null>();

function memo<V>(map: Map<string, V>, key: string, compute: (key: string) => V): V {
  let v = map.get(key);
  if (v === undefined && !map.has(key)) {
    v = compute(key);
    if (map.size >= WORD_MEMO_LIMIT) map.clear();
    map.set(key, v);
  }
  return v as V;
}

function cognateOf(word: string): string | null {
  const folded = foldSpelling(word);
  return folded.length >= 4 ? `cog:${folded.slice(0, 4)}` : null;
}

function numberOfWord(word: string): number | null {
  return romanNumeral(word) ?? englishNumberWord(word) ?? russianNumberWord(word) ?? null;
}

/** Cognate anchors of a plain text. */
export function cognateAnchors(text: string, out: Set<string>): void {
  for (const m of text.matchAll(/\p{L}{5,}/gu)) {
    const key = memo(cognateMemo, m[0], cognateOf);
    if (key !== null) out.add(key);
  }
}

/** Number anchors of a plain text. */
export function numberAnchors(text: string, out: Set<string>): void {
  // thousands may be grouped: "2,400", "2 400" (no-break or thin space) = 2400
  for (const m of text.matchAll(/(?<![\p{Nd},.])\p{Nd}{1,3}(?:[,\u00a0\u202f\u2009]\p{Nd}{3})+(?![\p{Nd}]|[,.]\p{Nd})|\p{Nd}+/gu)) {
    const digits = m[0].replace(/[^\p{Nd}]/gu, '').replace(/^0+(?=\d)/u, '');
    out.add(`num:${digits}`);
  }
  for (const m of text.matchAll(/[\p{L}]+(?:[-‑][\p{L}]+)?/gu)) {
    const n = memo(numberMemo, m[0], numberOfWord);
    if (n !== null) out.add(`num:${n}`);
  }
}

/**
 * Sentences' anchors by their content array, kept by alignEdition for one
 * alignment: a paragraph's anchors are its sentences', and the sentences'
 * are asked for again when sentences are aligned.
 */
export type SentenceAnchors = WeakMap<Inline[], ReadonlySet<string>>;

/** All anchors of some inline content (with `sentences`: each sentence's computed once and kept there). */
export function anchorsOf(nodes: Inline[], out: Set<string> = new Set(), sentences?: SentenceAnchors): Set<string> {
  let text = '';
  const flush = (): void => {
    if (text !== '') {
      numberAnchors(text, out);
      cognateAnchors(text, out);
    }
    text = '';
  };
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        text += node.text;
        break;
      case 'noteRef':
      case 'pageRef':
      case 'lb':
        flush();
        text += ' ';
        break;
      case 'entity':
        flush();
        if (node.ref) out.add(`ref:${node.ref}`);
        if (node.when) out.add(`date:${node.when}`);
        if (node.from || node.to) out.add(`date:${node.from ?? ''}/${node.to ?? ''}`);
        anchorsOf(node.children, out, sentences);
        break;
      case 's':
        flush();
        // the same keys in the same order as anchorsOf(node.children, out)
        if (sentences) for (const key of sentenceAnchors(node.children, sentences)) out.add(key);
        else anchorsOf(node.children, out);
        break;
      default:
        flush();
        anchorsOf(node.children, out, sentences);
    }
  }
  flush();
  return out;
}

/** anchorsOf a sentence's content, computed once per content array (which must not change afterwards); the set is shared: read it only. */
export function sentenceAnchors(children: Inline[], sentences: SentenceAnchors): ReadonlySet<string> {
  let set = sentences.get(children);
  if (!set) {
    set = anchorsOf(children, new Set(), sentences);
    sentences.set(children, set);
  }
  return set;
}
