import type { SourceFormat, TeiDocument } from '../model/document';
import { fail } from '../model/diagnostics';
import { readSourceText } from '../io/read-source';
import { readWordMarkdown } from './word-md';
import { readMiaText } from './mia-txt';
import { detectFormat, detectLanguage } from './detect';

export { detectFormat, detectLanguage } from './detect';

export interface ReadOptions {
  file: string;
  lang: string;
}

export type Reader = (text: string, opts: ReadOptions) => TeiDocument;

/** One reader per source format. */
export const READERS: Record<SourceFormat, Reader> = {
  'word-md': readWordMarkdown,
  'mia-txt': readMiaText,
};

export const FORMATS = Object.keys(READERS) as SourceFormat[];

export interface ReadResult {
  doc: TeiDocument;
  /** What was detected rather than given ("format word-md (Word footnote links …)"). */
  chosen: string[];
}

/**
 * Read a source file into the document model, detecting format and language
 * from the content when they are not given.
 */
export function readSource(file: string, opts: { format?: string; lang?: string } = {}): ReadResult {
  const text = readSourceText(file);
  const chosen: string[] = [];
  let format = opts.format as SourceFormat | undefined;
  if (format !== undefined && !(format in READERS)) {
    fail(file, 'cli/unknown-format', `unknown format "${format}": expected one of ${FORMATS.join(', ')}`);
  }
  if (!format) {
    const d = detectFormat(text);
    if (!d.value) fail(file, 'detect/unknown-format', `cannot tell the source format: ${d.reason}; expected one of ${FORMATS.join(', ')} (give --format)`);
    format = d.value;
    chosen.push(`format ${format} (${d.reason})`);
  }
  let lang = opts.lang;
  if (!lang) {
    const d = detectLanguage(text);
    if (!d.value) fail(file, 'detect/unknown-language', `cannot tell the language: ${d.reason} (give --lang)`);
    lang = d.value;
    chosen.push(`language ${lang} (${d.reason})`);
  }
  return { doc: READERS[format](text, { file, lang }), chosen };
}
