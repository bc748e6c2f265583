/**
 * Dates as the Marxists Internet Archive writes them in date lines, datelines
 * and `Written:` fields: "December 8, 1925", "Dec. 8, 1925", "8 December 1925",
 * "8th December, 1925", "December 1925", "1925", "1925-12-08", and the same
 * shapes with German, French, Spanish, Italian and Russian month names
 * ("8. Dezember 1925", "8 décembre 1925", "8 de diciembre de 1925",
 * "8 декабря 1925 г."). A whole string either is one of these (→ ISO 8601) or
 * is not; ranges ("December 1-10, 1925") and seasons are only "date-like".
 */

const MONTHS: Record<string, number> = {};
function addMonths(names: string[]): void {
  names.forEach((name, i) => {
    for (const variant of name.split('|')) MONTHS[variant] = i + 1;
  });
}
addMonths([
  'january|jan', 'february|feb', 'march|mar', 'april|apr', 'may', 'june|jun',
  'july|jul', 'august|aug', 'september|sep|sept', 'october|oct', 'november|nov', 'december|dec',
]);
addMonths([
  'januar|jänner', 'februar', 'märz', 'april', 'mai', 'juni',
  'juli', 'august', 'september', 'oktober|okt', 'november', 'dezember|dez',
]);
addMonths([
  'janvier', 'février|fevrier', 'mars', 'avril', 'mai', 'juin',
  'juillet', 'août|aout', 'septembre', 'octobre', 'novembre', 'décembre|decembre',
]);
addMonths([
  'enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio',
  'julio', 'agosto', 'septiembre|setiembre', 'octubre', 'noviembre', 'diciembre',
]);
addMonths([
  'gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno',
  'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre',
]);
addMonths([
  'январь|января', 'февраль|февраля', 'март|марта', 'апрель|апреля', 'май|мая', 'июнь|июня',
  'июль|июля', 'август|августа', 'сентябрь|сентября', 'октябрь|октября', 'ноябрь|ноября', 'декабрь|декабря',
]);

/** Month number (1–12) of a month name or abbreviation (with or without a final dot), in any supported language. */
export function monthNumber(word: string): number | undefined {
  return MONTHS[word.toLowerCase().replace(/\.$/, '')];
}

const YEAR = '(\\d{4})';
const DAY = '(\\d{1,2})(?:st|nd|rd|th|\\.)?';
const MONTH = '([\\p{L}]+\\.?)';
const PATTERNS: Array<{ re: RegExp; order: 'mdy' | 'dmy' | 'my' | 'y' | 'iso' }> = [
  { re: new RegExp(`^${MONTH}\\s+${DAY},?\\s+${YEAR}$`, 'u'), order: 'mdy' },
  { re: new RegExp(`^${DAY}\\s+(?:de\\s+)?${MONTH},?\\s+(?:de\\s+)?${YEAR}(?:\\s*г\\.?)?$`, 'u'), order: 'dmy' },
  { re: new RegExp(`^${MONTH},?\\s+(?:de\\s+)?${YEAR}(?:\\s*г\\.?)?$`, 'u'), order: 'my' },
  { re: new RegExp(`^${YEAR}(?:\\s*г\\.?)?$`, 'u'), order: 'y' },
  { re: /^(\d{4})-(\d{2})(?:-(\d{2}))?$/u, order: 'iso' },
];

const pad = (n: number): string => String(n).padStart(2, '0');

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1];
}

/**
 * The ISO 8601 form (YYYY-MM-DD, YYYY-MM or YYYY) of a string that is exactly
 * one date, or undefined. A final full stop is allowed ("8 December 1925.").
 */
export function parseDate(text: string): string | undefined {
  const s = text.trim().replace(/\s+/g, ' ').replace(/\.$/u, '');
  for (const { re, order } of PATTERNS) {
    const m = re.exec(s);
    if (!m) continue;
    if (order === 'y') return m[1];
    if (order === 'iso') {
      const y = Number(m[1]);
      const mo = Number(m[2]);
      if (m[3] === undefined) return mo >= 1 && mo <= 12 ? `${m[1]}-${m[2]}` : undefined;
      return validDay(y, mo, Number(m[3])) ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
    }
    if (order === 'my') {
      const mo = monthNumber(m[1]);
      return mo ? `${m[2]}-${pad(mo)}` : undefined;
    }
    const [monthWord, day, year] = order === 'mdy' ? [m[1], m[2], m[3]] : [m[2], m[1], m[3]];
    const mo = monthNumber(monthWord);
    if (!mo || !validDay(Number(year), mo, Number(day))) return undefined;
    return `${year}-${pad(mo)}-${pad(Number(day))}`;
  }
  return undefined;
}

/**
 * A short line that names a time without being one parseable date:
 * "December 1-10, 1925", "Summer 1925", "1924–1925". It has a four-digit
 * year, at most six words, and otherwise only month names, numbers,
 * seasons and punctuation.
 */
export function isDateLike(text: string): boolean {
  const s = text.trim();
  if (parseDate(s) !== undefined) return true;
  if (!/\b1\d{3}\b|\b20\d{2}\b/u.test(s)) return false;
  const words = s.split(/\s+/);
  if (words.length > 6) return false;
  const letterWords = s.match(/\p{L}+/gu) ?? [];
  return letterWords.every(
    (w) => monthNumber(w) !== undefined || /^(spring|summer|autumn|fall|winter|early|late|mid|end|of|and|de|г)$/iu.test(w),
  );
}
