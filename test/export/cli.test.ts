/**
 * The export commands as a user runs them: `teikit export bag`, `teikit
 * export bag --verify`, `teikit export corpus|dts`, `teikit push`, `teikit serve`.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { FIXTURE, fixtureDist } from './helpers';

async function run(...args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    stderr += String(s);
    return true;
  });
  try {
    const code = await main(['node', 'teikit', ...args]);
    return { code, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('teikit export bag', () => {
  const { tmp } = fixtureDist('cli-bag');
  const dist = path.join(tmp, 'dist');
  const bag = path.join(tmp, 'bag');

  it('writes a bag of the edition and verifies it', async () => {
    const w = await run('export', 'bag', FIXTURE, '-o', bag, '--dist', dist);
    expect(w.stderr).toMatch(/^teikit: bag written to .*bag \(\d+ payload files, \d+ octets\)\n$/);
    expect(w.code).toBe(0);
    expect(fs.readFileSync(path.join(bag, 'bag-info.txt'), 'utf8')).toContain('Bagging-Date: 2026-01-15\n');
    const v = await run('export', 'bag', '--verify', bag);
    expect(v.code).toBe(0);
    expect(v.stderr).toMatch(/is a valid bag/);
  });

  it('names each file missing, added or changed and exits 1', async () => {
    fs.rmSync(path.join(bag, 'data', 'tei', 'mini-letter.ru.xml'));
    fs.writeFileSync(path.join(bag, 'data', 'extra.txt'), 'x');
    fs.appendFileSync(path.join(bag, 'data', 'html', 'index.html'), '<!-- -->');
    const v = await run('export', 'bag', '--verify', bag);
    expect(v.code).toBe(1);
    expect(v.stderr).toContain(`${path.join(bag, 'data/tei/mini-letter.ru.xml')}: error: listed in manifest-sha256.txt but missing from the bag (manifest-sha256.txt:`);
    expect(v.stderr).toContain(`${path.join(bag, 'data/extra.txt')}: error: in data/ but not listed in manifest-sha256.txt [bag/added]`);
    expect(v.stderr).toMatch(/data\/html\/index\.html: error: changed: sha256 is [0-9a-f]{64}, manifest-sha256\.txt says [0-9a-f]{64} .*\[bag\/changed\]/);
    expect(v.stderr).toMatch(/is not a valid bag: 4 problem\(s\)/);
  });

  it('explains what is missing from the command line', async () => {
    expect((await run('export', 'bag', FIXTURE, '--dist', dist)).stderr).toContain('expected -o <dir>');
    const built = path.join(dist, 'mini-letter');
    const noDate = await run('export', 'bag', built, '-o', path.join(tmp, 'bag3'));
    expect(noDate.code).toBe(1);
    expect(noDate.stderr).toContain('no Bagging-Date: give --date YYYY-MM-DD');
    expect((await run('export', 'bag', built, '-o', path.join(tmp, 'bag3'), '--date', '2026-03-01')).code).toBe(0);
    expect((await run('export', 'bag', path.join(tmp, 'nowhere'), '-o', path.join(tmp, 'bag4'))).stderr).toContain('not an edition');
  });
});

describe('teikit export corpus / dts', () => {
  it('writes the corpus and the DTS tree of a built edition', async () => {
    const { distDir } = fixtureDist('cli-corpus');
    expect((await run('export', 'corpus', distDir, '--dist', path.dirname(distDir))).code).toBe(0);
    expect(fs.existsSync(path.join(distDir, 'tei', 'mini-letter.corpus.xml'))).toBe(true);
    const d = await run('export', 'dts', distDir);
    expect(d.code).toBe(0);
    expect(d.stderr).toMatch(/wrote \d+ DTS responses/);
    expect(JSON.parse(fs.readFileSync(path.join(distDir, 'dts', 'index.jsonld'), 'utf8'))['@type']).toBe('EntryPoint');
  });
});

describe('teikit push', () => {
  it('reports a refused connection with a non-zero exit', async () => {
    const { distDir } = fixtureDist('cli-push');
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const r = await run('push', distDir, '--basex', `127.0.0.1:${port}`, '--db', 'x');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`127.0.0.1:${port}: error: connection refused: no BaseX server listens there (start it with \`basexserver -p<port>\`) [basex/refused]\n`);
    const bad = await run('push', distDir, '--basex', 'nohostport', '--db', 'x');
    expect(bad.stderr).toContain('"nohostport": expected host:port');
  });
});

describe('teikit serve', () => {
  it('serves the edition until interrupted', async () => {
    const { distDir } = fixtureDist('cli-serve');
    let stderr = '';
    const err = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
      stderr += String(s);
      return true;
    });
    const before = process.listeners('SIGINT');
    try {
      const running = main(['node', 'teikit', 'serve', distDir, '--port', '0']);
      while (!/serving/.test(stderr)) await new Promise((r) => setTimeout(r, 20));
      const url = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(stderr)![1];
      const entry = await fetch(`${url}/api/dts/`);
      expect(entry.headers.get('content-type')).toBe('application/ld+json');
      expect(((await entry.json()) as { '@type': string })['@type']).toBe('EntryPoint');
      expect((await fetch(`${url}/`)).status).toBe(200);
      // Ctrl-C: call only the listener the command added
      for (const l of process.listeners('SIGINT').filter((x) => !before.includes(x))) (l as () => void)();
      expect(await running).toBe(0);
      expect(stderr).toContain('teikit: server stopped');
      await expect(fetch(`${url}/`)).rejects.toThrow();
    } finally {
      err.mockRestore();
    }
  });
});
