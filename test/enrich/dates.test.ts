import * as chrono from 'chrono-node';
import { findDates, mayStateFullDate, normaliseDate } from '../../src/enrich/dates/detect';
import * as path from 'node:path';

// chrono's month dictionaries (not exported by the package: read from its files)
const chronoFile = (f: string): { MONTH_DICTIONARY: Record<string, number> } => require(path.join(path.dirname(require.resolve('chrono-node')), f)); // eslint-disable-line @typescript-eslint/no-require-imports
const enConstants = chronoFile('locales/en/constants.js');
const ruConstants = chronoFile('locales/ru/constants.js');

describe('normaliseDate', () => {
  it.each([
    ['8 декабря 1925 г.', 'ru', { when: '1925-12-08' }],
    ['8 декабря 1925\u00a0г.', 'ru', { when: '1925-12-08' }],
    ['1\u201110 декабря 1925 года', 'ru', { from: '1925-12-01', to: '1925-12-10' }],
    ['5–13 декабря 1925 года', 'ru', { from: '1925-12-05', to: '1925-12-13' }],
    ['30 ноября – 5 декабря 1925 г.', 'ru', { from: '1925-11-30', to: '1925-12-05' }],
    ['декабрь 1925 г.', 'ru', { when: '1925-12' }],
    ['1934 г.', 'ru', { when: '1934' }],
    ['1934', 'ru', { when: '1934' }],
    ['1924–1925 гг.', 'ru', { from: '1924', to: '1925' }],
    ['08.12.1925', 'ru', { when: '1925-12-08' }],
    ['8.XII.1925', 'ru', { when: '1925-12-08' }],
    ['December 8, 1925', 'en', { when: '1925-12-08' }],
    ['December 1-10 1925', 'en', { from: '1925-12-01', to: '1925-12-10' }],
    ['December 5-13, 1925', 'en', { from: '1925-12-05', to: '1925-12-13' }],
    ['December 1–10, 1925', 'en', { from: '1925-12-01', to: '1925-12-10' }],
    ['1–10 December 1925', 'en', { from: '1925-12-01', to: '1925-12-10' }],
    ['November 30 – December 5, 1925', 'en', { from: '1925-11-30', to: '1925-12-05' }],
    ['8 December 1925', 'en', { when: '1925-12-08' }],
    ['Nov. 7, 1917', 'en', { when: '1917-11-07' }],
    ['December 1925', 'en', { when: '1925-12' }],
    ['1934', 'en', { when: '1934' }],
    ['1888–1938', 'en', { from: '1888', to: '1938' }],
    ['8.XII.1925', 'en', { when: '1925-12-08' }],
    ['1930-е годы', 'ru', { from: '1930', to: '1939' }],
    ['1920\u2011х гг.', 'ru', { from: '1920', to: '1929' }],
    ['1930s', 'en', { from: '1930', to: '1939' }],
  ])('%s (%s)', (text, lang, expected) => {
    expect(normaliseDate(text, lang)).toEqual(expected);
  });

  it('corrects chrono-node on "December 1–10, 1925": chrono guesses the year, teikit reads the range', () => {
    const reference = new Date(Date.UTC(2025, 5, 1));
    const [r] = chrono.en.parse('December 1–10, 1925', reference);
    // chrono takes "December 1" alone and fills in a year it was not given
    expect(r.text).toBe('December 1');
    expect(r.start.isCertain('year')).toBe(false);
    expect(r.start.get('year')).not.toBe(1925);
    expect(normaliseDate('December 1–10, 1925', 'en')).toEqual({ from: '1925-12-01', to: '1925-12-10' });
  });

  it('gives undefined for what is not one date, and for impossible dates', () => {
    expect(normaliseDate('the conference', 'en')).toBeUndefined();
    expect(normaliseDate('31 февраля 1925 г.', 'ru')).toBeUndefined();
    expect(normaliseDate('February 30, 1925', 'en')).toBeUndefined();
    expect(normaliseDate('10–1 декабря 1925 года', 'ru')).toBeUndefined();
    expect(normaliseDate('8 декабря 1925 г. и 9 декабря 1925 г.', 'ru')).toBeUndefined();
  });
});

