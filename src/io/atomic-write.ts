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

/** From this size on, the old content of a replaced file is freed by libuv's threads (see renameOver). */
const LARGE_REPLACED_BYTES = 1 << 20;

/** Inside freeingLater: how many such calls run, and the removals not yet done. */
let freeingLater = 0;
const freeing = new Set<Promise<void>>();

/**
 * Run `work` with the old content of large files it replaces freed by libuv's
 * threads while it goes on (see renameOver); resolves when all of it is freed,
 * so no second name of a replaced file is left when it returns.
 */
export async function freeingReplacedLater<T>(work: () => Promise<T>): Promise<T> {
  freeingLater++;
  try {
    return await work();
  } finally {
    freeingLater--;
    while (freeing.size > 0) await Promise.all([...freeing]);
  }
}

/**
 * Rename a written temporary file over `target`. Renaming over a large file
 * frees its old content within the rename (about 10 ms for 30 MB, on this
 * thread). Within freeingReplacedLater a large target gets a second name
 * first, so that the rename only swaps names, and that name is removed by
 * libuv's threads while this thread goes on. A killed run may leave that
 * name behind: a dot file beside the target, as its temporary files are.
 */
function renameOver(tmp: string, target: string): void {
  let old: string | undefined;
  if (freeingLater > 0) {
    try {
      const st = fs.statSync(target);
      if (st.isFile() && st.nlink === 1 && st.size >= LARGE_REPLACED_BYTES) {
        old = `${tmp}.old`;
        fs.linkSync(target, old);
      }
    } catch {
      old = undefined; // no target yet, or no links on this file system: a plain rename
    }
  }
  try {
    fs.renameSync(tmp, target);
  } catch (err) {
    if (old) fs.rmSync(old, { force: true });
    throw err;
  }
  if (old) {
    const removed = fs.promises.unlink(old).catch(() => undefined);
    freeing.add(removed);
    void removed.then(() => freeing.delete(removed));
  }
}

/** Vectored writes take at most this many buffers (IOV_MAX on Linux). */
const MAX_BUFFERS_PER_WRITE = 1024;

/** Write chunks one after the other in as few system calls as the kernel takes (not copied into one buffer first). */
function writeChunks(fd: number, chunks: readonly Uint8Array[]): void {
  for (let i = 0; i < chunks.length; i += MAX_BUFFERS_PER_WRITE) {
    const batch = chunks.slice(i, i + MAX_BUFFERS_PER_WRITE);
    writeRest(fd, batch, fs.writevSync(fd, batch as Uint8Array[]));
  }
}

