import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { teikit } from '../helpers/cli';

const ROOT = path.resolve(__dirname, '..', '..');
const SEED = path.join(ROOT, 'editions', 'leningrad-letter-1925');

function copyEdition(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-bv-'));
  fs.cpSync(SEED, dir, { recursive: true });
  return dir;
}

describe('teikit build validates what it writes', () => {
  it('fails with the validator messages and leaves the previous output when the TEI is invalid', () => {
    const dir = copyEdition();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-bv-out-'));
    expect(teikit(['build', dir, '-o', out, '--no-pdf']).status).toBe(0);
    const teiFile = path.join(out, 'leningrad-letter-1925', 'tei', 'leningrad-letter-1925.en.xml');
    const before = fs.readFileSync(teiFile);
    // a manifest date that is not a real day: the header's <date when> fails the ISO-date rule
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'edition.json'), 'utf8'));
    manifest.letter.date = '1925-13-45';
    fs.writeFileSync(path.join(dir, 'edition.json'), JSON.stringify(manifest, null, 2));
    const r = teikit(['build', dir, '-o', out, '--no-pdf']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/leningrad-letter-1925\.(ru|en)\.xml:\d+:\d+: error: .*1925-13-45.*\[/);
    expect(fs.readFileSync(teiFile).equals(before)).toBe(true);
  });
});
