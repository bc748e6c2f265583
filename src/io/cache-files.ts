import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Remove the files of a cache folder that `stale` picks by name (kept
 * parts or taggings of documents no longer in the edition); a folder not
 * there yet has nothing to remove. The caller names only files it writes
 * there: others stay.
 */
export function removeStaleCacheFiles(dir: string, stale: (name: string) => boolean): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) if (stale(n)) fs.rmSync(path.join(dir, n), { force: true });
}
