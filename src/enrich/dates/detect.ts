import type * as Chrono from 'chrono-node';

/** chrono-node, loaded when first asked (it is asked only where teikit's own grammar left a year uncovered). */
let chronoModule: typeof Chrono | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const chronoLib = (): typeof Chrono => (chronoModule ??= require('chrono-node') as typeof Chrono);

/**
 * Dates in running text, Russian and English, normalised to ISO 8601
 * (`when`, or `from`/`to` for a range). teikit's own grammar comes first
 * and covers what the sources use: single dates ("8 декабря 1925 г.",
 * "December 8, 1925"), day ranges within a month with any hyphen or dash
 * ("1‑10 декабря 1925 года", "December 5-13, 1925", "December 1–10, 1925"),
 * ranges across months, month and year, numeric and Roman-numeral months
 * ("08.12.1925", "8.XII.1925"), years with "г."/"года" and years ranges,
 * and bare years in 1500–2099 where nothing marks them as another number
 * (not after "№", "No.", "p.", "Vol." …). chrono-node then reads what is
 * left, and only a fully stated date (day, month and year all given in the
 * text) is kept: chrono guesses missing parts from a reference date (it reads
 * "December 1–10, 1925" as December 1 of the reference year), and a guess
 * is not an edition's date. Nothing depends on the clock.
 */
export interface DateValue {
  when?: string;
  from?: string;
  to?: string;
}

export interface DateMatch extends DateValue {
  start: number;
  end: number;
}

const RU_MONTHS: Array<[number, string]> = [
  [1, 'январ(?:ь|я|е)'],
  [2, 'феврал(?:ь|я|е)'],
  [3, 'март(?:а|е)?'],
  [4, 'апрел(?:ь|я|е)'],
  [5, 'ма(?:й|я|е)'],
  [6, 'июн(?:ь|я|е)'],
  [7, 'июл(?:ь|я|е)'],
  [8, 'август(?:а|е)?'],
  [9, 'сентябр(?:ь|я|е)'],
  [10, 'октябр(?:ь|я|е)'],
  [11, 'ноябр(?:ь|я|е)'],
  [12, 'декабр(?:ь|я|е)'],
];
const EN_MONTHS: Array<[number, string]> = [
  [1, 'January|Jan\\.'],
  [2, 'February|Feb\\.'],
  [3, 'March|Mar\\.'],
  [4, 'April|Apr\\.'],
  [5, 'May'],
  [6, 'June|Jun\\.'],
  [7, 'July|Jul\\.'],
  [8, 'August|Aug\\.'],
  [9, 'September|Sept?\\.'],
  [10, 'October|Oct\\.'],
  [11, 'November|Nov\\.'],
  [12, 'December|Dec\\.'],
];

const ROMAN_MONTHS = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

const DASH = '[-\\u2010\\u2011\\u2012\\u2013\\u2014\\u2212]';
/** Letters and digits of both scripts: a match must not start or end inside a word or number. */
const B_BEFORE = '(?<![\\p{L}\\p{Nd}])';
const B_AFTER = '(?![\\p{L}\\p{Nd}])';
const YEAR = '(1[0-9]{3}|20[0-9]{2})';
const DAY = '([0-3]?[0-9])';
const RU_YEAR_WORD = '(?:\\s*(?:г\\.|гг\\.|года|году|год|г(?![\\p{L}])))?';
const RU_YEARS_WORD = '\\s*(?:гг\\.|годы|годах|годов)';
const EN_ORD = '(?:st|nd|rd|th)?';

function monthAlternation(months: Array<[number, string]>): string {
  return months.map(([, re]) => `(?:${re})`).join('|');
}

/** Each month's pattern as a whole-word test, compiled once. */
const MONTH_TESTS = {
  ru: RU_MONTHS.map(([n, re]): [number, RegExp] => [n, new RegExp(`^(?:${re})$`, 'iu')]),
  en: EN_MONTHS.map(([n, re]): [number, RegExp] => [n, new RegExp(`^(?:${re})$`, 'iu')]),
};

