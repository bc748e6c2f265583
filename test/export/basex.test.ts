import { type ChildProcess, spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as libxml from 'libxmljs2';
import { BaseXSession, parseHostPort, pushToBaseX } from '../../src/export/basex';
import { TeikitError } from '../../src/model/diagnostics';
import { fixtureDist, installSystemDeps, tempDir } from './helpers';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** A real basexserver on 127.0.0.1 with its home (and so its .basex, data and users) in a temp folder. */
async function startBaseX(password: string): Promise<{ port: number; proc: ChildProcess; log: () => string }> {
  const home = tempDir('basex-home');
  const port = await freePort();
  let out = '';
  // BaseX 9 keeps .basex, data/ (users.xml, databases) and repo/ in $HOME/basex; -c sets the admin password before serving
  const proc = spawn('basexserver', [`-p${port}`, '-n127.0.0.1', `-cALTER PASSWORD admin ${password}`], {
    cwd: home,
    env: { ...process.env, HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (c) => (out += c));
  proc.stderr!.on('data', (c) => (out += c));
  const deadline = Date.now() + 60000;
  // started, and the new admin password stored (users.xml is written by ALTER PASSWORD)
  while (!/Server was started/.test(out) || !fs.existsSync(`${home}/basex/data/users.xml`)) {
    if (proc.exitCode !== null || Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`basexserver did not start: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { port, proc, log: () => out };
}

describe('pushToBaseX against a real basexserver', () => {
  const password = crypto.randomBytes(9).toString('hex');
  const { teiFiles } = fixtureDist('basex');
  let server: Awaited<ReturnType<typeof startBaseX>>;

  beforeAll(async () => {
    installSystemDeps('basex');
    server = await startBaseX(password);
  });
  afterAll(async () => {
    if (server && server.proc.exitCode === null) {
      const exited = new Promise((r) => server.proc.once('exit', r));
      server.proc.kill('SIGTERM');
      await exited;
    }
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
