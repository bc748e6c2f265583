import { inlineText, type Inline, type Sentence } from '../../src/model/document';
import { unwrapSentences, wrapSentences } from '../../src/enrich/align/wrap';
import { t } from './helpers';

const sentences = (content: Inline[]): Sentence[] => content.filter((n): n is Sentence => n.kind === 's');

describe('wrapping sentences into a paragraph', () => {
  const content: Inline[] = [
    t('  Публикуемое письмо '),
    { kind: 'entity', type: 'persName', ref: 'stalin', children: [t('И.В. Сталина')] },
    t(' было оглашено '),
    { kind: 'entity', type: 'date', when: '1925-12-08', children: [t('8 декабря 1925 года')] },
    t('.'),
    { kind: 'noteRef', n: '2' },
    t(' Он писал: '),
    { kind: 'emph', rend: 'italic', children: [t('Единство нужно. Оно возможно.')] },
    t(' Конец письма.'),
    { kind: 'lb' },
    t('Последняя строка. '),
  ];

  test('the text of the paragraph is unchanged, whitespace between sentences stays outside them', () => {
    const { content: out, sentences: ss } = wrapSentences(content, 'ru', 'ru-p1');
    expect(inlineText(out)).toBe(inlineText(content));
    expect(ss.map((s) => s.id)).toEqual(['ru-p1-s1', 'ru-p1-s2', 'ru-p1-s3', 'ru-p1-s4']);
    expect(sentences(out)).toEqual(ss);
    expect(out[0]).toEqual(t('  '));
    expect(out[out.length - 1]).toEqual(t(' '));
    for (const n of out) if (n.kind !== 's') expect(n.kind === 'text' && n.text.trim() === '' || n.kind === 'lb').toBe(true);
  });

  test('a note reference after the full stop stays with its sentence; names are not cut at initials', () => {
    const { sentences: ss } = wrapSentences(content, 'ru', 'ru-p1');
    const first = ss[0].children;
    expect(first[first.length - 1]).toEqual({ kind: 'noteRef', n: '2' });
    expect(first.filter((n) => n.kind === 'entity')).toHaveLength(2);
    expect(inlineText(first)).toBe('Публикуемое письмо И.В. Сталина было оглашено 8 декабря 1925 года.');
  });

  test('a boundary inside an emphasis is not taken: the whole element stays in one sentence', () => {
    const { sentences: ss } = wrapSentences(content, 'ru', 'ru-p1');
    expect(inlineText(ss[1].children)).toBe('Он писал: Единство нужно. Оно возможно.');
    expect(ss[1].children[ss[1].children.length - 1].kind).toBe('emph');
    // the emphasis ends with a full stop: a boundary after it is a boundary outside it
    expect(inlineText(ss[2].children)).toBe('Конец письма.');
    expect(inlineText(ss[3].children)).toBe('Последняя строка.');
    const { sentences: one } = wrapSentences([t('Он писал: '), { kind: 'emph', rend: 'bold', children: [t('Нет. Да')] }, t(' — и ушёл.')], 'ru', 'ru-p2');
    expect(one).toHaveLength(1);
  });

  test('a lone note marker after a space is kept with the sentence before it', () => {
    const { sentences: ss } = wrapSentences([t('It was read. '), { kind: 'noteRef', n: '3' }, t(' Then it was sent.')], 'en', 'en-p4');
    expect(ss).toHaveLength(2);
    expect(ss[0].children).toEqual([t('It was read. '), { kind: 'noteRef', n: '3' }]);
    expect(ss[1]).toEqual({ kind: 's', id: 'en-p4-s2', children: [t('Then it was sent.')] });
  });

  test('wrapping again gives the same result; unwrapping gives back the text', () => {
    const once = wrapSentences(content, 'ru', 'ru-p1').content;
    const twice = wrapSentences(once, 'ru', 'ru-p1').content;
    expect(twice).toEqual(once);
    expect(inlineText(unwrapSentences(once))).toBe(inlineText(content));
  });

  test('an empty or blank paragraph has no sentences', () => {
    expect(wrapSentences([], 'en', 'en-p1')).toEqual({ content: [], sentences: [] });
    expect(wrapSentences([t('   ')], 'en', 'en-p1')).toEqual({ content: [t('   ')], sentences: [] });
  });
});
