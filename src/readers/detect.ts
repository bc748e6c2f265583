import type { SourceFormat } from '../model/document';

export interface Detection<T> {
  value: T | undefined;
  /** Why: the evidence, for the "chose X because …" message. */
  reason: string;
}

/**
 * Which source format a text is in, from its content. Word-export Markdown
 * shows Word's footnote links, pandoc notes, Markdown headings or emphasis;
 * a Marxists Internet Archive text shows labelled header fields and bare
 * numbered endnotes. Undefined when neither shows.
 */
export function detectFormat(text: string): Detection<SourceFormat> {
  const word: string[] = [];
  const mia: string[] = [];
  if (/\]\(#_ftn(?:ref)?\d+\)/.test(text)) word.push("Word footnote links ](#_ftnN)");
  if (/\[\^[^\]\s]+\]/.test(text)) word.push('pandoc notes [^n]');
  if (/^#{1,6}\s+\S/m.test(text)) word.push('Markdown headings');
  if (/(^|\s)(\*\*|__)\S[^\n]*?\S\2(?=\s|[.,;:!?]|$)/m.test(text) || /(^|\s)_\S[^\n_]*_(?=\s|[.,;:!?]|$)/m.test(text)) word.push('Markdown emphasis');
  const fields = text.match(/^(Source|Publisher|Transcription[/\\]Markup|Public Domain|First Published|Translated|Written|Online Version|Copyleft|HTML Markup|Proofread)\s*:/gim) ?? [];
  if (fields.length > 0) mia.push(`header fields (${fields.map((f) => f.replace(/\s*:$/, '')).slice(0, 3).join(', ')})`);
  if (/\n\s*\n(?:\[\d+\]|\d+\.)\s*\S[^\n]*(?:\n(?:\[\d+\]|\d+\.)\s*\S|\s*$)/.test(text) && word.length === 0) mia.push('numbered endnotes');
  if (word.length > mia.length) return { value: 'word-md', reason: word.join(', ') };
  if (mia.length > 0 && mia.length >= word.length) return { value: 'mia-txt', reason: mia.join(', ') };
  return { value: undefined, reason: 'no Word footnote links, Markdown syntax, or Marxists Internet Archive header fields found' };
}

const STOPWORDS: Record<string, string[]> = {
  en: ['the', 'and', 'of', 'to', 'in', 'is', 'that', 'for', 'it', 'with', 'was', 'on'],
  de: ['der', 'die', 'und', 'das', 'nicht', 'ist', 'zu', 'den', 'mit', 'sich', 'auf', 'ein'],
  fr: ['le', 'la', 'les', 'et', 'des', 'est', 'que', 'une', 'dans', 'pour', 'pas', 'qui'],
  es: ['el', 'la', 'los', 'y', 'que', 'del', 'las', 'por', 'una', 'con', 'para', 'es'],
};

/** The language of a text, from its script and (for Latin script) its commonest words. */
export function detectLanguage(text: string): Detection<string> {
  let cyr = 0;
  let lat = 0;
  for (const ch of text) {
    if (/\p{Script=Cyrillic}/u.test(ch)) cyr++;
    else if (/\p{Script=Latin}/u.test(ch)) lat++;
  }
  const letters = cyr + lat;
  if (letters < 20) return { value: undefined, reason: `too few letters (${letters}) to tell the language` };
  if (cyr / letters > 0.5) {
    const uk = (text.match(/[іїєґІЇЄҐ]/g) ?? []).length;
    const ru = (text.match(/[ыэъЫЭЪ]/g) ?? []).length;
    if (uk > ru) return { value: 'uk', reason: `Cyrillic script with Ukrainian letters і ї є ґ (${uk})` };
    return { value: 'ru', reason: `Cyrillic script (${Math.round((100 * cyr) / letters)}% of letters)` };
  }
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  let best: [string, number] = ['en', -1];
  for (const [lang, list] of Object.entries(STOPWORDS)) {
    const set = new Set(list);
    const n = words.filter((w) => set.has(w)).length;
    if (n > best[1]) best = [lang, n];
  }
  if (best[1] <= 0) return { value: undefined, reason: 'Latin script, but none of the commonest words of en, de, fr, es' };
  return { value: best[0], reason: `Latin script; commonest-word count ${best[1]} for "${best[0]}"` };
}
