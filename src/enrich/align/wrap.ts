import type { Inline, Sentence } from '../../model/document';
import { isSentenceBoundary } from './sentence-split';

/**
 * Wrapping a paragraph's inline content into Sentence nodes.
 *
 * Only the paragraph's top-level text runs are cut: an element (emphasis,
 * a name or date, a note reference) always stays whole inside one sentence,
 * so a boundary the splitter would place inside it is not taken. A note
 * reference glued to or following a sentence's last word stays with that
 * sentence. The whitespace between two sentences stays between them, outside
 * both, so the paragraph's text is unchanged.
 */

interface Piece {
  /** The inline this piece stands for (a fresh text run for a slice of text). */
  node: Inline;
  /** Text as the splitter sees it. */
  text: string;
  /** Whitespace (or a line break): a possible place for a boundary. */
  space: boolean;
}

interface Token {
  first: number;
  last: number;
  text: string;
}

/** Remove Sentence wrappers (so that aligning twice gives the same result). */
export function unwrapSentences(nodes: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const node of nodes) {
    if (node.kind === 's') out.push(...unwrapSentences(node.children));
    else out.push(node);
  }
  return out;
}

function pieceText(node: Inline): string {
  switch (node.kind) {
    case 'text':
      return node.text;
    case 'pageRef':
      return node.page;
    case 'noteRef':
      return '';
    case 'lb':
      return '\n';
    default:
      return node.children.map(pieceText).join('');
  }
}

function toPieces(nodes: Inline[]): Piece[] {
  const pieces: Piece[] = [];
  for (const node of nodes) {
    if (node.kind === 'text') {
      for (const m of node.text.matchAll(/\s+|\S+/gu)) {
        pieces.push({ node: { kind: 'text', text: m[0] }, text: m[0], space: /^\s/u.test(m[0]) });
      }
    } else if (node.kind === 'lb') {
      pieces.push({ node, text: '\n', space: true });
    } else {
      pieces.push({ node, text: pieceText(node), space: false });
    }
  }
  return pieces;
}

/** Join pieces back into inlines, merging neighbouring text runs. */
function fromPieces(pieces: Piece[]): Inline[] {
  const out: Inline[] = [];
  for (const p of pieces) {
    const prev = out[out.length - 1];
    if (p.node.kind === 'text' && prev !== undefined && prev.kind === 'text') {
      out[out.length - 1] = { kind: 'text', text: prev.text + p.node.text };
    } else if (p.node.kind === 'text') {
      out.push({ kind: 'text', text: p.node.text });
    } else {
      out.push(p.node);
    }
  }
  return out;
}

/**
 * The sentences of a paragraph's content, as ranges of top-level pieces.
 * Exposed for tests through `wrapSentences`.
 */
function sentenceRanges(pieces: Piece[], lang: string): Array<{ first: number; last: number }> {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pieces.length) {
    if (pieces[i].space) {
      i++;
      continue;
    }
    const first = i;
    let text = '';
    while (i < pieces.length && !pieces[i].space) text += pieces[i++].text;
    tokens.push({ first, last: i - 1, text });
  }
  const ranges: Array<{ first: number; last: number }> = [];
  if (tokens.length === 0) return ranges;
  let start = 0;
  let before = tokens[0].text;
  for (let t = 1; t < tokens.length; t++) {
    const gap = pieces
      .slice(tokens[t - 1].last + 1, tokens[t].first)
      .map((p) => p.text)
      .join('');
    // a token without text (a lone note reference) belongs to the sentence before it
    let boundary = false;
    if (tokens[t].text.trim() !== '') {
      let after = '';
      for (let u = t; u < tokens.length && after.length < 64; u++) after += (u > t ? ' ' : '') + tokens[u].text;
      boundary = isSentenceBoundary(before, after, lang);
    }
    if (boundary) {
      ranges.push({ first: tokens[start].first, last: tokens[t - 1].last });
      start = t;
      before = tokens[t].text;
    } else {
      before += gap + tokens[t].text;
    }
  }
  ranges.push({ first: tokens[start].first, last: tokens[tokens.length - 1].last });
  return ranges;
}

/**
 * Wrap the sentences of a paragraph's content into Sentence nodes with ids
 * `{idPrefix}-s1`, `{idPrefix}-s2`, … Existing Sentence wrappers are removed
 * first. Returns the new content and the sentences in order.
 */
export function wrapSentences(content: Inline[], lang: string, idPrefix: string): { content: Inline[]; sentences: Sentence[] } {
  const pieces = toPieces(unwrapSentences(content));
  const ranges = sentenceRanges(pieces, lang);
  const out: Piece[] = [];
  const sentences: Sentence[] = [];
  let next = 0;
  for (const r of ranges) {
    out.push(...pieces.slice(next, r.first));
    const sentence: Sentence = {
      kind: 's',
      id: `${idPrefix}-s${sentences.length + 1}`,
      children: fromPieces(pieces.slice(r.first, r.last + 1)),
    };
    sentences.push(sentence);
    out.push({ node: sentence, text: '', space: false });
    next = r.last + 1;
  }
  out.push(...pieces.slice(next));
  return { content: fromPieces(out), sentences };
}
