/**
 * Reader for plain text in the Marxists Internet Archive style:
 *
 *     J. V. Stalin                                   ← author (first line)
 *
 *     A Letter to the Presidium of the               ← title, one or more lines
 *     Twenty-Second Leningrad Gubernia               ← (a note marker may be glued
 *     Party Conference1                                 to its last word)
 *
 *     December 8, 1925                               ← date line (optional)
 *
 *     Source : Works, Vol. 7, 1925                   ← header fields `Label : value`
 *     Transcription/Markup : Salil Sen for MIA, 2008    (a value may wrap onto
 *                                                       following lines)
 *     Dear comrades,                                 ← salutation → opener
 *
 *     Information has reached … report 2 is …        ← paragraphs (blank-line separated,
 *                                                       hard-wrapped lines joined by a space)
 *     Member of the Presidium …                      ← closer: role, signed name,
 *     J. Stalin                                         dateline, first-publication line
 *     The magazine Krasnaya Letopis, No. 1 (58), 1934
 *
 *     1. The Twenty-Second …                         ← endnotes `1. `, `2.The`, `[1] `, `[1]The`,
 *     2.The Fourteenth …                                optionally after a "Notes" line
 *
 * The result is one division ('letter' when a salutation, a signature or a
 * title naming a letter is found, else 'text'): the title as a level-1 head,
 * an opener, paragraphs (all-capital or Roman-numeral lines as level-2 heads),
 * a closer or first-publication bibl line. Note markers become NoteRefs (rules
 * in mia-txt-markers.ts); endnotes become `notes` in source order.
 *
 * Format syntax that leaves the text: header labels, the `Written:` label, note
 * markers (with the space before a spaced marker), endnote numbers, a
 * "Notes"/"Footnotes"/"Endnotes" line and a rule line (`-----`, `* * *`) just
 * before the endnotes, blank lines and line breaks inside a paragraph (each
 * becomes one space), spaces at line starts and ends. Every other character
 * reaches the model exactly once.
 */
import { fail } from '../model/diagnostics';
import type {
  Block,
  Closer,
  CloserPart,
  HeaderField,
  Inline,
  Note,
  Opener,
  SourceMetadata,
  SourcePos,
  TeiDocument,
} from '../model/document';
import { inlineText } from '../model/document';
import { isDateLike, parseDate } from './mia-txt-dates';
import { isDateLabel, startsField } from './mia-txt-header';
import {
  isBodyHeading,
  isClosingSalute,
  isDateline,
  isFirstPublicationLine,
  isRoleLine,
  isSalutation,
  isSignedName,
} from './mia-txt-letter';
import { decideMarkers, type MarkerCandidate } from './mia-txt-markers';

export interface MiaTextOptions {
  /** Path of the source, for diagnostics and `TeiDocument.file`. */
  file: string;
  /** BCP 47 language code of the text. */
  lang: string;
}

/** One non-blank source line, trimmed; `col` is the 1-based column of its first character. */
interface Line {
  no: number;
  col: number;
  text: string;
}

/** Consecutive non-blank lines. */
interface Para {
  lines: Line[];
}

/** Lines joined by single spaces, with a map back to the source. */
interface Seg {
  text: string;
  starts: Array<{ off: number; line: Line }>;
}

function splitParagraphs(text: string): Para[] {
  const paras: Para[] = [];
  let cur: Line[] = [];
  text.split('\n').forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed.length === 0) {
      if (cur.length > 0) paras.push({ lines: cur });
      cur = [];
      return;
    }
    cur.push({ no: i + 1, col: raw.length - raw.trimStart().length + 1, text: trimmed });
  });
  if (cur.length > 0) paras.push({ lines: cur });
  return paras;
}

function joinLines(lines: Line[]): Seg {
  const starts: Seg['starts'] = [];
  let text = '';
  for (const line of lines) {
    if (text.length > 0) text += ' ';
    starts.push({ off: text.length, line });
    text += line.text;
  }
  return { text, starts };
}

function posAt(seg: Seg, off: number): SourcePos {
  let s = seg.starts[0];
  for (const st of seg.starts) if (st.off <= off) s = st;
  return { line: s.line.no, column: s.line.col + Math.max(0, off - s.off) };
}

const linePos = (line: Line): SourcePos => ({ line: line.no, column: line.col });

/** Text of a segment with the accepted markers as NoteRefs. */
function toInlines(seg: Seg, markers: MarkerCandidate[]): Inline[] {
  const out: Inline[] = [];
  let at = 0;
  for (const m of markers) {
    if (m.cutFrom > at) out.push({ kind: 'text', text: seg.text.slice(at, m.cutFrom) });
    out.push({ kind: 'noteRef', n: String(m.n), pos: posAt(seg, m.start) });
    at = m.end;
  }
  if (at < seg.text.length) out.push({ kind: 'text', text: seg.text.slice(at) });
  return out;
}

