/**
 * Letter parts of a Marxists Internet Archive text, judged on the plain text
 * of one paragraph (note markers already removed). Each test is deliberately
 * narrow; the reader only asks them about the first paragraphs (opener) and
 * the trailing run of paragraphs (closer), never about the middle of a text.
 */
import { isDateLike, parseDate } from './mia-txt-dates';

const words = (s: string): string[] => s.trim().split(/\s+/).filter((w) => w.length > 0);

/**
 * A salutation: one short phrase (at most 10 words, 80 characters) that
 * starts with a capital and ends with `,`, `!` or `:` ("Dear comrades,",
 * "Comrades!", "To the Presidium:"), with no sentence break inside.
 */
export function isSalutation(s: string): boolean {
  const t = s.trim();
  if (t.length === 0 || t.length > 80 || words(t).length > 10) return false;
  if (!/^[\p{Lu}]/u.test(t) || !/[,!:]$/u.test(t)) return false;
  return !/[.!?]\s+\p{Lu}/u.test(t.slice(0, -1));
}

/** A closing salutation before a signature ("With communist greetings,", "Yours,"): at most 8 words ending with `,` or `!`. */
export function isClosingSalute(s: string): boolean {
  const t = s.trim();
  return t.length > 0 && t.length <= 60 && words(t).length <= 8 && /^[\p{Lu}]/u.test(t) && /[,!]$/u.test(t);
}

/**
 * A signed name: one to four name tokens, each an initial ("J.", "Yu.") or a
 * capitalised word ("Stalin", "STALIN", "Frederick", "Ulyanov-Lenin"), at most
 * 40 characters, no digits ("J. Stalin", "V. I. Lenin", "Karl Marx", "Lenin").
 */
export function isSignedName(s: string): boolean {
  const t = s.trim();
  if (t.length === 0 || t.length > 40) return false;
  const tokens = t.replace(/\.\s*/g, '. ').trim().split(/\s+/);
  if (tokens.length > 4) return false;
  const initial = /^\p{Lu}\p{Ll}?\.$/u;
  const name = /^\p{Lu}[\p{L}\p{M}'’]*(?:-\p{Lu}[\p{L}\p{M}'’]*)*\.?$/u;
  const hasName = tokens.some((tok) => !initial.test(tok) && name.test(tok));
  return hasName && tokens.every((tok) => initial.test(tok) || name.test(tok));
}

/**
 * A role line next to a signature ("Member of the Presidium of the conference
 * of the Leningrad organisation", "Secretary of the C.C."): starts with a
 * capital, at most 25 words and 200 characters, does not end a sentence or a
 * clause (no final `.`, `!`, `?`, `,`, `;`, `:`), and is not a date. The
 * reader accepts it only directly before or after a signed name.
 */
export function isRoleLine(s: string): boolean {
  const t = s.trim();
  if (t.length === 0 || t.length > 200 || words(t).length > 25) return false;
  if (!/^[\p{Lu}]/u.test(t)) return false;
  if (/[!?,;:]$/u.test(t)) return false;
  // a final full stop is allowed after an abbreviation ("Secretary of the C.C.")
  if (/\.$/u.test(t) && !/(?:^|[\s.(])\p{Lu}\.$/u.test(t)) return false;
  return !isDateLike(t);
}

/**
 * A dateline: a date, optionally after or before a place ("Moscow, December 8,
 * 1925", "December 8, 1925", "8 December 1925, Moscow"). Returns the date part
 * as written, or undefined.
 */
export function datelineDate(s: string): string | undefined {
  const t = s.trim().replace(/\.$/u, '');
  if (t.length === 0 || t.length > 80) return undefined;
  if (isDateLike(t)) return t;
  const place = '\\p{Lu}[\\p{L}\\p{M}.\'’-]*(?:\\s+\\p{Lu}[\\p{L}\\p{M}.\'’-]*){0,2}';
  const before = new RegExp(`^${place},\\s*(.+)$`, 'u').exec(t);
  if (before && parseDate(before[1]) !== undefined) return before[1];
  const after = new RegExp(`^(.+?),\\s*${place}$`, 'u').exec(t);
  if (after && parseDate(after[1]) !== undefined) return after[1];
  return undefined;
}

export function isDateline(s: string): boolean {
  return datelineDate(s) !== undefined;
}

/**
 * The first-publication line after a letter: "The magazine Krasnaya Letopis,
 * No. 1 (58), 1934", "First published in Pravda, No. 285, December 15, 1925",
 * "Bolshevik, No. 3, 1925". At most 200 characters and 30 words, with a
 * four-digit year, and either an opening "First published"/"Published
 * in"/"Printed in", or the word magazine/journal/newspaper, or an issue number
 * ("No. 1", "№ 3").
 */
export function isFirstPublicationLine(s: string): boolean {
  const t = s.trim();
  if (t.length === 0 || t.length > 200 || words(t).length > 30) return false;
  if (!/\b1\d{3}\b|\b20\d{2}\b/u.test(t)) return false;
  if (/^(?:first\s+published|published\s+in|printed\s+in|first\s+printed)\b/iu.test(t)) return true;
  if (/\b(?:magazine|journal|newspaper|gazette|periodical)\b/iu.test(t)) return true;
  return /(?:\bNo\.|№)\s*\d/u.test(t) && words(t).length <= 15;
}

/** A heading inside the body: a Roman numeral alone ("II", "IV.") or an all-capitals line of at most 12 words without final punctuation. */
export function isBodyHeading(s: string): boolean {
  const t = s.trim();
  if (/^[IVXLC]{1,7}\.?$/u.test(t)) return true;
  if (words(t).length > 12 || /[.,;:!?]$/u.test(t)) return false;
  const letters = t.match(/\p{L}/gu) ?? [];
  return letters.length >= 4 && !/\p{Ll}/u.test(t);
}
