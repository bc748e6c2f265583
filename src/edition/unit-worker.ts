import { parentPort } from 'node:worker_threads';
import { TeikitError } from '../model/diagnostics';
import type { LetterJob, WorkerStart } from '../render/letters';
import type { UnitInput } from './unit-plan';

/**
 * What the main thread asks of a unit worker (worker-pool.ts):
 * - `unit`: build (and check against the edition rules) one unit; the answer is `{ ok, value | error }`;
 * - `prepare`: load the pipeline and SaxonJS now, while the main thread plans (no answer);
 * - `render-ahead`: make the views of these letters from the TEI this thread wrote for its last unit, before they are
 *   due (letters.ts renderLetterViewsAhead; no answer): a rebuild's main thread sends them while the unit is built, and the
 *   views are made while it checks and writes the unit's TEI;
 * - `render`: render letters, as a page worker does (letters.ts renderLetters, which lends it this thread).
 */
export type UnitWorkerRequest = { kind: 'unit'; input: UnitInput } | { kind: 'prepare' } | { kind: 'render-ahead'; jobs: LetterJob[] } | { kind: 'render'; start: WorkerStart };

/** The TEI this thread wrote for its last unit, by file name. */
let lastTexts = new Map<string, string>();

/* eslint-disable @typescript-eslint/no-require-imports -- each request loads what it needs, when first asked */
parentPort?.on('message', (request: UnitWorkerRequest) => {
  if (request.kind === 'unit') {
    lastTexts = new Map();
    try {
      const value = (require('./units') as typeof import('./units')).buildAndCheckUnit(request.input);
      lastTexts = new Map(value.documents.map((d) => [d.fileName, d.xml]));
      parentPort!.postMessage({ ok: true, value });
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
  } else if (request.kind === 'render-ahead') {
    (require('../render/letters') as typeof import('../render/letters')).renderLetterViewsAhead(request.jobs, lastTexts);
  } else if (request.kind === 'render') {
    (require('../render/letters') as typeof import('../render/letters')).renderClaimedLetters(request.start, (m) => parentPort!.postMessage(m));
  }
});
