import * as libxml from 'libxmljs2';

export const TEI_NS = { tei: 'http://www.tei-c.org/ns/1.0' };

/** Unicode words: runs of letters and digits. */
export function words(s: string): string[] {
  return s.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? [];
}

export function parseTei(xml: string): libxml.Document {
  return libxml.parseXml(xml, { nonet: true, noent: false, dtdload: false });
}

function textOf(nodes: libxml.Node[]): string {
  return nodes.map((n) => (n as unknown as { text(): string }).text()).join('');
}

/** The running text of <text> with the notes taken out (notes sit at their anchors). */
export function teiTextWithoutNotes(doc: libxml.Document): string {
  return textOf(doc.find('//tei:text//text()[not(ancestor::tei:note)]', TEI_NS) as unknown as libxml.Node[]);
}

/** Each note's text, in document order, keyed by @n. */
export function teiNotes(doc: libxml.Document): Array<{ n: string; text: string }> {
  return (doc.find('//tei:text//tei:note', TEI_NS) as libxml.Element[]).map((el) => ({ n: el.attr('n')?.value() ?? '', text: el.text() }));
}

export function teiHeaderText(doc: libxml.Document): string {
  const h = doc.get('//tei:teiHeader', TEI_NS) as libxml.Element;
  return h.text();
}
