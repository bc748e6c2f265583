import * as fs from 'node:fs';
import * as path from 'node:path';

export interface AtomicWriteOptions {
  /**
   * Flush the data to disk before the rename (default true), so that even a
   * crash of the machine leaves the old or the new content. Without it a
   * failed or killed process still leaves the old or the new content (the
   * rename is atomic); use it for caches, which are checked when read.
   */
  fsync?: boolean;
}

let temporaries = 0;
/** A temporary file beside `target` (its folder made when missing): a dot name, unique in this process. */
function temporaryFor(target: string): string {
  const dir = path.dirname(target);
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now()}.${temporaries++}.tmp`);
}

/**
 * Write a file so that readers only ever see the old or the new content:
 * write a temporary file in the same folder, fsync, then rename over the target.
 * A failed or killed run leaves the previous output intact.
 */
export function writeFileAtomic(target: string, data: string | Uint8Array | readonly Uint8Array[], opts: AtomicWriteOptions = {}): void {
  const tmp = temporaryFor(target);
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      if (typeof data === 'string' || data instanceof Uint8Array) fs.writeFileSync(fd, data);
      // chunks (a page assembled from kept parts) are written one after the other, not copied into one buffer first
      else for (const chunk of data) for (let at = 0; at < chunk.length; ) at += fs.writeSync(fd, chunk, at, chunk.length - at);
      if (opts.fsync !== false) fs.fsyncSync(fd);
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
export function writeFileAtomicIfChanged(target: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): boolean {
  try {
    const old = fs.readFileSync(target);
    const next = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
    if (old.equals(next)) return false;
  } catch {
    /* missing: write */
  }
  writeFileAtomic(target, data, opts);
  return true;
}

/** A file being written by startAtomicWrite. */
export interface PendingAtomicWrite {
  /** Wait for the writes, then rename the temporary file over the target. */
  commit(): Promise<void>;
  /** Wait for the writes, then remove the temporary file (the target stays as it was). */
  discard(): Promise<void>;
}

/**
 * writeFileAtomic in two steps, to write beside other work: the chunks are
 * handed to libuv's thread pool in one vectored write (so the writing goes
 * on while this thread runs JavaScript, even synchronous code), and the
 * caller commits (rename) or discards afterwards. The chunks must not change
 * until then.
 */
export function startAtomicWrite(target: string, chunks: readonly Uint8Array[], opts: AtomicWriteOptions = {}): PendingAtomicWrite {
  const tmp = temporaryFor(target);
  const fd = fs.openSync(tmp, 'w');
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const written = new Promise<void>((resolve, reject) => {
    fs.writev(fd, chunks as Uint8Array[], (err, bytes) => {
      try {
        if (err) throw err;
        // a short write (not expected of a regular file): the rest, here
        let at = bytes;
        for (const c of chunks) {
          if (at >= c.length) {
            at -= c.length;
            continue;
          }
          for (let k = at; k < c.length; ) k += fs.writeSync(fd, c, k, c.length - k);
          at = 0;
        }
        if (bytes > total) throw new Error(`wrote ${bytes} bytes of ${total}`);
        if (opts.fsync !== false) fs.fsyncSync(fd);
        resolve();
      } catch (e) {
        reject(e as Error);
      } finally {
        fs.closeSync(fd);
      }
    });
  });
  // a failure is reported by commit (or dropped by discard), never as an unhandled rejection
  written.catch(() => undefined);
  return {
    async commit() {
      try {
        await written;
        fs.renameSync(tmp, target);
      } catch (err) {
        fs.rmSync(tmp, { force: true });
        throw err;
      }
    },
    async discard() {
      await written.catch(() => undefined);
      fs.rmSync(tmp, { force: true });
    },
  };
}
