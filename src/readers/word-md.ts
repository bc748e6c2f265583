/**
 * Reader for Markdown exported from Word (and pandoc-flavoured Markdown) → TeiDocument.
 *
 * Blocks: ATX headings (`#`…`######`, optional closing `#`s), setext headings (`===`/`---`
 * under a paragraph line), paragraphs (blank-line separated; a soft line break inside a
 * paragraph becomes ONE space; two trailing spaces or a trailing backslash give a
 * LineBreak), thematic breaks (`---`, `***`, `___`: format syntax, dropped), note texts.
 * A line of only whitespace (NBSP included) is blank.
 *
 * Notes:
 * - Word: a paragraph starting with `[[n]](#_ftnrefN)` (also `[**[n]**](…)`, `[\[n\]](…)`,
 *   `#_ednrefN` endnotes) starts note N; following paragraphs that start with no label
 *   belong to the same note (multi-paragraph footnotes) until the next label, heading
 *   or thematic break. Markers `[[n]](#_ftnN)` in running text become NoteRefs.
 * - pandoc: `[^label]:` starts a note; lines up to the next blank line continue it, and
 *   after a blank line, lines indented by 4 spaces or a tab add paragraphs. `[^label]`
 *   in running text is the marker.
 * The spaces/NBSP between a note label and its text belong to the label and are dropped.
 *
 * Notes are checked against their markers: a marker with no note text, a note text with
 * no marker, a note text or marker given twice, a label that disagrees with its anchor
 * number, and a note-text label inside running text are errors (rules `word-md/…`, with
 * the line and column of the offending label; all problems are reported at once).
 *
 * Inline syntax: see word-md-inline.ts. Page references at the end of notes: see
 * word-md-pageref.ts. Letter structure (opener, closer, first publication): see
 * word-md-letter.ts and the shared heuristics in letter-structure.ts. meta.title is the
 * first heading's plain text, meta.titleContent its inlines (note markers kept).
 *
 * pandoc-markdown extras met in Word exports: fenced div fences (`:::`) and lines holding
 * only a backslash are syntax; spans `[text]{…}` keep their text; an attribute block after a
 * note label (`{#_ftnref1 style="…"}`, possibly over two lines) belongs to the label.
 *
 * Not modelled (kept as literal text, nothing dropped): lists, block quotes, code, tables,
 * links other than note anchors, raw HTML. Lines indented by 4+ spaces are paragraph text.
 */
import type { Head, Inline, Note, Paragraph, SourceMetadata, SourcePos, TeiDocument } from '../model/document';
import { type Diagnostic, TeikitError, fail } from '../model/diagnostics';
import { type LineSegment, type InlineSink, type RawNoteRef, JoinedText, matchWordNoteLabel, parseInlines } from './word-md-inline';
import { extractPageRef } from './word-md-pageref';
import { arrangeLetter, plainText } from './word-md-letter';

export interface WordMarkdownOptions {
  /** Path of the source, for diagnostics and `TeiDocument.file`. */
  file: string;
  /** BCP 47 language code of the text. */
  lang: string;
}

interface RawNote {
  key: string;
  label: string;
  style: 'word' | 'pandoc';
  anchor?: { kind: 'ftn' | 'edn'; num: string };
  pos: SourcePos;
  paragraphs: LineSegment[][];
}

type RawBlock = { kind: 'heading'; level: number; segs: LineSegment[]; pos: SourcePos } | { kind: 'para'; segs: LineSegment[]; pos: SourcePos };

/** Blank: only whitespace (NBSP included), or only a backslash (pandoc's empty hard break). */
const BLANK = /^\s*\\?\s*$/u;
/** pandoc fenced div fences (`::: {#ftn1 …}`, `:::`): format syntax. */
const FENCED_DIV = /^ {0,3}:::/;
const ATX = /^( {0,3})(#{1,6})(?=[ \t]|$)[ \t]*(.*?)(?:[ \t]+#+)?[ \t]*$/;
const THEMATIC = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const PANDOC_DEF = /^( {0,3})\[\^([^\]\s]+)\]:/;
const INDENTED = /^(?: {4}|\t)/;

/** A segment for the text of `raw` from index `from`, leading spaces/tabs dropped. */
function segment(raw: string, line: number, from: number, dropAllLeadingSpace = false): LineSegment {
  const rest = raw.slice(from);
  const lead = (dropAllLeadingSpace ? /^\s*/u : /^[ \t]*/).exec(rest)![0].length;
  return { text: rest.slice(lead), line, column: from + lead + 1 };
}

