import * as fs from 'node:fs';
import * as path from 'node:path';
import { readSource } from '../../src/readers';
import { tagDocument } from '../../src/enrich/entities/tag';
import { loadRegister } from '../../src/register/load';
import { appendStandOff } from '../../src/register/standoff';
import { create } from 'xmlbuilder2';
import { buildTei, serializeXml, writeTei, XmlTree } from '../../src/writers/tei';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const EDITION = path.join(__dirname, '..', '..', 'editions', 'leningrad-letter-1925');

function sources(): string[] {
  const out: string[] = [];
  for (const dir of ['word-md', 'mia-txt']) {
    const d = path.join(FIXTURES, dir);
    if (!fs.existsSync(d)) continue;
    for (const f of fs.readdirSync(d).sort()) if (/\.(md|txt)$/.test(f)) out.push(path.join(d, f));
  }
  return out;
}

describe('writeTei (XmlTree) writes what the xmlbuilder2 tree serialises to', () => {
  const files = sources();
  it('has fixtures to compare', () => expect(files.length).toBeGreaterThan(3));
  it.each(files)('%s', (file) => {
    let doc;
    try {
      doc = readSource(file).doc;
    } catch {
      return; // fixtures of reader errors
    }
    const opts = { docId: 'fx', schemaHref: '../schema/teikit.rng' };
    expect(writeTei(doc, opts)).toBe(serializeXml(buildTei(doc, opts)).normalize('NFC'));
  });

  it('with a register standOff and tagged mentions', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(EDITION, 'edition.json'), 'utf8')) as { register: string; sources: Array<{ file: string }> };
    const reg = loadRegister(path.join(EDITION, manifest.register));
    for (const s of manifest.sources) {
      const tagged = tagDocument(readSource(path.join(EDITION, s.file)).doc, reg).doc;
      const opts = { docId: 'x', standOff: (tei: Parameters<typeof appendStandOff>[0]) => appendStandOff(tei, reg, tagged.lang) };
      expect(writeTei(tagged, opts)).toBe(serializeXml(buildTei(tagged, opts)).normalize('NFC'));
    }
  });
});

describe('XmlTree', () => {
  it('behaves as xmlbuilder2 for the calls the writers make', () => {
    const build = (root: XmlTree | ReturnType<typeof create>): string => {
      root.ins('pi', 'a="1"');
      const tei = root.ele('http://www.tei-c.org/ns/1.0', 'TEI');
      tei.att('http://www.w3.org/XML/1998/namespace', 'xml:id', 'a&"<b>\t\n');
      const p = tei.ele('p', { rend: undefined as unknown as string, n: '1' });
      p.att('n', '2'); // replaced in place
      p.txt('x < y & z > w');
      p.txt('');
      p.ele('lb');
      tei.ele('div').ele('p').txt('');
      expect(tei.node.childNodes.length).toBe(2);
      return serializeXml(root);
    };
    expect(build(XmlTree.document())).toBe(build(create()));
    expect(build(XmlTree.document())).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<?pi a="1"?>\n' +
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="a&amp;&quot;&lt;b>&#9;&#10;">\n' +
        '  <p n="2">x &lt; y &amp; z &gt; w<lb/></p>\n  <div>\n    <p></p>\n  </div>\n</TEI>\n',
    );
  });
});
