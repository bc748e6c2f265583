import { parentPort } from 'node:worker_threads';
import { TeikitError } from '../model/diagnostics';
import { claimChunk, renderLetterPages, type LetterResult, type WorkerMessage, type WorkerStart } from './letters';

/** Worker thread: renders the reading and parallel pages of the letters it claims (letters.ts), then says it has finished. */
parentPort?.once('message', (start: WorkerStart) => {
  const claims = new Int32Array(start.claims);
  const post = (m: WorkerMessage): void => parentPort!.postMessage(m);
  try {
    for (let c = claimChunk(claims); c >= 0; c = claimChunk(claims)) {
      const results: LetterResult[] = [];
      for (let i = c * start.chunk; i < Math.min(start.jobs.length, (c + 1) * start.chunk); i++) results.push(renderLetterPages(start.jobs[i]));
      post({ kind: 'done-chunk', chunk: c, results });
    }
  } catch (err) {
    const e = err as Error;
    post({ kind: 'error', error: { name: e.name, message: e.message, diagnostics: err instanceof TeikitError ? err.diagnostics : undefined } });
  }
  post({ kind: 'finished' });
});
