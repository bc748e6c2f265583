import {
  classifyCloserLine,
  findLetterLayout,
  isClosingSalute,
  isDateline,
  isFirstPublication,
  isRoleLine,
  isSalutation,
  isSignature,
  parseDateIso,
  signatureName,
} from '../../src/readers/letter-structure';

describe('letter-structure: salutation', () => {
  it.each(['Дорогие товарищи!', 'Dear comrades,', 'Уважаемый Николай Иванович!', 'Liebe Genossen!'])('%s is a salutation', (t) => {
    expect(isSalutation(t)).toBe(true);
  });
  it.each([
    'Information has reached the Secretariat.',
    'Thank you. Dear friends,',
    'This is a rather long first sentence of a body paragraph that happens to end in an exclamation mark!',
    '',
    '1925,',
  ])('%s is not a salutation', (t) => {
    expect(isSalutation(t)).toBe(false);
  });
});

describe('letter-structure: dateline and dates', () => {
  it.each([
    ['8 декабря 1925\u00a0г.', '1925-12-08'],
    ['Москва, 3 мая 1926 г.', '1926-05-03'],
    ['December 8, 1925', '1925-12-08'],
    ['New York, May 1, 1920.', '1920-05-01'],
    ['8.12.1925', '1925-12-08'],
    ['Декабрь 1925 г.', '1925-12'],
    ['1925 г.', '1925'],
    ['Berlin, 8. Dezember 1925', '1925-12-08'],
  ])('%s is a dateline (%s)', (t, iso) => {
    expect(isDateline(t)).toBe(true);
    expect(parseDateIso(t)).toBe(iso);
  });
  it.each(['Журнал “Красная Летопись” №\u00a01 (58), 1934\u00a0г.', 'Член президиума конференции', 'We met on 8 December 1925 in the hall.', 'И. Сталин'])(
    '%s is not a dateline',
    (t) => {
      expect(isDateline(t)).toBe(false);
    },
  );
  it('an impossible day falls back to month and year', () => {
    expect(parseDateIso('31 февраля 1925 г.')).toBe('1925-02');
    expect(parseDateIso('no date here')).toBeNull();
  });
});

describe('letter-structure: signature, role, closing salutation, first publication', () => {
  it.each([
    ['И. Сталин', false],
    ['J. V. Stalin', false],
    ['И.В. Сталин', false],
    ['Сталин И.В.', false],
    ['Ваш Н. Бухарин', false],
    ['Yours, J. Smith', false],
    ['Николай Бухарин', true],
  ])('%s is a signature (italic: %s)', (t, italic) => {
    expect(isSignature(t, italic)).toBe(true);
  });
  it.each(['Николай Бухарин', 'The end.', 'Член президиума конференции ленинградской организации', '8 декабря 1925 г.'])('%s is not a signature (roman)', (t) => {
    expect(isSignature(t)).toBe(false);
  });
  it('strips the possessive from the signer', () => {
    expect(signatureName('Ваш  Н. Бухарин')).toBe('Н. Бухарин');
    expect(signatureName('J. Stalin')).toBe('J. Stalin');
  });
  it('roles: a short capitalised line that does not end like a sentence', () => {
    expect(isRoleLine('Член президиума конференции ленинградской организации')).toBe(true);
    expect(isRoleLine('Secretary of the Central Committee')).toBe(true);
    expect(isRoleLine('This is the end of the letter.')).toBe(false);
    expect(isRoleLine('lower case line')).toBe(false);
  });
  it('closing salutations', () => {
    expect(isClosingSalute('С коммунистическим приветом')).toBe(true);
    expect(isClosingSalute('Yours fraternally,')).toBe(true);
    expect(isClosingSalute('With comradely greetings,')).toBe(true);
    expect(isClosingSalute('It was decided that the meeting is closed.')).toBe(false);
  });
  it.each([
    ['Журнал “Красная Летопись” №\u00a01 (58), 1934\u00a0г.', false],
    ['The magazine Krasnaya Letopis, No. 1 (58), 1934', false],
    ['«Правда», 1926', false],
    ['Pravda, 1926', true],
    ['Впервые опубликовано: журнал «Вопросы истории», 1991', false],
  ])('%s is a first-publication line (italic: %s)', (t, italic) => {
    expect(isFirstPublication(t, italic)).toBe(true);
  });
  it.each(['8 декабря 1925 г.', 'In 1925 we met again.', 'И. Сталин', 'Прошу напечатать это письмо в ближайшем номере газеты.', 'Please send it to the magazine.'])('%s is not a first-publication line', (t) => {
    expect(isFirstPublication(t)).toBe(false);
  });
  it('roles and closing salutations need a signature after them', () => {
    const role = { text: 'Secretary of the Bureau' };
    expect(classifyCloserLine(role, true, 'signed')).toBe('role');
    expect(classifyCloserLine(role, false, null)).toBeNull();
    expect(classifyCloserLine({ text: 'Yours fraternally,' }, true, 'signed')).toBe('salute');
    expect(classifyCloserLine({ text: 'Yours fraternally,' }, false, null)).toBeNull();
  });
});

