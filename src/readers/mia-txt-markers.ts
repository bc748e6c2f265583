/**
 * Note markers in Marxists Internet Archive plain text.
 *
 * The format prints a note marker as a bare number, either glued to the word
 * before it ("Conference1", "work.3", "said,4") or after one space ("report 2
 * is"). Numbers are also plain text ("Vol. 7", "No. 1 (58)", "13 delegates",
 * "December 8"), so a number becomes a marker only by these rules, applied to
 * the candidates in document order (title, then body):
 *
 * 1. Only numbers of one to three digits are candidates, and never part of a
 *    longer number or word ("1925", "12th", "1.5" are never markers).
 * 2. A *strong* candidate is glued to a lowercase letter ("report2") or to
 *    punctuation that follows a letter or closes a quotation/bracket ("work.3",
 *    "said,4", "(B.)5", "“quote”6"), except after an abbreviation that takes a
 *    number ("No.1", "Vol.7", "p.5", "pp.12", "Art.3", "Ch.2"). A strong
 *    candidate is always a marker: its note must exist (else
 *    `mia-txt/missing-note`) and must not be referenced already (else
 *    `mia-txt/note-referenced-twice`). Endnote order does not matter.
 * 3. A *weak* candidate is glued to a capital letter ("USSR1", but also
 *    "B52") or follows one space after a word ("report 2"). It is a
 *    marker only when (a) an endnote with that number exists, (b) that note is
 *    not referenced yet, (c) it is the smallest note number not yet referenced
 *    (markers run in order through a text), and (d) the words around it do not
 *    make it a quantity or a reference: the word before is not a function
 *    word, a numbering noun or abbreviation ("of 13", "Vol. 7", "No. 1",
 *    "chapter 2", "about 3") or a month ("December 8"), and the word after is
 *    not a month ("8 December"), a number ("2 000") or "per"/"percent"/"%".
 *    Otherwise the number stays text; a weak candidate never raises an error.
 *    A number right after a year that ends a sentence ("held in 1925.2 The")
 *    is a weak candidate too.
 * 4. Explicit markers, "[2]" and superscript digits ("Conference¹"), glued to
 *    the word before or after one space, are strong candidates.
 * The space before a spaced marker is part of the marker's syntax: "report 2
 * is" reads as "report" + marker + " is".
 */
import { monthNumber } from './mia-txt-dates';

export interface MarkerCandidate {
  /** Offset of the first digit. */
  start: number;
  /** Offset after the last digit. */
  end: number;
  /** Where the marker's syntax starts (the space before a spaced marker). */
  cutFrom: number;
  n: number;
  strength: 'strong' | 'weak';
}

const NUMBER_ABBREVIATIONS = new Set([
  'no', 'nos', 'nr', 'vol', 'vols', 'p', 'pp', 'art', 'arts', 'ch', 'chap', 'sec', 'para', 'par', 'fig',
  'pt', 'bd', 's', 't', 'tom', 'op', 'ed', 'eds', 'cf', 'l', 'll', 'v', 'vv', 'n', 'nn', 'col', 'cols', 'kn',
]);

const STOP_BEFORE = new Set([
  // function words and quantifiers that take a number after them
  'of', 'the', 'a', 'an', 'to', 'in', 'on', 'at', 'by', 'for', 'from', 'with', 'about', 'than', 'and', 'or', 'nor',
  'but', 'some', 'all', 'over', 'under', 'nearly', 'almost', 'around', 'approximately', 'only', 'just', 'least',
  'most', 'more', 'less', 'fewer', 'between', 'into', 'onto', 'upon', 'after', 'before', 'since', 'until', 'till',
  'within', 'per', 'each', 'every', 'these', 'those', 'his', 'her', 'its', 'their', 'our', 'your', 'my', 'were',
  'was', 'are', 'is', 'be', 'been', 'had', 'has', 'have', 'total', 'totalling', 'totaling', 'numbered', 'exactly',
  'some', 'another', 'first', 'last', 'next', 'every', 'aged', 'age', 'minus', 'plus', 'times', 'by',
  // numbering nouns
  'volume', 'volumes', 'page', 'pages', 'chapter', 'chapters', 'article', 'articles', 'section', 'sections',
  'paragraph', 'paragraphs', 'point', 'points', 'item', 'items', 'clause', 'clauses', 'part', 'parts', 'book',
  'books', 'number', 'numbers', 'line', 'lines', 'verse', 'verses', 'thesis', 'theses', 'table', 'tables',
  'figure', 'figures', 'year', 'years', 'issue', 'issues', 'edition', 'editions', 'session', 'sessions', 'note',
  'notes', 'footnote', 'footnotes', 'question', 'questions', 'letter', 'letters', 'act', 'scene', 'column',
  'columns', 'appendix', 'room', 'house', 'square', 'street', 'no', 'nos', 'vol', 'vols', 'p', 'pp', 'art', 'ch',
]);

const STOP_AFTER = new Set(['per', 'percent', 'cent', 'pc']);

const isLetter = (c: string | undefined): boolean => c !== undefined && /\p{L}|\p{M}/u.test(c);
const isLower = (c: string | undefined): boolean => c !== undefined && /\p{Ll}/u.test(c);
const CLOSERS = ')]’”"\'»';
const AFTER_WORD_PUNCT = '.,;:!?';

/** The word (letter run) that ends at offset `end` (exclusive). */
function wordBefore(text: string, end: number): string {
  let i = end;
  while (i > 0 && isLetter(text[i - 1])) i--;
  return text.slice(i, end);
}

