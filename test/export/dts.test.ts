import * as fs from 'node:fs';
import * as path from 'node:path';
import * as libxml from 'libxmljs2';
import { buildDtsModel } from '../../src/export/dts/model';
import { DtsError, collectionResponse, documentResponse, navigationResponse, type JsonObject } from '../../src/export/dts/responses';
import { readDtsIndexAhead, writeDts } from '../../src/export/dts/static';
import { queryUrls } from '../../src/export/dts/urls';
import { dtsProblems } from '../../src/export/dts/validate';
import { fixtureDist, jing } from './helpers';

const NS = { t: 'http://www.tei-c.org/ns/1.0', dts: 'https://w3id.org/api/dts#' };

function listFiles(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? listFiles(path.join(dir, d.name), base) : [path.relative(base, path.join(dir, d.name))]));
}
const readJson = (f: string): JsonObject => JSON.parse(fs.readFileSync(f, 'utf8')) as JsonObject;
const ids = (nav: JsonObject): string[] => (nav.member as JsonObject[]).map((m) => m.identifier as string);

describe('writeDts: the static DTS 1.0 tree', () => {
  const { distDir, teiFiles, manifest } = fixtureDist('dts');
  const result = writeDts({ editionId: 'mini-letter', distDir, teiFiles, manifest });
  const dts = path.join(distDir, 'dts');

  it('writes every response, each JSON-LD one valid against schema/dts (ajv)', () => {
    expect(result.dir).toBe(dts);
    const files = listFiles(dts).sort();
    expect(files).toEqual(result.files);
    // (a fresh tree's files are listed from its folder: as many as were written)
    expect(result.written).toBe(files.length);
    const jsonld = files.filter((f) => f.endsWith('.jsonld'));
    // entry point, the edition's collection (twice) and per document: collection, navigation down=1 and down=-1
    expect(jsonld.length).toBe(3 + 2 * 3);
    // per document: the whole TEI and one passage per citable unit (5 each)
    expect(files.filter((f) => f.endsWith('.xml')).length).toBe(2 * (1 + 5));
    for (const f of jsonld) {
      const data = readJson(path.join(dts, f));
      const kind = data['@type'] === 'EntryPoint' ? 'entry-point' : data['@type'] === 'Navigation' ? 'navigation' : 'collection';
      expect([f, dtsProblems(kind, data)]).toEqual([f, []]);
      expect(data['@context']).toBe('https://dtsapi.org/context/v1.0.json');
      expect(data.dtsVersion).toBe('1.0');
    }
  });

  it('has an entry point whose templates lead to the files written', () => {
    const entry = readJson(path.join(dts, 'index.jsonld'));
    expect(entry['@type']).toBe('EntryPoint');
    expect(entry.collection).toBe('/dts/collection{/id}.jsonld');
    expect(entry.navigation).toBe('/dts/navigation/{resource}{;down}.jsonld');
    expect(entry.document).toBe('/dts/document/{resource}{/ref}.xml');
    // RFC 6570 expansion of the templates by hand for one case each
    expect(fs.existsSync(path.join(dts, 'collection', 'mini-letter.en.jsonld'))).toBe(true);
    expect(fs.existsSync(path.join(dts, 'navigation', 'mini-letter.en;down=-1.jsonld'))).toBe(true);
    expect(fs.existsSync(path.join(dts, 'document', 'mini-letter.en', 'en-n2.xml'))).toBe(true);
    // the resources advertise the same templates, with their id filled in
    const member = (readJson(path.join(dts, 'collection.jsonld')).member as JsonObject[])[1];
    expect(member.navigation).toBe('/dts/navigation/mini-letter.en{;down}.jsonld');
    expect(member.document).toBe('/dts/document/mini-letter.en{/ref}.xml');
  });

  it('describes the edition as a Collection of two Resources with their citation tree', () => {
    const root = readJson(path.join(dts, 'collection.jsonld'));
    expect(root['@type']).toBe('Collection');
    expect(root.totalChildren).toBe(2);
    expect(root.title).toBe('A Short Letter to the Conference');
    const members = root.member as JsonObject[];
    expect(members.map((m) => m['@id'])).toEqual(['mini-letter.ru', 'mini-letter.en']);
    expect(members[1].mediaTypes).toEqual(['application/tei+xml']);
    expect(members[1].download).toBe('/tei/mini-letter.en.xml');
    expect(members[1].citationTrees).toEqual([
      {
        '@type': 'CitationTree',
        citeStructure: [
          {
            '@type': 'CiteStructure',
            citeType: 'letter',
            citeStructure: [
              { '@type': 'CiteStructure', citeType: 'note' },
              { '@type': 'CiteStructure', citeType: 'paragraph', citeStructure: [{ '@type': 'CiteStructure', citeType: 'note' }] },
            ],
          },
        ],
      },
    ]);
  });

  it('navigates the letter, its paragraphs and its notes in document order', () => {
    const all = readJson(path.join(dts, 'navigation', 'mini-letter.en;down=-1.jsonld'));
    expect(ids(all)).toEqual(['en-letter', 'en-n1', 'en-p1', 'en-n2', 'en-p2']);
    const units = Object.fromEntries((all.member as JsonObject[]).map((m) => [m.identifier, m]));
    expect(units['en-letter']).toEqual({ identifier: 'en-letter', '@type': 'CitableUnit', level: 1, parent: null, citeType: 'letter', dublinCore: { title: [{ lang: 'en', value: 'A Short Letter' }] } });
    expect(units['en-n2']).toMatchObject({ level: 3, parent: 'en-p1', citeType: 'note' });
    expect(units['en-n1']).toMatchObject({ level: 2, parent: 'en-letter' });
    const top = readJson(path.join(dts, 'navigation', 'mini-letter.en;down=1.jsonld'));
    expect(ids(top)).toEqual(['en-letter']);
    expect(top['@id']).toBe('/dts/navigation/mini-letter.en;down=1.jsonld');
    // no per-unit navigation and no other depth: the whole tree (down=-1) says it all
    expect(fs.existsSync(path.join(dts, 'navigation', 'mini-letter.en;down=2.jsonld'))).toBe(false);
    expect(fs.readdirSync(path.join(dts, 'navigation')).sort()).toEqual(['mini-letter.en;down=-1.jsonld', 'mini-letter.en;down=1.jsonld', 'mini-letter.ru;down=-1.jsonld', 'mini-letter.ru;down=1.jsonld']);
  });

  it('returns TEI for the whole document and for each citable unit in a dts:wrapper', () => {
    expect(fs.readFileSync(path.join(dts, 'document', 'mini-letter.en.xml'), 'utf8')).toBe(fs.readFileSync(teiFiles[1].path, 'utf8'));
    const frag = libxml.parseXml(fs.readFileSync(path.join(dts, 'document', 'mini-letter.ru', 'ru-p2.xml'), 'utf8'));
    expect(frag.root()!.name()).toBe('TEI');
    expect(frag.root()!.namespace()!.href()).toBe(NS.t);
    const wrapped = frag.find('/t:TEI/t:text/t:body/dts:wrapper/*', NS) as libxml.Element[];
    expect(wrapped.map((e) => e.attr('id')!.value())).toEqual(['ru-p2']);
    expect(wrapped[0].text()).toBe('Единство необходимо как никогдаСр. резолюцию..');
    // a short header: the title statement and a pointer to the whole document (its full header is there)
    expect(frag.get('/t:TEI/t:teiHeader/t:fileDesc/t:titleStmt/t:title', NS)).toBeTruthy();
    expect((frag.find('/t:TEI/t:teiHeader//t:ptr/@target', NS) as libxml.Attribute[]).map((a) => a.value())).toContain('/dts/document/mini-letter.ru.xml');
    expect(frag.get('/t:TEI/t:teiHeader/t:profileDesc', NS) ?? undefined).toBeUndefined();
    // the short header is valid TEI (the dts:wrapper is DTS's, outside the TEI schema): checked with a plain body
    const text = fs.readFileSync(path.join(dts, 'document', 'mini-letter.ru', 'ru-p2.xml'), 'utf8');
    const plain = path.join(distDir, 'passage-header.xml');
    fs.writeFileSync(plain, text.replace(/<text>[^]*<\/text>/, '<text><body><p/></body></text>'));
    const v = jing(plain);
    fs.rmSync(plain);
    expect([v.status, v.out]).toEqual([0, '']);
  });

  it('is deterministic and replaces the tree as a whole on rebuild', () => {
    const before = new Map(result.files.map((f) => [f, fs.readFileSync(path.join(dts, f))]));
    fs.writeFileSync(path.join(dts, 'stale.jsonld'), '{}');
    const again = writeDts({ editionId: 'mini-letter', distDir, teiFiles, manifest });
    expect(again.files).toEqual(result.files);
    for (const f of again.files) expect(fs.readFileSync(path.join(dts, f)).equals(before.get(f)!)).toBe(true);
    expect(fs.existsSync(path.join(dts, 'stale.jsonld'))).toBe(false);
  });

  it('written by a worker thread (as large trees are), the tree is the same, file for file and byte for byte', () => {
    const before = new Map(result.files.map((f) => [f, fs.readFileSync(path.join(dts, f))]));
    const threaded = writeDts({ editionId: 'mini-letter', distDir, teiFiles, manifest, backgroundWrites: true });
    expect(threaded.files).toEqual(result.files);
    expect(threaded.written).toBe(result.files.length);
    expect(listFiles(dts).sort()).toEqual([...result.files].sort());
    for (const f of threaded.files) expect([f, fs.readFileSync(path.join(dts, f)).equals(before.get(f)!)]).toEqual([f, true]);
  });
});

