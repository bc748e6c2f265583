/**
 * Letter structure for the Word-Markdown reader: apply the shared heuristics
 * (letter-structure.ts) to the parsed body and rebuild it as Opener / Paragraph /
 * Closer / BiblLine blocks.
 *
 * A paragraph whose lines are separated by hard line breaks (Word's Shift+Enter,
 * exported as a trailing backslash or two spaces) is looked at line by line, so a
 * signature block typed as one paragraph ("Член президиума…⏎И. Сталин⏎8 декабря
 * 1925 г.") still splits into closer parts. A line break that ends up between two
 * parts is structure and leaves the text; line breaks inside body text stay.
 */
import { type Block, type Closer, type Head, type Inline, type LineBreak, type Opener, type Paragraph, type SourceMetadata, type SourcePos, inlineTextWithBreaks } from '../model/document';
import { type CloserPartType, type LetterLine, findLetterLayout, parseDateIso, signatureName } from './letter-structure';

/** Plain text of inlines for metadata: no markup, no note labels, a line break as a space. */
export function plainText(nodes: Inline[]): string {
  return inlineTextWithBreaks(nodes, ' ');
}

function hasText(nodes: Inline[]): boolean {
  return plainText(nodes).trim() !== '';
}

/** The content is all italics (whitespace and note markers aside). */
export function isAllItalic(nodes: Inline[]): boolean {
  let emph = false;
  for (const n of nodes) {
    if (n.kind === 'emph' && n.rend === 'italic') emph = true;
    else if (n.kind === 'text' ? /\S/u.test(n.text) : n.kind !== 'noteRef') return false;
  }
  return emph;
}

/** One line of the body as the heuristics see it. */
interface Piece {
  block: number;
  content: Inline[];
  pos?: SourcePos;
  heading: boolean;
  /** The line break that separated this piece from the previous piece of the same paragraph. */
  lbBefore?: LineBreak;
}

/** Split a paragraph at its top-level line breaks; lines with no text stay with a neighbour. */
function splitLines(p: Paragraph, block: number, lbPos: Map<Inline, SourcePos>): Piece[] {
  const pieces: Piece[] = [{ block, content: [], pos: p.pos, heading: false }];
  for (const node of p.content) {
    if (node.kind === 'lb') pieces.push({ block, content: [], pos: lbPos.get(node) ?? p.pos, heading: false, lbBefore: node });
    else pieces[pieces.length - 1].content.push(node);
  }
  const merged: Piece[] = [];
  for (const piece of pieces) {
    const prev = merged[merged.length - 1];
    if (prev && (!hasText(piece.content) || !hasText(prev.content))) {
      if (!hasText(prev.content)) prev.pos = piece.pos;
      prev.content.push(piece.lbBefore!, ...piece.content);
    } else merged.push(piece);
  }
  return merged;
}

type Role = 'body' | 'openerDateline' | 'salute' | 'trailingBibl' | { closer: CloserPartType };

export interface LetterArrangement {
  blocks: Block[];
  /** An opener or a closer was found. */
  isLetter: boolean;
}

/**
 * Find opener, closer and trailing first-publication lines in `body` and return the
 * blocks of the division. Fills meta.author (signer without "Ваш"/"Yours"), meta.date
 * and meta.dateIso (first dateline), meta.firstPublication (bibl lines, joined by a space).
 */
export function arrangeLetter(body: Array<Head | Paragraph>, lbPos: Map<Inline, SourcePos>, meta: SourceMetadata): LetterArrangement {
  const pieces: Piece[] = body.flatMap((b, i) => (b.kind === 'head' ? [{ block: i, content: b.content, pos: b.pos, heading: true }] : splitLines(b, i, lbPos)));
  const lines: LetterLine[] = pieces.map((p) => (p.heading ? { text: plainText(p.content), heading: true } : { text: plainText(p.content), italic: isAllItalic(p.content) }));
  const layout = findLetterLayout(lines);
  const roleOf = (k: number): Role => {
    if (k === layout.openerDatelineIndex) return 'openerDateline';
    if (k === layout.saluteIndex) return 'salute';
    if (layout.closerStart !== null && k >= layout.closerStart) return { closer: layout.closerTypes[k - layout.closerStart] };
    if (layout.trailingBibl.includes(k)) return 'trailingBibl';
    return 'body';
  };

  const blocks: Block[] = [];
  const bibl: string[] = [];
  let opener: Opener | null = null;
  let closer: Closer | null = null;
  const setDate = (plain: string): void => {
    if (meta.date !== undefined) return;
    meta.date = plain;
    const iso = parseDateIso(plain);
    if (iso) meta.dateIso = iso;
  };

  let k = 0;
  while (k < pieces.length) {
    const blockIndex = pieces[k].block;
    let end = k;
    while (end < pieces.length && pieces[end].block === blockIndex) end++;
    const roles = pieces.slice(k, end).map((_, j) => roleOf(k + j));
    if (roles.every((r) => r === 'body')) {
      blocks.push(body[blockIndex]);
      k = end;
      continue;
    }
    let group: Paragraph | null = null;
    for (let j = k; j < end; j++) {
      const piece = pieces[j];
      const role = roles[j - k];
      const plain = plainText(piece.content).trim();
      if (role === 'body') {
        if (group && blocks[blocks.length - 1] === group) group.content.push(piece.lbBefore!, ...piece.content);
        else {
          group = { kind: 'p', content: [...piece.content], pos: piece.pos };
          blocks.push(group);
        }
      } else if (role === 'openerDateline' || role === 'salute') {
        if (!opener) {
          opener = { kind: 'opener', pos: piece.pos };
          blocks.push(opener);
        }
        if (role === 'salute') opener.salute = piece.content;
        else {
          opener.dateline = piece.content;
          setDate(plain);
        }
      } else if (role === 'trailingBibl') {
        blocks.push({ kind: 'bibl', type: 'firstPublication', content: piece.content, pos: piece.pos });
        bibl.push(plain);
      } else {
        if (!closer) {
          closer = { kind: 'closer', parts: [], pos: piece.pos };
          blocks.push(closer);
        }
        closer.parts.push({ type: role.closer, content: piece.content, pos: piece.pos });
        if (role.closer === 'bibl') bibl.push(plain);
        if (role.closer === 'signed' && meta.author === undefined) meta.author = signatureName(plain);
        if (role.closer === 'dateline') setDate(plain);
      }
    }
    k = end;
  }
  if (bibl.length) meta.firstPublication = bibl.join(' ');
  return { blocks, isLetter: opener !== null || closer !== null };
}
