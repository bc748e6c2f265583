import { parentPort } from 'node:worker_threads';
import { TeikitError } from '../model/diagnostics';
import type { WorkerStart } from '../render/letters';
import type { UnitInput } from './unit-plan';

/**
 * What the main thread asks of a unit worker (worker-pool.ts):
 * - `unit`: build (and check against the edition rules) one unit; the answer is `{ ok, value | error }`;
 * - `prepare`: load the pipeline and SaxonJS now, while the main thread plans (no answer);
 * - `render`: render letters, as a page worker does (letters.ts renderLetters, which lends it this thread).
 */
export type UnitWorkerRequest = { kind: 'unit'; input: UnitInput } | { kind: 'prepare' } | { kind: 'render'; start: WorkerStart };

/* eslint-disable @typescript-eslint/no-require-imports -- each request loads what it needs, when first asked */
parentPort?.on('message', (request: UnitWorkerRequest) => {
  if (request.kind === 'unit') {
    try {
      parentPort!.postMessage({ ok: true, value: (require('./units') as typeof import('./units')).buildAndCheckUnit(request.input) });
    } catch (err) {
      const e = err as Error;
      parentPort!.postMessage({
        ok: false,
        error: { name: e.name, message: e.message, diagnostics: err instanceof TeikitError ? err.diagnostics : undefined },
      });
    }
  } else if (request.kind === 'prepare') {
    // the pipeline, and SaxonJS for the edition rules after the units (the Russian dictionaries are loaded when a word
    // no earlier build analysed is met: often none in a rebuild)
    require('./units');
    (require('../xml/saxon-js') as typeof import('../xml/saxon-js')).saxonJs();
  } else if (request.kind === 'render') {
    (require('../render/letters') as typeof import('../render/letters')).renderClaimedLetters(request.start, (m) => parentPort!.postMessage(m));
  }
});
