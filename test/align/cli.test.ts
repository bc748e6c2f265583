import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'align');

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  try {
    const code = await main(['node', 'teikit', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('teikit align score', () => {
  test('prints a table with a row per gold file and a pooled row', async () => {
    const r = await run(['align', 'score', path.join(FIXTURES, 'leningrad-letter-1925', 'gold.json'), path.join(FIXTURES, 'grain-letter-1926', 'gold.json')]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^pair\s+paragraph beads\s+sentences found\s+links \(pred\/gold\/correct\)\s+precision\s+recall\s+F1$/);
    expect(lines[1]).toMatch(/^leningrad-letter-1925\s+3\/3\s+20\/20\s+10\/10\/10\s+1\.000\s+1\.000\s+1\.000$/);
    expect(lines[3]).toMatch(/^pooled\s+7\/7\s+/);
  });

  test('--json, and --register tags names and dates first', async () => {
    const r = await run([
      'align',
      'score',
      '--json',
      '--register',
      path.join(__dirname, '..', '..', 'editions', 'leningrad-letter-1925', 'register.json'),
      path.join(FIXTURES, 'leningrad-letter-1925', 'gold.json'),
    ]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ name: string; score: { sentenceLinks: { f1: number } } }>;
    expect(rows.map((x) => [x.name, x.score.sentenceLinks.f1])).toEqual([['leningrad-letter-1925', 1]]);
  });

  test('a missing or broken gold file: file named, non-zero exit', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-align-cli-'));
    const bad = path.join(dir, 'gold.json');
    fs.writeFileSync(bad, JSON.stringify({ original: 'nothere.md', translation: 'en.txt', paragraphs: [], sentences: [] }));
    const r = await run(['align', 'score', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path.join(dir, 'nothere.md')}: error: source no such file [io/unreadable]`);
    const r2 = await run(['align', 'score', path.join(dir, 'none.json')]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/none\.json: error: .*no such file/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
