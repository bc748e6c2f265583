/**
 * The heap's growth between full collections is bounded for the teikit
 * process (src/io/v8-heap.ts). V8's flags are the whole process's, so each
 * case runs in a child process on the compiled library, V8 tracing the limit
 * it sets for its next full collection and the factor it used. A build
 * bounds it once it knows it is long, when its caller owns the process.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { manyLetterEdition } from '../helpers/many-edition';

const ROOT = path.resolve(__dirname, '..', '..');
const LIB = path.join(ROOT, 'dist-lib', 'src', 'io', 'v8-heap.js');
const HEAP_GROWING_PERCENT = 100; // src/io/v8-heap.ts


/** In a child (V8 tracing its heap limits): bound the growth (when `bound`), keep some objects, collect fully; the growing factors V8 used. */
function run(nodeArgs: string[], bound: boolean): { bounded: boolean; factors: number[] } {
  const script = `
    const bounded = ${bound} ? require(${JSON.stringify(LIB)}).boundHeapGrowth() : false;
    process.stderr.write('BOUNDED ' + bounded + '\\n');
    const live = [];
    for (let i = 0; i < 300000; i++) live.push({ i, s: 'live ' + i });
    global.gc();
    global.gc();
    process.stdout.write(String(live.length));`;
  const r = spawnSync(process.execPath, ['--expose-gc', '--trace-gc-verbose', ...nodeArgs, '-e', script], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  // V8 prints "[HeapController] Limit: old size: … KB, new limit: … KB (<factor>)" when it sets the next collection's limit
  // (the process is too small for a full collection before the script runs: every one traced is the script's)
  const factors = [...r.stdout.matchAll(/\[HeapController\] Limit: .*\(([\d.]+)\)/g)].map((m) => Number(m[1]));
  return { bounded: /BOUNDED true/.test(r.stderr), factors };
}

describe('bounded heap growth', () => {
  test('bounded, V8 sets each next limit at twice the live size; left alone, at its own factor', () => {
    expect(fs.existsSync(LIB)).toBe(true);
    const bounded = run([], true);
    expect(bounded.bounded).toBe(true);
    expect(bounded.factors.length).toBeGreaterThanOrEqual(2);
    expect(new Set(bounded.factors)).toEqual(new Set([1 + HEAP_GROWING_PERCENT / 100]));
    const free = run([], false);
    expect(free.bounded).toBe(false);
    expect(free.factors.length).toBeGreaterThanOrEqual(2);
    expect(free.factors.some((f) => f !== 2)).toBe(true);
  });

  test('a process started with its own growing factor keeps it', () => {
    for (const flag of ['--heap-growing-percent=300', '--heap_growing_percent=300']) {
      const r = run([flag], true);
      expect(r.bounded).toBe(false);
      expect(new Set(r.factors)).toEqual(new Set([4]));
    }
  });

  test('a long build bounds it when its caller owns the process; a short one does not', () => {
    const script = `
      const h = require(${JSON.stringify(LIB)});
      const { buildEdition } = require(${JSON.stringify(path.join(ROOT, 'dist-lib', 'src', 'edition', 'build.js'))});
      (async () => {
        const seen = [];
        for (const [dir, ownsProcess] of process.argv.slice(1).map((a) => a.split('|'))) {
          await buildEdition(dir, { outDir: dir + '/out', render: false, pdf: false, ownsProcess: ownsProcess === 'yes' });
          seen.push(h.heapGrowthBounded());
        }
        console.log(JSON.stringify(seen));
      })();`;
    const one = manyLetterEdition(1);
    // one letter, then 17 letters without owning the process, then 17 others owning it
    const seen = JSON.parse(execFileSync(process.execPath, ['-e', script, `${one}|yes`, `${manyLetterEdition(17)}|no`, `${manyLetterEdition(17)}|yes`], { encoding: 'utf8' }).trim());
    expect(seen).toEqual([false, false, true]);
  }, 120000);
});
