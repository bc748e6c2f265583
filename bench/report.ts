/**
 * The benchmark report: the `## Pipeline` and `## Peers` sections of
 * docs/benchmarks.md and the chart docs/benchmarks-stages.svg, written from
 * the measurements of one run only. Other sections of docs/benchmarks.md
 * (written by others) are kept as they are.
 */
import { SAXON_HE_MIN_LETTERS } from '../src/render/saxon-he';
import type { MachineInfo } from './machine';
import type { PeerResult } from './peers';
import { STAGES, type MeasureResult, type StageName } from './stages';
import { logLogChart, type Series } from './chart';

export interface CliBuild {
  /** Measured, or why not. */
  ms?: number;
  /** Peak RSS of its largest process (/usr/bin/time). */
  maxRss?: number;
  /** Peak of all its processes' RSS together (Node and the JVMs it starts; sampled every 100 ms). */
  maxTreeRss?: number;
  /** Its stages as `--timings` prints them: wall time and the main process's RSS at each stage's end. */
  stages?: Array<{ stage: string; ms: number; rssMiB: number }>;
  /** Options given besides `--no-pdf --timings`. */
  options?: string[];
  code?: number | null;
  /** The build's account of its work, or the end of its error output. */
  summary?: string;
  reason?: string;
}

export interface PointResult {
  n: number;
  measure: MeasureResult;
  /** Wall time of the whole measuring child process (ms). */
  childMs: number;
  /** Peak RSS of the largest process in the measuring run (Node, or the JVM jing runs in), from /usr/bin/time. */
  childMaxRss?: number;
  peers: PeerResult[];
  cli: CliBuild;
  /** The same build with `--xslt-engine saxon-js` (the largest N only). */
  cliSaxonJs?: CliBuild;
}

export interface BenchReport {
  date: string;
  seed: number;
  machine: MachineInfo;
  peerVersions: Record<string, string>;
  corpus: { letters: number; ms: number; sourceBytes: number; lexicon: string };
  points: PointResult[];
  /** Sizes not run, with the measured reason. */
  notRun: string[];
  /** Builds end to end only, at more letters than the pipeline runs (how time and memory grow with N), or why not. */
  growth?: Array<{ n: number; cli: CliBuild }>;
  rebuild?: {
    n: number;
    ms?: number;
    /** Further rebuilds from the command line, the same source edited again before each (one sentence with new words). */
    more?: number[];
    reason?: string;
    written?: string;
    control?: { ms: number; summary: string };
    /** Rebuilds after one edit each in one `teikit build --watch` process: the build's own time and the wall time from the write to its message. */
    watch?: { ms: number[]; wallMs: number[]; summary?: string } | { reason: string };
  };
  totalMs: number;
  loadAtEnd?: number;
}

/** The target line for the rebuild after one changed source: every command-line rebuild measured, and the watch process's worst. */
export function rebuildTarget(rebuild: NonNullable<BenchReport['rebuild']>): string {
  const w = rebuild.watch && !('reason' in rebuild.watch) ? rebuild.watch : undefined;
  const worst = w ? Math.max(...w.ms) : undefined;
  const cli = rebuild.ms !== undefined ? [rebuild.ms, ...(rebuild.more ?? [])] : [];
  const under = cli.filter((x) => x < 1000).length;
  const verdict = under === cli.length ? 'met' : under === 0 ? 'not met' : `met in ${under} of ${cli.length} rebuilds`;
  const fromCli = cli.length === 0 ? 'not measured' : `${cli.map((x) => s(x)).join(', ')} s — ${verdict}`;
  const inWatch = worst !== undefined ? `at most ${s(worst)} s — ${worst < 1000 ? 'met' : 'not met'}` : 'not measured';
  return `- Rebuild after one changed source under 1 s: from the command line ${fromCli}; in \`teikit build --watch\` ${inWatch}.`;
}

export const SVG_NAME = 'benchmarks-stages.svg';

