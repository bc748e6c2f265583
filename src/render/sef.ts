import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { TeikitError } from '../model/diagnostics';
import { writeFileAtomic } from '../io/atomic-write';
import { PROJECT_ROOT, XSLT_DIR as PATH_XSLT_DIR, packageVersion } from '../paths';

export const XSLT_DIR = (): string => PATH_XSLT_DIR;
/** Where the compiled stylesheet goes: a build folder, not committed. */
export const SEF_DIR = (): string => path.join(PROJECT_ROOT, 'dist-lib', 'xslt');

/** A digest of every stylesheet module and of the compiler version: the SEF is rebuilt when it changes. */
export function stylesheetDigest(): string {
  const dir = XSLT_DIR();
  const h = crypto.createHash('sha256');
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.xsl')).sort()) {
    h.update(f + '\0');
    h.update(fs.readFileSync(path.join(dir, f)));
  }
  h.update(packageVersion('xslt3'));
  return h.digest('hex').slice(0, 16);
}

/**
 * Compile xslt/teikit.xsl (with its modules) to SEF with xslt3 when the
 * stylesheets changed since the last compilation; returns the SEF's path.
 * Compilation writes to a temporary file and renames, so parallel callers
 * never read half a file.
 */
export function compileStylesheets(): string {
  const digest = currentDigest();
  const out = path.join(SEF_DIR(), `teikit.${digest}.sef.json`);
  if (fs.existsSync(out)) return out;
  fs.mkdirSync(SEF_DIR(), { recursive: true });
  const tmp = path.join(SEF_DIR(), `.teikit.${digest}.${process.pid}.sef.json`);
  const xslt3 = path.join(path.dirname(require.resolve('xslt3/package.json')), 'xslt3.js');
  try {
    execFileSync(process.execPath, [xslt3, `-xsl:${path.join(XSLT_DIR(), 'teikit.xsl')}`, `-export:${tmp}`, '-nogo'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    const e = err as { stderr?: Buffer; stdout?: Buffer };
    fs.rmSync(tmp, { force: true });
    const detail = `${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`.trim();
    throw new TeikitError({
      file: path.join(XSLT_DIR(), 'teikit.xsl'),
      severity: 'error',
      message: `the stylesheets do not compile: ${detail}`,
      rule: 'render/xslt-compile',
    });
  }
  writeFileAtomic(out, fs.readFileSync(tmp));
  fs.rmSync(tmp, { force: true });
  // keep only the current compilation
  for (const f of fs.readdirSync(SEF_DIR())) {
    if (/^teikit\.[0-9a-f]{16}\.sef\.json$/.test(f) && path.join(SEF_DIR(), f) !== out) fs.rmSync(path.join(SEF_DIR(), f), { force: true });
  }
  return out;
}

let cached: { digest: string; sef: unknown } | undefined;
let stamped: { stamp: string; digest: string } | undefined;

/** The stylesheets' digest, recomputed only when a module's size or modification time changed (a page costs a few stat calls, not a hash of every module). */
export function currentDigest(): string {
  const dir = XSLT_DIR();
  const stamp = fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.xsl'))
    .sort()
    .map((f) => {
      const st = fs.statSync(path.join(dir, f));
      return `${f}:${st.size}:${st.mtimeMs}`;
    })
    .join('|');
  if (stamped?.stamp !== stamp) stamped = { stamp, digest: stylesheetDigest() };
  return stamped.digest;
}

/** Whether this thread holds the parsed SEF already (a letter then costs only its transformation here). */
export function stylesheetLoaded(): boolean {
  return cached !== undefined;
}

/** The parsed SEF, compiled if needed, parsed once per process and reused for every document. */
export function loadStylesheet(): unknown {
  const digest = currentDigest();
  if (cached && cached.digest === digest) return cached.sef;
  const file = compileStylesheets();
  cached = { digest, sef: JSON.parse(fs.readFileSync(file, 'utf8')) };
  return cached.sef;
}
