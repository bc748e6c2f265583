import * as path from 'node:path';
import type { Command } from 'commander';
import { buildEdition } from '../../edition/build';
import { findEditions } from '../../edition/manifest';
import { fail } from '../../model/diagnostics';
import type { SetExit } from './index';

export function register(program: Command, setExit: SetExit): void {
  program
    .command('build')
    .description('build editions (default: every edition under editions/) into dist/<edition>/')
    .argument('[edition-dir...]', 'edition folders holding an edition.json')
    .option('-o, --out <dir>', 'output root', 'dist')
    .option('-j, --jobs <n>', 'worker threads (default: the number of CPUs)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new Error(`--jobs: expected a whole number ≥ 1, got "${v}"`);
      return n;
    })
    .option('--force', 'rebuild everything, even what did not change')
    .option('--no-render', 'write TEI (and corpus, DTS) only: no HTML, print view or PDF')
    .option('--no-pdf', 'no PDF (the HTML and print view are still rendered)')
    .option('--timings', 'print the wall time of each stage')
    .action(async (dirs: string[], opts: { out: string; jobs?: number; force?: boolean; render: boolean; pdf: boolean; timings?: boolean }) => {
      const list = dirs.length > 0 ? dirs : findEditions('editions');
      if (list.length === 0) fail(path.resolve('editions'), 'build/no-editions', 'no edition folders (with an edition.json) found');
      for (const dir of list) {
        const r = await buildEdition(dir, { outDir: opts.out, jobs: opts.jobs, force: opts.force, render: opts.render, pdf: opts.pdf, progress: true, log: (m) => process.stderr.write(`teikit: ${m}\n`) });
        if (opts.timings) for (const t of r.timings) process.stderr.write(`teikit: ${r.edition.manifest.id}: ${(t.ms / 1000).toFixed(2).padStart(8)} s ${String(Math.round(t.rss / 2 ** 20)).padStart(6)} MiB RSS  ${t.stage}\n`);
      }
      setExit(0);
    });
}
