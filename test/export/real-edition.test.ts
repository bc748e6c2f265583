/**
 * The exports of the bundled edition (editions/leningrad-letter-1925), built
 * from its sources into a temp folder by the real pipeline: teiCorpus valid
 * against tei_all, a DTS tree over every paragraph and note, a bag that
 * verifies, the DTS API over HTTP, and BaseX ingest.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as libxml from 'libxmljs2';
import { buildEdition } from '../../src/edition/build';
import { loadEdition } from '../../src/edition/manifest';
import { BaseXSession, pushToBaseX } from '../../src/export/basex';
import { verifyBag } from '../../src/export/bagit';
import { findTeiFiles } from '../../src/export/dts/model';
import { dtsProblems, kindOf } from '../../src/export/dts/validate';
import { exportBag, exportEdition } from '../../src/export/edition';
import { buildCorpus } from '../../src/export/corpus';
import { serveEdition } from '../../src/export/serve';
import { ROOT, installSystemDeps, jing, startBaseX, stopBaseX, tempDir } from './helpers';

const ID = 'leningrad-letter-1925';
const EDITION_DIR = path.join(ROOT, 'editions', ID);
const NS = { t: 'http://www.tei-c.org/ns/1.0' };

describe('exports of the bundled edition', () => {
  const tmp = tempDir('real');
  const distDir = path.join(tmp, 'dist', ID);
  const { manifest } = loadEdition(EDITION_DIR);
  let teiFiles: { lang: string; path: string }[];

  beforeAll(async () => {
    installSystemDeps('jing', 'basex');
    await buildEdition(EDITION_DIR, { outDir: path.join(tmp, 'dist'), jobs: 1 });
    teiFiles = findTeiFiles(distDir, manifest);
    exportEdition({ editionId: ID, distDir, manifest, teiFiles });
  }, 120000);

  const units = (f: string): string[] =>
    (libxml.parseXml(fs.readFileSync(f, 'utf8')).find('//t:text//*[(self::t:p or self::t:note or self::t:div) and @xml:id]', NS) as libxml.Element[]).map((e) => e.attr('id')!.value());

  it('writes a teiCorpus valid against tei_all with both documents and the register once', () => {
    expect(teiFiles.map((f) => f.lang)).toEqual(['ru', 'en']);
    const corpus = path.join(distDir, 'tei', `${ID}.corpus.xml`);
    const v = jing(corpus);
    expect(v.out).toBe('');
    expect(v.status).toBe(0);
    const doc = libxml.parseXml(fs.readFileSync(corpus, 'utf8'));
    expect(doc.find('/t:teiCorpus/t:TEI', NS)).toHaveLength(2);
    expect(doc.find('//t:standOff', NS)).toHaveLength(1);
    const persons = doc.find('//t:standOff//t:person/@xml:id', NS).map((a) => (a as libxml.Attribute).value());
    expect(new Set(persons).size).toBe(persons.length);
    expect(persons).toContain('stalin');
    // every @ref into the register resolves in the corpus
    const ids = new Set(doc.find('//@xml:id').map((a) => (a as libxml.Attribute).value()));
    const refs = doc.find('//t:text//@ref', NS).map((a) => (a as libxml.Attribute).value());
    expect(refs.length).toBeGreaterThan(0);
    const local = refs.flatMap((r) => r.split(/\s+/)).filter((r) => r.startsWith('#'));
    expect(local.length).toBeGreaterThan(0);
    for (const one of local) expect([one, ids.has(one.slice(1))]).toEqual([one, true]);
  });

  it('writes the corpus from the pieces put aside as the DTS tree parsed the documents: the same bytes as one made in memory', () => {
    const corpus = path.join(distDir, 'tei', `${ID}.corpus.xml`);
    expect(fs.readFileSync(corpus, 'utf8')).toBe(buildCorpus({ editionId: ID, teiFiles, manifest, out: null }).xml);
  });

  it('writes a DTS tree valid against the schemas, over every paragraph and note', () => {
    const dts = path.join(distDir, 'dts');
    const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    for (const f of walk(dts).filter((x) => x.endsWith('.jsonld'))) {
      const data = JSON.parse(fs.readFileSync(f, 'utf8'));
      expect([f, dtsProblems(kindOf(data), data)]).toEqual([f, []]);
    }
    for (const f of teiFiles) {
      const id = path.basename(f.path, '.xml');
      const nav = JSON.parse(fs.readFileSync(path.join(dts, 'navigation', `${id};down=-1.jsonld`), 'utf8')) as { member: { identifier: string }[] };
      const expected = units(f.path);
      expect(expected).toContain(`${f.lang}-p1`);
      expect(expected).toContain(`${f.lang}-n1`);
      expect(nav.member.map((m) => m.identifier)).toEqual(expected);
      for (const u of expected) expect(fs.existsSync(path.join(dts, 'document', id, `${u}.xml`))).toBe(true);
    }
  });

  it('bags the built edition and the bag verifies', () => {
    const bag = path.join(tmp, 'bag');
    const r = exportBag({ editionId: ID, distDir, manifest, editionDir: EDITION_DIR, outDir: bag });
    expect(verifyBag(bag)).toMatchObject({ valid: true, problems: [], payloadFiles: r.payloadFiles });
    const info = fs.readFileSync(path.join(bag, 'bag-info.txt'), 'utf8');
    expect(info).toContain(`Source-Organization: ${manifest.publisher}\n`);
    expect(info).toContain(`Bagging-Date: ${manifest.date}\n`);
    for (const p of [`tei/${ID}.en.xml`, `tei/${ID}.ru.xml`, `tei/${ID}.corpus.xml`, 'edition/register.json', 'dts/index.jsonld']) expect(fs.existsSync(path.join(bag, 'data', p))).toBe(true);
  });

  it('serves the DTS API for the edition', async () => {
    const server = await serveEdition({ distDir, editionId: ID, manifest });
    try {
      const nav = (await (await fetch(`${server.url}/api/dts/navigation?resource=${ID}.ru&ref=ru-p1&down=1`)).json()) as { member: { identifier: string }[] };
      expect(dtsProblems('navigation', nav)).toEqual([]);
      expect(nav.member[0].identifier).toBe('ru-p1');
      const doc = await fetch(`${server.url}/api/dts/document?resource=${ID}.en&ref=en-p2`);
      expect(doc.headers.get('content-type')).toBe('application/tei+xml');
      const p = libxml.parseXml(await doc.text()).get('//dts:wrapper/t:p', { ...NS, dts: 'https://w3id.org/api/dts#' }) as libxml.Element;
      const original = libxml.parseXml(fs.readFileSync(teiFiles[1].path, 'utf8')).get('//t:p[@xml:id="en-p2"]', NS) as libxml.Element;
      expect(p.text()).toBe(original.text());
    } finally {
      await server.close();
    }
  });

  it('pushes the edition into BaseX, idempotently', async () => {
    const password = crypto.randomBytes(9).toString('hex');
    const server = await startBaseX(password);
    try {
      const target = { host: '127.0.0.1', port: server.port, password };
      const persNames = teiFiles.map((f) => libxml.parseXml(fs.readFileSync(f.path, 'utf8')).find('//t:persName', NS).length).reduce((a, b) => a + b, 0);
      const count = async (): Promise<string> => {
        const s = await BaseXSession.open(target);
        try {
          return (await s.query(`declare namespace tei="http://www.tei-c.org/ns/1.0"; count(db:open("${ID}")//tei:persName)`)).trim();
        } finally {
          await s.close();
        }
      };
      await pushToBaseX({ ...target, db: ID, teiFiles });
      expect(await count()).toBe(String(persNames));
      const again = await pushToBaseX({ ...target, db: ID, teiFiles });
      expect(again.total).toBe(2);
      expect(await count()).toBe(String(persNames));
    } finally {
      await stopBaseX(server);
    }
  });
});
