/**
 * The heap's growth between full collections is bounded for the teikit
 * process (src/io/v8-heap.ts). V8's flags are the whole process's, so each
 * case runs in a child process on the compiled library. A heap that keeps a
 * live set and allocates short-lived objects fast (as the XSLT engine does)
 * is collected well before V8's own factor would let it grow to.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const LIB = path.join(ROOT, 'dist-lib', 'src', 'io', 'v8-heap.js');

/** In a child: bound the growth (when `bound`), keep ~90 MB live, churn through garbage that lives a few young collections; the largest heap seen. */
function run(nodeArgs: string[], bound: boolean): { bounded: boolean; maxHeapMb: number; liveMb: number } {
  const script = `
    const v8 = require('node:v8');
    const bounded = ${bound} ? require(${JSON.stringify(LIB)}).boundHeapGrowth() : false;
    const live = [];
    for (let i = 0; i < 1000000; i++) live.push({ i, s: 'live ' + i });
    let max = 0;
    // each round's objects are kept for 4 rounds: many survive young collections and reach the old generation
    const ring = [];
    for (let round = 0; round < 2000; round++) {
      const batch = [];
      for (let i = 0; i < 8000; i++) batch.push({ round, i, text: 'x' + i, list: [i, round] });
      ring.push(batch);
      if (ring.length > 4) ring.shift();
      max = Math.max(max, v8.getHeapStatistics().total_heap_size);
    }
    global.gc();
    console.log(JSON.stringify({ bounded, maxHeapMb: max / 1e6, liveMb: v8.getHeapStatistics().used_heap_size / 1e6, keep: live.length }));`;
  return JSON.parse(execFileSync(process.execPath, ['--expose-gc', ...nodeArgs, '-e', script], { encoding: 'utf8' }).trim());
}

describe('bounded heap growth', () => {
  test('bounded, the heap stays nearer its live size than with V8 left to its own factor', () => {
    expect(fs.existsSync(LIB)).toBe(true);
    const free = run([], false);
    const bounded = run([], true);
    expect(bounded.bounded).toBe(true);
    expect(free.bounded).toBe(false);
    // the same program keeps the same live set either way
    expect(Math.abs(bounded.liveMb - free.liveMb)).toBeLessThan(10);
    // (V8's own factor let this program's heap reach 530-600 MB, bounded 135-310 MB)
    expect(bounded.maxHeapMb).toBeLessThan(0.8 * free.maxHeapMb);
  });

  test('a process started with its own growing factor keeps it', () => {
    expect(run(['--heap-growing-percent=300'], true).bounded).toBe(false);
    expect(run(['--heap_growing_percent=300'], true).bounded).toBe(false);
  });

  test('the command line bounds it before anything else runs', () => {
    const bin = fs.readFileSync(path.join(ROOT, 'bin', 'teikit.js'), 'utf8');
    expect(bin.indexOf('boundHeapGrowth()')).toBeGreaterThan(0);
    expect(bin.indexOf('boundHeapGrowth()')).toBeLessThan(bin.indexOf('.main(process.argv)'));
  });
});
