import { allBlocks, inlineText, type Inline, type Paragraph, type Sentence, type TeiDocument } from '../../src/model/document';
import { TeikitError } from '../../src/model/diagnostics';
import { alignEdition } from '../../src/enrich/align';
import { handDoc, t } from './helpers';

const files = { originalFile: 'ed.ru.xml', translationFile: 'ed.en.xml' };
const paras = (doc: TeiDocument): Paragraph[] => allBlocks(doc).filter((b): b is Paragraph => b.kind === 'p');
const sentencesOf = (p: Paragraph): Sentence[] => p.content.filter((n): n is Sentence => n.kind === 's');

// The translation merges the original's paragraphs 2 and 3, and leaves out paragraph 4.
const ru = handDoc('ru', [
  'В 1917 г. в городе было 12 заводов. Все они стояли.',
  [t('Весной 1921 г. '), { kind: 'entity', type: 'persName', ref: 'ivanov', children: [t('И.И. Иванов')] }, t(' открыл первый завод.'), { kind: 'noteRef', n: '1' }, t(' Работа пошла.')],
  'Через год работали уже пять заводов. Рабочих не хватало.',
  'В 1923 г. один из заводов сгорел, но его быстро отстроили.',
  'К 1925 г. работали все 12 заводов. Город ожил.',
]);
const en = handDoc('en', [
  'In 1917 the town had 12 factories. All of them stood idle.',
  [
    t('In the spring of 1921 '),
    { kind: 'entity', type: 'persName', ref: 'ivanov', children: [t('I. I. Ivanov')] },
    t(' opened the first factory.'),
    { kind: 'noteRef', n: '1' },
    t(' Work got going. A year later five factories were working. There were not enough workers.'),
  ],
  'By 1925 all 12 factories were working. The town came to life.',
]);