// ---------------------------------------------------------------- endnotes

const NOTE_START = /^(?:\[(\d{1,3})\]\s*|(\d{1,3})\.(?!\d)\s*)(?=\S)/u;
const NOTES_HEADING = /^(?:notes|footnotes|endnotes|end notes|note)\s*:?$/iu;
const RULE_LINE = /^[-_*=~·•\s]{3,}$/u;

interface RawNote {
  label: string;
  num: number;
  pos: SourcePos;
  paragraphs: Line[][];
}

const startsNote = (p: Para): boolean => NOTE_START.test(p.lines[0].text);

/**
 * Where the endnotes begin among paras[from..]: after the last "Notes" line
 * that is followed by a numbered paragraph (`explicit`), else at the start of
 * the trailing run of paragraphs that each begin with a note number.
 * `bodyEnd` is where the body ends (before a heading or rule line).
 */
function findNotesSection(paras: Para[], from: number): { start: number; bodyEnd: number; explicit: boolean } {
  for (let i = paras.length - 2; i >= from; i--) {
    const p = paras[i];
    if (p.lines.length === 1 && NOTES_HEADING.test(p.lines[0].text) && startsNote(paras[i + 1])) {
      let bodyEnd = i;
      if (bodyEnd - 1 >= from && paras[bodyEnd - 1].lines.every((l) => RULE_LINE.test(l.text))) bodyEnd--;
      return { start: i + 1, bodyEnd, explicit: true };
    }
  }
  let start = paras.length;
  while (start - 1 >= from && startsNote(paras[start - 1])) start--;
  let bodyEnd = start;
  if (start < paras.length && bodyEnd - 1 >= from && paras[bodyEnd - 1].lines.every((l) => RULE_LINE.test(l.text))) bodyEnd--;
  return { start, bodyEnd, explicit: false };
}

/** Endnotes of paras[start..]; lines that do not begin with a number continue the note before. */
function readNotes(file: string, paras: Para[], start: number): RawNote[] {
  const notes: RawNote[] = [];
  const seen = new Map<number, SourcePos>();
  for (let i = start; i < paras.length; i++) {
    let newParagraph = true;
    for (const line of paras[i].lines) {
      const m = NOTE_START.exec(line.text);
      if (m) {
        const label = m[1] ?? m[2];
        const num = Number(label);
        const pos = linePos(line);
        const prior = seen.get(num);
        if (prior) {
          fail(file, 'mia-txt/duplicate-note', `endnote ${label} appears a second time (first at line ${prior.line}; expected each note number once)`, pos.line, pos.column);
        }
        seen.set(num, pos);
        notes.push({ label, num, pos, paragraphs: [[{ no: line.no, col: line.col + m[0].length, text: line.text.slice(m[0].length) }]] });
      } else {
        const note = notes[notes.length - 1];
        if (newParagraph) note.paragraphs.push([line]);
        else note.paragraphs[note.paragraphs.length - 1].push(line);
      }
      newParagraph = false;
    }
  }
  return notes;
}

// ------------------------------------------------------------------ header

function readHeaderFields(p: Para, meta: SourceMetadata): void {
  let current: { field: HeaderField; dateOnly: boolean } | undefined;
  const flush = (): void => {
    if (!current) return;
    if (current.dateOnly) {
      meta.date = current.field.value;
      const iso = parseDate(current.field.value);
      if (iso) meta.dateIso = iso;
    } else meta.fields.push(current.field);
    current = undefined;
  };
  for (const line of p.lines) {
    const f = startsField(line.text, current !== undefined);
    if (f) {
      flush();
      const dateOnly = isDateLabel(f.label) && meta.date === undefined;
      current = {
        field: { label: f.label, key: f.key ?? 'other', value: f.value.trim(), pos: linePos(line) },
        dateOnly,
      };
    } else if (current) {
      current.field.value = current.field.value.length > 0 ? `${current.field.value} ${line.text}` : line.text;
    }
  }
  flush();
}

// ------------------------------------------------------------------ reader

interface BodyPara {
  seg: Seg;
  content: Inline[];
  plain: string;
  pos: SourcePos;
}

