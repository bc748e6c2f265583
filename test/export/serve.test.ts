import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import * as libxml from 'libxmljs2';
import { writeDts } from '../../src/export/dts/static';
import { dtsProblems } from '../../src/export/dts/validate';
import { serveEdition, type RunningServer } from '../../src/export/serve';
import { fixtureDist } from './helpers';

type Json = Record<string, unknown>;

/** A raw GET (no URL normalisation by the client). */
function rawGet(port: number, path: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

describe('serveEdition over HTTP', () => {
  const { distDir, manifest } = fixtureDist('serve');
  writeDts({ editionId: 'mini-letter', distDir, manifest });
  let server: RunningServer;
  beforeAll(async () => {
    server = await serveEdition({ distDir, manifest });
  });
  afterAll(async () => {
    await server.close();
  });
  const get = (p: string) => fetch(server.url + p);

  it("does not serve the build's caches (dot-files and dot-folders)", async () => {
    fs.writeFileSync(path.join(distDir, '.teikit-build.json'), '{}');
    fs.mkdirSync(path.join(distDir, '.teikit-cache'), { recursive: true });
    fs.writeFileSync(path.join(distDir, '.teikit-cache', 'x.json'), '{}');
    for (const p of ['/.teikit-build.json', '/.teikit-cache/x.json', '/%2Eteikit-build.json']) expect([p, (await get(p)).status]).toEqual([p, 404]);
  });

  it('serves the HTML edition at /', async () => {
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await r.text()).toContain('<h1>A Short Letter</h1>');
  });

  it('serves the DTS entry point and collection as application/ld+json', async () => {
    const r = await get('/api/dts/');
    expect(r.headers.get('content-type')).toBe('application/ld+json');
    const entry = (await r.json()) as Json;
    expect(dtsProblems('entry-point', entry)).toEqual([]);
    expect(entry.collection).toBe(`${server.url}/api/dts/collection{?id,page,nav}`);
    const coll = (await (await get('/api/dts/collection')).json()) as Json;
    expect(dtsProblems('collection', coll)).toEqual([]);
    expect((coll.member as Json[]).map((m) => m['@id'])).toEqual(['mini-letter.ru', 'mini-letter.en']); // the manifest's order: the original first
    const one = (await (await get('/api/dts/collection?id=mini-letter.ru')).json()) as Json;
    expect(one['@type']).toBe('Resource');
    expect(one.document).toBe(`${server.url}/api/dts/document?resource=mini-letter.ru{&ref,start,end,tree,mediaType}`);
    const parents = (await (await get('/api/dts/collection?id=mini-letter.ru&nav=parents')).json()) as Json;
    expect(dtsProblems('collection', parents)).toEqual([]);
    expect((parents.member as Json[])[0]['@id']).toBe('mini-letter');
  });

  it('answers navigation queries with resource, ref, start/end and down', async () => {
    const all = (await (await get('/api/dts/navigation?resource=mini-letter.en&down=-1')).json()) as Json;
    expect(dtsProblems('navigation', all)).toEqual([]);
    expect((all.member as Json[]).map((m) => m.identifier)).toEqual(['en-letter', 'en-n1', 'en-p1', 'en-n2', 'en-p2']);
    expect(all['@id']).toBe(`${server.url}/api/dts/navigation?resource=mini-letter.en&down=-1`);
    const sib = (await (await get('/api/dts/navigation?resource=mini-letter.ru&ref=ru-p1&down=0')).json()) as Json;
    expect((sib.member as Json[]).map((m) => m.identifier)).toEqual(['ru-n1', 'ru-p1', 'ru-p2']);
    const range = (await (await get('/api/dts/navigation?resource=mini-letter.ru&start=ru-p1&end=ru-p2&down=1')).json()) as Json;
    expect((range.member as Json[]).map((m) => m.identifier)).toEqual(['ru-p1', 'ru-p2', 'ru-n2']);
  });

  it('returns TEI from the document endpoint as application/tei+xml with a Link to the collection', async () => {
    const r = await get('/api/dts/document?resource=mini-letter.en&ref=en-p2');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/tei+xml');
    expect(r.headers.get('link')).toBe(`<${server.url}/api/dts/collection?id=mini-letter.en>; rel="collection"`);
    const doc = libxml.parseXml(await r.text());
    const p = doc.get('//dts:wrapper/t:p', { t: 'http://www.tei-c.org/ns/1.0', dts: 'https://w3id.org/api/dts#' }) as libxml.Element;
    expect(p.attr('id')!.value()).toBe('en-p2');
    const whole = await get('/api/dts/document?resource=mini-letter.en');
    expect(await whole.text()).toContain('<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="mini-letter.en"');
  });

  it('gives DTS errors: 400 without resource, 404 for an unknown ref or media type', async () => {
    expect((await get('/api/dts/navigation?down=1')).status).toBe(400);
    expect((await get('/api/dts/navigation?resource=mini-letter.en&ref=en-p1&start=en-p1&end=en-p2')).status).toBe(400);
    const nf = await get('/api/dts/navigation?resource=mini-letter.en&ref=en-p99');
    expect(nf.status).toBe(404);
    expect(((await nf.json()) as Json).message).toBe('ref "en-p99" is not a citable unit of mini-letter.en');
    expect((await get('/api/dts/document?resource=mini-letter.en&mediaType=text/plain')).status).toBe(404);
    expect((await get('/api/dts/nothing')).status).toBe(404);
  });

  it('serves the static files with their media types and nothing outside the edition', async () => {
    const entry = await get('/dts/index.jsonld');
    expect(entry.headers.get('content-type')).toBe('application/ld+json');
    expect((await get('/tei/mini-letter.ru.xml')).headers.get('content-type')).toBe('application/tei+xml');
    expect((await get('/dts/document/mini-letter.ru/ru-p1.xml')).headers.get('content-type')).toBe('application/tei+xml');
    expect((await get('/missing.html')).status).toBe(404);
    const escape = await rawGet(server.port, '/..%2f..%2f..%2fetc/passwd');
    expect([403, 404]).toContain(escape.status);
    expect(escape.body).not.toContain('root:');
    fs.symlinkSync('/etc/passwd', path.join(distDir, 'html', 'link.txt'));
    expect((await get('/link.txt')).status).toBe(403);
    const post = await fetch(server.url + '/api/dts/', { method: 'POST' });
    expect(post.status).toBe(405);
  });
});
