/**
 * Inline syntax of Word-exported Markdown → model inlines.
 *
 * Handles, in one left-to-right scan:
 * - backslash escapes (`\*`, `\_`, `\[` … any ASCII punctuation) → the character;
 *   a backslash at the end of a line → a hard line break;
 * - the entities `&amp; &lt; &gt; &quot; &apos; &nbsp;`, typographic ones (`&laquo; &mdash; …`,
 *   see NAMED_ENTITIES) and numeric `&#NN; &#xHH;`; any other `&name;` stays as written;
 * - note markers: Word's `[[n]](#_ftnN)`, `[**[n]**](#_ftnN)`, `[\[n\]](#_ftnN)` (also
 *   `#_ednN` endnotes) and pandoc's `[^label]`;
 * - pandoc spans `[text]{.class}` and bookmarks `[]{#_GoBack .anchor}`: brackets and
 *   attributes are syntax, the text stays;
 * - line ends: a soft break becomes one space (trailing spaces/tabs of the line are
 *   dropped); two or more trailing spaces or a trailing backslash give a LineBreak;
 * - emphasis `*x*`, `_x_` → italic, `**x**`, `__x__` → bold, nested, resolved with the
 *   CommonMark delimiter algorithm (flanking rules, `_` not intraword, rule of three).
 *
 * Every other character — NBSP, U+2011, typographic quotes and dashes, unmatched
 * `*`/`_`, links we do not model — is kept as text exactly.
 */
import type { Emphasis, Inline, SourcePos } from '../model/document';

/** A piece of one source line that belongs to a paragraph or heading. */
export interface LineSegment {
  text: string;
  line: number;
  /** 1-based column of `text[0]` in the source line. */
  column: number;
}

/** A note marker met in running text. */
export interface RawNoteRef {
  /** Matching key: `ftn:1`, `edn:3` (Word anchors) or `^:label` (pandoc). */
  key: string;
  /** The label as printed ("1", "*"). */
  label: string;
  style: 'word' | 'pandoc';
  /** Word anchor kind and number, for messages. */
  anchor?: { kind: 'ftn' | 'edn'; num: string };
  pos: SourcePos;
}

/** A Word note-text label (`[[n]](#_ftnrefN)`) seen inside running text. */
export interface MisplacedNoteLabel {
  label: string;
  pos: SourcePos;
}

export interface InlineSink {
  noteRefs: RawNoteRef[];
  misplacedLabels: MisplacedNoteLabel[];
  /** Source position of the line that follows each LineBreak. */
  lineBreaks: Map<Inline, SourcePos>;
}

/**
 * Word note label, either marker (`#_ftn1`) or note text (`#_ftnref1`): a link to Word's
 * footnote/endnote anchor whose text holds the label — `[[1]](#_ftn1)`, `[**[1]**](#_ftn1)`,
 * `[\[1\]](#_ftn1)`, pandoc's `[[\[1\]]{.MsoFootnoteReference}](#_ftn1){#_ftnref1 …}`.
 * Groups: 1 link text, 2 ftn|edn, 3 "ref" for a note text, 4 anchor number.
 * A trailing attribute block `{…}` belongs to the label (it may run onto the next line).
 */
const WORD_NOTE_LINK =
  /\[((?:[^[\]\n\\]|\\.|\[(?:[^[\]\n\\]|\\.)*\](?:\{[^}\n]*\})?)*)\]\(#_(ftn|edn)(ref)?(\d+)\)(?:\{[^}]*\})?/y;

export interface WordNoteLabel {
  /** Characters of the whole label syntax from the start index. */
  length: number;
  /** The label as printed ("1", "*", "i"). */
  label: string;
  kind: 'ftn' | 'edn';
  /** A note text label (`#_ftnrefN`) rather than a marker (`#_ftnN`). */
  isNoteText: boolean;
  num: string;
}

/** Match a Word note label at index `i` of `s`, or null. */
export function matchWordNoteLabel(s: string, i: number): WordNoteLabel | null {
  WORD_NOTE_LINK.lastIndex = i;
  const m = WORD_NOTE_LINK.exec(s);
  if (!m) return null;
  let label = m[1]
    .replace(/\{[^}]*\}/g, '')
    .replace(/\\(.)/g, '$1')
    .replace(/[*_^]/g, '')
    .trim();
  while (/^\[.*\]$/.test(label)) label = label.slice(1, -1).trim();
  if (!label || /[\s[\]]/.test(label)) return null;
  return { length: m[0].length, label, kind: m[2] as 'ftn' | 'edn', isNoteText: m[3] === 'ref', num: m[4] };
}

