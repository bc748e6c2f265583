import { parentPort } from 'node:worker_threads';
import { TeikitError } from '../model/diagnostics';
import { type UnitInput, buildAndCheckUnit } from './units';

/** Worker thread: builds (and checks against the edition rules) units sent by the pool (worker-pool.ts), one at a time. */
parentPort?.on('message', (input: UnitInput) => {
  try {
    parentPort!.postMessage({ ok: true, value: buildAndCheckUnit(input) });
  } catch (err) {
    const e = err as Error;
    parentPort!.postMessage({
      ok: false,
      error: { name: e.name, message: e.message, diagnostics: err instanceof TeikitError ? err.diagnostics : undefined },
    });
  }
});
