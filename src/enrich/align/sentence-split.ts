/**
 * Sentence boundaries, per language, on plain text.
 *
 * A boundary can only sit in whitespace. It is placed where the text before
 * the gap ends with terminal punctuation (. ! ? …, possibly followed by
 * closing quotes or brackets) and the text after it starts (after opening
 * quotes, brackets or dashes) with an upper-case letter or a digit. A full
 * stop does not end a sentence after an initial ("J. V. Stalin",
 * "И.В. Сталина"), inside dotted abbreviations and party names ("R.C.P.(B.)",
 * "т.е."), after a known abbreviation of the language ("Vol.", "тов.",
 * "No. 1"), or after "г."/"гг." that does not follow a year.
 */

/** Characters that may close a sentence after its final punctuation. */
const CLOSERS = ')]}»”"’\'›';
const CLOSERS_RE = /[)\]}»”"’'›]+$/u;
/** Characters that may open a sentence before its first letter. */
const OPENERS_RE = /^[\s([{«“„"‘'‹‚—–\-]+/u;
const OPENER_IN_WORD_RE = /^.*[([{«“„"‘'‹‚]/u;

interface AbbreviationSet {
  /** Never end a sentence ("Mr.", "тов."). Lower case, without the final dot. */
  never: ReadonlySet<string>;
  /** End a sentence only when the next word does not start with a digit ("No. 1"). */
  beforeNumber: ReadonlySet<string>;
  /** End a sentence when the next word starts with a capital ("etc.", "и т.д."). */
  terminal: ReadonlySet<string>;
  /** Abbreviations of "year(s)" that end a sentence only after a number ("1925 г."). */
  year: ReadonlySet<string>;
}

const EN: AbbreviationSet = {
  never: new Set([
    'mr', 'mrs', 'ms', 'messrs', 'dr', 'st', 'prof', 'gen', 'col', 'capt', 'lt', 'sgt', 'rev', 'hon', 'mt', 'ft',
    'vs', 'cf', 'viz', 'approx', 'ca', 'ed', 'eds', 'trans', 'transl', 'fig', 'figs', 'ch', 'chap', 'sec', 'art',
    'op', 'cit', 'ibid', 'comp', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
    'e.g', 'i.e', 'a.m', 'p.m',
  ]),
  beforeNumber: new Set(['no', 'nos', 'vol', 'vols', 'pp', 'nr', 'pt', 'pts', 'bk']),
  terminal: new Set(['etc', 'al']),
  year: new Set(),
};

const RU: AbbreviationSet = {
  never: new Set([
    'тов', 'см', 'ср', 'стр', 'ст', 'им', 'ул', 'гр', 'акад', 'проф', 'чл', 'вып', 'изд', 'ред', 'сб', 'соч', 'отд',
    'кн', 'гл', 'рис', 'табл', 'напр', 'млн', 'млрд', 'тыс', 'руб', 'коп', 'чел', 'обл', 'губ', 'наб', 'пер', 'пл',
    'т.е', 'т.к', 'т.н', 'т.о', 'и.о', 'н.э', 'вв', 'тт', 'пос', 'дер', 'стб', 'мин', 'сек', 'англ', 'нем', 'франц',
    'лат', 'рус', 'букв',
  ]),
  beforeNumber: new Set(['no']),
  terminal: new Set(['др', 'пр', 'т.д', 'т.п', 'etc']),
  year: new Set(['г', 'гг']),
};

/** Words of a Russian time phrase that may open a sentence: "в", "к", "весной", "1 сентября". */
const TIME_PHRASE_WORD =
  /^(?:в|во|к|с|со|до|после|около|от|весной|летом|осенью|зимой|начале|конце|середине|январ\p{L}*|феврал\p{L}*|март\p{L}*|апрел\p{L}*|ма[йяе]|июн\p{L}*|июл\p{L}*|август\p{L}*|сентябр\p{L}*|октябр\p{L}*|ноябр\p{L}*|декабр\p{L}*|[\p{Nd}\-–‑]+)$/iu;

const GENERIC: AbbreviationSet = { never: new Set(), beforeNumber: new Set(), terminal: new Set(), year: new Set() };

function abbreviationsFor(lang: string): AbbreviationSet {
  const base = lang.split('-')[0].toLowerCase();
  if (base === 'ru') return RU;
  if (base === 'en') return EN;
  return GENERIC;
}

/** Words that typically open a sentence (after a dotted acronym in capitals). */
const SENTENCE_OPENERS: ReadonlySet<string> = new Set([
  'The', 'This', 'That', 'These', 'Those', 'It', 'Its', 'In', 'On', 'At', 'But', 'And', 'He', 'She', 'They', 'We',
  'I', 'A', 'An', 'There', 'His', 'Our', 'Their', 'As', 'For', 'To', 'If', 'When', 'After', 'Since', 'However',
  'Это', 'Эти', 'Он', 'Она', 'Они', 'Мы', 'Я', 'Но', 'И', 'В', 'На', 'После', 'Однако', 'Так', 'Там', 'Его', 'Их',
]);
const UPPER_RE = /^\p{Lu}/u;
const DIGIT_RE = /^\p{Nd}/u;
const LETTER_RE = /\p{L}/u;
const ROMAN_START_RE = /^[IVXLC]+\b/u;

/**
 * Does a sentence end in the whitespace between `before` (the current
 * sentence so far, up to the gap) and `after` (the text after the gap)?
 */
export function isSentenceBoundary(before: string, after: string, lang: string): boolean {
  const prev = before.trimEnd();
  if (!LETTER_RE.test(prev)) return false; // "1." or "–" alone is no sentence
  const next = after.replace(OPENERS_RE, '');
  if (!(UPPER_RE.test(next) || DIGIT_RE.test(next))) return false;
  const tokenMatch = /\S+$/u.exec(prev);
  const token = tokenMatch ? tokenMatch[0] : '';
  const tokenStart = tokenMatch ? tokenMatch.index : prev.length;
  const core = token.replace(CLOSERS_RE, '');
  if (!/[.!?…]$/u.test(core)) return false;
  if (/[!?…]$/u.test(core) || core.endsWith('..')) return true;
  // a single final full stop
  const beforeDot = core.slice(0, -1);
  if (beforeDot === '') return true; // "word ." or "(…)."
  if (CLOSERS.includes(beforeDot[beforeDot.length - 1])) return true; // "R.C.P.(B.)." ends a sentence
  const word = beforeDot.replace(OPENER_IN_WORD_RE, '');
  if (word === '') return true;
  const abbr = abbreviationsFor(lang);
  const lower = word.toLowerCase();
  if (abbr.year.has(lower)) {
    // "1925 г." ends a sentence; "г. Ленинград" (город) does not
    const words = prev.slice(0, tokenStart).trim().split(/\s+/u);
    if (!/\p{Nd}$/u.test(words[words.length - 1] ?? '')) return false;
    if (!UPPER_RE.test(next)) return false; // "в 1931 г. 1 500 руб." goes on
    // "В 1921 г. Иванов…", "Весной 1921 г. …": a sentence that so far is only a
    // fronted time phrase goes on
    return !words.every((w) => TIME_PHRASE_WORD.test(w));
  }
  if (/^\p{L}$/u.test(word)) return false; // an initial: "J.", "И."
  if (abbr.terminal.has(lower)) return true;
  if (abbr.never.has(lower)) return false;
  if (/^(\p{L}{1,3}\.)+\p{L}{1,3}$/u.test(word)) {
    // dotted: "И.В. Сталин", "R.C.P.(B.)", "т.е."; but an acronym in capitals
    // before a word that typically opens a sentence ends it ("the U.S.S.R. The …")
    return /^(\p{Lu}\.){2,}\p{Lu}$/u.test(word) && SENTENCE_OPENERS.has(/^\p{L}+/u.exec(next)?.[0] ?? '');
  }
  if (abbr.beforeNumber.has(lower)) return !(DIGIT_RE.test(next) || ROMAN_START_RE.test(next));
  return true;
}

/** A sentence as a character range of the input. */
export interface SentenceSpan {
  start: number;
  end: number;
}

/**
 * Split a plain text into sentences: character ranges without the
 * whitespace between them. Every non-whitespace character is in exactly
 * one sentence.
 */
export function splitSentences(text: string, lang: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  const tokenRe = /\S+/gu;
  let start = -1;
  let lastEnd = -1;
  let m: RegExpExecArray | null;
  while ((m = tokenRe.exec(text)) !== null) {
    if (start < 0) {
      start = m.index;
    } else if (isSentenceBoundary(text.slice(start, lastEnd), text.slice(m.index, m.index + 64), lang)) {
      spans.push({ start, end: lastEnd });
      start = m.index;
    }
    lastEnd = m.index + m[0].length;
  }
  if (start >= 0) spans.push({ start, end: lastEnd });
  return spans;
}
