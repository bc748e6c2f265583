import * as fs from 'node:fs';
import * as path from 'node:path';
import * as libxml from 'libxmljs2';
import { buildCorpus, readKeptCorpusAhead } from '../../src/export/corpus';
import { TeikitError } from '../../src/model/diagnostics';
import { fixtureDist, installSystemDeps, jing } from './helpers';

const NS = { t: 'http://www.tei-c.org/ns/1.0' };

beforeAll(() => installSystemDeps('jing'));

describe('buildCorpus', () => {
  it('writes a teiCorpus with a corpus header, both documents and the register once, valid against tei_all', () => {
    const { distDir, teiFiles, manifest } = fixtureDist('corpus');
    const res = buildCorpus({ editionId: 'mini-letter', teiFiles, manifest });
    expect(res.path).toBe(path.join(distDir, 'tei', 'mini-letter.corpus.xml'));
    const xml = fs.readFileSync(res.path!, 'utf8');
    expect(xml).toBe(res.xml);

    const v = jing(res.path!);
    expect(v.out).toBe('');
    expect(v.status).toBe(0);

    const doc = libxml.parseXml(xml);
    expect(doc.root()!.name()).toBe('teiCorpus');
    expect(doc.find('/t:teiCorpus/t:TEI', NS).map((e) => (e as libxml.Element).attr('id')!.value())).toEqual(['mini-letter.ru', 'mini-letter.en']);
    // one register, at corpus level, with the entries of both documents once each
    expect(doc.find('//t:standOff', NS)).toHaveLength(1);
    expect(doc.find('/t:teiCorpus/t:standOff', NS)).toHaveLength(1);
    expect(doc.find('//t:person', NS).map((e) => (e as libxml.Element).attr('id')!.value())).toEqual(['stalin', 'safarov', 'sarkis']);
    expect(doc.find('//t:place', NS)).toHaveLength(1);
    // the corpus header comes from the manifest
    expect((doc.get('/t:teiCorpus/t:teiHeader//t:title[@type="main"]', NS) as libxml.Element).text()).toBe('A Short Letter to the Conference');
    expect((doc.get('/t:teiCorpus/t:teiHeader//t:publisher', NS) as libxml.Element).text()).toBe('teikit test press');
    expect(doc.find('/t:teiCorpus/t:teiHeader//t:language', NS).map((e) => (e as libxml.Element).attr('ident')!.value())).toEqual(['ru', 'en']);
    // every reference to the register resolves inside the corpus
    const ids = new Set(doc.find('//@xml:id').map((a) => (a as libxml.Attribute).value()));
    for (const a of doc.find('//@ref') as libxml.Attribute[]) expect(ids.has(a.value().slice(1))).toBe(true);
  });

  it('keeps the documents\' text unchanged (mixed content, Cyrillic, escapes) and indents only between elements', () => {
    const { teiFiles, manifest } = fixtureDist('corpus-text');
    const { xml } = buildCorpus({ editionId: 'mini-letter', teiFiles, manifest, out: null });
    // <p> sits one level deeper than in its document (teiCorpus/TEI/text/body/div/p)
    expect(xml).toContain('\n          <p xml:id="en-p2" corresp="mini-letter.ru.xml#ru-p2">');
    expect(xml).toContain('Unity is <hi rend="italic">more necessary</hi> than ever &amp; must remain.</p>');
    expect(xml).toContain('Речи <persName ref="#safarov">Сафарова</persName> и других');
    const corpus = libxml.parseXml(xml);
    for (const f of teiFiles) {
      const src = libxml.parseXml(fs.readFileSync(f.path, 'utf8'));
      const srcText = (src.get('//t:text', NS) as libxml.Element).text().replace(/\s+/g, ' ');
      const tei = corpus.get(`/t:teiCorpus/t:TEI[@xml:lang="${f.lang}"]/t:text`, NS) as libxml.Element;
      expect(tei.text().replace(/\s+/g, ' ')).toBe(srcText);
    }
  });

  it('is deterministic: a second build gives the same bytes', () => {
    const { teiFiles, manifest } = fixtureDist('corpus-det');
    const a = buildCorpus({ editionId: 'mini-letter', teiFiles, manifest }).xml;
    const b = buildCorpus({ editionId: 'mini-letter', teiFiles, manifest }).xml;
    expect(b).toBe(a);
  });

  it('derives the header from the documents when no manifest is given', () => {
    const { teiFiles } = fixtureDist('corpus-nomanifest');
    const res = buildCorpus({ editionId: 'mini-letter', teiFiles });
    expect(jing(res.path!).status).toBe(0);
    expect(res.xml).toContain('<title type="main" xml:lang="ru">Короткое письмо конференции</title>');
  });

  it('a rebuild with kept parts gives the bytes of a build from nothing, and reads again a document changed behind its back', () => {
    const { distDir, teiFiles, manifest } = fixtureDist('corpus-kept');
    const cacheDir = path.join(distDir, '.teikit-corpus');
    const first = buildCorpus({ editionId: 'mini-letter', teiFiles, manifest, cacheDir });
    expect(first.written).toBe(true);
    expect(fs.readdirSync(cacheDir)).toEqual(['corpus-index.json']);
    // nothing changed: the same bytes, not written again
    const again = buildCorpus({ editionId: 'mini-letter', teiFiles, manifest, cacheDir });
    expect(again.written).toBe(false);
    expect(again.xml).toBe(first.xml);
    const fresh = (): string => buildCorpus({ editionId: 'mini-letter', teiFiles, manifest, out: null }).xml;
    // a change announced in `changed`, then one that is not (found by the file's size and times)
    const en = teiFiles[1].path;
    fs.writeFileSync(en, fs.readFileSync(en, 'utf8').replace('Unity is', 'Unity, changed, is'));
    const second = buildCorpus({ editionId: 'mini-letter', teiFiles, manifest, cacheDir, changed: new Set([en]) });
    expect(second.written).toBe(true);
    expect(second.xml).toContain('Unity, changed, is');
    expect(second.xml).toBe(fresh());
    expect(fs.readFileSync(second.path!, 'utf8')).toBe(second.xml);
    fs.writeFileSync(en, fs.readFileSync(en, 'utf8').replace('Unity, changed, is', 'Unity, changed twice, is'));
    const third = buildCorpus({ editionId: 'mini-letter', teiFiles, manifest, cacheDir });
    expect(third.xml).toContain('Unity, changed twice, is');
    expect(third.xml).toBe(fresh());
    // a register entry changed in one document (strings the kept index did not have), then the other document:
    // the piece kept packed against the earlier strings and the new ones agree with a build from nothing
    const ru = teiFiles[0].path;
    const ruText = fs.readFileSync(ru, 'utf8');
    const at = ruText.indexOf('</persName>', ruText.indexOf('<standOff'));
    expect(at).toBeGreaterThan(0);
    fs.writeFileSync(ru, `${ruText.slice(0, at)} (register, changed)${ruText.slice(at)}`);
    const withEntry = buildCorpus({ editionId: 'mini-letter', teiFiles, manifest, cacheDir, changed: new Set([ru]) });
    expect(withEntry.xml).toContain('(register, changed)');
    expect(withEntry.xml).toBe(fresh());
    fs.writeFileSync(en, fs.readFileSync(en, 'utf8').replace('Unity, changed twice, is', 'Unity, changed thrice, is'));
    expect(buildCorpus({ editionId: 'mini-letter', teiFiles, manifest, cacheDir, changed: new Set([en]) }).xml).toBe(fresh());
    expect(buildCorpus({ editionId: 'mini-letter', teiFiles, manifest, cacheDir }).xml).toBe(fresh());
    // a corpus file changed by hand is not a source of kept parts: everything is read again
    fs.writeFileSync(third.path!, 'not the corpus');
    const fourth = buildCorpus({ editionId: 'mini-letter', teiFiles, manifest, cacheDir });
    expect(fourth.written).toBe(true);
    expect(fs.readFileSync(fourth.path!, 'utf8')).toBe(fresh());
  });

  it('what a rebuild reads ahead gives the same corpus, and is not used once the corpus changed after it was read', async () => {
    const { distDir, teiFiles, manifest } = fixtureDist('corpus-ahead');
    const cacheDir = path.join(distDir, '.teikit-corpus');
    const out = buildCorpus({ editionId: 'mini-letter', teiFiles, manifest, cacheDir }).path!;
    const fresh = (): string => buildCorpus({ editionId: 'mini-letter', teiFiles, manifest, out: null }).xml;
    const [ru, en] = teiFiles.map((f) => f.path);
    // the changed document is written after the reading ahead, as a rebuild writes its TEI
    let ahead = await readKeptCorpusAhead(cacheDir, out);
    expect(ahead.kept).toBeDefined();
    fs.writeFileSync(en, fs.readFileSync(en, 'utf8').replace('Unity is', 'Unity, ahead, is'));
    const second = buildCorpus({ editionId: 'mini-letter', teiFiles, manifest, cacheDir, changed: new Set([en]), ahead });
    expect(second.xml).toContain('Unity, ahead, is');
    expect(second.xml).toBe(fresh());
    // a document not named as changed, changed after the reading: found by its signature, as without reading ahead
    ahead = await readKeptCorpusAhead(cacheDir, out);
    fs.writeFileSync(ru, fs.readFileSync(ru, 'utf8').replace('</body>', '<p>Дописано.</p></body>'));
    const third = buildCorpus({ editionId: 'mini-letter', teiFiles, manifest, cacheDir, changed: new Set(), ahead });
    expect(third.xml).toContain('Дописано.');
    expect(third.xml).toBe(fresh());
    // the corpus replaced after the reading (the bytes read ahead are not the file's): not used
    ahead = await readKeptCorpusAhead(cacheDir, out);
    fs.writeFileSync(out, 'not the corpus');
    fs.writeFileSync(en, fs.readFileSync(en, 'utf8').replace('Unity, ahead, is', 'Unity, ahead again, is'));
    const fourth = buildCorpus({ editionId: 'mini-letter', teiFiles, manifest, cacheDir, changed: new Set([en]), ahead });
    expect(fourth.xml).toBe(fresh());
    expect(fs.readFileSync(out, 'utf8')).toBe(fresh());
  });

  it('the kept index does not keep growing: strings no document uses any more are dropped once they are the greater part', () => {
    const { distDir, teiFiles, manifest } = fixtureDist('corpus-shrink');
    const cacheDir = path.join(distDir, '.teikit-corpus');
    const index = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'corpus-index.json'), 'utf8')) as { strings: string[] };
    buildCorpus({ editionId: 'mini-letter', teiFiles, manifest, cacheDir });
    const both = index(cacheDir).strings.length;
    // one document is left: its strings are kept in their places, the other's are no longer used
    const one = buildCorpus({ editionId: 'mini-letter', teiFiles: [teiFiles[0]], manifest, cacheDir });
    const freshDir = path.join(distDir, '.fresh-corpus');
    const fresh = buildCorpus({ editionId: 'mini-letter', teiFiles: [teiFiles[0]], manifest, cacheDir: freshDir, out: path.join(distDir, 'fresh.corpus.xml') });
    expect(one.xml).toBe(fresh.xml);
    const kept = index(cacheDir).strings.length;
    expect(kept).toBeLessThanOrEqual(both);
    expect(kept).toBeLessThanOrEqual(2 * index(freshDir).strings.length);
  });

  it('reports a malformed TEI file with its line and column', () => {
    const { teiFiles } = fixtureDist('corpus-bad');
    fs.writeFileSync(teiFiles[1].path, '<TEI xmlns="http://www.tei-c.org/ns/1.0">\n  <teiHeader>\n  </teiheader>\n</TEI>\n');
    expect(() => buildCorpus({ editionId: 'mini-letter', teiFiles })).toThrow(TeikitError);
    try {
      buildCorpus({ editionId: 'mini-letter', teiFiles });
    } catch (e) {
      const d = (e as TeikitError).diagnostics[0];
      expect(d.file).toBe(teiFiles[1].path);
      expect(d.rule).toBe('export/xml-syntax');
      expect(d.line).toBe(3);
      expect(d.column).toBe(15);
      expect(d.message).toMatch(/tag mismatch: teiHeader line 2 and teiheader/);
    }
  });

  it('refuses a non-TEI root and ids that clash across documents', () => {
    const { teiFiles } = fixtureDist('corpus-clash');
    const en = fs.readFileSync(teiFiles[1].path, 'utf8');
    fs.writeFileSync(teiFiles[1].path, en.replace('xml:id="en-p1"', 'xml:id="ru-p1"'));
    expect(() => buildCorpus({ editionId: 'mini-letter', teiFiles, out: null })).toThrow(/xml:id "ru-p1" occurs in more than one document/);
    fs.writeFileSync(teiFiles[1].path, '<html/>');
    expect(() => buildCorpus({ editionId: 'mini-letter', teiFiles, out: null })).toThrow(/expected a <TEI> root element/);
  });
});
