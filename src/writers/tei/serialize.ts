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

export function serializeXml(doc: XMLBuilder, indentUnit = '  '): string {
  const root = doc.node as unknown as DomNode;
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n';
  for (const child of Array.from(root.childNodes)) {
    if (child.nodeType === PI) out += `<?${child.target} ${child.data}?>\n`;
    else if (child.nodeType === COMMENT) out += `<!--${child.data}-->\n`;
    else if (child.nodeType === ELEMENT) out += writeElement(child, 0, indentUnit, true, null) + '\n';
  }
  return out;
}

function writeElement(el: DomNode, depth: number, unit: string, block: boolean, parentNs: string | null): string {
  const name = el.nodeName;
  const ns = el.namespaceURI ?? null;
  let open = `<${name}`;
  if (!el.prefix && ns !== parentNs) open += ` xmlns="${escapeAttr(ns ?? '')}"`;
  for (const a of Array.from(el.attributes ?? [])) open += ` ${a.name}="${escapeAttr(a.value)}"`;
  const children = Array.from(el.childNodes);
  if (children.length === 0) return `${open}/>`;
  open += '>';
  const elementOnly = block && ELEMENT_ONLY.has(name) && children.every((c) => c.nodeType !== TEXT || /^\s*$/.test(c.data ?? ''));
  if (!elementOnly) {
    return open + children.map((c) => writeInline(c, ns)).join('') + `</${name}>`;
  }
  const pad = unit.repeat(depth + 1);
  let body = '';
  for (const c of children) {
    if (c.nodeType === TEXT) continue; // whitespace only, by the test above
    if (c.nodeType === ELEMENT) body += `\n${pad}${writeElement(c, depth + 1, unit, true, ns)}`;
    else if (c.nodeType === COMMENT) body += `\n${pad}<!--${c.data}-->`;
    else if (c.nodeType === PI) body += `\n${pad}<?${c.target} ${c.data}?>`;
  }
  return `${open}${body}\n${unit.repeat(depth)}</${name}>`;
}

function writeInline(node: DomNode, parentNs: string | null): string {
  switch (node.nodeType) {
    case TEXT:
      return escapeText(node.data ?? '');
    case ELEMENT:
      return writeElement(node, 0, '', false, parentNs);
    case COMMENT:
      return `<!--${node.data}-->`;
    case PI:
      return `<?${node.target} ${node.data}?>`;
    default:
      return '';
  }
}

export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}
