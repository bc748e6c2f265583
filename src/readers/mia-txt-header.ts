/**
 * Header fields of a Marxists Internet Archive text: `Label : value` lines
 * between the title (and date line) and the body.
 */
import type { HeaderField } from '../model/document';

export type FieldKey = HeaderField['key'];

/** Normalised label: lower case, one space, `\` read as `/`, no spaces around `/`. */
function norm(label: string): string {
  return label.toLowerCase().replace(/\\/g, '/').replace(/\s*\/\s*/g, '/').replace(/\s+/g, ' ').trim();
}

const KEYS: Record<string, FieldKey> = {
  source: 'source',
  sources: 'source',
  publisher: 'publisher',
  'published by': 'publisher',
  'public domain': 'rights',
  copyleft: 'rights',
  copyright: 'rights',
  rights: 'rights',
  licence: 'rights',
  license: 'rights',
  'first published': 'firstPublished',
  'first publication': 'firstPublished',
  'first printed': 'firstPublished',
  published: 'firstPublished',
  translated: 'translated',
  'translated by': 'translated',
  translation: 'translated',
  translator: 'translated',
  translators: 'translated',
  'online version': 'other',
  online: 'other',
  written: 'other',
  date: 'other',
  dated: 'other',
  delivered: 'other',
  'proofread by': 'other',
  proofread: 'other',
  proofreading: 'other',
  original: 'other',
  'original source': 'source',
  editor: 'other',
  edited: 'other',
  notes: 'other',
  audio: 'other',
  html: 'transcription',
};

/** The key of a known label ("Source", "Transcription\Markup", "Public Domain"), or undefined for an unknown label. */
export function knownFieldKey(label: string): FieldKey | undefined {
  const n = norm(label);
  if (KEYS[n] !== undefined) return KEYS[n];
  if (/transcri|markup/u.test(n)) return 'transcription';
  return undefined;
}

/** Labels whose value is the text's date ("Written: December 1925"). */
export function isDateLabel(label: string): boolean {
  return /^(written|date|dated)$/u.test(norm(label));
}

export interface FieldLine {
  label: string;
  /** Offset of the value in the line (after the colon and its spaces). */
  valueStart: number;
  value: string;
  key: FieldKey | undefined;
}

/**
 * Split `Label : value` / `Label: value` / `Label:` (value on the next line).
 * A label is one to four words of letters joined by spaces, `/`, `\` or `-`,
 * starting with a capital.
 */
export function splitFieldLine(line: string): FieldLine | undefined {
  const m = /^(\p{Lu}[\p{L}\p{M}'’-]*(?:\s?[/\\]\s?[\p{L}\p{M}'’-]+|\s[\p{L}\p{M}'’-]+){0,3})\s*:(?:\s+|$)/u.exec(line);
  if (!m) return undefined;
  return { label: m[1], valueStart: m[0].length, value: line.slice(m[0].length), key: knownFieldKey(m[1]) };
}

/**
 * Does this line start a new header field? A known label always does (an empty
 * value is allowed: the value may be on the next line); an unknown label only
 * with a value and only when `allowUnknown` (inside a header block already
 * opened by a known label).
 */
export function startsField(line: string, allowUnknown: boolean): FieldLine | undefined {
  const f = splitFieldLine(line);
  if (!f) return undefined;
  if (f.key !== undefined) return f;
  return allowUnknown && f.value.trim().length > 0 ? f : undefined;
}
