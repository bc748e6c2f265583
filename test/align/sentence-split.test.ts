import { isSentenceBoundary, splitSentences } from '../../src/enrich/align/sentence-split';

const split = (text: string, lang: string): string[] => splitSentences(text, lang).map((s) => text.slice(s.start, s.end));

describe('sentence splitter', () => {
  test('English: initials, party names and numbered abbreviations do not end sentences', () => {
    const text =
      'This letter from J. V. Stalin was read on December 8, 1925. The Central Committee of the R.C.P.(B.) met. ' +
      'See Works, Vol. 7, p. 257, and No. 1 (58) of the magazine. Mr. Smith agreed.';
    expect(split(text, 'en')).toEqual([
      'This letter from J. V. Stalin was read on December 8, 1925.',
      'The Central Committee of the R.C.P.(B.) met.',
      'See Works, Vol. 7, p. 257, and No. 1 (58) of the magazine.',
      'Mr. Smith agreed.',
    ]);
  });

  test('English: "No." ends a sentence when no number follows; "etc." ends one before a capital', () => {
    expect(split('He said No. Then he left. Bread, salt etc. Nothing else.', 'en')).toEqual([
      'He said No.',
      'Then he left.',
      'Bread, salt etc.',
      'Nothing else.',
    ]);
  });

  test('Russian: initials, dotted abbreviations, "г." after a year and not before a city', () => {
    const text =
      'Публикуемое письмо И.В. Сталина было оглашено 8 декабря 1925 г. Письмо было направлено в г. Ленинград. ' +
      'Об этом писал тов. Сталин, т.е. член президиума. Работа ЦК РКП(б) одобрена. Были Саркис, Сафаров и др. Они выступали.';
    expect(split(text, 'ru')).toEqual([
      'Публикуемое письмо И.В. Сталина было оглашено 8 декабря 1925 г.',
      'Письмо было направлено в г. Ленинград.',
      'Об этом писал тов. Сталин, т.е. член президиума.',
      'Работа ЦК РКП(б) одобрена.',
      'Были Саркис, Сафаров и др.',
      'Они выступали.',
    ]);
  });

  test('question and exclamation marks, closing quotes and dashes', () => {
    expect(split('Кто прав? «Мы!» – Ответ был ясен. Конец…', 'ru')).toEqual(['Кто прав?', '«Мы!»', '– Ответ был ясен.', 'Конец…']);
    expect(split('He asked: "Why?" Nobody answered. (It was late.) Then they left.', 'en')).toEqual([
      'He asked: "Why?"',
      'Nobody answered.',
      '(It was late.)',
      'Then they left.',
    ]);
  });

  test('a lower-case word after a full stop continues the sentence; an enumeration number is no sentence', () => {
    expect(split('See p. 5 and cf. the notes. 1. First point.', 'en')).toEqual(['See p. 5 and cf. the notes.', '1. First point.']);
    expect(split('Это было в 5 ч. утра.', 'ru')).toEqual(['Это было в 5 ч. утра.']);
  });

  test('the boundary predicate directly', () => {
    expect(isSentenceBoundary('of the R.C.P.(B.).', 'The', 'en')).toBe(true);
    expect(isSentenceBoundary('the R.C.P.(B.)', 'The', 'en')).toBe(false);
    expect(isSentenceBoundary('came from the U.S.S.R.', 'The delegates', 'en')).toBe(true);
    expect(isSentenceBoundary('letters of J.V.', 'Stalin', 'en')).toBe(false);
    expect(isSentenceBoundary('the U.S.S.R.', 'Government', 'en')).toBe(false);
    expect(isSentenceBoundary('И.', 'Сталин', 'ru')).toBe(false);
    expect(isSentenceBoundary('It ended.', 'then', 'en')).toBe(false);
    expect(isSentenceBoundary('It ended.', '', 'en')).toBe(false);
  });

  test('nothing lost: every non-space character is in exactly one sentence', () => {
    const text = '  One. Two!  Three?\nFour…  ';
    const spans = splitSentences(text, 'en');
    let rebuilt = '';
    for (const s of spans) rebuilt += text.slice(s.start, s.end);
    expect(rebuilt.replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
    expect(spans).toHaveLength(4);
  });
});

test('Russian: a sentence opening with a time phrase goes on after "г."', () => {
  expect(split('Весной 1921 г. Иванов открыл завод. В 1922 г. Завод заработал.', 'ru')).toEqual([
    'Весной 1921 г. Иванов открыл завод.',
    'В 1922 г. Завод заработал.',
  ]);
  expect(split('Завод открыли в 1921 г. Иванов был рад.', 'ru')).toEqual(['Завод открыли в 1921 г.', 'Иванов был рад.']);
  expect(split('Библиотека просит выделить в 1931 г. 1 500 руб. на покупку книг.', 'ru')).toHaveLength(1);
});
