/**
 * V8 at its baseline tier for a short run (src/io/v8-tier.ts). V8's flags are
 * the whole process's, so each case runs in a child process on the compiled
 * library, as the CLI loads it; V8's own report on a function
 * (%GetOptimizationStatus, with --allow-natives-syntax) says whether it was
 * optimized.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const LIB = path.resolve(__dirname, '..', '..', 'dist-lib', 'src', 'io', 'v8-tier.js');

/** In a child: lower the tier (when `lower`), ask V8 to optimize a new function, restore, ask again. */
function run(nodeArgs: string[], lower: boolean): { lowered: boolean; optimizedLowered: boolean; optimizedAfter: boolean; hashes: string[] } {
  const script = `
    const t = require(${JSON.stringify(LIB)});
    // V8 optimizes a function on its next call when asked; bit 16 of its status: optimized code
    const optimized = () => {
      const f = new Function('n', 'let s = 0; for (let i = 0; i < n; i++) s += (i * 7) % 13; return s;');
      %PrepareFunctionForOptimization(f); f(10); f(10); %OptimizeFunctionOnNextCall(f); f(10);
      return (%GetOptimizationStatus(f) & 16) !== 0;
    };
    const hashes = [t.v8FlagHash()];
    const lowered = ${lower} ? t.lowerTierForShortRun() : false;
    hashes.push(t.v8FlagHash());
    const optimizedLowered = optimized();
    t.restoreFullTier();
    hashes.push(t.v8FlagHash());
    console.log(JSON.stringify({ lowered, optimizedLowered, optimizedAfter: optimized(), hashes, low: t.tierLowered() }));`;
  return JSON.parse(execFileSync(process.execPath, ['--allow-natives-syntax', ...nodeArgs, '-e', script], { encoding: 'utf8' }).trim());
}

describe('V8 at its baseline tier for a short run', () => {
  test('lowered: nothing is optimized; restored: V8 optimizes again, under the flags it started with', () => {
    expect(fs.existsSync(LIB)).toBe(true);
    const r = run([], true);
    expect(r).toMatchObject({ lowered: true, optimizedLowered: false, optimizedAfter: true, low: false });
    // the flags V8 stamps on kept code differ while lowered, and are the starting ones again after
    expect(r.hashes[1]).not.toBe(r.hashes[0]);
    expect(r.hashes[2]).toBe(r.hashes[0]);
    expect(r.hashes[0]).toMatch(/^[0-9a-f]{8}$/);
  });

  test('not lowered: the process optimizes as usual, and restoring changes nothing', () => {
    const r = run([], false);
    expect(r).toMatchObject({ lowered: false, optimizedLowered: true, optimizedAfter: true });
    expect(new Set(r.hashes).size).toBe(1);
  });

  test('a process started with flags of its own about the compilers is left as it was', () => {
    // --max-opt=1 given: not lowered again, and not "restored" to full optimization either
    expect(run(['--max-opt=1'], true)).toMatchObject({ lowered: false, optimizedLowered: false, optimizedAfter: false });
    expect(run(['--no-opt'], true)).toMatchObject({ lowered: false, optimizedLowered: false, optimizedAfter: false });
  });
});