/** End index (after `}`) of a bracketed span `[text]{attrs}` starting at `i`, with the index of its `]`; or null. */
function matchSpan(s: string, i: number): { close: number; end: number } | null {
  let depth = 0;
  const limit = Math.min(s.length, i + 2000);
  for (let j = i; j < limit; j++) {
    const c = s[j];
    if (c === '\\') {
      j++;
      continue;
    }
    if (c === '[') depth++;
    else if (c === ']') {
      depth--;
      if (depth === 0) {
        if (s[j + 1] !== '{') return null;
        const end = s.indexOf('}', j + 2);
        if (end < 0 || s.slice(j + 2, end).includes('{')) return null;
        return { close: j, end: end + 1 };
      }
    }
  }
  return null;
}

const PANDOC_REF = /\[\^([^\]\s]+)\]/y;
const ENTITY = /&([a-zA-Z]{2,8}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});/y;
/** The named entities a Word/HTML export may leave: markup characters, spaces and typography. */
const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'",
  nbsp: '\u00a0', ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009', shy: '\u00ad', zwnj: '\u200c', zwj: '\u200d',
  laquo: '«', raquo: '»', ldquo: '“', rdquo: '”', bdquo: '„', lsquo: '‘', rsquo: '’', sbquo: '‚',
  ndash: '–', mdash: '—', hellip: '…', sect: '§', para: '¶', copy: '©', deg: '°', numero: '№',
};
const ASCII_PUNCT = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;
const WHITESPACE = /\s/u;
const PUNCT = /[\p{P}\p{S}]/u;

/** Maps offsets in the joined paragraph text back to source positions. */
export class JoinedText {
  readonly text: string;
  private readonly starts: number[] = [];
  constructor(readonly segments: LineSegment[]) {
    let text = '';
    segments.forEach((s, i) => {
      if (i > 0) text += '\n';
      this.starts.push(text.length);
      text += s.text;
    });
    this.text = text;
  }
  posAt(offset: number): SourcePos {
    let k = 0;
    while (k + 1 < this.starts.length && this.starts[k + 1] <= offset) k++;
    const seg = this.segments[k];
    return { line: seg.line, column: seg.column + (offset - this.starts[k]) };
  }
}

type Token =
  | { t: 'text'; content: string }
  | { t: 'node'; node: Inline }
  | { t: 'open'; rend: 'italic' | 'bold' }
  | { t: 'close' };

interface Delimiter {
  marker: string;
  /** Length of the whole delimiter run this character belongs to. */
  length: number;
  token: number;
  end: number;
  open: boolean;
  close: boolean;
}

function isWs(ch: string | undefined): boolean {
  return ch === undefined || WHITESPACE.test(ch);
}
function isPunct(ch: string | undefined): boolean {
  return ch !== undefined && PUNCT.test(ch);
}

