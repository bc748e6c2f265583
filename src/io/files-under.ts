import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every file under `dir` (in its subfolders too), as paths relative to `base` with "/" separators, sorted; none when `dir` is missing. */
export function filesUnder(dir: string, base = dir): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(path.relative(base, full).split(path.sep).join('/'));
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out.sort();
}
