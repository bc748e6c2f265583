/**
 * How far V8 optimizes this process's code, for a run known to be short.
 *
 * V8 runs code in its interpreter, then compiles hot functions with its
 * baseline compiler (Sparkplug) and the hottest again with its optimizing
 * compiler (TurboFan). TurboFan's code is several times faster, but making it
 * costs CPU time, on helper threads that compete with the build's own for a
 * small machine's cores. A long build earns that back many times; a rebuild
 * of one letter ends before it does. On the 1,000-letter benchmark edition, a
 * command-line rebuild of one changed source took 0.83–0.87 s with V8 stopped
 * at the baseline tier, against 0.93–1.00 s with TurboFan; up to 16 changed
 * sources the baseline tier was still faster, from 64 on it was slower (see
 * docs/benchmarks.md). This is the same trade as the JVM's
 * `-XX:TieredStopAtLevel=1` for short-lived programs.
 *
 * V8's flags belong to the whole process (every thread), so only the owner of
 * the process may lower the tier: the command line does, for a build that
 * does not watch. Whoever lowered it raises it again as soon as the run turns
 * out long, and at its end. A process started with flags of its own about
 * V8's compilers (in its arguments or NODE_OPTIONS) is left as it was.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/** Up to this many letters (units) to build or render, a run stays at the baseline tier. */
export const BASELINE_TIER_MAX_LETTERS = 16;

const COMPILER_FLAG = /^--(?:no-)?(?:opt|turbofan|maglev|sparkplug|jitless|always-sparkplug)(?:=|$)|^--max-opt(?:=|$)/;

let lowered = false;

/** Did the process start with flags of its own about V8's compilers? */
function compilerFlagsGiven(): boolean {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return given.some((a) => COMPILER_FLAG.test(a.replace(/_/g, '-')));
}

/**
 * Stop V8 at its baseline compiler, for a run expected to be short (the
 * caller owns the process). Returns whether it did.
 */
export function lowerTierForShortRun(): boolean {
  if (lowered || compilerFlagsGiven()) return false;
  v8.setFlagsFromString('--max-opt=1');
  lowered = true;
  return true;
}

/** Let V8 optimize fully again (after lowerTierForShortRun; otherwise nothing). */
export function restoreFullTier(): void {
  if (!lowered) return;
  // --max-opt below 3 also turns TurboFan off: both are set back to V8's defaults
  v8.setFlagsFromString('--max-opt=999');
  v8.setFlagsFromString('--turbofan');
  lowered = false;
}

/** Is the tier lowered now (by this thread's lowerTierForShortRun)? */
export function tierLowered(): boolean {
  return lowered;
}

/**
 * The hash V8 stamps on code it keeps (vm.Script#createCachedData) for the
 * flags in force now, as hex: V8 rejects kept code made under other flags. It
 * is read from the header of the code kept for a one-character script.
 */
export function v8FlagHash(): string {
  return new vm.Script('0', { filename: 'teikit-v8-flag-probe' }).createCachedData().subarray(12, 16).toString('hex');
}
