/**
 * Letter structure heuristics shared by the readers: which paragraph is the
 * salutation, which trailing paragraphs form the closer (role, signature,
 * dateline, first-publication line, closing salutation), and a small date
 * reader for datelines. Pure functions over plain strings and flags, so any
 * reader can use them (the Word-Markdown reader and the MIA plain-text reader).
 *
 * The rules are deliberately conservative: a line only joins the closer when it
 * looks like a date, a publication line, a name, or (for roles and closing
 * salutations) when a signature follows it. Russian, English and (for
 * keywords) German are covered; other languages fall back to the shape rules.
 */

export type CloserPartType = 'salute' | 'signed' | 'role' | 'dateline' | 'bibl';

/** One paragraph as the heuristics see it. */
export interface LetterLine {
  /** Plain text (no markup, no note labels), trimmed or not. */
  text: string;
  /** The whole paragraph was in italics. */
  italic?: boolean;
  /** The paragraph is a heading (headings are never opener or closer). */
  heading?: boolean;
}

export interface LetterLayout {
  /** Index of a dateline that opens the letter (right after the heading, before any salutation), or null. */
  openerDatelineIndex: number | null;
  /** Index of the salutation paragraph, or null. */
  saluteIndex: number | null;
  /** Index of the first closer paragraph, or null when there is no closer. */
  closerStart: number | null;
  /** Types of the closer paragraphs closerStart … end, in source order. */
  closerTypes: CloserPartType[];
  /**
   * Trailing first-publication lines of a text that is not a letter (no salutation,
   * no signature/dateline): their indices. Empty when a closer was found.
   */
  trailingBibl: number[];
}

const MAX_SALUTE_CHARS = 80;
const MAX_SALUTE_WORDS = 10;
const MAX_CLOSER_CHARS = 200;
const MAX_ROLE_WORDS = 16;