/** Read a Marxists Internet Archive plain text (decoded UTF-8, LF line ends, NFC) into the document model. */
export function readMiaText(text: string, opts: MiaTextOptions): TeiDocument {
  const { file } = opts;
  const paras = splitParagraphs(text);
  if (paras.length === 0) fail(file, 'mia-txt/no-body', 'the text is empty (expected an author line, a title, header fields and a body)', 1, 1);

  // Author, title.
  const meta: SourceMetadata = { fields: [] };
  meta.author = paras[0].lines[0].text;
  const isDatePara = (p: Para): boolean => p.lines.length === 1 && isDateLike(p.lines[0].text);
  const isFieldPara = (p: Para): boolean => startsField(p.lines[0].text, false) !== undefined;
  let titleLines = paras[0].lines.slice(1);
  let k = 1;
  if (titleLines.length === 0 && k < paras.length && !isDatePara(paras[k]) && !isFieldPara(paras[k])) {
    titleLines = paras[k].lines;
    k++;
  }

  // A title block after the date line, or a second title block ("Speech at the …"), before the header
  // fields: it is (part of) the title.
  const isSubtitle = (i: number): boolean =>
    meta.fields.length === 0 && paras[i].lines.length <= 3 && joinLines(paras[i].lines).text.length <= 200 &&
    [i + 1, i + 2].some((j) => j < paras.length && isFieldPara(paras[j]));

  // Date line and header fields, in any order.
  for (; k < paras.length; k++) {
    const p = paras[k];
    if (meta.date === undefined && isDatePara(p)) {
      meta.date = p.lines[0].text;
      const iso = parseDate(meta.date);
      if (iso) meta.dateIso = iso;
    } else if (isFieldPara(p)) {
      readHeaderFields(p, meta);
    } else if (isSubtitle(k)) {
      titleLines = [...titleLines, ...p.lines];
    } else break;
  }
  const headerEnd = k;

  // Endnotes.
  let section = findNotesSection(paras, headerEnd);
  let rawNotes = readNotes(file, paras, section.start);
  const segsFor = (sec: { bodyEnd: number }): Seg[] => paras.slice(headerEnd, sec.bodyEnd).map((p) => joinLines(p.lines));
  const titleSeg = titleLines.length > 0 ? joinLines(titleLines) : undefined;
  let bodySegs = segsFor(section);
  const decide = (notes: RawNote[]): ReturnType<typeof decideMarkers> =>
    decideMarkers([...(titleSeg ? [titleSeg.text] : []), ...bodySegs.map((s) => s.text)], new Set(notes.map((n) => n.num)));
  let decision = decide(rawNotes);
  // Without a "Notes" line, a trailing numbered list that no marker points to is body text, not endnotes.
  if (!section.explicit && rawNotes.length > 0 && !decision.problem && decision.accepted.every((a) => a.length === 0)) {
    section = { start: paras.length, bodyEnd: paras.length, explicit: false };
    rawNotes = [];
    bodySegs = segsFor(section);
    decision = decide(rawNotes);
  }
  const allSegs = [...(titleSeg ? [titleSeg] : []), ...bodySegs];
  if (decision.problem) {
    const { candidate, segment, rule, message } = decision.problem;
    const pos = posAt(allSegs[segment], candidate.start);
    fail(file, rule, message, pos.line, pos.column);
  }
  if (bodySegs.length === 0) {
    const last = paras[Math.min(section.start, paras.length) - 1].lines;
    const after = last[last.length - 1].no + 1;
    fail(file, 'mia-txt/no-body', 'no body text after the header (expected paragraphs separated by blank lines)', Math.min(after, text.split('\n').length), 1);
  }
  const referenced = new Set(decision.accepted.flat().map((c) => c.n));
  for (const note of rawNotes) {
    if (!referenced.has(note.num)) {
      fail(file, 'mia-txt/unreferenced-note', `endnote ${note.label} is never referenced (expected a marker ${note.label} glued to a word, "word${note.label}", or after it, "word ${note.label}")`, note.pos.line, note.pos.column);
    }
  }

  // Inline content.
  let acc = 0;
  let titleContent: Inline[] | undefined;
  if (titleSeg) {
    titleContent = toInlines(titleSeg, decision.accepted[acc++]);
    meta.titleContent = titleContent;
    meta.title = inlineText(titleContent).trim();
  }
  const body: BodyPara[] = bodySegs.map((seg) => {
    const content = toInlines(seg, decision.accepted[acc++]);
    return { seg, content, plain: inlineText(content), pos: posAt(seg, 0) };
  });

  const blocks = structureBody(body, meta);
  const isLetter =
    blocks.some((b) => b.kind === 'opener' || (b.kind === 'closer' && b.parts.some((p) => p.type === 'signed'))) ||
    /\bletters?\b/iu.test(meta.title ?? '');
  if (titleContent && titleSeg) blocks.unshift({ kind: 'head', level: 1, content: cloneInlines(titleContent), pos: posAt(titleSeg, 0) });

  const notes: Note[] = rawNotes.map((n) => ({
    n: n.label,
    paragraphs: n.paragraphs.map((lines) => [{ kind: 'text', text: joinLines(lines).text } as Inline]),
    pos: n.pos,
  }));

  const orderedMeta: SourceMetadata = {
    ...(meta.author !== undefined ? { author: meta.author } : {}),
    ...(meta.title !== undefined ? { title: meta.title, titleContent: meta.titleContent } : {}),
    ...(meta.date !== undefined ? { date: meta.date } : {}),
    ...(meta.dateIso !== undefined ? { dateIso: meta.dateIso } : {}),
    fields: meta.fields,
    ...(meta.firstPublication !== undefined ? { firstPublication: meta.firstPublication } : {}),
  };
  return {
    lang: opts.lang,
    format: 'mia-txt',
    file,
    meta: orderedMeta,
    divisions: [{ type: isLetter ? 'letter' : 'text', blocks }],
    notes,
  };
}

