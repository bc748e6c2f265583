import type { Block, Inline, TeiDocument } from '../../src/model/document';

/** A text run. */
export const t = (text: string): Inline => ({ kind: 'text', text });

/** A document built by hand: each paragraph given as a string or as inline content. */
export function handDoc(lang: string, paragraphs: Array<string | Inline[]>, file = `${lang}.src`): TeiDocument {
  const blocks: Block[] = [{ kind: 'head', level: 3, content: [t(`Head ${lang}`)] }];
  for (const p of paragraphs) blocks.push({ kind: 'p', content: typeof p === 'string' ? [t(p)] : p });
  return { lang, format: lang === 'ru' ? 'word-md' : 'mia-txt', file, meta: { fields: [] }, divisions: [{ type: 'letter', blocks }], notes: [] };
}
