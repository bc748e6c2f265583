/**
 * teikit's one document model. Every reader parses into it, every enricher
 * (entities, dates, alignment) transforms it, the TEI writer serialises it.
 *
 * Text lives only in `TextRun.text`; everything else is structure. A reader
 * removes its format's own syntax (Markdown markers, note numbers, header
 * labels) and keeps every other character, so the words of the source can be
 * traced to the TEI (see test/pipeline/nothing-lost.test.ts).
 */

/** 1-based line and column in the source file. */
export interface SourcePos {
  line: number;
  column: number;
}

export type EntityType = 'persName' | 'orgName' | 'placeName' | 'date';

/** Inline content: a tree of runs. */
export type Inline = TextRun | Emphasis | NoteRef | PageRef | EntityMention | Sentence | LineBreak;

export interface TextRun {
  kind: 'text';
  text: string;
}

/** `_x_`, `*x*` → italic; `**x**` → bold. */
export interface Emphasis {
  kind: 'emph';
  rend: 'italic' | 'bold';
  children: Inline[];
}

/** A note marker in running text; the note body is `Document.notes[n]`. */
export interface NoteRef {
  kind: 'noteRef';
  /** The note's label as printed in the source ("1", "2", "*"). */
  n: string;
  pos?: SourcePos;
}

/** A page reference inside a note ("– _257_"): the page of the printed source. */
export interface PageRef {
  kind: 'pageRef';
  page: string;
  /** Was the page number in italics in the source. */
  rend?: 'italic';
}

/** A name or date found by the tagger (src/enrich). */
export interface EntityMention {
  kind: 'entity';
  type: EntityType;
  /** Register id without '#', when linked to the register. */
  ref?: string;
  /** Normalised ISO 8601 values for dates. */
  when?: string;
  from?: string;
  to?: string;
  children: Inline[];
}

/** A sentence (alignment, src/enrich/align). */
export interface Sentence {
  kind: 's';
  id: string;
  /** Pointers to the counterpart sentences in the other language version ("x.ru.xml#ru-p1-s2"). */
  corresp?: string[];
  children: Inline[];
}

export interface LineBreak {
  kind: 'lb';
}

/** Block-level content of a division. */
export type Block = Head | Paragraph | Opener | Closer | BiblLine;

export interface Head {
  kind: 'head';
  level: number;
  content: Inline[];
  pos?: SourcePos;
}

export interface Paragraph {
  kind: 'p';
  /** xml:id, assigned by the writer when absent. */
  id?: string;
  /** Pointers to the counterpart paragraphs in the other version ("x.ru.xml#ru-p1"). */
  corresp?: string[];
  content: Inline[];
  pos?: SourcePos;
}

/** Letter opening: salutation ("Dear comrades,"), optionally a dateline. */
export interface Opener {
  kind: 'opener';
  salute?: Inline[];
  dateline?: Inline[];
  pos?: SourcePos;
}

/** Letter closing: signature, the signer's role, dateline, closing salutation. */
export interface Closer {
  kind: 'closer';
  /** Order in which the parts occur in the source. */
  parts: CloserPart[];
  pos?: SourcePos;
}

export interface CloserPart {
  type: 'salute' | 'signed' | 'role' | 'dateline' | 'bibl';
  content: Inline[];
  pos?: SourcePos;
}

/** A bibliographic line in the text (e.g. the first publication after the letter). */
export interface BiblLine {
  kind: 'bibl';
  type: 'firstPublication' | 'source' | 'other';
  content: Inline[];
  pos?: SourcePos;
}

export interface Division {
  /** 'letter' for letters; other TEI div types as met. */
  type: string;
  blocks: Block[];
}

export interface Note {
  /** Label as printed ("1"). */
  n: string;
  /** xml:id, assigned by the writer when absent. */
  id?: string;
  /** Paragraphs of the note (usually one). Each is a list of inlines. */
  paragraphs: Inline[][];
  pos?: SourcePos;
}

/** One field of a source's header ("Source : Works, Vol. 7, 1925"). */
export interface HeaderField {
  /** The label as written ("Source", "Transcription/Markup"). */
  label: string;
  /** Normalised key: source | publisher | transcription | rights | firstPublished | other. */
  key: 'source' | 'publisher' | 'transcription' | 'rights' | 'firstPublished' | 'translated' | 'other';
  value: string;
  pos?: SourcePos;
}

/** What the source itself says about the text (not the edition's manifest). */
export interface SourceMetadata {
  author?: string;
  /** Title as one string (lines joined by a space), without note markers. */
  title?: string;
  /** The title as Inline content, with note anchors kept. */
  titleContent?: Inline[];
  /** Date line as written ("December 8, 1925"). */
  date?: string;
  dateIso?: string;
  fields: HeaderField[];
  /** The first-publication line ("The magazine Krasnaya Letopis, No. 1 (58), 1934"). */
  firstPublication?: string;
}

export type SourceFormat = 'word-md' | 'mia-txt';

export interface TeiDocument {
  /** BCP 47 language code ("ru", "en"). */
  lang: string;
  /**
   * Prefix of the xml:ids the writer and the aligner give ("en" → en-p1, en-n1).
   * Default: the language. Editions of many letters use the document id, so
   * ids stay unique across the corpus.
   */
  idPrefix?: string;
  format: SourceFormat;
  /** Path of the source file as given to the reader (for diagnostics). */
  file: string;
  meta: SourceMetadata;
  divisions: Division[];
  /** Notes keyed by their label, in the order their bodies occur in the source. */
  notes: Note[];
}

/** Concatenate the text of inlines (no markup, no note labels, line breaks dropped). */
export function inlineText(nodes: Inline[]): string {
  return inlineTextWithBreaks(nodes, '');
}

/** Concatenate the text of inlines (no markup, no note labels); a line break becomes `lineBreak`. */
export function inlineTextWithBreaks(nodes: Inline[], lineBreak: string): string {
  let out = '';
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        out += node.text;
        break;
      case 'pageRef':
        out += node.page;
        break;
      case 'lb':
        out += lineBreak;
        break;
      case 'noteRef':
        break;
      default:
        out += inlineTextWithBreaks(node.children, lineBreak);
    }
  }
  return out;
}

/** All blocks of a document, across its divisions. */
export function allBlocks(doc: TeiDocument): Block[] {
  return doc.divisions.flatMap((d) => d.blocks);
}
