/**
 * Many small files written by a worker thread while this thread goes on
 * making the next ones: the kernel's work of creating tens of thousands of
 * files (a DTS tree of a thousand letters is 25,000 files, seconds of system
 * time) runs beside the JavaScript that makes their content, on another core.
 *
 * The API is synchronous, for synchronous callers: `write` queues a file,
 * `finish` blocks until every queued file is written (Atomics.wait on a
 * counter the worker raises after each batch) and throws the first error,
 * with the file it happened to. By default files are written as they are (no
 * temporary file and rename): for folders that readers do not see until they
 * are complete (a fresh tree swapped in at the end). With `atomic`, each file
 * is written as writeFileAtomic writes it (io/atomic-write.ts): a temporary
 * file beside it, flushed to disk unless `fsync: false`, renamed over it; a
 * failed or killed run leaves the old or the new content.
 */
import { Worker } from 'node:worker_threads';

const WORKER_CODE = `
const fs = require('node:fs');
const path = require('node:path');
const { parentPort, workerData } = require('node:worker_threads');
const atomic = workerData.atomic;
let temporaries = 0;
// writeFileAtomic's steps (io/atomic-write.ts), written out here: this thread runs this code as text, without teikit's modules
const writeAtomic = (file, content) => {
  const tmp = path.join(path.dirname(file), '.' + path.basename(file) + '.' + process.pid + '.w' + Date.now() + '.' + temporaries++ + '.tmp');
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeFileSync(fd, content);
      if (atomic.fsync) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
};
const done = new Int32Array(workerData.done);
const error = new Uint8Array(workerData.error);
const made = new Set();
let failed = false;
// slot 1: the thread has stopped (the main thread, blocked in Atomics.wait, hears no 'exit' event)
const stopped = () => { Atomics.store(done, 1, 1); Atomics.notify(done, 0); };
process.on('exit', stopped);
process.on('uncaughtException', (err) => { stopped(); throw err; });
parentPort.on('message', (batch) => {
  if (!failed) {
    for (const [file, content] of batch) {
      try {
        const dir = path.dirname(file);
        if (!made.has(dir)) {
          fs.mkdirSync(dir, { recursive: true });
          made.add(dir);
        }
        if (atomic) writeAtomic(file, content);
        else fs.writeFileSync(file, content);
      } catch (err) {
        failed = true;
        // at most 3 bytes a character: 600 + 600 characters and the JSON around them fit the 4096 bytes
        const bytes = Buffer.from(JSON.stringify({ file: String(file).slice(0, 600), message: String(err && err.message || err).slice(0, 600) }));
        error.set(bytes.subarray(0, error.length));
        break;
      }
    }
  }
  Atomics.add(done, 0, 1);
  Atomics.notify(done, 0);
});
`;

/** Files per message to the worker, at most; a batch is sent sooner once it holds this much content. */
const BATCH = 256;
const BATCH_BYTES = 4 << 20;
/**
 * Batches sent and not yet written, at most: `write` waits for the thread beyond that, so the content held for it
 * stays bounded (about this many times BATCH_BYTES) however slow the file system is and however many files are
 * queued (a 10,000-letter edition's pages would otherwise pile up in memory behind a slow disk).
 */
const MAX_BATCHES_IN_FLIGHT = 4;
/** A batch not written within this time means the thread is stuck (a batch takes well under a second). */
const STALL_MS = 120_000;
/** Room for the first error (file and message, JSON). */
const ERROR_BYTES = 4096;

export class BackgroundWriter {
  private readonly worker: Worker;
  private readonly done: Int32Array;
  private readonly error: Uint8Array;
  private batch: Array<[string, string | Uint8Array]> = [];
  /** Content in the batch being filled (bytes, or UTF-16 units for text: the memory it takes, roughly). */
  private batchBytes = 0;
  private posted = 0;
  private finished = false;

  /** `atomic`: each file by a temporary file and rename, flushed to disk unless `fsync: false` (see above). */
  constructor(opts: { atomic?: { fsync?: boolean } } = {}) {
    const done = new SharedArrayBuffer(8);
    const error = new SharedArrayBuffer(ERROR_BYTES);
    this.done = new Int32Array(done);
    this.error = new Uint8Array(error);
    const atomic = opts.atomic ? { fsync: opts.atomic.fsync !== false } : undefined;
    // a small young generation: the contents it is sent are garbage once written, and a thread that allocates nothing
    // else would otherwise keep them until its end (tens of MB per writer)
    this.worker = new Worker(WORKER_CODE, { eval: true, workerData: { done, error, atomic }, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
  }

  /** Queue a file (its folder is made when missing). */
  write(file: string, content: string | Uint8Array): void {
    if (this.finished) throw new Error('BackgroundWriter: write after finish');
    this.batch.push([file, content]);
    this.batchBytes += content.length;
    if (this.batch.length >= BATCH || this.batchBytes >= BATCH_BYTES) {
      this.flush();
      // at most MAX_BATCHES_IN_FLIGHT unwritten (throws when the thread stopped or is stuck)
      this.waitUntilWritten(this.posted - MAX_BATCHES_IN_FLIGHT);
    }
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    this.worker.postMessage(this.batch);
    this.posted++;
    this.batch = [];
    this.batchBytes = 0;
  }

  /** Block until the thread has written `target` batches; throws when it stopped or is stuck (and stops it). */
  private waitUntilWritten(target: number): void {
    let last = Atomics.load(this.done, 0);
    let since = Date.now();
    for (;;) {
      const done = Atomics.load(this.done, 0);
      if (done >= target) return;
      if (done !== last) [last, since] = [done, Date.now()];
      // the thread stopped (an error, a failed start) or is stuck: what it did not write is not there
      if (Atomics.load(this.done, 1) !== 0 || Date.now() - since > STALL_MS) {
        this.finished = true;
        void this.worker.terminate();
        throw new Error(`the file-writing thread stopped with ${this.posted - done} of ${this.posted} batches unwritten`);
      }
      Atomics.wait(this.done, 0, done, 1000);
    }
  }

  /** Wait until every queued file is written; stop the worker. Throws the first error (with its file). */
  finish(): void {
    if (this.finished) return;
    this.flush();
    this.finished = true;
    this.waitUntilWritten(this.posted);
    void this.worker.terminate();
    const end = this.error.indexOf(0);
    if (end !== 0) {
      const { file, message } = JSON.parse(Buffer.from(this.error.subarray(0, end < 0 ? this.error.length : end)).toString('utf8')) as { file: string; message: string };
      throw Object.assign(new Error(`cannot write ${file}: ${message}`), { file });
    }
  }

  /** After an error elsewhere: wait for the files already queued (so that none appears later), drop the rest, stop. */
  abort(): void {
    this.batch = [];
    try {
      this.finish();
    } catch {
      // the caller's error is the one to report
    }
  }
}
