import * as libxml from 'libxmljs2';

export const TEI_NS = { tei: 'http://www.tei-c.org/ns/1.0' };

/** Unicode words: runs of letters and digits. */
export function words(s: string): string[] {
  return s.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? [];
}

export function parseTei(xml: string): libxml.Document {
  return libxml.parseXml(xml, { nonet: true, noent: false, dtdload: false });
}

/** Elements that stand on their own line in the source: their boundaries separate words. */
const BREAKING = new Set(['lb', 'p', 'head', 'opener', 'closer', 'salute', 'signed', 'dateline', 'trailer', 'bibl', 'roleName', 'div', 'note']);

/** Text of a node, with a space at line breaks and at the edges of line-level elements. */
function collect(node: libxml.Node, skipNotes: boolean, out: string[]): void {
  const type = node.type();
  if (type === 'text') {
    out.push((node as unknown as { text(): string }).text());
    return;
  }
  if (type !== 'element') return;
  const el = node as libxml.Element;
  if (skipNotes && el.name() === 'note') return;
  const breaking = BREAKING.has(el.name());
  if (breaking) out.push(' ');
  for (const child of el.childNodes()) collect(child, skipNotes, out);
  if (breaking) out.push(' ');
}

function textOf(el: libxml.Element | null, skipNotes: boolean): string {
  if (!el) return '';
  const out: string[] = [];
  collect(el, skipNotes, out);
  return out.join('');
}

/** The running text of <text> with the notes taken out (notes sit at their anchors). */
export function teiTextWithoutNotes(doc: libxml.Document): string {
  return textOf(doc.get('//tei:text', TEI_NS) as libxml.Element, true);
}

/** Each note's text, in document order, keyed by @n. */
export function teiNotes(doc: libxml.Document): Array<{ n: string; text: string }> {
  return (doc.find('//tei:text//tei:note', TEI_NS) as libxml.Element[]).map((el) => ({ n: el.attr('n')?.value() ?? '', text: textOf(el, false) }));
}

export function teiHeaderText(doc: libxml.Document): string {
  return textOf(doc.get('//tei:teiHeader', TEI_NS) as libxml.Element, false);
}