const s = (ms: number | undefined): string => (ms === undefined ? '–' : ms >= 10_000 ? (ms / 1000).toFixed(1) : (ms / 1000).toFixed(2));
const mb = (b: number | undefined): string => (b === undefined ? '–' : `${Math.round(b / (1024 * 1024))} MB`);
const pct = (a: number, b: number): string => {
  const v = (100 * a) / b;
  return `${v >= 10 ? Math.round(v) : v >= 0.1 ? v.toFixed(1) : v.toFixed(2)} %`;
};
const size = (bytes: number): string => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.round(bytes / 1e3)} kB`);
/** Milliseconds per document. */
const perDoc = (ms: number, docs: number): string => {
  const v = ms / docs;
  return v >= 10 ? v.toFixed(0) : v.toFixed(2);
};
const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined || b === 0 ? '–' : `${(a / b).toFixed(2)}×`);

export function stageMs(p: PointResult, name: StageName): number | undefined {
  const st = p.measure.stages.find((x) => x.name === name);
  return st && st.available ? st.ms : undefined;
}

export function pipelineMs(p: PointResult): number {
  return p.measure.stages.reduce((sum, st) => sum + (st.available ? (st.ms ?? 0) : 0), 0);
}

function peer(p: PointResult, name: string): PeerResult | undefined {
  return p.peers.find((x) => x.name === name);
}

/** Pairs compared: teikit's stage time and the peer's time on the same files. */
export function comparisons(p: PointResult): Array<{ teikit: string; teikitMs?: number; peer: PeerResult | undefined }> {
  const md = p.measure.byFormat['word-md'];
  return [
    { teikit: 'validate (edition RELAX NG + Schematron)', teikitMs: stageMs(p, 'validate'), peer: peer(p, 'jing') },
    { teikit: 'validate (edition RELAX NG + Schematron)', teikitMs: stageMs(p, 'validate'), peer: peer(p, 'xmllint') },
    { teikit: 'read + write TEI, Markdown sources only', teikitMs: md ? md.read + md.write : undefined, peer: peer(p, 'pandoc') },
    { teikit: 'reading page per TEI file (SaxonJS, same stylesheet)', teikitMs: p.measure.readingOnly?.ms, peer: peer(p, 'saxon-he') },
  ];
}

/** Lines printed at the end of a run: the ratios teikit / peer. */
export function ratioLines(report: BenchReport): string[] {
  const lines: string[] = [];
  for (const p of report.points) {
    for (const c of comparisons(p)) {
      if (!c.peer) continue;
      lines.push(
        c.peer.available
          ? `N=${p.n}: teikit ${c.teikit} ${s(c.teikitMs)} s / ${c.peer.name} ${s(c.peer.ms)} s = ${ratio(c.teikitMs, c.peer.ms)}`
          : `N=${p.n}: ${c.peer.name} not measured: ${c.peer.reason}`,
      );
    }
  }
  return lines;
}

export function chartSvg(report: BenchReport): string {
  const series: Series[] = STAGES.map((st) => ({
    label: st.name === 'write' ? 'write TEI' : st.name,
    points: report.points.flatMap((p) => {
      const ms = stageMs(p, st.name);
      return ms === undefined ? [] : [{ x: p.n, y: ms / 1000 }];
    }),
  })).filter((x) => x.points.length > 0);
  series.push({ label: 'whole pipeline', points: report.points.map((p) => ({ x: p.n, y: pipelineMs(p) / 1000 })) });
  const cli = report.points.flatMap((p) => (p.cli.ms !== undefined && p.cli.code === 0 ? [{ x: p.n, y: p.cli.ms / 1000 }] : []));
  if (cli.length) series.push({ label: 'teikit build (end to end)', points: cli });
  for (const name of ['jing', 'xmllint', 'pandoc', 'saxon-he']) {
    const pts = report.points.flatMap((p) => {
      const r = peer(p, name);
      return r?.available && r.ms !== undefined ? [{ x: p.n, y: r.ms / 1000 }] : [];
    });
    if (pts.length) series.push({ label: `peer: ${name}`, points: pts, dashed: true });
  }
  return logLogChart(series, { title: 'teikit: wall time per stage against corpus size', xLabel: 'letters N (2 documents each)', yLabel: 'seconds (log scale)' });
}

function machineLines(r: BenchReport): string[] {
  const m = r.machine;
  const pk = Object.entries(m.packages).map(([k, v]) => `${k} ${v}`).join(', ');
  const peers = Object.values(r.peerVersions).join('; ');
  return [
    `- Machine: ${m.cpu}, ${m.cores} cores, ${(m.memBytes / 1024 ** 3).toFixed(1)} GiB RAM; ${m.os}; 1-minute load average ${m.loadAverage.toFixed(2)} at the start${r.loadAtEnd !== undefined ? ` and ${r.loadAtEnd.toFixed(2)} at the end` : ''} of the run (other work on the machine slows the figures)`,
    `- Software: Node ${m.node}, npm ${m.npm}, teikit ${m.teikit}${m.commit ? ` (commit ${m.commit})` : ''}; ${pk}`,
    `- Peers: ${peers || 'none found'}`,
  ];
}

export function pipelineSection(r: BenchReport): string {
  const out: string[] = [];
  const ns = r.points.map((p) => p.n);
  const last = r.points[r.points.length - 1];
  out.push('## Pipeline', '');
  out.push(
    `Measured by \`node dist-lib/bench/run.js\` (bench/run.ts, what \`make bench\` runs after building) on ${r.date}, seed ${r.seed}; the whole run took ${s(r.totalMs)} s. ` +
      `Every figure below is from that one run; \`make bench\` regenerates this section, the Peers section and the chart.`,
    '',
  );
  out.push(...machineLines(r), '');
  out.push(
    `**Corpus.** bench/generate-corpus.ts wrote ${r.corpus.letters} synthetic letters (${size(r.corpus.sourceBytes)} of sources; names from ${r.corpus.lexicon === 'built-in tables' ? 'the generator’s built-in tables' : `\`${r.corpus.lexicon.replace(/^.*\/editions\//, 'editions/')}\` topped up from the built-in tables`}) in ${s(r.corpus.ms)} s. ` +
      'Each letter is an edition folder with a Russian Word-export Markdown original and an English MIA plain-text translation, so N letters are 2N documents. ' +
      'Letter i depends only on the seed and i: the N = 10 corpus is the first 10 letters of the N = 1000 corpus.',
    '',
  );
  out.push(
    '**How.** Each N runs in a fresh Node process (`node dist-lib/bench/run.js --measure …`), stages one after the other over all documents, on one thread; ' +
      'wall time with `performance.now()`. The stylesheets and Schematron were compiled (cached on disk) by a one-letter warm-up run before, so the figures include loading them but not compiling them. ' +
      '"Peak RSS (Node)" is the highest `process.memoryUsage().rss` sampled after every document; "peak RSS (largest process)" is `/usr/bin/time` on the measuring run, which counts the largest process of the run (Node, or the JVM that jing runs in for validation).',
    '',
  );
  // stage table
  out.push(`| stage | ${ns.map((n) => `N = ${n} (s)`).join(' | ')} | ms per document at N = ${last.n} | at N = ${last.n} |`);
  out.push(`| --- | ${ns.map(() => '---:').join(' | ')} | ---: | --- |`);
  for (const st of STAGES) {
    const cells = r.points.map((p) => {
      const x = p.measure.stages.find((y) => y.name === st.name);
      return x?.available ? s(x.ms) : 'not measured';
    });
    const lastMs = stageMs(last, st.name);
    const detail = last.measure.stages.find((y) => y.name === st.name)?.detail ?? '';
    out.push(`| ${st.label} | ${cells.join(' | ')} | ${lastMs === undefined ? '–' : perDoc(lastMs, last.measure.documents)} | ${detail} |`);
  }
  out.push(`| **whole pipeline** | ${r.points.map((p) => `**${s(pipelineMs(p))}**`).join(' | ')} | ${perDoc(pipelineMs(last), last.measure.documents)} | ${last.measure.documents} documents |`);
  out.push('');
  const missing = last.measure.stages.filter((x) => !x.available);
  for (const m of missing) out.push(`- ${m.name}: not measured — ${m.reason}.`);
  if (missing.length) out.push('');
  out.push(`![time per stage against N, log–log](${SVG_NAME})`, '');
  // per-N table
  out.push('| N letters | documents | pipeline (s) | documents / s | peak RSS (Node) | peak RSS (largest process) | TEI written | HTML written | validation result |');
  out.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const p of r.points) {
    const t = pipelineMs(p);
    out.push(
      `| ${p.n} | ${p.measure.documents} | ${s(t)} | ${((1000 * p.measure.documents) / t).toFixed(1)} | ${mb(p.measure.peakRss)} | ${mb(p.childMaxRss)} | ${size(p.measure.teiBytes)} | ${size(p.measure.htmlBytes)} | ${p.measure.validity.valid} valid, ${p.measure.validity.invalid} invalid |`,
    );
  }
  out.push('');
  if (last.measure.validity.invalid > 0) {
    out.push(
      `- Validation found errors (the benchmark times validation whatever its verdict): at N = ${last.n}, ${last.measure.validity.invalid} of ${last.measure.documents} documents are not valid against the edition schema and rules; the first: ${last.measure.validity.firstProblems.map((x) => `\`${x.replace(/`/g, "'")}\``).join('; ')}.`,
      '',
    );
  }
  for (const x of r.notRun) out.push(`- ${x}`);
  if (r.notRun.length) out.push('');

  // growth
  out.push('### Growth with N', '');
  if (r.points.length >= 2) {
    const a = r.points[r.points.length - 2];
    const b = last;
    const per = (p: PointResult, ms: number | undefined): number | undefined => (ms === undefined ? undefined : ms / p.measure.documents);
    const lines = STAGES.map((st) => {
      const pa = per(a, stageMs(a, st.name));
      const pb = per(b, stageMs(b, st.name));
      if (pa === undefined || pb === undefined) return undefined;
      return `${st.name} ${perDoc(pa, 1)} → ${perDoc(pb, 1)} ms`;
    }).filter(Boolean);
    out.push(
      `Time per document from N = ${a.n} to N = ${b.n}: ${lines.join('; ')}; whole pipeline ${perDoc(pipelineMs(a), a.measure.documents)} → ${perDoc(pipelineMs(b), b.measure.documents)} ms. ` +
        `A flat or falling figure means the stage grows linearly (or better: fixed costs such as loading the stylesheet, the dictionaries or starting the JVM spread over more documents); a rising one means it grows faster than N.`,
      '',
    );
    out.push(`Peak RSS of the Node process: ${r.points.map((p) => `${mb(p.measure.peakRss)} at N = ${p.n}`).join(', ')}. The benchmark keeps every document model in memory between stages (to time the stages apart), so its peak includes all ${last.measure.documents} models at N = ${last.n}. Highest RSS seen during each stage (RSS only grows while the process lives, so each row is the high-water mark up to the end of that stage):`, '');
    out.push(`| stage | ${ns.map((n) => `N = ${n}`).join(' | ')} |`);
    out.push(`| --- | ${ns.map(() => '---:').join(' | ')} |`);
    for (const st of STAGES) {
      out.push(`| ${st.name} | ${r.points.map((p) => {
        const x = p.measure.stages.find((y) => y.name === st.name);
        return x?.available ? mb(x.peakRss) : 'not measured';
      }).join(' | ')} |`);
    }
    out.push('');
  }

  // end-to-end CLI and targets
  out.push('### End to end: `teikit build`', '');
  out.push(
    'The same N letters as one edition of many letters (bench/generate-corpus.ts `generateCorpusEdition`: one edition.json with 2N sources, one register), built from nothing by `node bin/teikit.js build --no-pdf --timings -o <out> <edition>` as users run it (its own worker threads, validation, HTML, corpus file and DTS; no PDF), timed as one process: wall time, `/usr/bin/time` peak RSS of its largest process, and the peak of all its processes together (Node and the JVMs it starts for jing and Saxon-HE; sampled every 100 ms from /proc). The letters\' views are made by Saxon-HE (Java) from ' +
      `${SAXON_HE_MIN_LETTERS} letters on when it is installed (\`--xslt-engine auto\`), by SaxonJS otherwise; the largest N is built again with \`--xslt-engine saxon-js\`, as where Java or Saxon-HE is missing. Both write the same bytes.`,
    '',
  );
  out.push('| N letters | letters\' views | wall (s) | documents / s | peak RSS (largest process) | peak RSS (all processes) | exit | the build reports |');
  out.push('| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |');
  const engineOf = (c: CliBuild): string => {
    const render = c.stages?.find((x) => x.stage.startsWith('render'));
    if (c.options?.includes('saxon-js')) return 'SaxonJS (`--xslt-engine saxon-js`)';
    return render && /by Saxon-HE/.test(render.stage) ? 'Saxon-HE (auto)' : 'SaxonJS (auto)';
  };
  const cliRow = (n: number, c: CliBuild): string =>
    c.ms === undefined
      ? `| ${n} | | not run: ${c.reason ?? ''} | | | | | |`
      : `| ${n} | ${engineOf(c)} | ${s(c.ms)} | ${((1000 * 2 * n) / c.ms).toFixed(1)} | ${mb(c.maxRss)} | ${c.maxTreeRss ? mb(c.maxTreeRss) : 'not measured'} | ${c.code} | ${(c.summary ?? '').replace(/\|/g, '\\|')} |`;
  for (const p of r.points) {
    out.push(cliRow(p.n, p.cli));
    if (p.cliSaxonJs) out.push(cliRow(p.n, p.cliSaxonJs));
  }
  // (built end to end only: the pipeline stage by stage is not run at these sizes)
  for (const g of r.growth ?? []) out.push(cliRow(g.n, g.cli));
  out.push('');
  // the stages of the largest builds, as --timings gives them
  const staged = r.points.filter((p) => p.cli.stages?.length).slice(-1)[0];
  if (staged) {
    const builds = [staged.cli, ...(staged.cliSaxonJs?.stages?.length ? [staged.cliSaxonJs] : [])];
    out.push(`Stages of the builds of ${staged.n} letters (\`--timings\`: wall time, and the main process's RSS at the stage's end):`, '');
    out.push(`| stage | ${builds.map((b) => engineOf(b)).join(' | ')} |`);
    out.push(`| --- | ${builds.map(() => '---:').join(' | ')} |`);
    // (a stage's details dropped, but not that the export ran beside the rendering)
    const name = (stage: string): string => `${stage.replace(/ \(.*$/, '').replace(/;.*$/, '')}${/ and export .*beside it$/.test(stage) ? ' (and export, beside it)' : ''}`;
    const names = [...new Set(builds.flatMap((b) => b.stages!.map((x) => name(x.stage))))];
    for (const n of names) {
      out.push(`| ${n} | ${builds.map((b) => {
        const x = b.stages!.find((y) => name(y.stage) === n);
        return x ? `${s(x.ms)} s, ${x.rssMiB} MiB` : '–';
      }).join(' | ')} |`);
    }
    out.push('');
  }
  if (r.rebuild) {
    out.push(
      r.rebuild.ms !== undefined
        ? `Rebuild with nothing changed (\`teikit build --no-pdf\` again on the ${r.rebuild.n}-letter edition into the same output): ${r.rebuild.control ? `${s(r.rebuild.control.ms)} s; the build reports ${r.rebuild.control.summary}` : 'failed'}. ` +
          `Rebuild after changing one source (one sentence added to one Russian source): ${s(r.rebuild.ms)} s; ${r.rebuild.written ?? ''}.` +
          (r.rebuild.more?.length ? ` The same source edited again ${r.rebuild.more.length === 1 ? 'once' : `${r.rebuild.more.length} times`} (a sentence with words the letters never use each time), each followed by a rebuild from the command line: ${r.rebuild.more.map((x) => s(x)).join(', ')} s.` : '')
        : `Rebuild after one changed source: not measured — ${r.rebuild.reason}.`,
      '',
    );
    const w = r.rebuild.watch;
    if (w) {
      out.push(
        'reason' in w
          ? `Rebuilds in \`teikit build --watch\`: not measured — ${w.reason}.`
          : `Rebuilds in one \`teikit build --no-pdf --watch\` process (the same source edited ${w.ms.length} times, one sentence each): the build took ${w.ms.map((x) => s(x)).join(', ')} s (as it reports); from the write to its message ${w.wallMs.map((x) => s(x)).join(', ')} s (with the watcher's 100 ms quiet time)${w.summary ? `; the build reports ${w.summary}` : ''}.`,
        '',
      );
    }
  }
  const thousand = r.points.find((p) => p.n === 1000);
  out.push('**Targets (issue 8, without the PDF).**', '');
  if (thousand) {
    const t = pipelineMs(thousand);
    const js = thousand.cliSaxonJs?.ms !== undefined ? `; with SaxonJS only (\`--xslt-engine saxon-js\`) ${s(thousand.cliSaxonJs.ms)} s — ${thousand.cliSaxonJs.ms < 30_000 ? 'met' : 'not met'}` : '';
    out.push(`- 1,000 letters (2,000 documents) through the whole pipeline under 30 s: stages one after the other on one thread took ${s(t)} s — ${t < 30_000 ? 'met' : 'not met'}${thousand.measure.stages.some((x) => !x.available) ? ' (with the stages marked "not measured" missing)' : ''}; \`teikit build\` (${engineOf(thousand.cli)}): ${thousand.cli.ms !== undefined ? `${s(thousand.cli.ms)} s — ${thousand.cli.ms < 30_000 ? 'met' : 'not met'}` : `not run (${thousand.cli.reason})`}${js}.`);
    // the build as users run it, and apart from it the stage-by-stage measurement (which keeps every document model in memory to time the stages apart)
    const peakBuild = Math.max(...r.points.map((p) => p.cli.maxRss ?? 0));
    const peakTree = Math.max(...r.points.map((p) => p.cli.maxTreeRss ?? 0));
    const peakStages = Math.max(...r.points.map((p) => Math.max(p.measure.peakRss, p.childMaxRss ?? 0)));
    out.push(
      `- Peak memory under 1 GB: \`teikit build\`'s largest process peaked at ${peakBuild > 0 ? `${mb(peakBuild)} — ${peakBuild < 1024 ** 3 ? 'met' : 'not met'}` : 'not measured'}${peakTree > 0 ? `; all its processes together (Node and the JVMs) at ${mb(peakTree)} — ${peakTree < 1024 ** 3 ? 'met' : 'not met'}` : ''}; the stage-by-stage measurement (every document model kept between stages to time them apart) at ${mb(peakStages)}.`,
    );
  } else {
    out.push('- 1,000 letters: not run in this run.');
  }
  if (r.rebuild) {
    out.push(rebuildTarget(r.rebuild));
  }
  const growthLine = memoryGrowthLine(r);
  if (growthLine) out.push(growthLine);
  out.push('');

  // where the time goes
  out.push('### Where the time goes, and the floor', '');
  const total = pipelineMs(last);
  const shares = last.measure.stages
    .filter((x) => x.available && x.ms !== undefined)
    .sort((x, y) => (y.ms ?? 0) - (x.ms ?? 0))
    .map((x) => `${x.name} ${s(x.ms)} s (${pct(x.ms ?? 0, total)})`);
  out.push(`At N = ${last.n} (${last.measure.documents} documents, ${s(total)} s): ${shares.join(', ')}.`);
  const vp = last.measure.validateParts;
  const validate = stageMs(last, 'validate');
  if (vp && validate !== undefined) {
    out.push(
      `Validate's two halves, timed again separately after the stage (each run on its own, under the machine's load at that moment, so they need not add up to the stage's ${s(validate)} s): the RELAX NG grammar alone (the validator with a copy of the edition schema, so no rules attached; it parses each file first) ${s(vp.grammarMs)} s, the Schematron rules alone (SaxonJS, compiled once, one file after the other) ${s(vp.rulesMs)} s.`,
    );
  }
  const render = stageMs(last, 'render');
  if (render !== undefined && last.measure.readingOnly) {
    out.push(
      `Of render's ${s(render)} s, making the ${last.measure.readingOnly.docs} reading pages alone (SaxonJS, timed separately, one TEI file after the other) takes ${s(last.measure.readingOnly.ms)} s (${perDoc(last.measure.readingOnly.ms, last.measure.readingOnly.docs)} ms per page); the rest is the parallel, print, landing and index pages, parsing the TEI for SaxonJS and writing the files.`,
    );
  }
  // memory: which stage raised the high-water mark most
  const rises = last.measure.stages
    .filter((x) => x.available && x.peakRss !== undefined)
    .map((x, i, all) => ({ name: x.name, rise: (x.peakRss ?? 0) - (i === 0 ? 0 : (all[i - 1].peakRss ?? 0)) }))
    .slice(1)
    .sort((a, b) => b.rise - a.rise);
  if (rises.length >= 2 && rises[0].rise > 0) {
    out.push(
      `Memory: at N = ${last.n} the Node process's high-water mark rose most during ${rises[0].name} (+${mb(rises[0].rise)}) and ${rises[1].name} (+${mb(Math.max(0, rises[1].rise))}); validate is given all ${last.measure.documents} files in one validator call (one RELAX NG batch), the way the build validates every changed document at once.`,
    );
  }
  const xl = peer(last, 'xmllint');
  if (xl?.available && xl.ms !== undefined) {
    out.push(
      `The floor: parsing the same ${xl.files} TEI files once with \`xmllint --noout\` took ${s(xl.ms)} s (${perDoc(xl.ms, xl.files ?? 1)} ms per file), ${pct(xl.ms, total)} of teikit's pipeline time; ` +
        `the pipeline spends ${(total / xl.ms).toFixed(0)}× the bare parse.`,
    );
  }
  const fixed = r.points[0];
  out.push(
    `Fixed costs show at N = ${fixed.n}: the pipeline took ${s(pipelineMs(fixed))} s for ${fixed.measure.documents} documents (${perDoc(pipelineMs(fixed), fixed.measure.documents)} ms each) against ${perDoc(total, last.measure.documents)} ms each at N = ${last.n}.`,
    '',
  );
  return out.join('\n');
}

