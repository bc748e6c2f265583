import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EditionManifest } from '../../src/edition/manifest';

export const ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'export', 'mini-letter');
export const TEI_ALL = path.resolve(ROOT, '..', 'shared', 'schemas', 'tei_all.rng');

const made: string[] = [];
// every test file that uses these helpers removes its temp folders when it ends
afterAll(() => {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `teikit-export-${prefix}-`));
  made.push(d);
  return d;
}

/** A built edition in a temp folder: <tmp>/dist/mini-letter/{tei,html}, as `teikit build` lays it out. */
export function fixtureDist(prefix: string): { tmp: string; distDir: string; teiFiles: { lang: string; path: string }[]; manifest: EditionManifest } {
  const tmp = tempDir(prefix);
  const distDir = path.join(tmp, 'dist', 'mini-letter');
  fs.mkdirSync(path.join(distDir, 'tei'), { recursive: true });
  const teiFiles = ['ru', 'en'].map((lang) => {
    const p = path.join(distDir, 'tei', `mini-letter.${lang}.xml`);
    fs.copyFileSync(path.join(FIXTURE, 'tei', `mini-letter.${lang}.xml`), p);
    return { lang, path: p };
  });
  fs.mkdirSync(path.join(distDir, 'html'), { recursive: true });
  fs.writeFileSync(path.join(distDir, 'html', 'index.html'), '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>A Short Letter</title></head><body><h1>A Short Letter</h1></body></html>\n');
  const manifest = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'edition.json'), 'utf8')) as EditionManifest;
  return { tmp, distDir, teiFiles, manifest };
}

export function installSystemDeps(...pkgs: string[]): void {
  execFileSync('bash', [path.join(ROOT, 'scripts', 'install-system-deps.sh'), ...pkgs], { stdio: 'inherit' });
}

/** Run jing against tei_all; returns its exit status and messages. */
export function jing(file: string): { status: number; out: string } {
  const r = spawnSync('jing', [TEI_ALL, file], { encoding: 'utf8' });
  return { status: r.status ?? -1, out: (r.stdout ?? '') + (r.stderr ?? '') };
}

export function freePort(): Promise<number> {
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
export async function startBaseX(password: string): Promise<{ port: number; proc: ChildProcess; log: () => string }> {
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

export async function stopBaseX(server: { proc: ChildProcess }): Promise<void> {
  if (server.proc.exitCode !== null || server.proc.signalCode !== null) return;
  const exited = new Promise((r) => server.proc.once('exit', r));
  server.proc.kill('SIGTERM');
  await exited;
}