/** Parse the inline content of one paragraph/heading/note paragraph. */
export function parseInlines(src: JoinedText, sink: InlineSink): Inline[] {
  const s = src.text;
  const tokens: Token[] = [];
  const delims: Delimiter[] = [];
  let buf = '';
  const flush = (): void => {
    if (buf) tokens.push({ t: 'text', content: buf });
    buf = '';
  };
  const pushNode = (node: Inline): void => {
    flush();
    tokens.push({ t: 'node', node });
  };
  const trimTrailingSpaces = (): number => {
    const m = /[ \t]+$/.exec(buf);
    if (!m) return 0;
    buf = buf.slice(0, m.index);
    return m[0].length;
  };

  /** `]` index of an open pandoc span → index after its `{attributes}`. */
  const spanCloses = new Map<number, number>();
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    if (ch === '\\') {
      const next = s[i + 1];
      if (next === '\n') {
        trimTrailingSpaces();
        const lb: Inline = { kind: 'lb' };
        sink.lineBreaks.set(lb, src.posAt(i + 2));
        pushNode(lb);
        i += 2;
        continue;
      }
      if (next !== undefined && ASCII_PUNCT.test(next)) {
        buf += next;
        i += 2;
        continue;
      }
      buf += ch;
      i++;
      continue;
    }
    if (ch === '\n') {
      const trailing = trimTrailingSpaces();
      if (trailing >= 2) {
        const lb: Inline = { kind: 'lb' };
        sink.lineBreaks.set(lb, src.posAt(i + 1));
        pushNode(lb);
      } else buf += ' ';
      i++;
      continue;
    }
    if (ch === '&') {
      ENTITY.lastIndex = i;
      const m = ENTITY.exec(s);
      if (m) {
        const name = m[1];
        let decoded: string | undefined;
        if (name.startsWith('#x') || name.startsWith('#X')) decoded = safeCodePoint(parseInt(name.slice(2), 16));
        else if (name.startsWith('#')) decoded = safeCodePoint(parseInt(name.slice(1), 10));
        else if (Object.hasOwn(NAMED_ENTITIES, name)) decoded = NAMED_ENTITIES[name];
        if (decoded !== undefined) {
          buf += decoded;
          i += m[0].length;
          continue;
        }
      }
      buf += ch;
      i++;
      continue;
    }
    if (spanCloses.has(i)) {
      i = spanCloses.get(i)!;
      continue;
    }
    if (ch === '[') {
      const w = matchWordNoteLabel(s, i);
      if (w) {
        const pos = src.posAt(i);
        if (w.isNoteText) {
          // A note-text label belongs at the start of a paragraph; in running text it is an error.
          sink.misplacedLabels.push({ label: w.label, pos });
          buf += s.slice(i, i + w.length);
        } else {
          sink.noteRefs.push({ key: `${w.kind}:${w.num}`, label: w.label, style: 'word', anchor: { kind: w.kind, num: w.num }, pos });
          pushNode({ kind: 'noteRef', n: w.label, pos });
        }
        i += w.length;
        continue;
      }
      PANDOC_REF.lastIndex = i;
      const m = PANDOC_REF.exec(s);
      if (m) {
        const pos = src.posAt(i);
        sink.noteRefs.push({ key: `^:${m[1]}`, label: m[1], style: 'pandoc', pos });
        pushNode({ kind: 'noteRef', n: m[1], pos });
        i += m[0].length;
        continue;
      }
      const span = matchSpan(s, i);
      if (span) {
        // pandoc span / bookmark: the brackets and the attributes are syntax, the text stays
        spanCloses.set(span.close, span.end);
        i++;
        continue;
      }
      buf += ch;
      i++;
      continue;
    }
    if (ch === '*' || ch === '_') {
      let j = i;
      while (s[j] === ch) j++;
      const before = i > 0 ? s[i - 1] : undefined;
      const after = j < s.length ? s[j] : undefined;
      const leftFlanking = !isWs(after) && (!isPunct(after) || isWs(before) || isPunct(before));
      const rightFlanking = !isWs(before) && (!isPunct(before) || isWs(after) || isPunct(after));
      let canOpen: boolean;
      let canClose: boolean;
      if (ch === '*') {
        canOpen = leftFlanking;
        canClose = rightFlanking;
      } else {
        canOpen = leftFlanking && (!rightFlanking || isPunct(before));
        canClose = rightFlanking && (!leftFlanking || isPunct(after));
      }
      flush();
      const length = j - i;
      for (let k = 0; k < length; k++) {
        tokens.push({ t: 'text', content: ch });
        delims.push({ marker: ch, length, token: tokens.length - 1, end: -1, open: canOpen, close: canClose });
      }
      i = j;
      continue;
    }
    buf += ch;
    i++;
  }
  flush();

  balancePairs(delims);
  applyEmphasis(tokens, delims);
  return buildTree(tokens);
}