function cloneInlines(nodes: Inline[]): Inline[] {
  return nodes.map((n) => ({ ...n, ...(n.kind === 'noteRef' && n.pos ? { pos: { ...n.pos } } : {}) }) as Inline);
}

/** Opener, paragraphs and body headings, closer or first-publication line. */
function structureBody(body: BodyPara[], meta: SourceMetadata): Block[] {
  const blocks: Block[] = [];
  let first = 0;
  // Opener: a salutation as first paragraph, optionally after a dateline.
  if (body.length >= 2 && isDateline(body[0].plain) && isSalutation(body[1].plain)) {
    blocks.push({ kind: 'opener', dateline: body[0].content, salute: body[1].content, pos: body[0].pos } satisfies Opener);
    first = 2;
  } else if (body.length >= 2 && isSalutation(body[0].plain)) {
    blocks.push({ kind: 'opener', salute: body[0].content, pos: body[0].pos } satisfies Opener);
    first = 1;
  }

  // Closer: scan back from the end over first-publication lines, then the signature block.
  const parts: Array<{ type: CloserPart['type']; i: number }> = [];
  const has = (t: CloserPart['type']): boolean => parts.some((p) => p.type === t);
  let i = body.length - 1;
  while (i >= first && !has('signed') && parts.every((p) => p.type === 'bibl') && isFirstPublicationLine(body[i].plain)) {
    parts.push({ type: 'bibl', i });
    i--;
  }
  for (; i >= first; i--) {
    const t = body[i].plain;
    const signedAt = parts.find((p) => p.type === 'signed')?.i;
    if (!has('dateline') && !has('salute') && isDateline(t)) parts.push({ type: 'dateline', i });
    else if (!has('signed') && isSignedName(t)) parts.push({ type: 'signed', i });
    else if (!has('role') && isRoleLine(t) && (signedAt === i + 1 || (!has('signed') && i - 1 >= first && isSignedName(body[i - 1].plain)))) parts.push({ type: 'role', i });
    else if (has('signed') && !has('salute') && isClosingSalute(t)) parts.push({ type: 'salute', i });
    else break;
  }
  // A closer needs a signature or a dateline; a first-publication line alone is a bibl block.
  const kept = has('signed') || has('dateline') ? parts : parts.filter((p) => p.type === 'bibl');
  const closerStart = kept.length > 0 ? Math.min(...kept.map((p) => p.i)) : body.length;

  for (let j = first; j < closerStart; j++) {
    const b = body[j];
    if (isBodyHeading(b.plain)) blocks.push({ kind: 'head', level: 2, content: b.content, pos: b.pos });
    else blocks.push({ kind: 'p', content: b.content, pos: b.pos });
  }
  const firstPub = kept.filter((p) => p.type === 'bibl').sort((a, b) => a.i - b.i)[0];
  if (firstPub) meta.firstPublication = body[firstPub.i].plain.trim();
  if (has('signed') || has('dateline')) {
    const ordered = [...kept].sort((a, b) => a.i - b.i);
    const closer: Closer = {
      kind: 'closer',
      parts: ordered.map((p) => ({ type: p.type, content: body[p.i].content, pos: body[p.i].pos })),
      pos: body[ordered[0].i].pos,
    };
    blocks.push(closer);
  } else {
    for (const p of [...kept].sort((a, b) => a.i - b.i)) {
      blocks.push({ kind: 'bibl', type: 'firstPublication', content: body[p.i].content, pos: body[p.i].pos });
    }
  }
  return blocks;
}
