/**
 * How far V8 lets a heap grow between full collections, for the teikit
 * process.
 *
 * After each full collection V8 sets the size at which the next one starts:
 * the live size times a factor it picks between 1.1 and 4, the larger the
 * faster the program allocates. The XSLT engine allocates fast, nearly all of
 * it short-lived, so a long build got the factor of 4: rendering 3,000
 * letters, the main thread's heap reached 1.1 GB of mostly garbage before V8
 * collected it (262 MB live after), and the process peaked at 1.55 GB. With
 * the factor fixed at 2 (`--heap-growing-percent=100`) it peaked at 1.24 GB,
 * in the same time; at 1,000 letters 752–771 MB against 805–820 MB (see
 * docs/benchmarks.md). A heap then stays within about twice what it holds.
 *
 * A short run (a rebuild of one letter) is better off without it: it loads
 * its tools and ends, and the bound only adds full collections to it (0.06 s
 * of CPU time in a rebuild on the benchmark edition). So a build sets it once
 * it knows it is long (more than 16 units), like V8's full tier
 * (io/v8-tier.ts), and leaves it set: the heap stays bounded for the rest of
 * the process.
 *
 * V8's flags belong to the whole process (every thread), so only its owner
 * sets this: the command line's build (BuildOptions.ownsProcess). A process
 * started with its own `--heap-growing-percent` keeps it (Node takes it only
 * as an argument, not in NODE_OPTIONS).
 */
import * as v8 from 'node:v8';

/** The heap may grow to (1 + this / 100) times its live size before V8 collects it fully. */
export const HEAP_GROWING_PERCENT = 100;

const GROWING_FLAG = /^--heap-growing-percent(?:=|$)/;

/** Did the process start with its own heap growing factor? */
function growingFlagGiven(): boolean {
  return process.execArgv.some((a) => GROWING_FLAG.test(a.replace(/_/g, '-')));
}

let bounded = false;

/** Bound the heap's growth between full collections (see above); returns whether it is bounded now (the caller owns the process). */
export function boundHeapGrowth(): boolean {
  if (bounded) return true;
  if (growingFlagGiven()) return false;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  bounded = true;
  return true;
}

/** Has boundHeapGrowth bounded it in this process? */
export function heapGrowthBounded(): boolean {
  return bounded;
}