function parseBlocks(text: string): { blocks: RawBlock[]; notes: RawNote[] } {
  const lines = text.split('\n');
  const blocks: RawBlock[] = [];
  const notes: RawNote[] = [];
  let para: LineSegment[] | null = null;
  let paraIsBody = false;
  let wordNote: RawNote | null = null;
  let pandocNote: RawNote | null = null;
  let pandocBlank = false;

  const closePara = (): void => {
    if (para && para.length) {
      const last = para[para.length - 1];
      last.text = last.text.replace(/[ \t]+$/, '');
      if (paraIsBody) blocks.push({ kind: 'para', segs: para, pos: { line: para[0].line, column: para[0].column } });
    }
    para = null;
  };
  const startNotePara = (note: RawNote, first: LineSegment | null): void => {
    para = first ? [first] : [];
    paraIsBody = false;
    note.paragraphs.push(para);
  };

  for (let li = 0; li < lines.length; li++) {
    const raw = lines[li];
    const line = li + 1;
    if (BLANK.test(raw)) {
      closePara();
      if (pandocNote) pandocBlank = true;
      continue;
    }
    if (pandocNote && pandocBlank) {
      pandocBlank = false;
      if (INDENTED.test(raw)) {
        startNotePara(pandocNote, segment(raw, line, raw[0] === '\t' ? 1 : 4));
        continue;
      }
      pandocNote = null;
    }
    if (para && paraIsBody && SETEXT.test(raw)) {
      const segs: LineSegment[] = para;
      para = null;
      segs[segs.length - 1].text = segs[segs.length - 1].text.replace(/[ \t]+$/, '');
      const level = raw.trim()[0] === '=' ? 1 : 2;
      blocks.push({ kind: 'heading', level, segs, pos: { line: segs[0].line, column: segs[0].column } });
      continue;
    }
    if (THEMATIC.test(raw) || FENCED_DIV.test(raw)) {
      closePara();
      wordNote = null;
      pandocNote = null;
      continue;
    }
    const atx = ATX.exec(raw);
    if (atx) {
      closePara();
      wordNote = null;
      pandocNote = null;
      const indent = atx[1].length;
      let content = atx[3];
      if (/^#+$/.test(content)) content = '';
      const contentStart = content ? raw.indexOf(content, indent + atx[2].length) : raw.length;
      blocks.push({
        kind: 'heading',
        level: atx[2].length,
        segs: content ? [{ text: content, line, column: contentStart + 1 }] : [],
        pos: { line, column: indent + 1 },
      });
      continue;
    }
    const indent = /^[ \t]*/.exec(raw)![0].length;
    const label = matchWordNoteLabel(raw, indent);
    if (label && label.isNoteText) {
      closePara();
      pandocNote = null;
      const note: RawNote = {
        key: `${label.kind}:${label.num}`,
        label: label.label,
        style: 'word',
        anchor: { kind: label.kind, num: label.num },
        pos: { line, column: indent + 1 },
        paragraphs: [],
      };
      notes.push(note);
      wordNote = note;
      const from = indent + label.length;
      // an attribute block after the label that runs onto the following lines: `{#_ftn2\nstyle="…"}`
      if (raw[from] === '{' && !raw.includes('}', from)) {
        let k = li + 1;
        while (k < lines.length && !BLANK.test(lines[k]) && !lines[k].includes('}')) k++;
        if (k < lines.length && lines[k].includes('}')) {
          li = k;
          const seg = segment(lines[k], k + 1, lines[k].indexOf('}') + 1, true);
          startNotePara(note, seg.text ? seg : null);
          continue;
        }
      }
      const seg = segment(raw, line, from, true);
      startNotePara(note, seg.text ? seg : null);
      continue;
    }
    const def = PANDOC_DEF.exec(raw);
    if (def) {
      closePara();
      wordNote = null;
      const note: RawNote = { key: `^:${def[2]}`, label: def[2], style: 'pandoc', pos: { line, column: def[1].length + 1 }, paragraphs: [] };
      notes.push(note);
      pandocNote = note;
      pandocBlank = false;
      const seg = segment(raw, line, def[0].length, true);
      startNotePara(note, seg.text ? seg : null);
      continue;
    }
    const seg = segment(raw, line, 0);
    if (para) {
      (para as LineSegment[]).push(seg);
      continue;
    }
    if (wordNote) {
      startNotePara(wordNote, seg);
      continue;
    }
    para = [seg];
    paraIsBody = true;
  }
  closePara();
  for (const n of notes) n.paragraphs = n.paragraphs.filter((p) => p.length > 0);
  return { blocks, notes };
}

function hasContent(nodes: Inline[]): boolean {
  return nodes.some((n) => (n.kind === 'text' ? /\S/u.test(n.text) : true));
}

function at(pos: SourcePos): string {
  return `${pos.line}:${pos.column}`;
}

function noteTextSyntax(ref: { style: 'word' | 'pandoc'; label: string; anchor?: { kind: string; num: string } }): string {
  return ref.style === 'pandoc' ? `[^${ref.label}]:` : `[[${ref.label}]](#_${ref.anchor!.kind}ref${ref.anchor!.num})`;
}

function markerSyntax(note: RawNote): string {
  return note.style === 'pandoc' ? `[^${note.label}]` : `[[${note.label}]](#_${note.anchor!.kind}${note.anchor!.num})`;
}

/** Check markers against note texts; returns the problems found. */
function checkNotes(file: string, refs: RawNoteRef[], notes: RawNote[], sink: InlineSink): Diagnostic[] {
  const out: Diagnostic[] = [];
  const err = (rule: string, message: string, pos: SourcePos): void => {
    out.push({ file, line: pos.line, column: pos.column, severity: 'error', message, rule });
  };
  const byKey = new Map<string, RawNote>();
  const byLabel = new Map<string, RawNote>();
  for (const note of notes) {
    if (note.anchor && /^\d+$/.test(note.label) && note.label !== note.anchor.num) {
      err(
        'word-md/note-label-mismatch',
        `note text [${note.label}] at ${at(note.pos)} points to #_${note.anchor.kind}ref${note.anchor.num}; expected the printed label and the anchor number to agree`,
        note.pos,
      );
    }
    const first = byKey.get(note.key) ?? byLabel.get(note.label);
    if (first) {
      err('word-md/duplicate-note', `note text [${note.label}] at ${at(note.pos)} repeats note [${first.label}] given at ${at(first.pos)}; expected each note once`, note.pos);
      continue;
    }
    byKey.set(note.key, note);
    byLabel.set(note.label, note);
  }
  const seen = new Map<string, RawNoteRef>();
  for (const ref of refs) {
    if (ref.anchor && /^\d+$/.test(ref.label) && ref.label !== ref.anchor.num) {
      err(
        'word-md/note-label-mismatch',
        `note marker [${ref.label}] at ${at(ref.pos)} points to #_${ref.anchor.kind}${ref.anchor.num}; expected the printed label and the anchor number to agree`,
        ref.pos,
      );
      if (!seen.has(ref.key)) seen.set(ref.key, ref);
      continue;
    }
    const earlier = seen.get(ref.key);
    if (earlier) {
      err('word-md/duplicate-note-ref', `note marker [${ref.label}] at ${at(ref.pos)} repeats the marker at ${at(earlier.pos)}; expected each note to be referenced once`, ref.pos);
      continue;
    }
    seen.set(ref.key, ref);
    const note = byKey.get(ref.key);
    if (!note) {
      err('word-md/orphan-note-ref', `note marker [${ref.label}] at ${at(ref.pos)} has no note text; expected a line starting with ${noteTextSyntax(ref)}`, ref.pos);
    } else if (note.label !== ref.label) {
      err(
        'word-md/note-label-mismatch',
        `note marker [${ref.label}] at ${at(ref.pos)} and its note text [${note.label}] at ${at(note.pos)} have different labels; expected the same label`,
        ref.pos,
      );
    }
  }
  for (const note of byKey.values()) {
    if (!seen.has(note.key)) {
      err('word-md/orphan-note', `note text [${note.label}] at ${at(note.pos)} is not referenced; expected a marker ${markerSyntax(note)} in the text`, note.pos);
    }
  }
  for (const m of sink.misplacedLabels) {
    err('word-md/misplaced-note-text', `note text label [${m.label}] at ${at(m.pos)} stands inside a paragraph; expected it at the start of a line after the text`, m.pos);
  }
  return out;
}

/**
 * Read Word-exported Markdown into the document model.
 * Throws TeikitError (rules `word-md/…`) for notes whose markers and texts do not match.
 */
export function readWordMarkdown(text: string, opts: WordMarkdownOptions): TeiDocument {
  const { blocks: rawBlocks, notes: rawNotes } = parseBlocks(text);
  const sink: InlineSink = { noteRefs: [], misplacedLabels: [], lineBreaks: new Map() };

  const body: Array<Head | Paragraph> = [];
  for (const b of rawBlocks) {
    const content = b.segs.length ? parseInlines(new JoinedText(b.segs), sink) : [];
    if (b.kind === 'heading') body.push({ kind: 'head', level: b.level, content, pos: b.pos });
    else if (hasContent(content)) body.push({ kind: 'p', content, pos: b.pos });
  }
  const notes: Note[] = rawNotes.map((n) => {
    const paragraphs = n.paragraphs.map((segs) => parseInlines(new JoinedText(segs), sink)).filter(hasContent);
    if (paragraphs.length) extractPageRef(paragraphs[paragraphs.length - 1]);
    return { n: n.label, paragraphs, pos: n.pos };
  });

  const problems = checkNotes(opts.file, sink.noteRefs, rawNotes, sink);
  if (problems.length === 1) {
    const d = problems[0];
    fail(d.file, d.rule, d.message, d.line, d.column);
  }
  if (problems.length > 1) {
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    throw new TeikitError(problems);
  }

  const meta: SourceMetadata = { fields: [] };
  const firstHead = body.find((b): b is Head => b.kind === 'head');
  if (firstHead) {
    meta.title = plainText(firstHead.content).replace(/\s+/gu, ' ').trim();
    meta.titleContent = structuredClone(firstHead.content);
  }

  const { blocks, isLetter } = arrangeLetter(body, sink.lineBreaks, meta);
  return {
    lang: opts.lang,
    format: 'word-md',
    file: opts.file,
    meta,
    divisions: [{ type: isLetter ? 'letter' : 'text', blocks }],
    notes,
  };
}
