import { anchorsOf, englishNumberWord, foldSpelling, numberAnchors, romanNumeral, russianNumberWord } from '../../src/enrich/align/anchors';
import { t } from './helpers';

const nums = (text: string): string[] => {
  const s = new Set<string>();
  numberAnchors(text, s);
  return [...s].sort();
};

describe('anchors', () => {
  test('numbers in digits, grouped thousands, decimals', () => {
    expect(nums('2,400 tons, 9.5 million, 23 per cent')).toEqual(['num:23', 'num:2400', 'num:5', 'num:9']);
    expect(nums('2400 тонн, 9,5 миллиона, 23 процента')).toEqual(['num:23', 'num:2400', 'num:5', 'num:9']);
    expect(nums('2\u00a0400 тонн; 1‑10 декабря 1925 года; No. 007')).toEqual(['num:1', 'num:10', 'num:1925', 'num:2400', 'num:7']);
  });

  test('Roman numerals and number words agree with digits', () => {
    expect(romanNumeral('XIV')).toBe(14);
    expect(romanNumeral('XXII')).toBe(22);
    expect(romanNumeral('V')).toBeUndefined(); // an initial, not a numeral
    expect(romanNumeral('IIII')).toBeUndefined();
    expect(englishNumberWord('Fourteenth')).toBe(14);
    expect(englishNumberWord('Twenty-Second')).toBe(22);
    expect(englishNumberWord('second')).toBeUndefined();
    expect(russianNumberWord('четырнадцатой')).toBe(14);
    expect(russianNumberWord('пяти')).toBe(5);
    expect(russianNumberWord('второй')).toBeUndefined();
    expect(nums('XIV съезд')).toEqual(nums('the Fourteenth Congress'));
  });

  test('register ids and normalised dates of entity mentions, not note markers', () => {
    const a = anchorsOf([
      { kind: 'entity', type: 'persName', ref: 'stalin', children: [t('И.В. Сталина')] },
      t(' 8 '),
      { kind: 'entity', type: 'date', when: '1925-12-08', children: [t('декабря')] },
      { kind: 'noteRef', n: '3' },
      { kind: 'entity', type: 'date', from: '1925-12-01', to: '1925-12-10', children: [t('1–10 декабря')] },
    ]);
    expect([...a].filter((k) => !k.startsWith('cog:')).sort()).toEqual([
      'date:1925-12-01/1925-12-10',
      'date:1925-12-08',
      'num:1',
      'num:10',
      'num:8',
      'ref:stalin',
    ]);
  });

  test('cognate hints: transliterated and folded spellings meet', () => {
    const cog = (text: string): string[] => [...anchorsOf([t(text)])].filter((k) => k.startsWith('cog:')).sort();
    expect(foldSpelling('Конференции')).toBe('konferentsi'); // doubled letters folded
    expect(foldSpelling('conference')).toBe('konferense');
    expect(cog('Саркиса, Сафарова и делегации конференции')).toEqual(['cog:dele', 'cog:konf', 'cog:safa', 'cog:sark']);
    expect(cog('Sarkis, Safarov and the conference delegation')).toEqual(['cog:dele', 'cog:konf', 'cog:safa', 'cog:sark']);
    expect(cog('и в на of the')).toEqual([]); // short words give none
  });
});
