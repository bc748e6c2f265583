/**
 * `make bench`: the whole pipeline on N = 10, 100, 1000 generated letters
 * (10,000 when the measured run so far says it fits in ten minutes), the
 * peers on the same files, and the report (docs/benchmarks.md sections
 * `## Pipeline` and `## Peers`, docs/benchmarks-stages.svg).
 *
 *     node dist-lib/bench/run.js                 # the full run
 *     TEIKIT_BENCH_N=10,100 node dist-lib/bench/run.js   # chosen sizes only
 *     TEIKIT_BENCH_DIR=/tmp/x …                  # work folder (default: <tmp>/teikit-bench)
 *     TEIKIT_BENCH_NO_DOCS=1 …                   # do not write docs/
 *
 * Each size is measured in a fresh Node process (`run.js --measure …`), so
 * one size's memory does not carry into the next.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../src/io/atomic-write';
import { PROJECT_ROOT } from '../src/paths';
import { formatDiagnostic, TeikitError } from '../src/model/diagnostics';
import { compileStylesheets } from '../src/render/sef';
import { DEFAULT_SEED, defaultRegisterFile, generateCorpus, generateCorpusEdition, letterId } from './generate-corpus';
import { machineInfo } from './machine';
import { jingTeiAll, pandocToTei, peerVersions, runTimed, saxonReading, xmllintParse, type RunResult } from './peers';
import { chartSvg, peersSection, pipelineMs, pipelineSection, ratioLines, replaceSections, SVG_NAME, type BenchReport, type CliBuild, type PointResult } from './report';
import { measurePipeline, type MeasureResult } from './stages';

const BUDGET_MS = 10 * 60 * 1000;
/** The end-to-end build of a size runs when the previous size projects it under this. */
const CLI_CAP_MS = 360 * 1000;
/** Sizes built end to end only, after the 1,000 letters, for how time and memory grow with N (while they fit in BUDGET_MS). */
const GROWTH_SIZES = [3000, 10_000];
const log = (m: string): void => {
  process.stderr.write(`bench: ${m}\n`);
};

/** Child mode: measure the pipeline on the first n letters of the corpus, write the result as JSON. */
async function child(args: string[]): Promise<void> {
  const [corpusDir, n, outDir, resultFile] = args;
  const dirs = Array.from({ length: Number(n) }, (_x, i) => path.join(corpusDir, letterId(i)));
  const result = await measurePipeline(dirs, outDir);
  writeFileAtomic(resultFile, JSON.stringify(result));
}

async function measureSize(corpusDir: string, n: number, work: string): Promise<{ measure: MeasureResult; childMs: number; childMaxRss?: number }> {
  const outDir = path.join(work, `n${n}`);
  const resultFile = path.join(work, `n${n}.json`);
  fs.rmSync(resultFile, { force: true });
  const r = await runTimed(process.execPath, [__filename, '--measure', corpusDir, String(n), outDir, resultFile]);
  if (r.code !== 0 || !fs.existsSync(resultFile)) {
    throw new Error(`measuring N=${n} failed (exit ${r.code}):\n${r.stderr.trim()}`);
  }
  return { measure: JSON.parse(fs.readFileSync(resultFile, 'utf8')) as MeasureResult, childMs: r.ms, childMaxRss: r.maxRss };
}

/** `teikit build --no-pdf` as users run it, on one edition folder (`extra`: more of its options). */
function teikitBuild(editionDir: string, outDir: string, extra: string[] = [], treeRss = false): ReturnType<typeof runTimed> {
  return runTimed(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'teikit.js'), 'build', '--no-pdf', ...extra, '-o', outDir, editionDir], { cwd: PROJECT_ROOT, treeRss });
}

/**
 * `teikit build --no-pdf --watch` on an edition already built into outDir: after it says it is watching,
 * `edits` times one more sentence is added to `victim` and the time of the rebuild it reports ("rebuilt in N ms")
 * is taken, with the wall time from the write to that message (which adds the watcher's 100 ms quiet time).
 * The source is put back at the end.
 */
