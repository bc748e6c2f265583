import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
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

/** The flags DEVELOPERS.md lists for headless printing, two for robustness under load, and a fresh profile folder. */
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
    // under load: no /dev/shm exhaustion, no crash reporter racing the profile's removal
    '--disable-dev-shm-usage',
    '--disable-breakpad',
    `--user-data-dir=${userDataDir}`,
    `--print-to-pdf=${pdfFile}`,
    url,
  ];
}

/** How long one Chromium print may take before it is stopped (generous: a loaded machine runs several at once). */
const PRINT_TIMEOUT_MS = Number(process.env.TEIKIT_PDF_TIMEOUT_MS) > 0 ? Number(process.env.TEIKIT_PDF_TIMEOUT_MS) : 300000;

interface PrintAttempt {
  ok: boolean;
  /** Why it failed: exit status or signal, timeout, missing or truncated PDF. */
  problem: string;
  stderr: string;
}

/** Is this a complete PDF file (header at the start, end-of-file marker near the end)? */
function completePdf(file: string): boolean {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    return false;
  }
  return data.length > 0 && data.subarray(0, 5).toString('latin1') === '%PDF-' && data.subarray(Math.max(0, data.length - 1024)).toString('latin1').includes('%%EOF');
}

/**
 * One run of Chromium in its own fresh profile and XDG folders under `tmp`.
 * Waits until the process has exited and its output streams are closed; on
 * timeout the whole process group (Chromium's helpers too) is killed.
 */
function printOnce(chromium: string, htmlFile: string, out: string, tmp: string): Promise<PrintAttempt> {
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'config'), XDG_CACHE_HOME: path.join(tmp, 'cache'), HOME: tmp };
  const args = chromiumPrintArgs(path.join(tmp, 'profile'), out, pathToFileURL(path.resolve(htmlFile)).href);
  return new Promise<PrintAttempt>((resolve) => {
    let stderr = '';
    let timedOut = false;
    let settled = false;
    const finish = (a: PrintAttempt): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(a);
    };
    const child = spawn(chromium, args, { env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      stderr = (stderr + d).slice(-20000);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, PRINT_TIMEOUT_MS);
    child.on('error', (err) => finish({ ok: false, problem: `Chromium could not be started: ${err.message}`, stderr }));
    child.on('close', (code, signal) => {
      // helpers Chromium left behind in its process group go too
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* the group is gone already */
      }
      if (timedOut) return finish({ ok: false, problem: `Chromium did not finish within ${Math.round(PRINT_TIMEOUT_MS / 1000)} s`, stderr });
      if (code !== 0) return finish({ ok: false, problem: `Chromium exited with ${signal ? `signal ${signal}` : `status ${code}`}`, stderr });
      if (!fs.existsSync(out)) return finish({ ok: false, problem: 'Chromium wrote no PDF', stderr });
      if (!completePdf(out)) return finish({ ok: false, problem: 'Chromium wrote an incomplete PDF', stderr });
      finish({ ok: true, problem: '', stderr });
    });
  });
}

/** The last lines of Chromium's stderr, for a diagnostic. */
function stderrTail(stderr: string): string {
  // D-Bus complaints are noise in a container; the page-load or print error is what matters
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/dbus\//i.test(l));
  return lines.length > 0 ? `; Chromium's stderr: ${lines.slice(-4).join(' | ')}` : "; Chromium's stderr was empty";
}

/**
 * Make a PDF of an HTML file with headless Chromium, in a fresh profile and
 * temporary XDG folders, then write it atomically. The process is waited for
 * (exit and closed streams), its exit status checked and the PDF checked to
 * be complete; a failed print is retried with a new profile, and a second
 * failure is reported with Chromium's stderr. The creation and modification
 * dates Chromium stamps are replaced by a fixed date of the same length (byte
 * offsets unchanged).
 *
 * Chromium's layout is not always the same under load (seen: a link's
 * rectangles merged in about one print in 45 on a busy machine), so a PDF is
 * taken only when two prints agree byte for byte: the same HTML then gives
 * the same PDF. When three prints all differ, the last is taken.
 */
export async function printToPdf(htmlFile: string, pdfFile: string): Promise<void> {
  const chromium = findChromium();
  if (!chromium) throw new TeikitError({ file: htmlFile, severity: 'error', message: chromiumMissingMessage(), rule: 'render/no-chromium' });
  if (!fs.existsSync(htmlFile)) throw new TeikitError({ file: htmlFile, severity: 'error', message: 'cannot print a PDF: the HTML file does not exist', rule: 'render/pdf' });
  const problems: string[] = [];
  const prints: Buffer[] = [];
  while (problems.length < 2) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-pdf-'));
    try {
      const out = path.join(tmp, 'out.pdf');
      const r = await printOnce(chromium, htmlFile, out, tmp);
      if (!r.ok) {
        problems.push(`attempt ${prints.length + problems.length + 1}: ${r.problem}${stderrTail(r.stderr)}`);
        continue;
      }
      const pdf = normalisePdf(fs.readFileSync(out));
      if (prints.some((p) => p.equals(pdf)) || prints.length === PRINTS_AT_MOST - 1) {
        writeFileAtomic(pdfFile, pdf);
        return;
      }
      prints.push(pdf);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
    }
  }
  throw new TeikitError({ file: htmlFile, severity: 'error', message: `Chromium could not print the PDF (tried twice, each with a fresh profile): ${problems.join('; ')}`, rule: 'render/pdf' });
}

/** Successful prints at most while waiting for two that agree (see printToPdf). */
const PRINTS_AT_MOST = 3;

/** Replace PDF date stamps (D:YYYYMMDDHHmmSS…) by a fixed date of the same length. */
export function normalisePdf(pdf: Buffer): Buffer {
  const latin1 = pdf.toString('latin1');
  const fixed = latin1.replace(/\(D:(\d{14})([^)]*)\)/g, (_m: string, _d: string, tz: string) => `(D:20000101000000${tz})`);
  return Buffer.from(fixed, 'latin1');
}