describe('writeDts on a rebuild (changed documents only)', () => {
  it('removes the files and folders of a document gone, leaving the tree a fresh build makes', () => {
    const { distDir, teiFiles, manifest } = fixtureDist('dts-incremental');
    const dts = path.join(distDir, 'dts');
    writeDts({ editionId: 'mini-letter', distDir, teiFiles, manifest });
    expect(fs.existsSync(path.join(dts, 'document', 'mini-letter.en'))).toBe(true);
    const stamp = fs.statSync(path.join(dts, 'document', 'mini-letter.ru', 'ru-p2.xml')).mtimeMs;
    const again = writeDts({ editionId: 'mini-letter', distDir, teiFiles: [teiFiles[0]], manifest, changed: new Set() });
    expect(again.removed).toBe(3 + 1 + 5);
    expect(fs.existsSync(path.join(dts, 'document', 'mini-letter.en'))).toBe(false);
    expect(fs.statSync(path.join(dts, 'document', 'mini-letter.ru', 'ru-p2.xml')).mtimeMs).toBe(stamp);
    const fresh = fixtureDist('dts-fresh');
    const once = writeDts({ editionId: 'mini-letter', distDir: fresh.distDir, teiFiles: [fresh.teiFiles[0]], manifest });
    expect(listFiles(dts).sort()).toEqual(once.files);
    expect(again.files).toEqual(once.files);
    for (const f of once.files) expect([f, fs.readFileSync(path.join(dts, f), 'utf8')]).toEqual([f, fs.readFileSync(path.join(once.dir, f), 'utf8')]);
  });
});