/** After a vectored write of `done` bytes of the chunks: the rest, here (a short write is not expected of a regular file). */
function writeRest(fd: number, chunks: readonly Uint8Array[], done: number): void {
  let at = done;
  for (const c of chunks) {
    if (at >= c.length) {
      at -= c.length;
      continue;
    }
    for (let k = at; k < c.length; ) k += fs.writeSync(fd, c, k, c.length - k);
    at = 0;
  }
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
      else writeChunks(fd, data);
      if (opts.fsync !== false) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    renameOver(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** Does the file hold exactly these bytes (a string: as UTF-8)? False when it is missing or unreadable. */
export function fileHolds(target: string, data: string | Uint8Array): boolean {
  try {
    const old = fs.readFileSync(target);
    const next = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
    return old.equals(next);
  } catch {
    return false; // missing: to be written
  }
}

/** Write only when the content differs (keeps mtimes stable for incremental builds). Returns true when written. */
export function writeFileAtomicIfChanged(target: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): boolean {
  if (fileHolds(target, data)) return false;
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
        writeRest(fd, chunks, bytes);
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
        renameOver(tmp, target);
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

/** A file written piece by piece (openAtomicFile): its temporary file is renamed over the target on commit, removed on discard. */
export interface AtomicFile {
  /** Append bytes (buffered: written in blocks of BLOCK bytes). */
  write(bytes: Uint8Array): void;
  /** Append `length` bytes read from `fd` at `position`, through the same block (nothing is held beyond it). */
  copyFrom(fd: number, position: number, length: number, seen?: (bytes: Buffer) => void): void;
  /** Flush, close and rename over the target. */
  commit(): void;
  /** commit when the bytes written differ from the target's (compared block by block), else discard (the target keeps its times); whether it was written. */
  commitIfChanged(): boolean;
  /** Close and remove the temporary file: the target stays as it was. */
  discard(): void;
}

/** The block an AtomicFile writes: large enough that a page of many small pieces takes few system calls. */
const BLOCK = 1 << 20;

/**
 * Write a file of any size with a bounded buffer: pieces are appended to a
 * temporary file beside the target, which replaces the target on commit (as
 * writeFileAtomic does), so a failed or killed run leaves the old content.
 * An edition-wide page of ten thousand letters (hundreds of MB) is written
 * this way from the kept parts, never held whole in memory.
 */
export function openAtomicFile(target: string, opts: AtomicWriteOptions = {}): AtomicFile {
  const tmp = temporaryFor(target);
  const fd = fs.openSync(tmp, 'w');
  const block = Buffer.allocUnsafe(BLOCK);
  let used = 0;
  let open = true;
  const flush = (): void => {
    for (let k = 0; k < used; ) k += fs.writeSync(fd, block, k, used - k);
    used = 0;
  };
  const close = (): void => {
    if (open) fs.closeSync(fd);
    open = false;
  };
  return {
    write(bytes) {
      if (bytes.length >= BLOCK) {
        flush();
        for (let k = 0; k < bytes.length; ) k += fs.writeSync(fd, bytes, k, bytes.length - k);
        return;
      }
      if (used + bytes.length > BLOCK) flush();
      block.set(bytes, used);
      used += bytes.length;
    },
    copyFrom(from, position, length, seen) {
      while (length > 0) {
        if (used === BLOCK) flush();
        const want = Math.min(length, BLOCK - used);
        const got = fs.readSync(from, block, used, want, position);
        if (got <= 0) throw new Error(`${target}: the source of a copy ended ${length} bytes short`);
        seen?.(block.subarray(used, used + got));
        used += got;
        position += got;
        length -= got;
      }
    },
    commit() {
      try {
        flush();
        if (opts.fsync !== false) fs.fsyncSync(fd);
        close();
        renameOver(tmp, target);
      } catch (err) {
        close();
        fs.rmSync(tmp, { force: true });
        throw err;
      }
    },
    discard() {
      close();
      fs.rmSync(tmp, { force: true });
    },
    commitIfChanged() {
      let same = false;
      try {
        flush();
        same = sameFileBytes(tmp, target);
      } catch (err) {
        this.discard();
        throw err;
      }
      if (same) {
        this.discard();
        return false;
      }
      this.commit();
      return true;
    },
  };
}

/** Whether two files hold the same bytes (read a block at a time); false when either cannot be read. */
export function sameFileBytes(a: string, b: string): boolean {
  let fa: number | undefined;
  let fb: number | undefined;
  try {
    if (fs.statSync(a).size !== fs.statSync(b).size) return false;
    fa = fs.openSync(a, 'r');
    fb = fs.openSync(b, 'r');
    const ba = Buffer.allocUnsafe(BLOCK);
    const bb = Buffer.allocUnsafe(BLOCK);
    for (let pos = 0; ; ) {
      const na = fs.readSync(fa, ba, 0, BLOCK, pos);
      const nb = fs.readSync(fb, bb, 0, BLOCK, pos);
      if (na !== nb) return false;
      if (na === 0) return true;
      if (!ba.subarray(0, na).equals(bb.subarray(0, nb))) return false;
      pos += na;
    }
  } catch {
    return false;
  } finally {
    if (fa !== undefined) fs.closeSync(fa);
    if (fb !== undefined) fs.closeSync(fb);
  }
}

/**
 * Write `value` as `JSON.stringify(value) + end` would, atomically as openAtomicFile writes, without making it one
 * string: the top object's (or array's) members and theirs are written one by one, each one's value as
 * JSON.stringify makes it. For the indexes a large build keeps (its DTS tree's, its corpus's: 37 and 29 MB of JSON
 * at 10,000 letters), which as one string, and its bytes, were held twice at the end of the export. Plain data only
 * (objects, arrays, strings, numbers, booleans, null; members whose value is undefined are left out, as by
 * JSON.stringify); a value with toJSON is written by JSON.stringify whole.
 */
export function writeJsonFileAtomic(target: string, value: unknown, opts: AtomicWriteOptions = {}, end = ''): void {
  const file = openAtomicFile(target, opts);
  const put = (s: string): void => file.write(Buffer.from(s, 'utf8'));
  const skipped = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';
  const walk = (v: unknown, depth: number): void => {
    if (depth >= 2 || v === null || typeof v !== 'object' || typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      put(JSON.stringify(v) ?? 'null');
      return;
    }
    if (Array.isArray(v)) {
      put('[');
      v.forEach((x: unknown, i) => {
        if (i > 0) put(',');
        if (skipped(x)) put('null');
        else walk(x, depth + 1);
      });
      put(']');
      return;
    }
    put('{');
    let first = true;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (skipped(x)) continue;
      put(`${first ? '' : ','}${JSON.stringify(k)}:`);
      first = false;
      walk(x, depth + 1);
    }
    put('}');
  };
  try {
    walk(value, 0);
    if (end) put(end);
    file.commit();
  } catch (err) {
    file.discard();
    throw err;
  }
}
