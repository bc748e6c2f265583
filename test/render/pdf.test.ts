/**
 * printToPdf under trouble: a Chromium that fails, exits without a PDF, or
 * fails once and then works. Stand-in executables named by $TEIKIT_CHROMIUM
 * play the failing browser; the retry case then runs Debian's Chromium.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { printToPdf } from '../../src/render';
import { TeikitError } from '../../src/model/diagnostics';
import { tmpDir } from './helpers';
import { installSystemDeps } from './browser-env';

const saved = process.env.TEIKIT_CHROMIUM;
afterEach(() => {
  if (saved === undefined) delete process.env.TEIKIT_CHROMIUM;
  else process.env.TEIKIT_CHROMIUM = saved;
});

/** An executable shell script standing in for Chromium; `runs` counts its starts. */
function fakeChromium(dir: string, body: string): { runs: () => number } {
  const counter = path.join(dir, 'runs');
  const script = path.join(dir, 'chromium');
  fs.writeFileSync(script, `#!/bin/sh\necho run >> '${counter}'\n${body}\n`, { mode: 0o755 });
  process.env.TEIKIT_CHROMIUM = script;
  return { runs: () => (fs.existsSync(counter) ? fs.readFileSync(counter, 'utf8').trim().split('\n').length : 0) };
}

function page(dir: string): string {
  const file = path.join(dir, 'page.html');
  fs.writeFileSync(file, '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body><p>Printed page.</p></body></html>');
  return file;
}

describe('printToPdf', () => {
  beforeAll(() => installSystemDeps());

  test('a Chromium that exits with an error: tried twice, then reported with its exit status and stderr', async () => {
    const dir = tmpDir('pdf-fail');
    const fake = fakeChromium(dir, 'echo "ERROR: the printer caught fire" >&2\nexit 3');
    const target = path.join(dir, 'out.pdf');
    const err: unknown = await printToPdf(page(dir), target).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TeikitError);
    const d = (err as TeikitError).diagnostics[0];
    expect(d.rule).toBe('render/pdf');
    expect(d.file).toBe(path.join(dir, 'page.html'));
    expect(d.message).toContain('tried twice');
    expect(d.message).toContain('attempt 1: Chromium exited with status 3');
    expect(d.message).toContain('attempt 2: Chromium exited with status 3');
    expect(d.message).toContain("Chromium's stderr: ERROR: the printer caught fire");
    expect(fake.runs()).toBe(2);
    expect(fs.existsSync(target)).toBe(false);
  });

  test('a Chromium that exits successfully without writing the PDF is a failure, not a silent success', async () => {
    const dir = tmpDir('pdf-none');
    const fake = fakeChromium(dir, 'echo "Page load failed: net::ERR_FILE_NOT_FOUND" >&2\nexit 0');
    await expect(printToPdf(page(dir), path.join(dir, 'out.pdf'))).rejects.toThrow(/attempt 2: Chromium wrote no PDF; Chromium's stderr: Page load failed: net::ERR_FILE_NOT_FOUND \[render\/pdf\]/);
    expect(fake.runs()).toBe(2);
  });

  test('a truncated PDF is a failure', async () => {
    const dir = tmpDir('pdf-cut');
    // write half a PDF where --print-to-pdf= says
    fakeChromium(dir, 'for a in "$@"; do case "$a" in --print-to-pdf=*) printf "%%PDF-1.4\\n1 0 obj" > "${a#--print-to-pdf=}";; esac; done\nexit 0');
    await expect(printToPdf(page(dir), path.join(dir, 'out.pdf'))).rejects.toThrow(/Chromium wrote an incomplete PDF/);
  });

  test('a Chromium that fails once is retried with a fresh profile and the PDF is made (from two prints that agree)', async () => {
    const dir = tmpDir('pdf-retry');
    const fake = fakeChromium(dir, `if [ ! -e '${path.join(dir, 'failed-once')}' ]; then touch '${path.join(dir, 'failed-once')}'; echo "transient failure" >&2; exit 1; fi\nexec /usr/bin/chromium "$@"`);
    const target = path.join(dir, 'out.pdf');
    await printToPdf(page(dir), target);
    // one failed run, then two prints that agree
    expect(fake.runs()).toBe(3);
    expect(fs.readFileSync(target).subarray(0, 5).toString()).toBe('%PDF-');
  });

  test('prints that differ: printed again until two agree, and that PDF is taken', async () => {
    const dir = tmpDir('pdf-differ');
    // the first print carries a mark of its own (as a layout that came out otherwise would); the next two agree
    const fake = fakeChromium(
      dir,
      `n=$(cat '${path.join(dir, 'n')}' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '${path.join(dir, 'n')}'\n` +
        `for a in "$@"; do case "$a" in --print-to-pdf=*) out="\${a#--print-to-pdf=}";; esac; done\n` +
        `if [ "$n" = 1 ]; then m=odd; else m=usual; fi\nprintf "%%PDF-1.4\\n%% $m\\n%%%%EOF\\n" > "$out"\nexit 0`,
    );
    const target = path.join(dir, 'out.pdf');
    await printToPdf(page(dir), target);
    expect(fake.runs()).toBe(3);
    expect(fs.readFileSync(target, 'latin1')).toContain('% usual');
  });

  test('a missing HTML file is reported without starting Chromium', async () => {
    const dir = tmpDir('pdf-missing');
    const fake = fakeChromium(dir, 'exit 0');
    await expect(printToPdf(path.join(dir, 'nothing.html'), path.join(dir, 'out.pdf'))).rejects.toThrow(/nothing\.html: error: cannot print a PDF: the HTML file does not exist \[render\/pdf\]/);
    expect(fake.runs()).toBe(0);
  });
});