function safeCodePoint(cp: number): string | undefined {
  if (!Number.isFinite(cp) || cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
  return String.fromCodePoint(cp);
}

/** CommonMark "process emphasis": pair openers with closers (after markdown-it's balance_pairs). */
function balancePairs(delimiters: Delimiter[]): void {
  const openersBottom: Record<string, number[]> = {};
  const jumps: number[] = [];
  let headerIdx = 0;
  let lastTokenIdx = -2;
  for (let closerIdx = 0; closerIdx < delimiters.length; closerIdx++) {
    const closer = delimiters[closerIdx];
    jumps.push(0);
    if (delimiters[headerIdx].marker !== closer.marker || lastTokenIdx !== closer.token - 1) headerIdx = closerIdx;
    lastTokenIdx = closer.token;
    if (!closer.close) continue;
    if (!openersBottom[closer.marker]) openersBottom[closer.marker] = [-1, -1, -1, -1, -1, -1];
    const bottomSlot = (closer.open ? 3 : 0) + (closer.length % 3);
    const minOpenerIdx = openersBottom[closer.marker][bottomSlot];
    let openerIdx = headerIdx - jumps[headerIdx] - 1;
    let newMinOpenerIdx = openerIdx;
    for (; openerIdx > minOpenerIdx; openerIdx -= jumps[openerIdx] + 1) {
      const opener = delimiters[openerIdx];
      if (opener.marker !== closer.marker) continue;
      if (opener.open && opener.end < 0) {
        let oddMatch = false;
        if (opener.close || closer.open) {
          if ((opener.length + closer.length) % 3 === 0 && (opener.length % 3 !== 0 || closer.length % 3 !== 0)) oddMatch = true;
        }
        if (!oddMatch) {
          const lastJump = openerIdx > 0 && !delimiters[openerIdx - 1].open ? jumps[openerIdx - 1] + 1 : 0;
          jumps[closerIdx] = closerIdx - openerIdx + lastJump;
          jumps[openerIdx] = lastJump;
          closer.open = false;
          opener.end = closerIdx;
          opener.close = false;
          newMinOpenerIdx = -1;
          lastTokenIdx = -2;
          break;
        }
      }
    }
    if (newMinOpenerIdx !== -1) openersBottom[closer.marker][bottomSlot] = newMinOpenerIdx;
  }
}

/** Turn matched delimiter characters into open/close tokens; two adjacent matched pairs make bold. */
function applyEmphasis(tokens: Token[], delimiters: Delimiter[]): void {
  for (let i = delimiters.length - 1; i >= 0; i--) {
    const start = delimiters[i];
    if (start.end === -1) continue;
    const end = delimiters[start.end];
    const strong =
      i > 0 &&
      delimiters[i - 1].end === start.end + 1 &&
      delimiters[i - 1].marker === start.marker &&
      delimiters[i - 1].token === start.token - 1 &&
      delimiters[start.end + 1].token === end.token + 1;
    tokens[start.token] = { t: 'open', rend: strong ? 'bold' : 'italic' };
    tokens[end.token] = { t: 'close' };
    if (strong) {
      tokens[delimiters[i - 1].token] = { t: 'text', content: '' };
      tokens[delimiters[start.end + 1].token] = { t: 'text', content: '' };
      i--;
    }
  }
}

function buildTree(tokens: Token[]): Inline[] {
  const root: Inline[] = [];
  const stack: Inline[][] = [root];
  for (const tok of tokens) {
    const top = stack[stack.length - 1];
    switch (tok.t) {
      case 'text':
        if (tok.content) appendText(top, tok.content);
        break;
      case 'node':
        top.push(tok.node);
        break;
      case 'open': {
        const emph: Emphasis = { kind: 'emph', rend: tok.rend, children: [] };
        top.push(emph);
        stack.push(emph.children);
        break;
      }
      case 'close':
        stack.pop();
        break;
    }
  }
  return root;
}

/** Append text, merging with a preceding text run. */
export function appendText(list: Inline[], text: string): void {
  const last = list[list.length - 1];
  if (last && last.kind === 'text') last.text += text;
  else list.push({ kind: 'text', text });
}