async function watchRebuilds(editionDir: string, outDir: string, victim: string, edits: number): Promise<{ ms: number[]; wallMs: number[]; summary?: string } | { reason: string }> {
  const { spawn } = await import('node:child_process');
  const original = fs.readFileSync(victim, 'utf8');
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'teikit.js'), 'build', '--no-pdf', '--watch', '-o', outDir, editionDir], { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const waiters: Array<{ re: RegExp; resolve: (m: RegExpExecArray) => void }> = [];
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
    for (const w of [...waiters]) {
      const m = w.re.exec(stderr);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  const next = (re: RegExp, timeoutMs: number): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${re.source}" within ${timeoutMs / 1000} s: ${lastLines(stderr, 2)}`)), timeoutMs);
      waiters.push({ re, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  const ms: number[] = [];
  const wallMs: number[] = [];
  let summary: string | undefined;
  try {
    await next(/watching .* for changes/, 600_000);
    for (let k = 1; k <= edits; k++) {
      stderr = '';
      const edited = original.replace(/(\n\n(?!#)[^\n]{80,}[.!?])(\n)/u, `$1 Это предложение номер ${k} добавлено для проверки повторной сборки.$2`);
      if (edited === original) throw new Error(`cannot edit ${victim} for the watch measurement`);
      const t = performance.now();
      fs.writeFileSync(victim, edited);
      const m = await next(/rebuilt in (\d+) ms .*\((\d+ built, \d+ unchanged)\)/, 120_000);
      wallMs.push(performance.now() - t);
      ms.push(Number(m[1]));
      summary = m[2];
      // the watcher's quiet time, and a pause, before the next edit
      await new Promise((r) => setTimeout(r, 500));
    }
    return { ms, wallMs, summary };
  } catch (err) {
    return { reason: (err as Error).message };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await exited;
    }
    fs.writeFileSync(victim, original);
  }
}

/** The build's own account of its work ("… (1 built, 999 unchanged)"), from its log. */
function buildSummary(stderr: string): string | undefined {
  return stderr
    .split('\n')
    .map((l) => /\((\d+ built, \d+ unchanged)\)/.exec(l)?.[1])
    .find(Boolean);
}

function lastLines(text: string, n = 3): string {
  return text.trim().split('\n').slice(-n).join(' | ');
}

/** A build from nothing, with its stages' times (`--timings`) and the peak of all its processes together. */
async function cliBuild(editionDir: string, outDir: string, extra: string[] = []): Promise<CliBuild> {
  fs.rmSync(outDir, { recursive: true, force: true });
  const r = await teikitBuild(editionDir, outDir, ['--timings', ...extra], true);
  if (r.code !== 0) log(`teikit build exited ${r.code}: ${lastLines(r.stderr)}`);
  return { ms: r.ms, maxRss: r.maxRss, maxTreeRss: r.maxTreeRss, code: r.code, summary: r.code === 0 ? buildSummary(r.stderr) : lastLines(r.stderr, 2), stages: buildTimings(r.stderr), options: extra };
}

/** The stages of `teikit build --timings`: "<id>:   12.34 s    567 MiB RSS  <stage>". */
function buildTimings(stderr: string): CliBuild['stages'] {
  const stages: NonNullable<CliBuild['stages']> = [];
  for (const line of stderr.split('\n')) {
    const m = /^teikit: [^:]+:\s+([\d.]+) s\s+(\d+) MiB RSS\s+(.*)$/.exec(line);
    if (m) stages.push({ stage: m[3], ms: Number(m[1]) * 1000, rssMiB: Number(m[2]) });
  }
  return stages;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const elapsed = (): number => performance.now() - t0;
  const work = process.env.TEIKIT_BENCH_DIR ?? path.join(os.tmpdir(), 'teikit-bench');
  const chosen = process.env.TEIKIT_BENCH_N?.split(',').map((x) => Number(x.trim()));
  if (chosen && chosen.some((x) => !Number.isInteger(x) || x < 1)) throw new Error(`TEIKIT_BENCH_N="${process.env.TEIKIT_BENCH_N}": expected comma-separated positive integers`);
  const sizes = chosen ?? [10, 100, 1000];
  const seed = DEFAULT_SEED;
  fs.mkdirSync(work, { recursive: true });
  // the builds an earlier run left are removed now, not right before a timed build: the file system's work of freeing
  // hundreds of megabytes (discarding their blocks) slowed the writes of a build that followed it at once
  for (const e of fs.readdirSync(work)) if (/^n\d+$/.test(e)) fs.rmSync(path.join(work, e), { recursive: true, force: true });
  const corpusDir = path.join(work, 'corpus');

  log(`machine and versions`);
  const machine = machineInfo();
  const versions = peerVersions();

  log('compiling the stylesheets (cached)');
  compileStylesheets();

  const maxN = Math.max(...sizes);
  log(`generating ${maxN} letters in ${corpusDir}`);
  let tg = performance.now();
  let corpus = generateCorpus({ n: maxN, seed, outDir: corpusDir, registerFile: defaultRegisterFile() });
  let corpusMs = performance.now() - tg;

  log('warm-up run on one letter (compiles and caches the Schematron)');
  await measureSize(corpusDir, 1, work);

  const points: PointResult[] = [];
  const notRun: string[] = [];
  const runSize = async (n: number): Promise<PointResult> => {
    log(`N=${n}: pipeline`);
    const m = await measureSize(corpusDir, n, work);
    log(`N=${n}: pipeline ${(pipelineMs({ measure: m.measure } as PointResult) / 1000).toFixed(2)} s; peers`);
    const outDir = path.join(work, `n${n}`);
    const peers = [
      await jingTeiAll(m.measure.teiFiles),
      await xmllintParse(m.measure.teiFiles),
      await pandocToTei(corpus.markdown.slice(0, n), path.join(outDir, 'pandoc')),
      await saxonReading(path.join(outDir, 'tei'), path.join(outDir, 'saxon'), m.measure.teiFiles.length),
    ];
    return { n, measure: m.measure, childMs: m.childMs, childMaxRss: m.childMaxRss, peers, cli: {} };
  };
  for (const n of sizes) points.push(await runSize(n));

  // 10,000 only when the run so far says it fits in the budget
  if (!chosen && maxN === 1000) {
    const big = 10_000;
    const p = points[points.length - 1];
    const perLetter = (p.childMs + p.peers.reduce((a, x) => a + (x.ms ?? 0), 0)) / p.n;
    const projected = perLetter * big + (corpusMs / maxN) * (big - maxN);
    if (elapsed() + projected < BUDGET_MS) {
      log(`N=${big}: projected ${(projected / 1000).toFixed(0)} s, within the budget`);
      tg = performance.now();
      corpus = generateCorpus({ n: big, seed, outDir: corpusDir, registerFile: defaultRegisterFile() });
      corpusMs += performance.now() - tg;
      points.push(await runSize(big));
    } else {
      notRun.push(
        `N = ${big} not run: at N = ${p.n} the pipeline and peers took ${(perLetter).toFixed(1)} ms per letter, so N = ${big} would take about ${(projected / 1000).toFixed(0)} s more after ${(elapsed() / 1000).toFixed(0)} s spent; the whole run must fit in ${BUDGET_MS / 60000} minutes.`,
      );
    }
  }

  // teikit build end to end on the same N letters as one edition, for each size while the
  // projection from the previous size fits in CLI_CAP_MS
  let lastCli: { n: number; ms: number; dir: string; markdown: string[] } | undefined;
  let rebuild: BenchReport['rebuild'];
  for (const p of points) {
    const projected = lastCli ? (lastCli.ms / lastCli.n) * p.n : 0;
    if (lastCli && projected > CLI_CAP_MS) {
      p.cli = { reason: `projected ${(projected / 1000).toFixed(0)} s from the ${(lastCli.ms / 1000).toFixed(1)} s measured at N = ${lastCli.n}; the run builds end to end only up to ${CLI_CAP_MS / 1000} s` };
      continue;
    }
    const ed = generateCorpusEdition({ n: p.n, seed, outDir: path.join(work, 'editions'), registerFile: defaultRegisterFile() });
    log(`N=${p.n}: teikit build ${path.relative(work, ed.dir)}`);
    p.cli = await cliBuild(ed.dir, path.join(work, `n${p.n}`, 'build'));
    if (p.cli.ms !== undefined && p.cli.code === 0) lastCli = { n: p.n, ms: p.cli.ms, dir: ed.dir, markdown: ed.markdown };
  }
  // the largest build again with SaxonJS only (no Java for the letters' views), as where Saxon-HE is not installed
  if (lastCli) {
    const p = points.find((x) => x.n === lastCli!.n)!;
    log(`N=${p.n}: teikit build --xslt-engine saxon-js`);
    p.cliSaxonJs = await cliBuild(lastCli.dir, path.join(work, `n${p.n}`, 'build-saxon-js'), ['--xslt-engine', 'saxon-js']);
    fs.rmSync(path.join(work, `n${p.n}`, 'build-saxon-js'), { recursive: true, force: true });
  }
  if (lastCli) {
    // edit one source, build again into the same output, put the source back
    const { n, dir, markdown } = lastCli;
    const victim = markdown[Math.floor(n / 2)];
    const original = fs.readFileSync(victim, 'utf8');
    const outDir = path.join(work, `n${n}`, 'build');
    const before = new Map<string, number>();
    const walk = (d: string, f: (p: string) => void): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) (e.isDirectory() ? walk(path.join(d, e.name), f) : f(path.join(d, e.name)));
    };
    // control: a build with nothing changed must reuse every unit; teikit's code fingerprint covers
    // src/, so an edit to teikit itself during the run invalidates the cache — then try again
    let control: RunResult | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      log(`N=${n}: rebuild with nothing changed`);
      control = await teikitBuild(dir, outDir);
      if (control.code !== 0 || /^0 built/.test(buildSummary(control.stderr) ?? '')) break;
    }
    walk(outDir, (f) => before.set(f, fs.statSync(f).mtimeMs));
    try {
      // one more sentence at the end of the first body paragraph
      const edited = original.replace(/(\n\n(?!#)[^\n]{80,}[.!?])(\n)/u, '$1 Это предложение добавлено для проверки повторной сборки.$2');
      if (edited === original) throw new Error(`cannot edit ${victim} for the rebuild measurement`);
      fs.writeFileSync(victim, edited);
      log(`N=${n}: rebuild after editing ${path.relative(work, victim)}`);
      const r = await teikitBuild(dir, outDir);
      let changed = 0;
      // rewritten files per output folder (<edition>/<folder>/…)
      const byFolder = new Map<string, { all: number; rewritten: number }>();
      walk(outDir, (f) => {
        const parts = path.relative(outDir, f).split(path.sep);
        const folder = parts.length > 2 ? parts[1] : '(edition root)';
        const c = byFolder.get(folder) ?? { all: 0, rewritten: 0 };
        c.all++;
        if (before.get(f) !== fs.statSync(f).mtimeMs) {
          changed++;
          c.rewritten++;
        }
        byFolder.set(folder, c);
      });
      const folders = [...byFolder.entries()]
        .sort((a, b) => (a[0] < b[0] ? -1 : 1))
        .map(([k, v]) => `${k === '(edition root)' ? 'edition root' : `${k}/`} ${v.rewritten} of ${v.all}`)
        .join(', ');
      // then the same source edited again, twice, from the command line: one sample says little on a shared machine
      const more: number[] = [];
      if (r.code === 0) {
        let text = edited;
        for (const sentence of AGAIN_SENTENCES) {
          text = text.replace(/(повторной сборки\.)/u, `$1 ${sentence}`);
          fs.writeFileSync(victim, text);
          log(`N=${n}: rebuild after editing ${path.relative(work, victim)} again`);
          const again = await teikitBuild(dir, outDir);
          if (again.code !== 0 || again.ms === undefined) break;
          more.push(again.ms);
        }
      }
      rebuild =
        r.code === 0
          ? {
              n,
              ms: r.ms,
              more,
              written: `${changed} of ${before.size} output files rewritten (${folders})${buildSummary(r.stderr) ? `; the build reports ${buildSummary(r.stderr)}` : ''}`,
              control: control && control.code === 0 ? { ms: control.ms, summary: buildSummary(control.stderr) ?? '' } : undefined,
            }
          : { n, reason: `teikit build exited ${r.code}: ${lastLines(r.stderr, 2)}` };
    } finally {
      fs.writeFileSync(victim, original);
    }
    log(`N=${n}: rebuilds in one \`teikit build --watch\` process`);
    const watched = await watchRebuilds(dir, outDir, victim, 3);
    if (rebuild) rebuild.watch = 'reason' in watched ? { reason: watched.reason } : watched;
  }

  // end to end at more letters than the pipeline runs: how time and memory grow with N beyond 1,000 letters, at each
  // size while the projection from the last build fits in the run's budget (each output removed after)
  const growth: NonNullable<BenchReport['growth']> = [];
  if (!chosen && lastCli?.n === 1000) {
    let from = { n: lastCli.n, ms: lastCli.ms };
    for (const big of GROWTH_SIZES) {
      const projected = (from.ms / from.n) * big;
      if (elapsed() + projected > BUDGET_MS) {
        growth.push({ n: big, cli: { reason: `projected ${(projected / 1000).toFixed(0)} s from the ${(from.ms / 1000).toFixed(1)} s measured at N = ${from.n}, after ${(elapsed() / 1000).toFixed(0)} s spent; the whole run must fit in ${BUDGET_MS / 60000} minutes` } });
        break;
      }
      const ed = generateCorpusEdition({ n: big, seed, outDir: path.join(work, 'editions'), registerFile: defaultRegisterFile() });
      log(`N=${big}: teikit build ${path.relative(work, ed.dir)} (end to end only)`);
      const out = path.join(work, `n${big}`, 'build');
      const cli = await cliBuild(ed.dir, out);
      fs.rmSync(out, { recursive: true, force: true });
      growth.push({ n: big, cli });
      if (cli.ms === undefined || cli.code !== 0) break;
      from = { n: big, ms: cli.ms };
    }
  }

  const report: BenchReport = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    seed,
    machine,
    peerVersions: versions,
    corpus: { letters: corpus.dirs.length, ms: corpusMs, sourceBytes: corpus.sourceBytes, lexicon: corpus.lexicon },
    points,
    notRun,
    rebuild,
    growth,
    totalMs: elapsed(),
    loadAtEnd: os.loadavg()[0],
  };
  fs.writeFileSync(path.join(work, 'report.json'), JSON.stringify(report, null, 1));
  for (const line of ratioLines(report)) process.stdout.write(`${line}\n`);
  for (const p of points) process.stdout.write(`N=${p.n}: pipeline ${(pipelineMs(p) / 1000).toFixed(2)} s, ${((1000 * p.measure.documents) / pipelineMs(p)).toFixed(1)} documents/s, peak RSS ${Math.round(p.measure.peakRss / 2 ** 20)} MB\n`);
  if (process.env.TEIKIT_BENCH_NO_DOCS) return;
  const docs = path.join(PROJECT_ROOT, 'docs');
  const mdFile = path.join(docs, 'benchmarks.md');
  const current = fs.existsSync(mdFile) ? fs.readFileSync(mdFile, 'utf8') : '# Benchmarks\n\nMeasured, never estimated: every figure comes from a `make bench` run on the machine named with it.\n';
  writeFileAtomic(mdFile, replaceSections(current, [pipelineSection(report), peersSection(report)]));
  writeFileAtomic(path.join(docs, SVG_NAME), chartSvg(report));
  log(`wrote docs/benchmarks.md (## Pipeline, ## Peers) and docs/${SVG_NAME} in ${(elapsed() / 1000).toFixed(0)} s`);
}

/** Sentences added one after the other for the further command-line rebuilds (words the generated letters never use). */
const AGAIN_SENTENCES = ['Вторая правка вносит ещё несколько незнакомых слов.', 'Третья правка завершает проверку повторной сборки.'];

const run = process.argv[2] === '--measure' ? child(process.argv.slice(3)) : main();
run.catch((err: unknown) => {
  if (err instanceof TeikitError) for (const d of err.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
  else process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