export function peersSection(r: BenchReport): string {
  const out: string[] = [];
  out.push('## Peers', '');
  out.push(
    'Run in the same `make bench` run on the same files as the pipeline above: the TEI files teikit wrote, the Markdown sources it read. ' +
      'Each peer is timed as a whole process (wall time, including JVM or process start), `/usr/bin/time` for its peak RSS. ' +
      'Ratio = teikit time / peer time (below 1: teikit faster).',
    '',
  );
  out.push('| N | teikit | teikit (s) | peer | peer (s) | peer peak RSS | ratio | peer outcome |');
  out.push('| ---: | --- | ---: | --- | ---: | ---: | ---: | --- |');
  for (const p of r.points) {
    for (const c of comparisons(p)) {
      if (!c.peer) continue;
      if (!c.peer.available) {
        out.push(`| ${p.n} | ${c.teikit} | ${s(c.teikitMs)} | ${c.peer.what} | not measured | | | ${c.peer.reason} |`);
        continue;
      }
      out.push(`| ${p.n} | ${c.teikit} | ${s(c.teikitMs)} | ${c.peer.what} | ${s(c.peer.ms)} | ${mb(c.peer.maxRss)} | ${ratio(c.teikitMs, c.peer.ms)} | ${c.peer.outcome ?? ''} |`);
    }
  }
  out.push('');
  out.push(
    'What each pair compares. **jing**: teikit validates against its edition schema (derived from tei_all) plus its Schematron rules, and parses each file with libxml2 first; jing checks the grammar of tei_all only. ' +
      '**xmllint**: the parse alone, the floor. **pandoc**: converts the Markdown only (no note links, names, dates or header), one process per file as it is used; the teikit figure is reading the Markdown sources and writing their TEI. ' +
      'teikit’s figures are stage times inside the measuring Node process (already started, stylesheet already loaded by the render stage); the peers’ figures include starting their process or JVM (their N = 10 rows show that fixed cost). ' +
      '**Saxon-HE**: teikit’s own stylesheet (`xslt/teikit.xsl` with `view=reading`, which is `xslt/html.xsl`) on Saxon-HE (Java) over the folder of TEI files in one JVM, against the same reading page made by SaxonJS in Node, one file after the other.',
    '',
  );
  return out.join('\n');
}