describe('writeDts on a rebuild: the edition-level files', () => {
  it('are left as they are when no member changed (a text edit), and made again when one did (a title)', async () => {
    const { distDir, teiFiles, manifest } = fixtureDist('dts-top');
    const dts = path.join(distDir, 'dts');
    writeDts({ editionId: 'mini-letter', distDir, teiFiles, manifest });
    const top = ['index.jsonld', 'collection.jsonld', 'collection/mini-letter.jsonld'];
    for (const f of top) expect([f, fs.existsSync(path.join(dts, f))]).toEqual([f, true]);
    const stamp = (): number[] => top.map((f) => fs.statSync(path.join(dts, f)).mtimeMs);
    const before = stamp();
    await new Promise((r) => setTimeout(r, 20));
    const en = teiFiles[1].path;
    const fresh = (name: string): Map<string, string> => {
      const f = fixtureDist(name);
      fs.copyFileSync(en, f.teiFiles[1].path);
      const r = writeDts({ editionId: 'mini-letter', distDir: f.distDir, teiFiles: f.teiFiles, manifest });
      return new Map(r.files.map((x) => [x, fs.readFileSync(path.join(r.dir, x), 'utf8')]));
    };
    const same = (files: string[], expected: Map<string, string>): void => {
      expect(files).toEqual([...expected.keys()]);
      for (const f of files) expect([f, fs.readFileSync(path.join(dts, f), 'utf8')]).toEqual([f, expected.get(f)]);
    };
    // a sentence of the text changed: its passages are rewritten, the entry point and the collection are not
    fs.writeFileSync(en, fs.readFileSync(en, 'utf8').replace('Unity is', 'Unity, edited, is'));
    const edit = writeDts({ editionId: 'mini-letter', distDir, teiFiles, manifest, changed: new Set([en]) });
    expect(edit.written).toBeGreaterThan(0);
    expect(stamp()).toEqual(before);
    same(edit.files, fresh('dts-top-edit'));
    // its title changed: its member in the collection changes, so the collection is made again
    fs.writeFileSync(en, fs.readFileSync(en, 'utf8').replace(/(<title[^>]*type="main"[^>]*>)/, '$1Retitled: '));
    const retitled = writeDts({ editionId: 'mini-letter', distDir, teiFiles, manifest, changed: new Set([en]) });
    expect(stamp()[1]).toBeGreaterThan(before[1]);
    same(retitled.files, fresh('dts-top-retitled'));
    // an edition-level file deleted is made again
    fs.rmSync(path.join(dts, 'index.jsonld'));
    const restored = writeDts({ editionId: 'mini-letter', distDir, teiFiles, manifest, changed: new Set() });
    same(restored.files, fresh('dts-top-restored'));
  });
});