describe('findDates in running text', () => {
  it('finds dates with exact offsets and leaves the text around them', () => {
    const text = 'XXII губернская конференция состоялась 1\u201110 декабря 1925 года, накануне XIV съезда партии.';
    const [d] = findDates(text, 'ru');
    expect(text.slice(d.start, d.end)).toBe('1\u201110 декабря 1925 года');
    expect(d).toMatchObject({ from: '1925-12-01', to: '1925-12-10' });
  });

  it('takes a bare year only where nothing makes it another number', () => {
    expect(findDates('The magazine Krasnaya Letopis, No. 1 (58), 1934', 'en').map((d) => d.when)).toEqual(['1934']);
    expect(findDates('No. 1934, p. 1925, pp. 1926, Vol. 1927', 'en')).toEqual([]);
    expect(findDates('№ 1925, с. 1926, стр. 1927', 'ru')).toEqual([]);
    expect(findDates('12345 and 1925.5 and 3,1925', 'en')).toEqual([]);
    expect(findDates('XIV съезд, 257 стр.', 'ru')).toEqual([]);
  });

  it('gives a day and month without a year the year of the date before it, and never guesses one', () => {
    const ru = 'X съезд проходил 8–16 марта 1921 года; выступление было подавлено 18 марта.';
    const found = findDates(ru, 'ru');
    expect(found.map((d) => ru.slice(d.start, d.end))).toEqual(['8–16 марта 1921 года', '18 марта']);
    expect(found[1].when).toBe('1921-03-18');
    expect(findDates('подавлено 18 марта', 'ru')).toEqual([]);
    const en = 'It met on March 8, 1921 and closed on March 16.';
    expect(findDates(en, 'en').map((d) => d.when)).toEqual(['1921-03-08', '1921-03-16']);
  });

  it('reads ranges written with from … to and с(о) … по', () => {
    const en = 'The Tenth Congress sat from March 8 to 16, 1921, the Fifteenth from December 2 to December 19, 1927.';
    expect(findDates(en, 'en').map((d) => [en.slice(d.start, d.end), d.from, d.to])).toEqual([
      ['from March 8 to 16, 1921', '1921-03-08', '1921-03-16'],
      ['from December 2 to December 19, 1927', '1927-12-02', '1927-12-19'],
    ]);
    const ru = 'XV съезд проходил со 2 по 19 декабря 1927 г., пленум – с 30 ноября по 1 декабря 1927 г.';
    expect(findDates(ru, 'ru').map((d) => [ru.slice(d.start, d.end), d.from, d.to])).toEqual([
      ['со 2 по 19 декабря 1927 г.', '1927-12-02', '1927-12-19'],
      ['с 30 ноября по 1 декабря 1927 г.', '1927-11-30', '1927-12-01'],
    ]);
  });

  it('keeps chrono only for fully stated dates, never for relative ones', () => {
    const text = 'He wrote on 8th Dec 1925 and again a day later.';
    const found = findDates(text, 'en');
    expect(found.map((d) => [text.slice(d.start, d.end), d.when])).toEqual([['8th Dec 1925', '1925-12-08']]);
    expect(findDates('See you on Monday, or next week, or tomorrow, or on the 5th.', 'en')).toEqual([]);
  });

  it('asks chrono only about text that could state a full date: every month name chrono knows, and numeric dates, pass the test', () => {
    const months = [...Object.keys(enConstants.MONTH_DICTIONARY), ...Object.keys(ruConstants.MONTH_DICTIONARY)];
    expect(months.length).toBeGreaterThan(60);
    for (const m of months) for (const text of [`8 ${m} 1925`, `${m.toUpperCase()} 8, 1925`, `(${m})`]) expect([text, mayStateFullDate(text)]).toEqual([text, true]);
    for (const text of ['12/8/1925', '8.12.1925', '1925-12-08', '1925 12 08', '8 - 12 - 1925']) expect([text, mayStateFullDate(text)]).toEqual([text, true]);
    // chrono finds nothing certain in these, and is not asked
    for (const text of ['Source : Works, Vol. 7, 1923', 'Газета “Правда” № 171 (77), 1944 г.', 'Marxists 8, 1925', '8 мартовских 1925', 'Decembrists 5, 1925']) {
      expect([text, mayStateFullDate(text)]).toEqual([text, false]);
      expect(chrono.en.strict.parse(text, new Date(Date.UTC(2000, 0, 1, 12))).concat(chrono.ru.strict.parse(text, new Date(Date.UTC(2000, 0, 1, 12)))).filter((r) => r.start.isCertain('day') && r.start.isCertain('month') && r.start.isCertain('year'))).toEqual([]);
    }
    // the text of the test above (a date chrono reads) is still given to it
    expect(mayStateFullDate('He wrote on 8th Dec 1925 and again a day later.')).toBe(true);
  });
});
