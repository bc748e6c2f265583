import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseForSaxon } from '../../src/validate/schematron-run';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const SaxonJS = require('saxon-js') as { getPlatform(): { parseXmlFromString(text: string): unknown } };

type DomLike = Record<string, unknown> & { attributes?: ArrayLike<DomLike>; childNodes?: ArrayLike<DomLike> };
const PROPS = ['nodeType', 'nodeName', 'namespaceURI', 'prefix', 'localName', 'data', 'nodeValue', 'value', 'target', 'Zj', 'tagName', 'specified', 'name'];

/** The tree as plain data: every property SaxonJS reads, attributes and children in order. */
function plain(n: DomLike): unknown {
  const o: Record<string, unknown> = {};
  for (const p of PROPS) if (n[p] !== undefined) o[p] = n[p];
  if (n.attributes) o.attributes = Array.from(n.attributes).map(plain);
  if (n.childNodes) o.children = Array.from(n.childNodes).map(plain);
  return o;
}

const saxonParse = (text: string): unknown => plain(SaxonJS.getPlatform().parseXmlFromString(text) as DomLike);

describe('parseForSaxon makes the tree SaxonJS makes of the text', () => {
  const cases: Array<[string, string]> = [
    ['teikit-like', '<?xml version="1.0" encoding="UTF-8"?>\n<?xml-model href="a.rng" type="application/xml"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id=" a  b " xml:lang="ru">\n  <teiHeader>\n    <p>x &lt; y &amp; z &gt; w &quot;q&quot; &apos;</p>\n  </teiHeader>\n  <text><body><p rend="a&amp;b&#9;c&#10;d" n="&#x41;&#1046;">t<lb/>u <hi rend="i">v</hi></p></body></text>\n</TEI>\n'],
    ['prefixes and nested declarations', '<a:r xmlns:a="urn:a" xmlns="urn:d"><b a:x="1" id=" q "><c xmlns="urn:e" xmlns:a="urn:f"><a:d/></c></b><?pi  body ? more?></a:r>'],
    ['no namespace', '<r><s  x="1"/>\n\n<t>&#128512;</t></r>'],
    ['spaces in tags', '<r\n  a="1"\n  b="2"\n><x></x ></r>'],
  ];
  it.each(cases)('%s', (_name, text) => {
    const fast = parseForSaxon(text);
    expect(fast).toBeDefined();
    expect(plain(fast as DomLike)).toEqual(saxonParse(text));
  });

  it.each([
    ['a DOCTYPE', '<!DOCTYPE r><r/>'],
    ['a comment', '<r><!-- c --></r>'],
    ['CDATA', '<r><![CDATA[x]]></r>'],
    ['a CR', '<r>a\r\nb</r>'],
    ['an unknown entity', '<r>&nbsp;</r>'],
    ['a bare ampersand', '<r>a & b</r>'],
    ['an unbound prefix', '<p:r/>'],
    ['single quotes', "<r a='1'/>"],
    ['a tab in an attribute', '<r a="1\t2"/>'],
    ['a mismatched end tag', '<r><a></b></r>'],
    ['an unclosed element', '<r><a></r>'],
    ['two roots', '<r/><s/>'],
    ['text outside the root', 'x<r/>'],
    ['a control character', '<r>\u0001</r>'],
    ['a CR reference', '<r a="&#13;"/>'],
  ])('leaves %s to SaxonJS', (_name, text) => {
    expect(parseForSaxon(text)).toBeUndefined();
  });

  it('on the TEI of the test editions', () => {
    const files: string[] = [];
    const walk = (d: string): void => {
      if (!fs.existsSync(d)) return;
      for (const f of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, f.name);
        if (f.isDirectory()) walk(p);
        else if (p.endsWith('.xml')) files.push(p);
      }
    };
    walk(path.join(__dirname, '..', 'fixtures'));
    let fast = 0;
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      let expected: unknown;
      try {
        expected = saxonParse(text);
      } catch {
        expect(parseForSaxon(text)).toBeUndefined();
        continue;
      }
      const got = parseForSaxon(text);
      if (!got) continue;
      fast++;
      expect(plain(got as DomLike)).toEqual(expected);
    }
    expect(fast).toBeGreaterThan(0);
  });
});