/** All one- to three-digit numbers of `text` that could be note markers, in order. */
export function markerCandidates(text: string): MarkerCandidate[] {
  const out: MarkerCandidate[] = [];
  const re = /(?<!\p{N})\d{1,3}(?![\p{N}\p{L}])/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (start === 0) continue;
    const after = text[end];
    // "1.5", "2,000", "3:15": a number going on after punctuation
    if (after !== undefined && /[.,:]/u.test(after) && /\p{N}/u.test(text[end + 1] ?? '')) continue;
    const n = Number(m[0]);
    const c = text[start - 1];
    if (/\s/u.test(c) && c !== ' ') continue;
    if (isLetter(c)) {
      out.push({ start, end, cutFrom: start, n, strength: isLower(c) ? 'strong' : 'weak' });
      continue;
    }
    if (AFTER_WORD_PUNCT.includes(c) || CLOSERS.includes(c)) {
      const c2 = text[start - 2];
      // "in 1925.2 The": a marker after a year that ends a sentence (weak: "1925.2" could be a number)
      if (c === '.' && /(?<![\p{N}\p{L}])\d{4}$/u.test(text.slice(0, start - 1)) && (after === undefined || after === ' ')) {
        out.push({ start, end, cutFrom: start, n, strength: 'weak' });
        continue;
      }
      const gluedToWord = isLetter(c2) || (CLOSERS.includes(c) && c2 !== undefined && c2 !== ' ' && !/\p{N}/u.test(c2));
      if (!gluedToWord) continue;
      if (c === '.' && NUMBER_ABBREVIATIONS.has(wordBefore(text, start - 1).toLowerCase())) continue;
      out.push({ start, end, cutFrom: start, n, strength: 'strong' });
      continue;
    }
    if (c === ' ') {
      const c2 = text[start - 2];
      if (!(isLetter(c2) || (c2 !== undefined && CLOSERS.includes(c2)))) continue;
      if (after !== undefined && !/[\s.,;:!?)\]’”"»]/u.test(after)) continue;
      const prev = wordBefore(text, c2 === undefined || isLetter(c2) ? start - 1 : start - 2).toLowerCase();
      if (STOP_BEFORE.has(prev) || NUMBER_ABBREVIATIONS.has(prev) || monthNumber(prev) !== undefined) continue;
      const next = /^\s*(\S+)/u.exec(text.slice(end))?.[1] ?? '';
      const nextWord = next.replace(/[.,;:!?)\]’”"»]+$/u, '');
      if (after === ' ' && (/^[\p{N}%]/u.test(next) || STOP_AFTER.has(nextWord.toLowerCase()) || monthNumber(nextWord) !== undefined)) continue;
      out.push({ start, end, cutFrom: start - 1, n, strength: 'weak' });
    }
  }
  // Explicit markers: "[2]" and superscript digits ("Conference¹"), glued or after one space.
  const explicit = /\[(\d{1,3})\]|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})(?![\p{N}])/gu;
  for (let m = explicit.exec(text); m; m = explicit.exec(text)) {
    const start = m.index;
    if (start === 0) continue;
    const spaced = text[start - 1] === ' ';
    if (spaced ? start < 2 || /\s/u.test(text[start - 2]) : /\s/u.test(text[start - 1])) continue;
    if (m[2] !== undefined && /\p{N}/u.test(text[start - 1])) continue;
    const digits = m[1] ?? [...m[2]].map((ch) => String(SUPERSCRIPTS.indexOf(ch))).join('');
    out.push({ start, end: start + m[0].length, cutFrom: spaced ? start - 1 : start, n: Number(digits), strength: 'strong' });
  }
  return out.sort((a, b) => a.start - b.start);
}

const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

export interface MarkerProblem {
  rule: 'mia-txt/missing-note' | 'mia-txt/note-referenced-twice';
  segment: number;
  candidate: MarkerCandidate;
  message: string;
}

/**
 * Decide which candidates of a sequence of text segments (in document order)
 * are markers, given the numbers of the endnotes that exist. Returns the
 * accepted candidates per segment, or the first problem.
 */
export function decideMarkers(
  segments: string[],
  noteNumbers: Set<number>,
): { accepted: MarkerCandidate[][]; problem?: MarkerProblem } {
  const referenced = new Set<number>();
  const sorted = [...noteNumbers].sort((a, b) => a - b);
  const expected = (): number | undefined => sorted.find((n) => !referenced.has(n));
  const accepted: MarkerCandidate[][] = segments.map(() => []);
  for (let s = 0; s < segments.length; s++) {
    for (const cand of markerCandidates(segments[s])) {
      if (cand.strength === 'strong') {
        if (!noteNumbers.has(cand.n)) {
          const have = sorted.length === 0 ? 'the text has no endnotes' : `the endnotes are ${sorted.join(', ')}`;
          return {
            accepted,
            problem: { rule: 'mia-txt/missing-note', segment: s, candidate: cand, message: `note marker ${cand.n} has no endnote (${have}; expected an endnote "${cand.n}. …" or "[${cand.n}] …" at the end)` },
          };
        }
        if (referenced.has(cand.n)) {
          return {
            accepted,
            problem: { rule: 'mia-txt/note-referenced-twice', segment: s, candidate: cand, message: `note ${cand.n} is referenced a second time (expected each endnote to have exactly one marker)` },
          };
        }
      } else if (!noteNumbers.has(cand.n) || referenced.has(cand.n) || cand.n !== expected()) {
        continue;
      }
      referenced.add(cand.n);
      accepted[s].push(cand);
    }
  }
  return { accepted };
}