/** Replace (or append) the given `## ` sections of a Markdown file, keeping every other section as it is. */
export function replaceSections(markdown: string, sections: string[]): string {
  let md = markdown;
  for (const section of sections) {
    const heading = section.split('\n')[0];
    const lines = md.split('\n');
    const start = lines.findIndex((l) => l.trim() === heading.trim());
    const body = section.replace(/\n+$/, '');
    if (start < 0) {
      md = `${md.replace(/\n+$/, '')}\n\n${body}\n`;
      continue;
    }
    let end = lines.length;
    for (let i = start + 1; i < lines.length; i++) {
      if (/^## /.test(lines[i])) {
        end = i;
        break;
      }
    }
    const after = lines.slice(end).join('\n');
    md = `${[...lines.slice(0, start), ...body.split('\n')].join('\n')}\n${after ? `\n${after}` : ''}`;
  }
  return md.endsWith('\n') ? md : `${md}\n`;
}

/**
 * How the peak memory of `teikit build` grows with N from 1,000 letters on (the builds end to end of this run): per
 * letter between each size and the next, for the largest process and for all processes together.
 */
export function memoryGrowthLine(r: BenchReport): string | undefined {
  const builds = [...r.points.map((p) => ({ n: p.n, cli: p.cli })), ...(r.growth ?? [])]
    .filter((b) => b.n >= 1000 && b.cli.ms !== undefined && b.cli.code === 0 && b.cli.maxRss !== undefined)
    .sort((a, b) => a.n - b.n);
  if (builds.length < 2) return undefined;
  const kb = (x: number): string => `${Math.round(x / 1000)} KB`;
  const steps: string[] = [];
  for (let i = 1; i < builds.length; i++) {
    const a = builds[i - 1];
    const b = builds[i];
    const dn = b.n - a.n;
    const tree = a.cli.maxTreeRss && b.cli.maxTreeRss ? `, all processes ${mb(a.cli.maxTreeRss)} → ${mb(b.cli.maxTreeRss)} (${kb((b.cli.maxTreeRss - a.cli.maxTreeRss) / dn)} a letter)` : '';
    steps.push(`from ${a.n} to ${b.n} letters the largest process ${mb(a.cli.maxRss!)} → ${mb(b.cli.maxRss!)} (${kb((b.cli.maxRss! - a.cli.maxRss!) / dn)} a letter)${tree}`);
  }
  const largest = builds[builds.length - 1];
  return `- Peak memory against N (\`teikit build\` end to end): ${steps.join('; ')}; at ${largest.n} letters ${mb(largest.cli.maxRss!)} — ${largest.cli.maxRss! < 1024 ** 3 ? 'under' : 'over'} 1 GB. Not growing with N beyond the outputs: measured here as the growth a letter; what grows is said in "Build performance" below.`;
}