function monthNumber(word: string, lang: 'ru' | 'en'): number {
  for (const [n, re] of MONTH_TESTS[lang]) if (re.test(word)) return n;
  return 0;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function isoDay(y: number, m: number, d: number): string | undefined {
  if (m < 1 || m > 12 || d < 1) return undefined;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return undefined;
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

type Rule = { re: RegExp; value: (m: RegExpExecArray) => DateValue | undefined };

function range(from?: string, to?: string): DateValue | undefined {
  if (!from || !to || from >= to) return undefined;
  return { from, to };
}

function rules(lang: 'ru' | 'en'): Rule[] {
  const num = (s: string): number => Number.parseInt(s, 10);
  const common: Rule[] = [
    // 08.12.1925
    {
      re: new RegExp(`${B_BEFORE}${DAY}\\.([01]?[0-9])\\.${YEAR}${lang === 'ru' ? RU_YEAR_WORD : ''}${B_AFTER}`, 'gu'),
      value: (m) => ((v) => (v ? { when: v } : undefined))(isoDay(num(m[3]), num(m[2]), num(m[1]))),
    },
    // 8.XII.1925
    {
      re: new RegExp(`${B_BEFORE}${DAY}\\.\\s?(${ROMAN_MONTHS.slice().reverse().join('|')})\\.\\s?${YEAR}${lang === 'ru' ? RU_YEAR_WORD : ''}${B_AFTER}`, 'gu'),
      value: (m) => ((v) => (v ? { when: v } : undefined))(isoDay(num(m[3]), ROMAN_MONTHS.indexOf(m[2]) + 1, num(m[1]))),
    },
  ];
  if (lang === 'ru') {
    const MON = `(${monthAlternation(RU_MONTHS)})`;
    return [
      ...common,
      // со 2 по 19 декабря 1927 г.
      {
        re: new RegExp(`${B_BEFORE}со?\\s+${DAY}\\s+по\\s+${DAY}\\s+${MON}\\s+${YEAR}${RU_YEAR_WORD}${B_AFTER}`, 'giu'),
        value: (m) => range(isoDay(num(m[4]), monthNumber(m[3], 'ru'), num(m[1])), isoDay(num(m[4]), monthNumber(m[3], 'ru'), num(m[2]))),
      },
      // с 30 ноября по 5 декабря 1925 г.
      {
        re: new RegExp(`${B_BEFORE}со?\\s+${DAY}\\s+${MON}\\s+по\\s+${DAY}\\s+${MON}\\s+${YEAR}${RU_YEAR_WORD}${B_AFTER}`, 'giu'),
        value: (m) => range(isoDay(num(m[5]), monthNumber(m[2], 'ru'), num(m[1])), isoDay(num(m[5]), monthNumber(m[4], 'ru'), num(m[3]))),
      },
      // 30 ноября – 5 декабря 1925 г.
      {
        re: new RegExp(`${B_BEFORE}${DAY}\\s+${MON}\\s*${DASH}\\s*${DAY}\\s+${MON}\\s+${YEAR}${RU_YEAR_WORD}${B_AFTER}`, 'giu'),
        value: (m) => range(isoDay(num(m[5]), monthNumber(m[2], 'ru'), num(m[1])), isoDay(num(m[5]), monthNumber(m[4], 'ru'), num(m[3]))),
      },
      // 1‑10 декабря 1925 года
      {
        re: new RegExp(`${B_BEFORE}${DAY}\\s*${DASH}\\s*${DAY}\\s+${MON}\\s+${YEAR}${RU_YEAR_WORD}${B_AFTER}`, 'giu'),
        value: (m) => range(isoDay(num(m[4]), monthNumber(m[3], 'ru'), num(m[1])), isoDay(num(m[4]), monthNumber(m[3], 'ru'), num(m[2]))),
      },
      // 8 декабря 1925 г.
      {
        re: new RegExp(`${B_BEFORE}${DAY}\\s+${MON}\\s+${YEAR}${RU_YEAR_WORD}${B_AFTER}`, 'giu'),
        value: (m) => ((v) => (v ? { when: v } : undefined))(isoDay(num(m[3]), monthNumber(m[2], 'ru'), num(m[1]))),
      },
      // декабрь 1925 г., в декабре 1925 года
      {
        re: new RegExp(`${B_BEFORE}${MON}\\s+${YEAR}${RU_YEAR_WORD}${B_AFTER}`, 'giu'),
        value: (m) => ({ when: `${m[2]}-${pad(monthNumber(m[1], 'ru'))}` }),
      },
      // 1924–1925 гг.
      {
        re: new RegExp(`${B_BEFORE}${YEAR}\\s*${DASH}\\s*${YEAR}${RU_YEARS_WORD}${B_AFTER}`, 'gu'),
        value: (m) => range(m[1], m[2]),
      },
      // 1930-е годы, 1920‑х гг.: a decade
      {
        re: new RegExp(`${B_BEFORE}(1[0-9]{2}0|20[0-9]0)\\s*${DASH}\\s*(?:е|х|м|ми)\\s*(?:годы|годов|годах|годам|годами|гг\\.)${B_AFTER}`, 'gu'),
        value: (m) => ({ from: m[1], to: String(Number(m[1]) + 9) }),
      },
      // 1888–1938 (a year range with an en or em dash)
      {
        re: new RegExp(`${B_BEFORE}${YEAR}\\s*[\\u2013\\u2014]\\s*${YEAR}${B_AFTER}`, 'gu'),
        value: (m) => range(m[1], m[2]),
      },
      // 1934 г., 1925 года
      {
        re: new RegExp(`${B_BEFORE}${YEAR}\\s*(?:г\\.|года|году|год|г(?![\\p{L}]))${B_AFTER}`, 'gu'),
        value: (m) => ({ when: m[1] }),
      },
    ];
  }
  const MON = `(${monthAlternation(EN_MONTHS)})`;
  return [
    ...common,
    // from December 2 to December 19, 1927; from December 2 to 19, 1927
    {
      re: new RegExp(`${B_BEFORE}from\\s+${MON}\\s+${DAY}${EN_ORD}\\s+(?:to|till|until)\\s+(?:${MON}\\s+)?${DAY}${EN_ORD},?\\s+${YEAR}${B_AFTER}`, 'giu'),
      value: (m) => range(isoDay(num(m[5]), monthNumber(m[1], 'en'), num(m[2])), isoDay(num(m[5]), monthNumber(m[3] ?? m[1], 'en'), num(m[4]))),
    },
    // from 2 to 19 December 1927
    {
      re: new RegExp(`${B_BEFORE}from\\s+${DAY}${EN_ORD}\\s+(?:${MON}\\s+)?(?:to|till|until)\\s+${DAY}${EN_ORD}\\s+${MON},?\\s+${YEAR}${B_AFTER}`, 'giu'),
      value: (m) => range(isoDay(num(m[5]), monthNumber(m[2] ?? m[4], 'en'), num(m[1])), isoDay(num(m[5]), monthNumber(m[4], 'en'), num(m[3]))),
    },
    // November 30 – December 5, 1925
    {
      re: new RegExp(`${B_BEFORE}${MON}\\s+${DAY}${EN_ORD}\\s*${DASH}\\s*${MON}\\s+${DAY}${EN_ORD},?\\s+${YEAR}${B_AFTER}`, 'gu'),
      value: (m) => range(isoDay(num(m[5]), monthNumber(m[1], 'en'), num(m[2])), isoDay(num(m[5]), monthNumber(m[3], 'en'), num(m[4]))),
    },
    // December 1-10 1925, December 5–13, 1925
    {
      re: new RegExp(`${B_BEFORE}${MON}\\s+${DAY}${EN_ORD}\\s*${DASH}\\s*${DAY}${EN_ORD},?\\s+${YEAR}${B_AFTER}`, 'gu'),
      value: (m) => range(isoDay(num(m[4]), monthNumber(m[1], 'en'), num(m[2])), isoDay(num(m[4]), monthNumber(m[1], 'en'), num(m[3]))),
    },
    // 1–10 December 1925
    {
      re: new RegExp(`${B_BEFORE}${DAY}\\s*${DASH}\\s*${DAY}\\s+${MON},?\\s+${YEAR}${B_AFTER}`, 'gu'),
      value: (m) => range(isoDay(num(m[4]), monthNumber(m[3], 'en'), num(m[1])), isoDay(num(m[4]), monthNumber(m[3], 'en'), num(m[2]))),
    },
    // December 8, 1925; December 8th 1925
    {
      re: new RegExp(`${B_BEFORE}${MON}\\s+${DAY}${EN_ORD},?\\s+${YEAR}${B_AFTER}`, 'gu'),
      value: (m) => ((v) => (v ? { when: v } : undefined))(isoDay(num(m[3]), monthNumber(m[1], 'en'), num(m[2]))),
    },
    // 8 December 1925, the 8th of December, 1925
    {
      re: new RegExp(`${B_BEFORE}${DAY}${EN_ORD}\\s+(?:of\\s+)?${MON},?\\s+${YEAR}${B_AFTER}`, 'gu'),
      value: (m) => ((v) => (v ? { when: v } : undefined))(isoDay(num(m[3]), monthNumber(m[2], 'en'), num(m[1]))),
    },
    // December 1925
    {
      re: new RegExp(`${B_BEFORE}${MON},?\\s+${YEAR}${B_AFTER}`, 'gu'),
      value: (m) => ({ when: `${m[2]}-${pad(monthNumber(m[1], 'en'))}` }),
    },
    // the 1930s: a decade
    {
      re: new RegExp(`${B_BEFORE}(1[0-9]{2}0|20[0-9]0)[’']?s${B_AFTER}`, 'gu'),
      value: (m) => ({ from: m[1], to: String(Number(m[1]) + 9) }),
    },
    // 1924–1925 (a year range: both parts four-digit years)
    {
      re: new RegExp(`${B_BEFORE}${YEAR}\\s*[\\u2013\\u2014]\\s*${YEAR}${B_AFTER}`, 'gu'),
      value: (m) => range(m[1], m[2]),
    },
  ];
}

const BARE_YEAR = /(?<![\p{L}\p{Nd}.,:/-])(1[5-9][0-9]{2}|20[0-9]{2})(?![\p{L}\p{Nd}%]|[.,:/-]\p{Nd})/gu;
/** Words right before a number that make it something other than a year. */
const NOT_A_YEAR_BEFORE = /(?:№|No\.?|Nr\.?|nos?\.|pp?\.|page|pages|vol\.|Vol\.|с\.|стр\.|т\.|л\.|ф\.|оп\.|д\.|#)\s*$/u;

const RULES = { ru: rules('ru'), en: rules('en') };

function langKey(lang: string): 'ru' | 'en' {
  return lang.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

function overlaps(list: DateMatch[], start: number, end: number): boolean {
  return list.some((d) => start < d.end && d.start < end);
}

/** Every date in a text (offsets into it), left to right, never overlapping. */
export function findDates(text: string, lang: string): DateMatch[] {
  // every rule, chrono's kept results and bare years need digits
  if (!/[0-9]/.test(text)) return [];
  const key = langKey(lang);
  const found: DateMatch[] = [];
  // Spans a rule matched but whose value is impossible ("31 февраля 1925"): no weaker rule may read part of them.
  const blocked: DateMatch[] = [];
  for (const rule of RULES[key]) {
    rule.re.lastIndex = 0;
    for (const m of text.matchAll(rule.re)) {
      const start = m.index ?? 0;
      let end = start + m[0].length;
      while (end > start && /\s/.test(text[end - 1])) end--;
      if (overlaps(found, start, end) || overlaps(blocked, start, end)) continue;
      const value = rule.value(m as unknown as RegExpExecArray);
      if (value) found.push({ start, end, ...value });
      else blocked.push({ start, end });
    }
  }
  if (uncoveredYear(text, found, blocked) && mayStateFullDate(text)) for (const d of chronoDates(text, key)) if (!overlaps(found, d.start, d.end) && !overlaps(blocked, d.start, d.end)) found.push(d);
  for (const m of text.matchAll(BARE_YEAR)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (overlaps(found, start, end) || overlaps(blocked, start, end)) continue;
    if (NOT_A_YEAR_BEFORE.test(text.slice(Math.max(0, start - 12), start))) continue;
    found.push({ start, end, when: m[1] });
  }
  found.sort((a, b) => a.start - b.start);
  return withContextYears(text, key, found, blocked);
}

/** A day and a month without a year (withContextYears), compiled once; matchAll works on a copy. */
const DAY_MONTH = {
  ru: new RegExp(`${B_BEFORE}${DAY}\\s+(${monthAlternation(RU_MONTHS)})${B_AFTER}`, 'giu'),
  en: new RegExp(`${B_BEFORE}(?:(${monthAlternation(EN_MONTHS)})\\s+${DAY}${EN_ORD}|${DAY}${EN_ORD}\\s+(?:of\\s+)?(${monthAlternation(EN_MONTHS)}))${B_AFTER}`, 'gu'),
};

/**
 * A day and month without a year ("18 марта", "March 18") takes the year of
 * the nearest date before it in the same text ("проходил 8–16 марта 1921
 * года; … подавлено 18 марта" → 1921-03-18), or, when there is none, of a
 * date just after it in the same sentence ("not on September 5 but on
 * September 6, 1926"). Without such a date it is not tagged: teikit never
 * guesses a year.
 */
function withContextYears(text: string, lang: 'ru' | 'en', found: DateMatch[], blocked: DateMatch[]): DateMatch[] {
  if (!found.length) return found;
  const re = DAY_MONTH[lang];
  const extra: DateMatch[] = [];
  for (const m of text.matchAll(re)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (overlaps(found, start, end) || overlaps(blocked, start, end)) continue;
    const before = found.filter((d) => d.end <= start);
    // the nearest date before it; else a date right after it in the same sentence ("not on September 5 but on September 6, 1926")
    const after = found.find((d) => d.start >= end && d.start - end <= 40 && !/[.;!?]/.test(text.slice(end, d.start)));
    const prev = before.length ? before[before.length - 1] : after;
    if (!prev) continue;
    const year = Number.parseInt((prev.when ?? prev.from ?? prev.to ?? '').slice(0, 4), 10);
    if (!Number.isFinite(year)) continue;
    const [day, month] = lang === 'ru' ? [m[1], monthNumber(m[2], 'ru')] : m[1] ? [m[2], monthNumber(m[1], 'en')] : [m[3], monthNumber(m[4], 'en')];
    const when = isoDay(year, month, Number.parseInt(day, 10));
    if (when) extra.push({ start, end, when });
  }
  return [...found, ...extra].sort((a, b) => a.start - b.start);
}

/**
 * Is there a year's digits (1000–2099) outside what the rules found or
 * blocked? chrono's results are kept only when they contain a year and do
 * not overlap those spans, so when every year is covered chrono is not asked.
 */
function uncoveredYear(text: string, found: DateMatch[], blocked: DateMatch[]): boolean {
  for (let p = 0; p + 4 <= text.length; p++) {
    const c = text.charCodeAt(p);
    if (c !== 0x31 && c !== 0x32) continue;
    if (!/^(?:1\d{3}|20\d{2})$/.test(text.slice(p, p + 4))) continue;
    if (!overlaps(found, p, p + 4) && !overlaps(blocked, p, p + 4)) return true;
  }
  return false;
}

/**
 * Could chrono read a fully stated date here? Its strict parsers give a
 * day, month and year only from a month's name (chrono's English and
 * Russian month dictionaries, all of which begin with these stems) or from
 * numbers joined by a slash, dot or dash (12/8/1925, 8.12.1925, 1925-12-08)
 * or a year followed by two numbers (1925 12 08). Text with none of these
 * ("Works, Vol. 7, 1923", "№ 171 (77), 1944 г.") is not given to chrono
 * (nor is chrono loaded for it): whatever it found there would be dropped
 * as guessed.
 */
export function mayStateFullDate(text: string): boolean {
  return NUMERIC_DATE.test(text) || MONTH_WORD.test(text);
}
const NUMERIC_DATE = /\d\s*[-./]\s*\d|\d{4}\s+\d{1,2}\s+\d/;
/** A month's name as a word (chrono reads one only between non-letters): its English and Russian month dictionaries (test/enrich/dates.test.ts checks them). */
const MONTH_WORD =
  /(?<!\p{L})(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|янв(?:ар[ьяе])?|фев(?:рал[ьяе])?|мар(?:т[ае]?)?|апр(?:ел[ьяе])?|ма[йяе]|июн[ьяе]|июл[ьяе]|авг(?:уст[ае]?)?|сен(?:тябр[ьяе])?|окт(?:ябр[ьяе])?|ноя(?:бр[ьяе])?|дек(?:абр[ьяе])?)(?!\p{L})/iu;

/** A fixed reference date: chrono's guesses never depend on the clock (and guessed parts are rejected anyway). */
const REFERENCE = new Date(Date.UTC(2000, 0, 1, 12));

function chronoDates(text: string, lang: 'ru' | 'en'): DateMatch[] {
  const out: DateMatch[] = [];
  const chrono = chronoLib();
  const parser = lang === 'ru' ? chrono.ru.strict : chrono.en.strict;
  for (const r of parser.parse(text, { instant: REFERENCE, timezone: 0 })) {
    const s = r.start;
    // relative expressions ("a day later") are "certain" relative to the reference date: a stated date names its year
    if (!/(?<!\d)(?:1\d{3}|20\d{2})(?!\d)/.test(r.text)) continue;
    if (!s.isCertain('year') || !s.isCertain('month') || !s.isCertain('day')) continue;
    const from = isoDay(s.get('year') ?? 0, s.get('month') ?? 0, s.get('day') ?? 0);
    if (!from) continue;
    let value: DateValue = { when: from };
    if (r.end) {
      const e = r.end;
      if (!e.isCertain('year') || !e.isCertain('month') || !e.isCertain('day')) continue;
      const to = isoDay(e.get('year') ?? 0, e.get('month') ?? 0, e.get('day') ?? 0);
      const v = range(from, to);
      if (!v) continue;
      value = v;
    }
    let end = r.index + r.text.length;
    while (end > r.index && /[\s,]/.test(text[end - 1])) end--;
    // chrono takes a preposition before a single date ("on 8th Dec 1925"); the date is what follows it
    const lead = /^(?:on|at|in|в|на)\s+/i.exec(r.text);
    const start = r.index + (lead && !value.from ? lead[0].length : 0);
    out.push({ start, end, ...value });
  }
  return out;
}

/**
 * The ISO 8601 value of a date written out in full ("8 декабря 1925 г.",
 * "December 1–10, 1925", "1934"), or undefined when the text is not one date.
 */
export function normaliseDate(text: string, lang: string): DateValue | undefined {
  const trimmed = text.trim();
  const found = findDates(trimmed, lang);
  if (found.length !== 1) return undefined;
  const [d] = found;
  let end = d.end;
  while (end < trimmed.length && /[\s.,;]/.test(trimmed[end])) end++;
  if (d.start !== 0 || end !== trimmed.length) return undefined;
  const value: DateValue = {};
  if (d.when) value.when = d.when;
  if (d.from) value.from = d.from;
  if (d.to) value.to = d.to;
  return value;
}