describe('letter-structure: findLetterLayout', () => {
  it('finds the salutation and a closer with parts in source order', () => {
    const layout = findLetterLayout([
      { text: 'Письмо президиуму', heading: true },
      { text: 'Дорогие товарищи!' },
      { text: 'До Секретариата ЦК дошли сведения о том, что резолюция направлена якобы против организации.' },
      { text: 'Обо всем этом я считаю своим долгом довести до вашего сведения.' },
      { text: 'Член президиума конференции ленинградской организации' },
      { text: 'И. Сталин', italic: true },
      { text: '8 декабря 1925 г.' },
      { text: 'Журнал “Красная Летопись” № 1 (58), 1934 г.', italic: true },
    ]);
    expect(layout).toEqual({ openerDatelineIndex: null, saluteIndex: 1, closerStart: 4, closerTypes: ['role', 'signed', 'dateline', 'bibl'], trailingBibl: [] });
  });
  it('a text that is not a letter: no salutation, no closer, trailing publication line apart', () => {
    const layout = findLetterLayout([
      { text: 'On the press', heading: true },
      { text: 'A long paragraph of an essay, not a letter at all.' },
      { text: 'Thank you.' },
      { text: 'First published in the journal Voprosy istorii, No. 4, 1991' },
    ]);
    expect(layout).toEqual({ openerDatelineIndex: null, saluteIndex: null, closerStart: null, closerTypes: [], trailingBibl: [3] });
  });
  it('a short last body sentence is not taken for a closer part', () => {
    const layout = findLetterLayout([{ text: 'Dear comrades,' }, { text: 'The body of the letter.' }, { text: 'See you soon.' }]);
    expect(layout).toEqual({ openerDatelineIndex: null, saluteIndex: 0, closerStart: null, closerTypes: [], trailingBibl: [] });
  });
  it('a dateline before the salutation opens the letter', () => {
    const layout = findLetterLayout([
      { text: 'Письмо', heading: true },
      { text: 'Москва, 3 мая 1926 г.' },
      { text: 'Дорогой товарищ!' },
      { text: 'Текст письма, довольно короткий.' },
      { text: 'Н. Бухарин' },
    ]);
    expect(layout).toEqual({ openerDatelineIndex: 1, saluteIndex: 2, closerStart: 4, closerTypes: ['signed'], trailingBibl: [] });
  });
  it('leaves at least one body paragraph', () => {
    const layout = findLetterLayout([{ text: 'Title', heading: true }, { text: 'Dear comrades,' }, { text: 'J. Stalin' }]);
    expect(layout.closerStart).toBeNull();
  });
  it('stops at a heading', () => {
    const layout = findLetterLayout([{ text: 'Body text of the first part.' }, { text: 'J. Stalin', heading: true }]);
    expect(layout.closerStart).toBeNull();
  });
});