function clean(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

function wordCount(text: string): number {
  return clean(text).split(' ').filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/**
 * A salutation: a short line (≤ 80 characters, ≤ 10 words) ending in `!` or `,`
 * ("Дорогие товарищи!", "Dear comrades,", "Уважаемый Николай Иванович!"), with no
 * sentence end inside it.
 */
export function isSalutation(text: string): boolean {
  const t = clean(text);
  if (!t || t.length > MAX_SALUTE_CHARS || wordCount(t) > MAX_SALUTE_WORDS) return false;
  if (!/\p{L}/u.test(t)) return false;
  if (!/[!,]$/u.test(t)) return false;
  // no sentence boundary inside ("Thank you. Dear friends," is a sentence, not a salutation)
  return !/[.!?]\s+\p{Lu}/u.test(t.slice(0, -1));
}

const RU_MONTHS: Array<[RegExp, number]> = [
  [/^январ/u, 1],
  [/^феврал/u, 2],
  [/^март/u, 3],
  [/^апрел/u, 4],
  [/^ма[йя]$/u, 5],
  [/^июн/u, 6],
  [/^июл/u, 7],
  [/^август/u, 8],
  [/^сентябр/u, 9],
  [/^октябр/u, 10],
  [/^ноябр/u, 11],
  [/^декабр/u, 12],
];
const EN_MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DE_MONTHS = ['januar', 'februar', 'märz', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'dezember'];
const MONTH_WORD =
  '(?:январ[яь]|феврал[яь]|марта?|апрел[яь]|ма[йя]|июн[яь]|июл[яь]|августа?|сентябр[яь]|октябр[яь]|ноябр[яь]|декабр[яь]' +
  '|January|February|March|April|May|June|July|August|September|October|November|December' +
  '|Jan\\.|Feb\\.|Mar\\.|Apr\\.|Jun\\.|Jul\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\.' +
  '|Januar|Februar|März|Mai|Juni|Juli|Oktober|Dezember)';
const YEAR = '(\\d{4})(?:\\s?(?:г\\.|года?|гг\\.))?';
const DATE_EXPRS = [
  `(\\d{1,2})\\.?\\s${MONTH_WORD}\\s${YEAR}`, // 8 декабря 1925 г. / 8. Dezember 1925 / 8 December 1925
  `${MONTH_WORD}\\s(\\d{1,2}),?\\s${YEAR}`, // December 8, 1925
  `(\\d{1,2})[./](\\d{1,2})[./]${YEAR}`, // 8.12.1925
  `${MONTH_WORD}\\s${YEAR}`, // декабрь 1925 / December 1925
  `(\\d{4})\\s?(?:г\\.|года?)`, // 1925 г.
];
/** Optional place before the date: up to four capitalised words and a comma ("Москва, ", "New York, "). */
const PLACE = "(?:\\p{Lu}[\\p{L}’'\\-]*\\.?(?:\\s[\\p{L}’'\\-]+\\.?){0,3},\\s)?";
const DATELINE = new RegExp(`^${PLACE}(?:${DATE_EXPRS.join('|')})\\.?$`, 'iu');

/** A dateline: a date, optionally after a place ("8 декабря 1925 г.", "Москва, 3 мая 1926 г.", "December 8, 1925"). */
export function isDateline(text: string): boolean {
  const t = clean(text);
  return t.length <= 80 && DATELINE.test(t);
}

function monthNumber(word: string): number | null {
  const w = word.toLowerCase().replace(/\.$/, '');
  for (const [re, n] of RU_MONTHS) if (re.test(w)) return n;
  const de = DE_MONTHS.indexOf(w);
  if (de >= 0) return de + 1;
  const en = EN_MONTHS.indexOf(w.slice(0, 3));
  if (en >= 0 && /^[a-z]+$/.test(w)) return en + 1;
  return null;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * ISO 8601 value of the first date in a dateline: "8 декабря 1925 г." → "1925-12-08",
 * "December 1925" → "1925-12", "1925 г." → "1925". Null when no date is recognised.
 */
export function parseDateIso(text: string): string | null {
  const t = clean(text);
  const month = new RegExp(MONTH_WORD, 'iu').source;
  let m = new RegExp(`(\\d{1,2})\\.?\\s(${month})\\s(\\d{4})`, 'iu').exec(t);
  if (m) {
    const mo = monthNumber(m[2]);
    const d = Number(m[1]);
    const y = Number(m[3]);
    if (mo && validDay(y, mo, d)) return `${m[3]}-${pad(mo)}-${pad(d)}`;
  }
  m = new RegExp(`(${month})\\s(\\d{1,2}),?\\s(\\d{4})`, 'iu').exec(t);
  if (m) {
    const mo = monthNumber(m[1]);
    const d = Number(m[2]);
    const y = Number(m[3]);
    if (mo && validDay(y, mo, d)) return `${m[3]}-${pad(mo)}-${pad(d)}`;
  }
  m = /(\d{1,2})[./](\d{1,2})[./](\d{4})/u.exec(t);
  if (m) {
    const d = Number(m[1]);
    const mo = Number(m[2]);
    const y = Number(m[3]);
    if (validDay(y, mo, d)) return `${m[3]}-${pad(mo)}-${pad(d)}`;
  }
  m = new RegExp(`(${month})\\s(\\d{4})`, 'iu').exec(t);
  if (m) {
    const mo = monthNumber(m[1]);
    if (mo) return `${m[2]}-${pad(mo)}`;
  }
  m = /(?:^|\D)(\d{4})(?:\D|$)/u.exec(t);
  return m ? m[1] : null;
}

const BIBL_KEYWORD =
  /(?:^|[^\p{L}])(?:журнал|газет[аы]|журн\.|газ\.|сборник|впервые|опубликовано|magazine|journal|newspaper|gazette|review|first published|published in|zeitschrift|zeitung)(?:[^\p{L}]|$)|№|(?:^|[^\p{L}])(?:No|Nr|Vol|Bd)\.\s?\d/iu;
const YEAR_IN_TEXT = /(?:^|\D)(1[5-9]\d\d|20\d\d)(?:\D|$)/u;

/**
 * A first-publication line: names a journal/newspaper ("Журнал", "Газета", "magazine",
 * "journal", …) or an issue ("№", "No. 1"); or it holds a year and looks like a citation
 * (italic, a quoted title, or an issue number in parentheses). A dateline is never a bibl.
 */
export function isFirstPublication(text: string, italic = false): boolean {
  const t = clean(text);
  if (!t || t.length > MAX_CLOSER_CHARS || isDateline(t)) return false;
  // a keyword alone ("… в ближайшем номере газеты.") is prose: a citation also has a year or an issue number
  if (!YEAR_IN_TEXT.test(t) && !/№\s?\d|(?:^|[^\p{L}])(?:No|Nr|Vol|Bd)\.\s?\d/u.test(t)) return false;
  if (BIBL_KEYWORD.test(t)) return true;
  return italic || /[«“„"]/u.test(t) || /\(\d+\)/u.test(t);
}

const POSSESSIVE = /^(?:ваш|ваша|ваши|твой|твоя|твои|yours(?:\s(?:truly|sincerely|faithfully|fraternally|ever))?|your|ihr|dein)[,]?\s+/iu;
const INITIAL = '\\p{Lu}\\.\\s?';
const NAME_WORD = "\\p{Lu}[\\p{Ll}’'\\-]+";
const SIGNATURE_SHAPES = [
  new RegExp(`^(?:${INITIAL}){1,3}\\s?${NAME_WORD}(?:\\s${NAME_WORD})?\\.?$`, 'u'), // И. Сталин, J. V. Stalin, И.В. Сталин
  new RegExp(`^${NAME_WORD}\\s(?:${INITIAL}){1,3}$`, 'u'), // Сталин И.В.
  new RegExp(`^${NAME_WORD}(?:\\s${NAME_WORD}){1,2}\\.?$`, 'u'), // Николай Бухарин (italic or after a possessive only)
];

/** The name in a signature line without a leading possessive ("Ваш Н. Бухарин" → "Н. Бухарин"). */
export function signatureName(text: string): string {
  return clean(text).replace(POSSESSIVE, '');
}

/**
 * A signature: a short name line — initials and surname ("И. Сталин", "J. Stalin",
 * "Сталин И.В."), optionally after "Ваш"/"Yours"; a line of two or three capitalised
 * words only counts when italic or after such a possessive.
 */
export function isSignature(text: string, italic = false): boolean {
  const t = clean(text);
  if (!t || t.length > 60) return false;
  const hasPossessive = POSSESSIVE.test(t);
  const name = signatureName(t);
  if (SIGNATURE_SHAPES[0].test(name) || SIGNATURE_SHAPES[1].test(name)) return true;
  return (italic || hasPossessive) && SIGNATURE_SHAPES[2].test(name);
}

const CLOSING_SALUTE =
  /^(?:с\s(?:\p{L}+\s)?приветом|с\s(?:\p{L}+\s)?уважением|yours(?:\s\p{L}+)?|with\s(?:\p{L}+\s){0,2}(?:greetings|regards)|sincerely|fraternally|kind regards|best regards|mit\s(?:\p{L}+\s)?grüßen)[,.!]?$/iu;

/**
 * A closing salutation ("С коммунистическим приветом", "Yours fraternally,",
 * "With comradely greetings,"), or any short line (≤ 6 words) ending in a comma.
 * Only accepted in a closer before a signature.
 */
export function isClosingSalute(text: string): boolean {
  const t = clean(text);
  if (!t || t.length > 60) return false;
  return CLOSING_SALUTE.test(t) || (wordCount(t) <= 6 && /,$/u.test(t) && /^\p{Lu}/u.test(t));
}

/**
 * A role line ("Член президиума конференции ленинградской организации", "Secretary of
 * the Central Committee"): starts with a capital, ≤ 16 words, ≤ 200 characters, and does
 * not end like a sentence or a salutation (. ! ? : ; ,). Only accepted before a signature.
 */
export function isRoleLine(text: string): boolean {
  const t = clean(text);
  if (!t || t.length > MAX_CLOSER_CHARS || wordCount(t) > MAX_ROLE_WORDS) return false;
  if (!/^\p{Lu}/u.test(t)) return false;
  return !/[.!?:;,]$/u.test(t);
}

/**
 * Classify a closer candidate, given what follows it in the closer.
 * `signedFollows`: a signature comes later in the closer; `next`: the type of the
 * closer part right after this one.
 */
export function classifyCloserLine(line: LetterLine, signedFollows: boolean, next: CloserPartType | null): CloserPartType | null {
  const t = clean(line.text);
  if (!t || line.heading || t.length > MAX_CLOSER_CHARS) return null;
  if (isDateline(t)) return 'dateline';
  if (isFirstPublication(t, line.italic)) return 'bibl';
  if (isSignature(t, line.italic)) return 'signed';
  if (signedFollows && isClosingSalute(t)) return 'salute';
  if ((next === 'signed' || next === 'role') && isRoleLine(t)) return 'role';
  return null;
}

/**
 * Find the opener and the closer of a letter in a sequence of paragraphs.
 * - opener dateline: the first paragraph after the first heading (or the first
 *   paragraph when there is no heading) when it is a dateline (`isDateline`) and
 *   more paragraphs follow;
 * - salutation: the next paragraph when `isSalutation` holds;
 * - closer: the longest run of trailing paragraphs that classify as closer parts
 *   (`classifyCloserLine`), leaving at least one body paragraph. A run of only
 *   first-publication lines is a closer only in a letter (salutation found);
 *   otherwise those lines are returned as `trailingBibl`.
 */
export function findLetterLayout(lines: LetterLine[]): LetterLayout {
  const firstHeading = lines.findIndex((l) => l.heading);
  let saluteIndex: number | null = null;
  let openerDatelineIndex: number | null = null;
  let firstBody = firstHeading >= 0 ? firstHeading + 1 : 0;
  const plain = (k: number): boolean => k < lines.length && !lines[k].heading;
  if (plain(firstBody) && plain(firstBody + 1) && isDateline(lines[firstBody].text)) {
    openerDatelineIndex = firstBody;
    firstBody++;
  }
  if (plain(firstBody) && isSalutation(lines[firstBody].text)) saluteIndex = firstBody;

  const lowest = (saluteIndex ?? firstBody - 1) + 2; // keep at least one body paragraph
  const types: CloserPartType[] = [];
  let start = lines.length;
  let signedFollows = false;
  for (let k = lines.length - 1; k >= Math.max(lowest, 0); k--) {
    const type = classifyCloserLine(lines[k], signedFollows, types.length ? types[0] : null);
    if (!type) break;
    types.unshift(type);
    start = k;
    if (type === 'signed') signedFollows = true;
  }
  const layout: LetterLayout = { openerDatelineIndex, saluteIndex, closerStart: null, closerTypes: [], trailingBibl: [] };
  if (!types.length) return layout;
  const letterish = types.some((t) => t !== 'bibl');
  if (letterish || saluteIndex !== null || openerDatelineIndex !== null) {
    layout.closerStart = start;
    layout.closerTypes = types;
  } else {
    layout.trailingBibl = types.map((_, i) => start + i);
  }
  return layout;
}