describe('writeDts with its index read ahead (a rebuild reads it while its units are built)', () => {
  it('gives the tree a fresh build makes, and an index rewritten after the reading is read again', async () => {
    const { distDir, teiFiles, manifest } = fixtureDist('dts-ahead');
    const dts = path.join(distDir, 'dts');
    writeDts({ editionId: 'mini-letter', distDir, teiFiles, manifest });
    const ahead = await readDtsIndexAhead(distDir);
    expect(ahead.index).toBeDefined();
    // one document gone: the index read ahead says which files were its own
    const again = writeDts({ editionId: 'mini-letter', distDir, teiFiles: [teiFiles[0]], manifest, changed: new Set(), indexAhead: ahead });
    expect(again.removed).toBe(3 + 1 + 5);
    const fresh = fixtureDist('dts-ahead-fresh');
    const once = writeDts({ editionId: 'mini-letter', distDir: fresh.distDir, teiFiles: [fresh.teiFiles[0]], manifest });
    expect(listFiles(dts).sort()).toEqual(once.files);
    // an index read ahead and then replaced (another run wrote its own) is not used: read ahead when both documents
    // were there, it would name the gone one's files as the last run's, to be removed again
    const both = writeDts({ editionId: 'mini-letter', distDir, teiFiles, manifest, changed: new Set([teiFiles[1].path]) });
    expect(both.written).toBeGreaterThan(0);
    const stale = await readDtsIndexAhead(distDir);
    expect(writeDts({ editionId: 'mini-letter', distDir, teiFiles: [teiFiles[0]], manifest, changed: new Set() }).removed).toBe(3 + 1 + 5);
    const third = writeDts({ editionId: 'mini-letter', distDir, teiFiles: [teiFiles[0]], manifest, changed: new Set(), indexAhead: stale });
    expect(third.removed).toBe(0);
    expect(listFiles(dts).sort()).toEqual(once.files);
  });
});

