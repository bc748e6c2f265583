import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { TeikitError } from '../model/diagnostics';
import { writeFileAtomic } from '../io/atomic-write';

/** Debian's Chromium, or the one $TEIKIT_CHROMIUM names (and then only that one); undefined when absent. */
export function findChromium(): string | undefined {
  const chosen = process.env.TEIKIT_CHROMIUM;
  const candidates = chosen ? [chosen] : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((c) => {
    try {
      fs.accessSync(c, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export function chromiumMissingMessage(): string {
  return 'teikit: the PDF was skipped: Chromium is not installed (get it with `apt-get install chromium` or `bash scripts/install-system-deps.sh chromium`)';
}

/** The flags DEVELOPERS.md lists for headless printing, plus a fresh profile folder. */
export function chromiumPrintArgs(userDataDir: string, pdfFile: string, url: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-pdf-header-footer',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-extensions',
    `--user-data-dir=${userDataDir}`,
    `--print-to-pdf=${pdfFile}`,
    url,
  ];
}

/**
 * Make a PDF of an HTML file with headless Chromium, in a fresh profile and
 * temporary XDG folders, then write it atomically. The creation and
 * modification dates Chromium stamps are replaced by a fixed date of the same
 * length (byte offsets unchanged), so the same HTML gives the same PDF.
 */
export async function printToPdf(htmlFile: string, pdfFile: string): Promise<void> {
  const chromium = findChromium();
  if (!chromium) throw new TeikitError({ file: htmlFile, severity: 'error', message: chromiumMissingMessage(), rule: 'render/no-chromium' });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-pdf-'));
  try {
    const out = path.join(tmp, 'out.pdf');
    const env = { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'config'), XDG_CACHE_HOME: path.join(tmp, 'cache'), HOME: tmp };
    await new Promise<void>((resolve, reject) => {
      execFile(chromium, chromiumPrintArgs(path.join(tmp, 'profile'), out, pathToFileURL(path.resolve(htmlFile)).href), { env, timeout: 120000 }, (err, _stdout, stderr) => {
        if (err && !fs.existsSync(out)) reject(new TeikitError({ file: htmlFile, severity: 'error', message: `Chromium could not print the PDF: ${String(stderr).trim().split('\n').slice(-3).join(' | ') || err.message}`, rule: 'render/pdf' }));
        else resolve();
      });
    });
    if (!fs.existsSync(out) || fs.statSync(out).size === 0) {
      throw new TeikitError({ file: htmlFile, severity: 'error', message: 'Chromium wrote no PDF', rule: 'render/pdf' });
    }
    writeFileAtomic(pdfFile, normalisePdf(fs.readFileSync(out)));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Replace PDF date stamps (D:YYYYMMDDHHmmSS…) by a fixed date of the same length. */
export function normalisePdf(pdf: Buffer): Buffer {
  const latin1 = pdf.toString('latin1');
  const fixed = latin1.replace(/\(D:(\d{14})([^)]*)\)/g, (_m: string, _d: string, tz: string) => `(D:20000101000000${tz})`);
  return Buffer.from(fixed, 'latin1');
}
