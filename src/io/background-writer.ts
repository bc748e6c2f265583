/**
 * Many small files written by a worker thread while this thread goes on
 * making the next ones: the kernel's work of creating tens of thousands of
 * files (a DTS tree of a thousand letters is 25,000 files, seconds of system
 * time) runs beside the JavaScript that makes their content, on another core.
 *
 * The API is synchronous, for synchronous callers: `write` queues a file,
 * `finish` blocks until every queued file is written (Atomics.wait on a
 * counter the worker raises after each batch) and throws the first error,
 * with the file it happened to. Files are written as they are (no temporary
 * file and rename): for folders that readers do not see until they are
 * complete (a fresh tree swapped in at the end).
 */
import { Worker } from 'node:worker_threads';

const WORKER_CODE = `
const fs = require('node:fs');
const path = require('node:path');
const { parentPort, workerData } = require('node:worker_threads');
const done = new Int32Array(workerData.done);
const error = new Uint8Array(workerData.error);
const made = new Set();
let failed = false;
parentPort.on('message', (batch) => {
  if (!failed) {
    for (const [file, content] of batch) {
      try {
        const dir = path.dirname(file);
        if (!made.has(dir)) {
          fs.mkdirSync(dir, { recursive: true });
          made.add(dir);
        }
        fs.writeFileSync(file, content);
      } catch (err) {
        failed = true;
        const bytes = Buffer.from(JSON.stringify({ file: String(file).slice(0, 1500), message: String(err && err.message || err).slice(0, 1500) }));
        error.set(bytes.subarray(0, error.length));
        break;
      }
    }
  }
  Atomics.add(done, 0, 1);
  Atomics.notify(done, 0);
});
`;

/** Files per message to the worker. */
const BATCH = 256;
/** Room for the first error (file and message, JSON). */
const ERROR_BYTES = 4096;

export class BackgroundWriter {
  private readonly worker: Worker;
  private readonly done: Int32Array;
  private readonly error: Uint8Array;
  private batch: Array<[string, string | Uint8Array]> = [];
  private posted = 0;
  private finished = false;

  constructor() {
    const done = new SharedArrayBuffer(4);
    const error = new SharedArrayBuffer(ERROR_BYTES);
    this.done = new Int32Array(done);
    this.error = new Uint8Array(error);
    this.worker = new Worker(WORKER_CODE, { eval: true, workerData: { done, error } });
  }

  /** Queue a file (its folder is made when missing). */
  write(file: string, content: string | Uint8Array): void {
    if (this.finished) throw new Error('BackgroundWriter: write after finish');
    this.batch.push([file, content]);
    if (this.batch.length >= BATCH) this.flush();
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    this.worker.postMessage(this.batch);
    this.posted++;
    this.batch = [];
  }

  /** Wait until every queued file is written; stop the worker. Throws the first error (with its file). */
  finish(): void {
    if (this.finished) return;
    this.flush();
    this.finished = true;
    for (;;) {
      const done = Atomics.load(this.done, 0);
      if (done >= this.posted) break;
      Atomics.wait(this.done, 0, done, 1000);
    }
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
