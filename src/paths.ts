import * as path from 'node:path';

/**
 * The teikit checkout/package root, whether running from TypeScript sources
 * (ts-jest: src/…) or from the compiled library (dist-lib/src/…).
 */
export const PROJECT_ROOT = (() => {
  const parts = __dirname.split(path.sep);
  const i = parts.lastIndexOf('dist-lib');
  if (i >= 0) return parts.slice(0, i).join(path.sep) || path.sep;
  return path.resolve(__dirname, '..');
})();

export const SCHEMA_DIR = path.join(PROJECT_ROOT, 'schema');
/** teikit's edition schema (RELAX NG, derived from tei_all) and its rules (Schematron). */
export const EDITION_RNG = path.join(SCHEMA_DIR, 'teikit.rng');
export const EDITION_SCH = path.join(SCHEMA_DIR, 'teikit.sch');
export const XSLT_DIR = path.join(PROJECT_ROOT, 'xslt');
/** ../shared beside the checkout (TEI schema oracle and corpus); may be absent in an installed package. */
export const SHARED_DIR = process.env.TEIKIT_SHARED ?? path.resolve(PROJECT_ROOT, '..', 'shared');
export const TEI_ALL_RNG = path.join(SHARED_DIR, 'schemas', 'tei_all.rng');

/** teikit's version, from package.json. */
export const TEIKIT_VERSION: string = (JSON.parse(require('node:fs').readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The installed version of a package teikit depends on ('' when it cannot be read): a key of caches whose contents depend on it. */
export function packageVersion(name: string): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return String((JSON.parse(require('node:fs').readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version?: unknown }).version ?? '');
  } catch {
    return '';
  }
}

/** A folder of teikit's own caches (safe to delete): under $TEIKIT_CACHE when set, else .teikit-cache/ in the project. */
export function cacheSubdir(name: string): string {
  return process.env.TEIKIT_CACHE ? path.join(process.env.TEIKIT_CACHE, name) : path.join(PROJECT_ROOT, '.teikit-cache', name);
}
