import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { FIXTURES, LETTER, tmpDir } from './helpers';
import { installSystemDeps } from './browser-env';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus/tei');

/** Run the CLI in-process, capturing stdout and stderr. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    const code = await main(['node', 'teikit', ...args]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('teikit render', () => {
  beforeAll(() => installSystemDeps()); // Chromium for --view pdf

  test('renders TEI from anywhere to HTML with its CSS', async () => {
    const dir = tmpDir('cli-html');
    const r = await run(['render', path.join(CORPUS, 'me-tei__Edgeworth_NLS_23130_WScott_to_ME_letter01.xml'), path.join(LETTER, 'leningrad-letter-1925.en.xml'), '-o', dir]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(['leningrad-letter-1925.en.html', 'me-tei__Edgeworth_NLS_23130_WScott_to_ME_letter01.html', 'teikit.css']);
    const page = fs.readFileSync(path.join(dir, 'leningrad-letter-1925.en.html'), 'utf8');
    // rendered alone, a document carries its own register and its names link into it
    expect(page).toContain('href="#reg-sarkis"');
    expect(page).toContain('<section class="reg-entry" id="reg-sarkis">');
  });

  test('--view print writes print HTML', async () => {
    const dir = tmpDir('cli-print');
    const r = await run(['render', path.join(LETTER, 'leningrad-letter-1925.ru.xml'), '--view', 'print', '-o', dir]);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'leningrad-letter-1925.ru.print.html'), 'utf8')).toContain('@page');
  });

  test('--view pdf writes a PDF through Chromium', async () => {
    const dir = tmpDir('cli-pdf');
    const r = await run(['render', path.join(LETTER, 'leningrad-letter-1925.en.xml'), '--view', 'pdf', '-o', dir]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'leningrad-letter-1925.en.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  test('a bad file gives file:line:column and exit 1; the good ones are still rendered', async () => {
    const dir = tmpDir('cli-bad');
    const bad = path.join(dir, 'bad.xml');
    fs.writeFileSync(bad, '<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text><body><p>x</body></text></TEI>\n');
    const r = await run(['render', bad, path.join(FIXTURES, 'hostile.xml'), '-o', dir]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+: error: not well-formed XML`));
    expect(fs.existsSync(path.join(dir, 'hostile.html'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'bad.html'))).toBe(false);
  });

  test('an XML 1.1 file renders with a warning on stderr', async () => {
    const dir = tmpDir('cli-v11');
    const r = await run(['render', path.join(CORPUS, 'fv-data__fMS_box_c56_from_chapter_1.xml'), '-o', dir]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/fv-data__fMS_box_c56_from_chapter_1\.xml:1:1: warning: XML 1\.1 document/);
  });

  test('--view pdf without Chromium: exit 1 and how to get it', async () => {
    const saved = process.env.TEIKIT_CHROMIUM;
    process.env.TEIKIT_CHROMIUM = '/nonexistent/chromium';
    try {
      const dir = tmpDir('cli-nochromium');
      const r = await run(['render', path.join(LETTER, 'leningrad-letter-1925.en.xml'), '--view', 'pdf', '-o', dir]);
      expect(r.code).toBe(1);
      expect(r.err).toContain('apt-get install chromium');
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TEIKIT_CHROMIUM;
      else process.env.TEIKIT_CHROMIUM = saved;
    }
  });

  test('an unknown view is refused with exit 2', async () => {
    const r = await run(['render', path.join(FIXTURES, 'hostile.xml'), '--view', 'epub']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown view "epub" (expected html, print, pdf)');
  });
});
