import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';

/**
 * Serialise an xmlbuilder2 document as indented XML without adding whitespace
 * inside mixed content. xmlbuilder2's own pretty printer indents every element,
 * which inserts text into <p>, <note>, <closer>…; here only elements whose TEI
 * content model is element-only are broken over lines. Everything else is
 * written on one line exactly as built. Deterministic: attribute order is the
 * order of insertion.
 */
export const ELEMENT_ONLY = new Set([
  'TEI', 'teiCorpus', 'teiHeader', 'fileDesc', 'titleStmt', 'respStmt', 'editionStmt', 'publicationStmt',
  'availability', 'seriesStmt', 'notesStmt', 'sourceDesc', 'encodingDesc', 'projectDesc', 'editorialDecl',
  'profileDesc', 'langUsage', 'correspDesc', 'correspAction', 'revisionDesc', 'listChange', 'text', 'front', 'body',
  'back', 'div', 'standOff', 'listPerson', 'person', 'listOrg', 'org', 'listPlace', 'place', 'listEvent', 'event',
  'listBibl', 'linkGrp', 'location', 'listRelation', 'textClass', 'keywords',
]);

interface DomNode {
  nodeType: number;
  nodeName: string;
  data?: string;
  target?: string;
  childNodes: ArrayLike<DomNode>;
  namespaceURI?: string | null;
  prefix?: string | null;
  attributes?: ArrayLike<{ name: string; value: string }>;
}

const ELEMENT = 1;
const TEXT = 3;
const PI = 7;
const COMMENT = 8;

export function serializeXml(doc: XMLBuilder | { node: unknown }, indentUnit = '  '): string {
  const root = doc.node as unknown as DomNode;
  const out: Out = { s: '<?xml version="1.0" encoding="UTF-8"?>\n' };
  const children = root.childNodes;
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    if (child.nodeType === PI) out.s += `<?${child.target} ${child.data}?>\n`;
    else if (child.nodeType === COMMENT) out.s += `<!--${child.data}-->\n`;
    else if (child.nodeType === ELEMENT) {
      writeElement(out, child, 0, indentUnit, true, null);
      out.s += '\n';
    }
  }
  return out.s;
}

/** The text written so far (one string grown in place: V8 joins the pieces once, at the end). */
interface Out {
  s: string;
}

const WHITESPACE_ONLY = /^\s*$/;

function writeElement(out: Out, el: DomNode, depth: number, unit: string, block: boolean, parentNs: string | null): void {
  const name = el.nodeName;
  const ns = el.namespaceURI ?? null;
  out.s += `<${name}`;
  if (!el.prefix && ns !== parentNs) out.s += ` xmlns="${escapeAttr(ns ?? '')}"`;
  const attrs = el.attributes;
  if (attrs) {
    for (let i = 0; i < attrs.length; i++) {
      const a = attrs[i];
      out.s += ` ${a.name}="${escapeAttr(a.value)}"`;
    }
  }
  const children = el.childNodes;
  const n = children.length;
  if (n === 0) {
    out.s += '/>';
    return;
  }
  out.s += '>';
  let elementOnly = block && ELEMENT_ONLY.has(name);
  for (let i = 0; elementOnly && i < n; i++) {
    const c = children[i];
    if (c.nodeType === TEXT && !WHITESPACE_ONLY.test(c.data ?? '')) elementOnly = false;
  }
  if (!elementOnly) {
    for (let i = 0; i < n; i++) writeInline(out, children[i], ns);
    out.s += `</${name}>`;
    return;
  }
  const pad = unit.repeat(depth + 1);
  for (let i = 0; i < n; i++) {
    const c = children[i];
    if (c.nodeType === TEXT) continue; // whitespace only, by the test above
    if (c.nodeType === ELEMENT) {
      out.s += `\n${pad}`;
      writeElement(out, c, depth + 1, unit, true, ns);
    } else if (c.nodeType === COMMENT) out.s += `\n${pad}<!--${c.data}-->`;
    else if (c.nodeType === PI) out.s += `\n${pad}<?${c.target} ${c.data}?>`;
  }
  out.s += `\n${unit.repeat(depth)}</${name}>`;
}

function writeInline(out: Out, node: DomNode, parentNs: string | null): void {
  switch (node.nodeType) {
    case TEXT:
      out.s += escapeText(node.data ?? '');
      break;
    case ELEMENT:
      writeElement(out, node, 0, '', false, parentNs);
      break;
    case COMMENT:
      out.s += `<!--${node.data}-->`;
      break;
    case PI:
      out.s += `<?${node.target} ${node.data}?>`;
      break;
  }
}

const TEXT_SPECIAL = /[&<>]/;
const ATTR_SPECIAL = /[&<"\t\n\r]/;

export function escapeText(s: string): string {
  if (!TEXT_SPECIAL.test(s)) return s;
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(s: string): string {
  if (!ATTR_SPECIAL.test(s)) return s;
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}
