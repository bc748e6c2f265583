import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as libxml from 'libxmljs2';
import { BaseXSession, parseHostPort, pushToBaseX } from '../../src/export/basex';
import { TeikitError } from '../../src/model/diagnostics';
import { fixtureDist, freePort, installSystemDeps, startBaseX, stopBaseX } from './helpers';

describe('pushToBaseX against a real basexserver', () => {
  const password = crypto.randomBytes(9).toString('hex');
  const { teiFiles } = fixtureDist('basex');
  let server: Awaited<ReturnType<typeof startBaseX>>;

  beforeAll(async () => {
    installSystemDeps('basex');
    server = await startBaseX(password);
  });
  afterAll(async () => {
    if (server) await stopBaseX(server);
  });

  const target = () => ({ host: '127.0.0.1', port: server.port, user: 'admin', password });
  const expectedPersNames = teiFiles
    .map((f) => libxml.parseXml(fs.readFileSync(f.path, 'utf8')).find('//t:persName', { t: 'http://www.tei-c.org/ns/1.0' }).length)
    .reduce((a, b) => a + b, 0);

  async function ask(xquery: string): Promise<string> {
    const s = await BaseXSession.open(target());
    try {
      return (await s.query(xquery)).trim();
    } finally {
      await s.close();
    }
  }

  it('stores the TEI documents and answers XQuery about them', async () => {
    const r = await pushToBaseX({ ...target(), db: 'teikit-test', teiFiles });
    expect(r.documents).toEqual(['mini-letter.ru.xml', 'mini-letter.en.xml']);
    expect(r.total).toBe(2);
    expect(expectedPersNames).toBeGreaterThan(5);
    expect(await ask('declare namespace tei="http://www.tei-c.org/ns/1.0"; count(db:open("teikit-test")//tei:persName)')).toBe(String(expectedPersNames));
    expect(await ask('declare namespace tei="http://www.tei-c.org/ns/1.0"; string(db:open("teikit-test", "mini-letter.en.xml")//tei:titleStmt/tei:title[@type="main"])')).toBe('A Short Letter to the Conference');
  });

  it('is idempotent: pushing again replaces, never duplicates', async () => {
    const r = await pushToBaseX({ ...target(), db: 'teikit-test', teiFiles });
    expect(r.total).toBe(2);
    expect(await ask('declare namespace tei="http://www.tei-c.org/ns/1.0"; count(db:open("teikit-test")//tei:persName)')).toBe(String(expectedPersNames));
    expect(await ask('count(db:open("teikit-test")/*)')).toBe('2');
    // a changed document replaces the stored one
    const en = fs.readFileSync(teiFiles[1].path, 'utf8');
    fs.writeFileSync(teiFiles[1].path, en.replace('<persName ref="#sarkis">Sarkis</persName>', 'Sarkis'));
    await pushToBaseX({ ...target(), db: 'teikit-test', teiFiles });
    expect(await ask('declare namespace tei="http://www.tei-c.org/ns/1.0"; count(db:open("teikit-test")//tei:persName)')).toBe(String(expectedPersNames - 1));
    fs.writeFileSync(teiFiles[1].path, en);
  });

  it('reports bad credentials clearly', async () => {
    const err = await pushToBaseX({ ...target(), password: 'wrong', db: 'teikit-test', teiFiles }).catch((e) => e);
    expect(err).toBeInstanceOf(TeikitError);
    expect((err as TeikitError).diagnostics[0]).toMatchObject({ file: `127.0.0.1:${server.port}`, rule: 'basex/auth', message: 'access denied for user "admin": wrong user name or password' });
  });

  it('reports a refused connection clearly', async () => {
    const port = await freePort();
    const err = await pushToBaseX({ host: '127.0.0.1', port, password, db: 'teikit-test', teiFiles }).catch((e) => e);
    expect(err).toBeInstanceOf(TeikitError);
    expect((err as TeikitError).diagnostics[0].rule).toBe('basex/refused');
    expect((err as TeikitError).message).toContain(`127.0.0.1:${port}: error: connection refused`);
  });

  it('checks its input before connecting: the address, the database name, the XML', async () => {
    expect(() => parseHostPort('localhost')).toThrow(/expected host:port/);
    expect(parseHostPort('[::1]:1984')).toEqual({ host: '::1', port: 1984 });
    await expect(pushToBaseX({ ...target(), db: 'bad name', teiFiles })).rejects.toThrow(/not a valid BaseX database name/);
    const { teiFiles: broken } = fixtureDist('basex-broken');
    fs.writeFileSync(broken[0].path, '<TEI xmlns="http://www.tei-c.org/ns/1.0"><oops></TEI>');
    await expect(pushToBaseX({ ...target(), db: 'teikit-test', teiFiles: broken })).rejects.toThrow(/export\/xml-syntax/);
    expect(await ask('count(db:open("teikit-test")/*)')).toBe('2');
  });
});