describe('DTS query rules (Level 1, as the server answers them)', () => {
  const { teiFiles, manifest } = fixtureDist('dts-query');
  const model = buildDtsModel({ editionId: 'mini-letter', teiFiles, manifest });
  const urls = queryUrls('http://127.0.0.1:1/api/dts', '/tei');
  const status = (f: () => unknown): number | 'ok' => {
    try {
      f();
      return 'ok';
    } catch (e) {
      if (e instanceof DtsError) return e.status;
      throw e;
    }
  };

  it('answers start/end ranges with the units between them', () => {
    const nav = navigationResponse(model, urls, { resource: 'mini-letter.en', start: 'en-n1', end: 'en-p2', down: '-1' });
    expect(dtsProblems('navigation', nav)).toEqual([]);
    expect(ids(nav)).toEqual(['en-n1', 'en-p1', 'en-n2', 'en-p2']);
    expect((nav.start as JsonObject).identifier).toBe('en-n1');
    expect(nav['@id']).toBe('http://127.0.0.1:1/api/dts/navigation?resource=mini-letter.en&start=en-n1&end=en-p2&down=-1');
    const doc = libxml.parseXml(documentResponse(model, { resource: 'mini-letter.en', start: 'en-p1', end: 'en-p2' }).body);
    expect((doc.find('//dts:wrapper/*', NS) as libxml.Element[]).map((e) => e.attr('id')!.value())).toEqual(['en-p1', 'en-p2']);
  });

  it('gives 400 and 404 where DTS 1.0 says so', () => {
    const nav = (q: Record<string, string>) => () => navigationResponse(model, urls, { resource: 'mini-letter.en', ...q });
    expect(status(() => navigationResponse(model, urls, { down: '1' }))).toBe(400);
    expect(status(nav({}))).toBe(400);
    expect(status(nav({ down: '0' }))).toBe(400);
    expect(status(nav({ ref: 'en-p1', start: 'en-p1', end: 'en-p2' }))).toBe(400);
    expect(status(nav({ start: 'en-p1' }))).toBe(400);
    expect(status(nav({ down: 'x' }))).toBe(400);
    expect(status(nav({ ref: 'en-p9' }))).toBe(404);
    expect(status(nav({ ref: 'en-p1', tree: 'pages' }))).toBe(404);
    expect(status(() => navigationResponse(model, urls, { resource: 'nope', down: '1' }))).toBe(404);
    expect(status(nav({ ref: 'en-p1' }))).toBe('ok');
    expect(status(() => documentResponse(model, { resource: 'mini-letter.en', mediaType: 'text/html' }))).toBe(404);
    expect(status(() => documentResponse(model, {}))).toBe(400);
    expect(status(() => collectionResponse(model, urls, 'nope'))).toBe(404);
  });

  it('the schemas reject responses that break DTS 1.0', () => {
    const good = navigationResponse(model, urls, { resource: 'mini-letter.en', ref: 'en-p1', down: '1' });
    expect(dtsProblems('navigation', good)).toEqual([]);
    const broken = (f: (o: JsonObject) => void): string[] => {
      const o = JSON.parse(JSON.stringify(good)) as JsonObject;
      f(o);
      return dtsProblems('navigation', o);
    };
    expect(broken((o) => delete o.dtsVersion)).not.toEqual([]);
    expect(broken((o) => ((o.member as JsonObject[])[1].level = 0))).not.toEqual([]);
    expect(broken((o) => ((o.member as JsonObject[])[1].parent = null))).not.toEqual([]);
    expect(broken((o) => (o.start = o.ref))).not.toEqual([]);
    expect(broken((o) => delete (o.resource as JsonObject).citationTrees)).not.toEqual([]);
    expect(broken((o) => ((o.resource as JsonObject).navigation = '/nav{?resource'))).not.toEqual([]);
    const coll = collectionResponse(model, urls);
    expect(dtsProblems('collection', coll)).toEqual([]);
    const noChildren = { ...coll };
    delete noChildren.totalChildren;
    expect(dtsProblems('collection', noChildren)).not.toEqual([]);
    expect(dtsProblems('entry-point', { '@context': 'https://dtsapi.org/context/v1.0.json', '@id': '/', '@type': 'EntryPoint', dtsVersion: '1.0', collection: '/c' })).not.toEqual([]);
  });
});

describe('JSON-LD terms', () => {
  // the terms https://dtsapi.org/context/v1.0.json defines, and the Dublin Core terms used under dublinCore (@vocab dct:)
  const DTS_TERMS = new Set(['@context', '@id', '@type', 'dtsVersion', 'collection', 'navigation', 'document', 'title', 'description', 'totalParents', 'totalChildren', 'dublinCore', 'extensions', 'member', 'download', 'mediaTypes', 'citationTrees', 'citeStructure', 'citeType', 'identifier', 'level', 'parent', 'resource', 'ref', 'start', 'end', 'view', 'first', 'previous', 'next', 'last', 'lang', 'value']);
  const DCT_TERMS = new Set(['title', 'description', 'language', 'identifier', 'isPartOf', 'creator', 'publisher', 'date', 'license']);

  function check(o: unknown, where: string, inDc: boolean): void {
    if (Array.isArray(o)) o.forEach((x, i) => check(x, `${where}[${i}]`, inDc));
    else if (o && typeof o === 'object') {
      for (const [k, v] of Object.entries(o)) {
        const known = inDc ? DCT_TERMS.has(k) || k === 'lang' || k === 'value' : DTS_TERMS.has(k);
        expect([`${where}.${k}`, known]).toEqual([`${where}.${k}`, true]);
        check(v, `${where}.${k}`, inDc || k === 'dublinCore');
      }
    }
  }

  it('every key of every response is a term of the DTS context (or a Dublin Core term)', () => {
    const { distDir, teiFiles, manifest } = fixtureDist('dts-terms');
    const r = writeDts({ editionId: 'mini-letter', distDir, teiFiles, manifest });
    for (const f of r.files.filter((x) => x.endsWith('.jsonld'))) check(readJson(path.join(r.dir, f)), f, false);
  });
});
