import type { TeiBuilder } from './tree';
import type { Block, Closer, CloserPart, Division, Inline, Note, Paragraph, TeiDocument } from '../../model/document';

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** Ids and lookups shared while writing one document's text. */
export interface BodyContext {
  doc: TeiDocument;
  /** The id prefix (the document's idPrefix, else its language). */
  lang: string;
  notes: Map<string, Note>;
  /** Paragraph counter: `{lang}-p{N}`, N from 1 in document order. */
  pCount: number;
  usedIds: Set<string>;
}

export function newBodyContext(doc: TeiDocument): BodyContext {
  return { doc, lang: doc.idPrefix ?? doc.lang, notes: new Map(doc.notes.map((n) => [n.n, n])), pCount: 0, usedIds: new Set() };
}

export function setXmlId(el: TeiBuilder, id: string, ctx: BodyContext): void {
  if (ctx.usedIds.has(id)) {
    let k = 2;
    while (ctx.usedIds.has(`${id}-${k}`)) k++;
    id = `${id}-${k}`;
  }
  ctx.usedIds.add(id);
  el.att(XML_NS, 'xml:id', id);
}

/** An NCName-safe token for ids derived from labels ("1", "*", "iv"). */
export function idToken(s: string): string {
  const t = s.normalize('NFKD').replace(/[^A-Za-z0-9_.-]/g, '');
  return t.length > 0 ? t : `x${Array.from(s).map((c) => c.codePointAt(0)!.toString(16)).join('')}`;
}

export function writeInlines(parent: TeiBuilder, nodes: Inline[], ctx: BodyContext): void {
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        if (node.text.length > 0) parent.txt(node.text);
        break;
      case 'emph':
        writeInlines(parent.ele('hi', { rend: node.rend }), node.children, ctx);
        break;
      case 'noteRef':
        writeNote(parent, node.n, ctx);
        break;
      case 'pageRef': {
        const scope = parent.ele('bibl', { type: 'pageRef' }).ele('biblScope', { unit: 'page', ...(node.rend ? { rend: node.rend } : {}) });
        scope.txt(node.page);
        break;
      }
      case 'entity': {
        const attrs: Record<string, string> = {};
        if (node.ref) attrs.ref = `#${node.ref}`;
        if (node.when) attrs.when = node.when;
        if (node.from) attrs.from = node.from;
        if (node.to) attrs.to = node.to;
        writeInlines(parent.ele(node.type, attrs), node.children, ctx);
        break;
      }
      case 's': {
        const s = parent.ele('s');
        setXmlId(s, node.id, ctx);
        if (node.corresp && node.corresp.length > 0) s.att('corresp', node.corresp.join(' '));
        writeInlines(s, node.children, ctx);
        break;
      }
      case 'lb':
        parent.ele('lb');
        break;
    }
  }
}

/** TEI keeps a note's content where it is referenced: the marker becomes the note. */
function writeNote(parent: TeiBuilder, n: string, ctx: BodyContext): void {
  const note = ctx.notes.get(n);
  if (!note) throw new Error(`${ctx.doc.file}: note reference ${n} has no note (the reader should have reported it)`);
  const el = parent.ele('note', { place: 'foot', n: note.n });
  setXmlId(el, note.id ?? `${ctx.lang}-n${idToken(note.n)}`, ctx);
  if (note.paragraphs.length === 1) writeInlines(el, note.paragraphs[0], ctx);
  else for (const para of note.paragraphs) writeInlines(el.ele('p'), para, ctx);
}

function writeParagraph(parent: TeiBuilder, p: Paragraph, ctx: BodyContext): void {
  ctx.pCount++;
  const el = parent.ele('p');
  setXmlId(el, p.id ?? `${ctx.lang}-p${ctx.pCount}`, ctx);
  if (p.corresp && p.corresp.length > 0) el.att('corresp', p.corresp.join(' '));
  writeInlines(el, p.content, ctx);
}