describe('alignEdition on documents built by hand', () => {
  const before = JSON.stringify([ru, en]);
  const r = alignEdition(ru, en, files);

  test('paragraph beads: 1–1, 2–1 and 1–0, never assuming one to one', () => {
    expect(r.alignment.paragraphs.map((b) => [b.original, b.translation])).toEqual([
      [['ru-p1'], ['en-p1']],
      [['ru-p2', 'ru-p3'], ['en-p2']],
      [['ru-p4'], []],
      [['ru-p5'], ['en-p3']],
    ]);
  });

  test('sentence beads inside the paragraph groups', () => {
    expect(r.alignment.sentences.map((b) => [b.original, b.translation])).toEqual([
      [['ru-p1-s1'], ['en-p1-s1']],
      [['ru-p1-s2'], ['en-p1-s2']],
      [['ru-p2-s1'], ['en-p2-s1']],
      [['ru-p2-s2'], ['en-p2-s2']],
      [['ru-p3-s1'], ['en-p2-s3']],
      [['ru-p3-s2'], ['en-p2-s4']],
      [['ru-p4-s1'], []],
      [['ru-p5-s1'], ['en-p3-s1']],
      [['ru-p5-s2'], ['en-p3-s2']],
    ]);
  });

  test('ids and corresp both ways, pointing into the other file; no corresp without a counterpart', () => {
    const [p1, p2, p3, p4] = paras(r.original);
    expect(paras(r.original).map((p) => p.id)).toEqual(['ru-p1', 'ru-p2', 'ru-p3', 'ru-p4', 'ru-p5']);
    expect(p1.corresp).toEqual(['ed.en.xml#en-p1']);
    expect(p2.corresp).toEqual(['ed.en.xml#en-p2']);
    expect(p3.corresp).toEqual(['ed.en.xml#en-p2']);
    expect(p4.corresp).toBeUndefined();
    expect(paras(r.translation)[1].corresp).toEqual(['ed.ru.xml#ru-p2', 'ed.ru.xml#ru-p3']);
    expect(sentencesOf(p4)[0].corresp).toBeUndefined();
    expect(sentencesOf(paras(r.translation)[1]).map((s) => [s.id, s.corresp])).toEqual([
      ['en-p2-s1', ['ed.ru.xml#ru-p2-s1']],
      ['en-p2-s2', ['ed.ru.xml#ru-p2-s2']],
      ['en-p2-s3', ['ed.ru.xml#ru-p3-s1']],
      ['en-p2-s4', ['ed.ru.xml#ru-p3-s2']],
    ]);
  });

  test('nothing lost: every paragraph has the same text; elements and note markers kept in place', () => {
    const texts = (d: TeiDocument): string[] => paras(d).map((p) => inlineText(p.content));
    expect(texts(r.original)).toEqual(texts(ru));
    expect(texts(r.translation)).toEqual(texts(en));
    const s1 = sentencesOf(paras(r.original)[1])[0].children;
    expect(s1.map((n: Inline) => n.kind)).toEqual(['text', 'entity', 'text', 'noteRef']);
    expect(paras(r.original).every((p) => p.content.every((n) => n.kind === 's' || (n.kind === 'text' && n.text.trim() === '')))).toBe(true);
  });

  test('inputs unchanged; deterministic; aligning the output again gives the same documents', () => {
    expect(JSON.stringify([ru, en])).toBe(before);
    expect(alignEdition(ru, en, files)).toEqual(r);
    const again = alignEdition(r.original, r.translation, files);
    expect(again.original).toEqual(r.original);
    expect(again.translation).toEqual(r.translation);
  });

  test('anchors (numbers) decide where lengths alone cannot: which of three equal paragraphs was left out', () => {
    const o = handDoc('ru', [
      'В 1905 году на заводе работало восемьсот человек.',
      'В 1912 году на заводе работала тысяча человек.',
      'В 1914 году на заводе работало семьсот человек.',
    ]);
    const tr = handDoc('en', ['In 1905 the works employed eight hundred men.', 'In 1914 the works employed seven hundred men.']);
    expect(alignEdition(o, tr, files).alignment.paragraphs.map((b) => [b.original, b.translation])).toEqual([
      [['ru-p1'], ['en-p1']],
      [['ru-p2'], []],
      [['ru-p3'], ['en-p2']],
    ]);
    const noAnchors = alignEdition(o, tr, { ...files, model: { anchorBonus: 0, anchorPenalty: 0 } });
    expect(noAnchors.alignment.paragraphs.map((b) => [b.original, b.translation])).not.toEqual([
      [['ru-p1'], ['en-p1']],
      [['ru-p2'], []],
      [['ru-p3'], ['en-p2']],
    ]);
  });

  test('a register id both sides share is an anchor: it tells which of two like paragraphs was left out', () => {
    const o = handDoc('ru', [
      [{ kind: 'entity', type: 'persName', ref: 'a', children: [t('Петров')] }, t(' выступил первым и говорил о плане.')],
      [{ kind: 'entity', type: 'persName', ref: 'b', children: [t('Сидоров')] }, t(' выступил вторым и говорил о ценах.')],
    ]);
    const tr = handDoc('en', [[{ kind: 'entity', type: 'persName', ref: 'b', children: [t('Sidorov')] }, t(' spoke second and talked about prices.')]]);
    expect(alignEdition(o, tr, files).alignment.paragraphs.map((b) => [b.original, b.translation])).toEqual([
      [['ru-p1'], []],
      [['ru-p2'], ['en-p1']],
    ]);
    const swapped = handDoc('en', [[{ kind: 'entity', type: 'persName', ref: 'a', children: [t('Petrov')] }, t(' spoke first and talked about the plan.')]]);
    expect(alignEdition(o, swapped, files).alignment.paragraphs.map((b) => [b.original, b.translation])).toEqual([
      [['ru-p1'], ['en-p1']],
      [['ru-p2'], []],
    ]);
  });

  test('a second translation of the same original: pointers into both translations are kept', () => {
    const de = handDoc('de', [
      'Im Jahre 1917 hatte die Stadt 12 Fabriken. Alle standen still.',
      'Im Frühjahr 1921 eröffnete I. I. Iwanow die erste Fabrik. Die Arbeit kam in Gang.',
      'Ein Jahr später arbeiteten fünf Fabriken. Es fehlte an Arbeitern.',
      'Im Jahre 1923 brannte eine der Fabriken ab, wurde aber schnell wieder aufgebaut.',
      'Bis 1925 arbeiteten alle 12 Fabriken. Die Stadt lebte auf.',
    ]);
    const withDe = alignEdition(r.original, de, { originalFile: 'ed.ru.xml', translationFile: 'ed.de.xml' });
    const [p1] = paras(withDe.original);
    expect(p1.corresp).toEqual(['ed.en.xml#en-p1', 'ed.de.xml#de-p1']);
    expect(sentencesOf(p1)[1].corresp).toEqual(['ed.en.xml#en-p1-s2', 'ed.de.xml#de-p1-s2']);
    expect(paras(withDe.original)[3].corresp).toEqual(['ed.de.xml#de-p4']);
    // aligning with English again replaces the English pointers only
    const again = alignEdition(withDe.original, en, files);
    expect(paras(again.original)[0].corresp).toEqual(['ed.de.xml#de-p1', 'ed.en.xml#en-p1']);
  });

  test('empty documents and documents without paragraphs align to nothing', () => {
    const r0 = alignEdition(handDoc('ru', []), handDoc('en', ['Only this.']), files);
    expect(r0.alignment.paragraphs).toEqual([{ original: [], translation: ['en-p1'], cost: expect.any(Number) }]);
    expect(r0.alignment.sentences).toEqual([{ original: [], translation: ['en-p1-s1'], cost: expect.any(Number) }]);
  });

  test('a file name that cannot be a pointer is a diagnostic', () => {
    expect(() => alignEdition(ru, en, { originalFile: 'my file.xml', translationFile: 'x.xml' })).toThrow(TeikitError);
    expect(() => alignEdition(ru, en, { originalFile: 'a.xml', translationFile: 'b.xml#x' })).toThrow(/translationFile must be a file name.*\[align\/target-file\]/);
  });
});
