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
    .action(async (dirs: string[], opts: { out: string; jobs?: number; force?: boolean }) => {
      const list = dirs.length > 0 ? dirs : findEditions('editions');
      if (list.length === 0) fail(path.resolve('editions'), 'build/no-editions', 'no edition folders (with an edition.json) found');
      for (const dir of list) {
        await buildEdition(dir, { outDir: opts.out, jobs: opts.jobs, force: opts.force, progress: true, log: (m) => process.stderr.write(`teikit: ${m}\n`) });
      }
      setExit(0);
    });
}