/**
 * A closer's parts in source order. A role line directly followed by the
 * signature is one <signed> (roleName, line break, name), as printed. A
 * bibliographic line (first publication) printed under the letter is a
 * <trailer> holding a <bibl>, since TEI does not allow bibl inside closer.
 */
function writeCloser(parent: TeiBuilder, closer: Closer, ctx: BodyContext): void {
  let el: TeiBuilder | undefined;
  const closerEl = (): TeiBuilder => (el ??= parent.ele('closer'));
  const parts = closer.parts;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const next: CloserPart | undefined = parts[i + 1];
    switch (part.type) {
      case 'role':
        if (next?.type === 'signed') {
          const signed = closerEl().ele('signed');
          writeInlines(signed.ele('roleName'), part.content, ctx);
          signed.ele('lb');
          writeInlines(signed, next.content, ctx);
          i++;
        } else {
          writeInlines(closerEl().ele('signed').ele('roleName'), part.content, ctx);
        }
        break;
      case 'signed':
        writeInlines(closerEl().ele('signed'), part.content, ctx);
        break;
      case 'salute':
        writeInlines(closerEl().ele('salute'), part.content, ctx);
        break;
      case 'dateline':
        writeInlines(closerEl().ele('dateline'), part.content, ctx);
        break;
      case 'bibl':
        writeInlines(parent.ele('trailer').ele('bibl', { type: 'firstPublication' }), part.content, ctx);
        el = undefined;
        break;
    }
  }
}

function writeBlock(parent: TeiBuilder, block: Block, ctx: BodyContext): void {
  switch (block.kind) {
    case 'head':
      writeInlines(parent.ele('head'), block.content, ctx);
      break;
    case 'p':
      writeParagraph(parent, block, ctx);
      break;
    case 'opener': {
      const el = parent.ele('opener');
      if (block.dateline) writeInlines(el.ele('dateline'), block.dateline, ctx);
      if (block.salute) writeInlines(el.ele('salute'), block.salute, ctx);
      break;
    }
    case 'closer':
      writeCloser(parent, block, ctx);
      break;
    case 'bibl': {
      // a bibliographic line standing between paragraphs: keep it in a <p> so the div stays valid
      const p = parent.ele('p');
      setXmlId(p, `${ctx.lang}-bibl`, ctx);
      writeInlines(p.ele('bibl', { type: block.type }), block.content, ctx);
      break;
    }
  }
}

/**
 * A division. Headings after the first open nested <div>s by level, since TEI
 * allows <head> only at the top of a division.
 */
export function writeDivision(body: TeiBuilder, div: Division, index: number, ctx: BodyContext): void {
  const el = body.ele('div', { type: div.type });
  setXmlId(el, index === 0 ? `${ctx.lang}-${idToken(div.type)}` : `${ctx.lang}-${idToken(div.type)}${index + 1}`, ctx);
  const stack: Array<{ el: TeiBuilder; level: number }> = [{ el, level: 0 }];
  let sawContent = false;
  let headCount = 0;
  for (const block of div.blocks) {
    if (block.kind === 'head') {
      if (!sawContent && stack.length === 1 && headCount === 0) {
        const h = el.ele('head');
        setXmlId(h, `${ctx.lang}-head`, ctx);
        writeInlines(h, block.content, ctx);
        stack[0].level = block.level;
        headCount++;
        continue;
      }
      while (stack.length > 1 && stack[stack.length - 1].level >= block.level) stack.pop();
      const sub = stack[stack.length - 1].el.ele('div');
      headCount++;
      const h = sub.ele('head');
      setXmlId(h, `${ctx.lang}-head${headCount}`, ctx);
      writeInlines(h, block.content, ctx);
      stack.push({ el: sub, level: block.level });
      continue;
    }
    sawContent = true;
    writeBlock(stack[stack.length - 1].el, block, ctx);
  }
  if (!sawContent && headCount <= 1) {
    // a div needs some content after its head
    el.ele('p');
  }
}
