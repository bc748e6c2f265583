import { parentPort } from 'node:worker_threads';
import { renderClaimedLetters, type WorkerStart } from './letters';

/** Worker thread: renders the reading and parallel pages of the letters it claims (letters.ts), then says it has finished. */
parentPort?.once('message', (start: WorkerStart) => renderClaimedLetters(start, (m) => parentPort!.postMessage(m)));
