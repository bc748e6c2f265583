import * as libxml from 'libxmljs2';

/**
 * Words of a tree, split at element boundaries: text is gathered across
 * comments and processing instructions (which the renderer drops) but never
 * across an element's start or end, because the renderer maps every TEI
 * element to an HTML element (or a marker) and adds no words inside a text
 * node. Unicode NFC, whitespace-separated.
 */
export function wordsOf(nodes: libxml.Node[]): string[] {
  const chunks: string[] = [];
  let cur = '';
  const flush = (): void => {
    if (cur) chunks.push(cur);
    cur = '';
  };
  const walk = (n: libxml.Node): void => {
    const t = n.type() as string;
    if (t === 'text' || t === 'cdata') {
      cur += (n as unknown as { text(): string }).text();
      return;
    }
    if (t !== 'element') return;
    flush();
    for (const c of (n as libxml.Element).childNodes()) walk(c);
    flush();
  };
  for (const n of nodes) walk(n);
  flush();
  return chunks.flatMap((c) => c.normalize('NFC').split(/\s+/)).filter((w) => w.length > 0);
}

/** The TEI text a reader should see: every outermost <text> (or the root of a fragment without one). */
export function teiTextWords(xml: string): string[] {
  const doc = libxml.parseXml(xml, { nonet: true, noent: false, dtdload: false, xinclude: false, huge: true });
  const texts = doc.find("//*[local-name()='text' and namespace-uri()='http://www.tei-c.org/ns/1.0'][not(ancestor::*[local-name()='text' and namespace-uri()='http://www.tei-c.org/ns/1.0'])]");
  const root = doc.root();
  return wordsOf(texts.length > 0 ? texts : root ? [root] : []);
}

/** The words of an HTML page's <body>. */
export function htmlBodyWords(html: string): string[] {
  const doc = libxml.parseHtml(html, { nonet: true, huge: true });
  return wordsOf(doc.find('//body'));
}

/** Words of `expected` missing from `actual`, counting multiplicity (each listed once, with how many are missing). */
export function missingWords(expected: string[], actual: string[]): string[] {
  const have = new Map<string, number>();
  for (const w of actual) have.set(w, (have.get(w) ?? 0) + 1);
  const need = new Map<string, number>();
  for (const w of expected) need.set(w, (need.get(w) ?? 0) + 1);
  const missing: string[] = [];
  for (const [w, n] of need) {
    const h = have.get(w) ?? 0;
    if (h < n) missing.push(`${w} (${n - h} of ${n})`);
  }
  return missing;
}
