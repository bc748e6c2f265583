import * as path from 'node:path';
import type { Command } from 'commander';
import { type BuildResult, buildEdition } from '../../edition/build';
import { watchEdition } from '../../edition/watch';
import { findEditions } from '../../edition/manifest';
import { TeikitError, fail, formatDiagnostic } from '../../model/diagnostics';
import { describeCommand, type SetExit } from './index';
import { SAXON_HE_MIN_LETTERS, XSLT_ENGINES, type XsltEngine } from '../../render/saxon-he';

export function register(program: Command, setExit: SetExit): void {
  program.command('build').description(describeCommand('build'))
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
    .option('--xslt-engine <engine>', `the XSLT processor for the letters' pages: ${XSLT_ENGINES.join(', ')} (auto: Saxon-HE, when installed, for ${SAXON_HE_MIN_LETTERS} letters or more; the pages are the same)`, (v) => {
      if (!(XSLT_ENGINES as readonly string[]).includes(v)) throw new Error(`--xslt-engine: expected one of ${XSLT_ENGINES.join(', ')}, got "${v}"`);
      return v as XsltEngine;
    }, 'auto')
    .option('--timings', 'print the wall time of each stage')
    .option('--watch', 'after building, build again whenever a source, manifest or register changes (in this process: a rebuild costs only what changed); Ctrl-C stops')
    .action(async (dirs: string[], opts: { out: string; jobs?: number; xsltEngine: XsltEngine; force?: boolean; render: boolean; pdf: boolean; timings?: boolean; watch?: boolean }) => {
      const list = dirs.length > 0 ? dirs : findEditions('editions');
      if (list.length === 0) fail(path.resolve('editions'), 'build/no-editions', 'no edition folders (with an edition.json) found');
      const say = (m: string): void => void process.stderr.write(`teikit: ${m}\n`);
      const timings = (r: BuildResult): void => {
        if (opts.timings) for (const t of r.timings) say(`${r.edition.manifest.id}: ${(t.ms / 1000).toFixed(2).padStart(8)} s ${String(Math.round(t.rss / 2 ** 20)).padStart(6)} MiB RSS  ${t.stage}`);
      };
      const build = { outDir: opts.out, jobs: opts.jobs, xsltEngine: opts.xsltEngine, force: opts.force, render: opts.render, pdf: opts.pdf, log: say, ownsProcess: true };
      if (!opts.watch) {
        for (const dir of list) timings(await buildEdition(dir, { ...build, progress: true, shortRun: true }));
        setExit(0);
        return;
      }
      const stop = new AbortController();
      process.once('SIGINT', () => stop.abort());
      process.once('SIGTERM', () => stop.abort());
      let first = list.length;
      await Promise.all(
        list.map((dir) =>
          watchEdition(dir, {
            ...build,
            signal: stop.signal,
            onBuild: ({ result, error, ms, trigger }) => {
              if (result && trigger.length > 0) say(`${result.edition.manifest.id}: rebuilt in ${Math.round(ms)} ms after a change to ${trigger.map((f) => path.relative(process.cwd(), f) || f).join(', ')} (${result.stats.unitsBuilt} built, ${result.stats.unitsReused} unchanged)`);
              if (result) timings(result);
              if (error instanceof TeikitError) for (const d of error.diagnostics) say(formatDiagnostic(d).replace(/^teikit: /, ''));
              else if (error) say(`${dir}: ${error instanceof Error ? error.message : String(error)}`);
              if (error) say(`${dir}: not rebuilt; the previous outputs are as they were. Watching for the next change.`);
            },
            onReady: () => {
              if (--first === 0) say(`watching ${list.length === 1 ? list[0] : `${list.length} editions`} for changes (Ctrl-C to stop)`);
            },
          }),
        ),
      );
      setExit(0);
    });
}
