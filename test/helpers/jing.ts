import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const TEI_ALL = path.resolve(ROOT, '..', 'shared', 'schemas', 'tei_all.rng');

/** Install Debian's jing when missing (the project's own script), once per test file. */
export function ensureJing(): void {
  execFileSync('bash', [path.join(ROOT, 'scripts', 'install-system-deps.sh'), 'jing'], { stdio: 'inherit' });
}

/** Run jing (one JVM) over files; returns its exit status and messages. */
export function jing(schema: string, files: string[]): { status: number | null; output: string } {
  const r = spawnSync('jing', [schema, ...files], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}
