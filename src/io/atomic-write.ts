import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Write a file so that readers only ever see the old or the new content:
 * write a temporary file in the same folder, fsync, then rename over the target.
 * A failed or killed run leaves the previous output intact.
 */
export function writeFileAtomic(target: string, data: string | Uint8Array): void {
  const dir = path.dirname(target);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** Write only when the content differs (keeps mtimes stable for incremental builds). Returns true when written. */
export function writeFileAtomicIfChanged(target: string, data: string | Uint8Array): boolean {
  try {
    const old = fs.readFileSync(target);
    const next = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
    if (old.equals(next)) return false;
  } catch {
    /* missing: write */
  }
  writeFileAtomic(target, data);
  return true;
}
