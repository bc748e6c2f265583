import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { UnitInput } from './unit-plan';
import type { UnitWorkerRequest } from './unit-worker';

export interface PoolOptions {
  /** Threads at most (1: run in this thread). */
  jobs: number;
  onDone?: () => void;
  /** Run even a few jobs in a worker thread (when there are two CPUs or more): the caller has work of its own to do meanwhile. */
  aside?: boolean;
  /** A unit worker the caller started (startUnitWorker): used as the first thread, and left running (the caller's to end). */
  worker?: Worker;
}

/**
 * Start a unit worker now, before its jobs are known, so that it loads the
 * pipeline and SaxonJS while this thread plans (undefined when the
 * compiled library is not running, e.g. under ts-jest). The caller
 * terminates it (it keeps the process alive while it runs: a build awaiting
 * its messages must not end for want of other work).
 */
export function startUnitWorker(): Worker | undefined {
  const file = path.join(__dirname, 'unit-worker.js');
  if (!__filename.endsWith('.js')) return undefined;
  const worker = new Worker(file);
  worker.postMessage({ kind: 'prepare' } satisfies UnitWorkerRequest);
  return worker;
}

/** Worker threads pay ~50 ms each to start and load the pipeline: not worth it for a handful of jobs. */
export const MIN_JOBS_PER_WORKER = 4;

/**
 * Run independent jobs, in worker threads when there are enough of them (or
 * `aside`) and the compiled library is running (a worker loads
 * `unit-worker.js`), else in this thread with `inline`. Results come back in
 * the order of the inputs. The workers are started before this returns its
 * promise: the caller can do work of its own before awaiting it.
 */
export async function runUnits<I extends UnitInput, O>(inputs: I[], opts: PoolOptions, inline: (input: I) => O): Promise<O[]> {
  const workerFile = path.join(__dirname, 'unit-worker.js');
  const compiled = __filename.endsWith('.js');
  const threads = opts.aside && opts.jobs >= 2 ? Math.max(1, Math.min(opts.jobs, Math.floor(inputs.length / MIN_JOBS_PER_WORKER))) : Math.min(opts.jobs, Math.floor(inputs.length / MIN_JOBS_PER_WORKER));
  if (!compiled || inputs.length === 0 || threads < (opts.aside ? 1 : 2)) {
    return inputs.map((input) => {
      const out = inline(input);
      opts.onDone?.();
      return out;
    });
  }
  const results = new Array<O>(inputs.length);
  let next = 0;
  let failed: unknown;
  const runWorker = (_: unknown, t: number) =>
    new Promise<void>((resolve, reject) => {
      const lent = t === 0 ? opts.worker : undefined;
      const worker = lent ?? new Worker(workerFile);
      const end = (): Promise<unknown> => (lent ? Promise.resolve() : worker.terminate());
      const feed = () => {
        if (failed !== undefined || next >= inputs.length) {
          lent?.off('error', reject);
          void end().then(() => resolve());
          return;
        }
        const i = next++;
        worker.once('message', (msg: { ok: true; value: O } | { ok: false; error: { name: string; message: string; diagnostics?: unknown } }) => {
          if (msg.ok) {
            results[i] = msg.value;
            opts.onDone?.();
            feed();
          } else {
            failed = msg.error;
            lent?.off('error', reject);
            void end().then(() => reject(msg.error));
          }
        });
        worker.postMessage({ kind: 'unit', input: inputs[i] } satisfies UnitWorkerRequest);
      };
      worker.once('error', reject);
      feed();
    });
  await Promise.all(Array.from({ length: threads }, runWorker)).catch((err: { name?: string; message: string; diagnostics?: unknown }) => {
    throw rehydrate(err);
  });
  return results;
}

/** Errors cross the thread boundary as plain objects: make TeikitErrors TeikitErrors again. */
function rehydrate(err: { name?: string; message: string; diagnostics?: unknown }): Error {
  if (err.name === 'TeikitError' && Array.isArray(err.diagnostics)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { TeikitError } = require('../model/diagnostics') as typeof import('../model/diagnostics');
    return new TeikitError(err.diagnostics as ConstructorParameters<typeof TeikitError>[0]);
  }
  return err instanceof Error ? err : Object.assign(new Error(err.message), err);
}
