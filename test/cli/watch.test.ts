/**
 * `teikit build --watch`: builds, then rebuilds in the same process when a
 * source (or the manifest, or the register) changes; a change that breaks the
 * build leaves the outputs as they were, and the next good change builds.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';

const ROOT = path.resolve(__dirname, '../..');
const SEED = path.join(ROOT, 'editions', 'leningrad-letter-1925');

/** Collects a child's stderr and waits for a line matching a pattern (after a given offset). */
function stderrOf(child: ReturnType<typeof spawn>) {
  let text = '';
  const waiters: Array<() => void> = [];
  child.stderr!.on('data', (b: Buffer) => {
    text += b.toString();
    for (const w of waiters.splice(0)) w();
  });
  return {
    get text() {
      return text;
    },
    async waitFor(re: RegExp, from = 0, ms = 120000): Promise<number> {
      const deadline = Date.now() + ms;
      for (;;) {
        const m = re.exec(text.slice(from));
        if (m) return from + m.index + m[0].length;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${re} in:\n${text}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 500);
        });
      }
    },
  };
}

test('build --watch rebuilds what changed, survives a broken change, and stops on SIGINT', async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-watch-'));
  const edition = path.join(work, 'edition');
  fs.cpSync(SEED, edition, { recursive: true });
  const out = path.join(work, 'out');
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'teikit.js'), 'build', '--watch', '--no-pdf', '-o', out, edition], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  const err = stderrOf(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    let at = await err.waitFor(/watching .* for changes/);
    const tei = path.join(out, 'leningrad-letter-1925', 'tei', 'leningrad-letter-1925.en.xml');
    expect(fs.existsSync(tei)).toBe(true);

    // a changed source: rebuilt, the new text in the TEI and on the reading page
    const en = path.join(edition, 'sources', 'en.txt');
    const text = fs.readFileSync(en, 'utf8');
    fs.writeFileSync(en, text.replace('those comrades', 'those very comrades'));
    at = await err.waitFor(/rebuilt in \d+ ms after a change to .*en\.txt \(1 built, 0 unchanged\)/, at);
    expect(fs.readFileSync(tei, 'utf8')).toContain('those very comrades');
    expect(fs.readFileSync(path.join(out, 'leningrad-letter-1925', 'html', 'leningrad-letter-1925.en.html'), 'utf8')).toContain('those very comrades');

    // a broken manifest: not rebuilt, outputs intact, still watching
    const manifest = path.join(edition, 'edition.json');
    const good = fs.readFileSync(manifest, 'utf8');
    fs.writeFileSync(manifest, good.replace('{', '{ "sources": ,'));
    at = await err.waitFor(/not rebuilt; the previous outputs are as they were/, at);
    expect(err.text.slice(0, at)).toMatch(/edition\.json:\d+:\d+/);
    expect(fs.readFileSync(tei, 'utf8')).toContain('those very comrades');

    // fixed again: builds
    fs.writeFileSync(manifest, good);
    await err.waitFor(/rebuilt in \d+ ms after a change to .*edition\.json/, at);
  } finally {
    child.kill('SIGINT');
  }
  expect(await exited).toBe(0);
}, 300000);
