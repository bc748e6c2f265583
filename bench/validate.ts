/**
 * Validation benchmark: the 33 real TEI files of ../shared/corpus/tei against
 * tei_all and against the edition schema, with each RELAX NG engine teikit
 * has (jing in one JVM run; libxml2 with the schema document kept, which
 * still recompiles the schema per document), beside plain jing on the same
 * files in one run, plus the Schematron (compile once, run per file).
 * Writes the `## Validation` section of docs/benchmarks.md.
 *
 *     node dist-lib/bench/validate.js              # measure and write docs/benchmarks.md
 *     TEIKIT_BENCH_NO_DOCS=1 node dist-lib/bench/validate.js   # print only
 *     TEIKIT_BENCH_REPEAT=5 …                      # runs per figure (median; default 3)
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../src/io/atomic-write';
import { PROJECT_ROOT, TEI_ALL_RNG } from '../src/paths';
import { collectXmlFiles, createValidator, EDITION_RNG, EDITION_SCH, FileReport } from '../src/validate/validator';
import { compileSchematron, runSchematron } from '../src/validate/schematron';
import { findJing } from '../src/validate/relaxng';
import { expandInternalEntities, neutralizeForExternalParser, readXmlFile } from '../src/xml/parse';
import { elementPositions } from '../src/xml/positions';
import { machineInfo } from './machine';
import { replaceSections } from './report';

const CORPUS = path.resolve(PROJECT_ROOT, '..', 'shared', 'corpus', 'tei');
const REPEAT = Number(process.env.TEIKIT_BENCH_REPEAT ?? 3);
const log = (m: string): void => {
  process.stderr.write(`bench validate: ${m}\n`);
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, value };
}

async function repeat<T>(n: number, fn: () => Promise<T> | T): Promise<{ ms: number; value: T; runs: number[] }> {
  const runs: number[] = [];
  let value: T | undefined;
  for (let i = 0; i < n; i++) {
    const r = await timed(fn);
    runs.push(r.ms);
    value = r.value;
  }
  return { ms: median(runs), value: value as T, runs };
}

interface Row {
  what: string;
  schema: string;
  files: number;
  ms: number;
  runs: number;
  note: string;
}

function verdicts(reports: FileReport[]): string {
  const counts = new Map<string, number>();
  for (const r of reports) counts.set(r.verdict, (counts.get(r.verdict) ?? 0) + 1);
  return [...counts].sort().map(([v, n]) => `${n} ${v}`).join(', ');
}

function fmtMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

async function main(): Promise<void> {
  const files = collectXmlFiles([CORPUS]);
  if (!fs.existsSync(TEI_ALL_RNG)) throw new Error(`tei_all.rng not found at ${TEI_ALL_RNG}`);
  const jing = findJing();
  if (!jing) throw new Error('jing is not installed (scripts/install-system-deps.sh jing)');
  const rows: Row[] = [];
  const teiAllName = 'tei_all';
  const editionName = 'teikit.rng (edition)';

  // plain jing, one JVM run over the same documents (the copies teikit hands it: no DTD to load)
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-bench-validate-'));
  const copies = files.map((f, i) => {
    const out = path.join(tmp, `${String(i).padStart(2, '0')}-${path.basename(f)}`);
    fs.writeFileSync(out, neutralizeForExternalParser(readXmlFile(f)));
    return out;
  });
  for (const [schema, name] of [
    [TEI_ALL_RNG, teiAllName],
    [EDITION_RNG, editionName],
  ] as const) {
    log(`plain jing, ${name}`);
    const r = await repeat(REPEAT, () => spawnSync(jing.java, ['-cp', jing.jar, 'com.thaiopensource.relaxng.util.Driver', schema, ...copies], { maxBuffer: 256 * 1024 * 1024 }).status);
    rows.push({ what: 'jing CLI, one JVM run (peer)', schema: name, files: files.length, ms: r.ms, runs: REPEAT, note: `exit ${r.value}` });
  }

  for (const [schema, name] of [
    [TEI_ALL_RNG, teiAllName],
    [EDITION_RNG, editionName],
  ] as const) {
    log(`teikit validate --engine jing, ${name}`);
    const j = await repeat(REPEAT, () => createValidator({ schema, engine: 'jing', teiAll: null, schematron: false }).validateFiles(files));
    rows.push({ what: 'teikit, jing engine (safe copies, one JVM run; RELAX NG only)', schema: name, files: files.length, ms: j.ms, runs: REPEAT, note: verdicts(j.value) });
  }

  log('teikit validate --engine libxml, edition schema');
  const lx = await repeat(REPEAT, () => createValidator({ schema: EDITION_RNG, engine: 'libxml', teiAll: null, schematron: false }).validateFiles(files));
  rows.push({ what: 'teikit, libxml2 engine (schema doc kept, recompiled per file; RELAX NG only)', schema: editionName, files: files.length, ms: lx.ms, runs: REPEAT, note: verdicts(lx.value) });

  log('teikit validate --engine libxml, tei_all (about 5 s per file)');
  const lxAll = await timed(() => createValidator({ schema: TEI_ALL_RNG, engine: 'libxml', teiAll: null, schematron: false, libxmlTimeoutMs: 60_000 }).validateFiles(files));
  const fellBack = lxAll.value.filter((r) => r.engine === 'jing').length;
  rows.push({
    what: 'teikit, libxml2 engine (schema doc kept, recompiled per file; RELAX NG only)',
    schema: teiAllName,
    files: files.length,
    ms: lxAll.ms,
    runs: 1,
    note: `${verdicts(lxAll.value)}; ${fellBack} file(s) past the 60 s limit went to jing`,
  });

  log('teikit validate (defaults: xml-model or tei_all, auto engine)');
  const auto = await repeat(REPEAT, () => createValidator({}).validateFiles(files));
  rows.push({ what: '`teikit validate` defaults (auto engine: jing for tei_all)', schema: 'xml-model / tei_all', files: files.length, ms: auto.ms, runs: REPEAT, note: verdicts(auto.value) });

  // Schematron: a cold compile (empty cache), then runs
  log('Schematron');
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-bench-sch-'));
  const oldCache = process.env.TEIKIT_CACHE;
  process.env.TEIKIT_CACHE = cache;
  // an extra empty pattern makes a distinct compiled stylesheet, so neither the disk nor the memory cache has it
  const coldSch = path.join(cache, 'teikit-cold.sch');
  fs.writeFileSync(coldSch, fs.readFileSync(EDITION_SCH, 'utf8').replace('</schema>', `<pattern id="bench-${process.pid}-${Date.now()}"/></schema>`));
  const cold = await timed(() => compileSchematron(coldSch));
  if (oldCache === undefined) delete process.env.TEIKIT_CACHE;
  else process.env.TEIKIT_CACHE = oldCache;
  rows.push({ what: 'Schematron compile (teikit.sch → XSLT → SEF with xslt3), cold', schema: 'teikit.sch', files: 0, ms: cold.ms, runs: 1, note: 'once per distinct schema, then cached' });
  const compiled = cold.value;
  const texts = files.map((f) => {
    const t = readXmlFile(f);
    return { f, t, safe: expandInternalEntities(neutralizeForExternalParser(t)).replace(/^(\ufeff?<\?xml\s+version\s*=\s*["'])1\.1/, '$11.0'), pos: elementPositions(t) };
  });
  let findings = 0;
  const sch = await repeat(REPEAT, () => {
    findings = 0;
    for (const x of texts) findings += runSchematron(compiled, x.safe, x.f, x.pos).length;
    return findings;
  });
  rows.push({ what: 'Schematron run (SaxonJS, SEF kept)', schema: 'teikit.sch', files: files.length, ms: sch.ms, runs: REPEAT, note: `${findings} findings` });
  fs.rmSync(cache, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });

  const m = machineInfo();
  const table = [
    '| what | schema | files | time | per file | runs (median) | result |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- |',
    ...rows.map((r) => `| ${r.what} | ${r.schema} | ${r.files || '–'} | ${fmtMs(r.ms)} | ${r.files ? fmtMs(r.ms / r.files) : '–'} | ${r.runs} | ${r.note} |`),
  ];
  const section = [
    '## Validation',
    '',
    `Measured by \`node dist-lib/bench/validate.js\` (bench/validate.ts) on the 33 real TEI files of ../shared/corpus/tei ` +
      `(${(files.reduce((s, f) => s + fs.statSync(f).size, 0) / 1024).toFixed(0)} KiB), against TEI P5 tei_all.rng (${(fs.statSync(TEI_ALL_RNG).size / 1024).toFixed(0)} KiB) ` +
      `and the edition schema schema/teikit.rng (${(fs.statSync(EDITION_RNG).size / 1024).toFixed(0)} KiB). Wall-clock time including process starts (JVM, Node child); median of the runs shown.`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${(m.memBytes / 2 ** 30).toFixed(1)} GiB, ${m.os}; Node ${m.node}; libxmljs2 ${m.packages.libxmljs2 ?? '?'}, saxon-js ${m.packages['saxon-js'] ?? '?'}; ` +
      `jing ${path.basename(fs.realpathSync(jing.jar))}; teikit ${m.teikit}${m.commit ? ` at ${m.commit}` : ''}; load average ${m.loadAverage.toFixed(2)} at start.`,
    '',
    ...table,
    '',
    'What follows: libxml2 recompiles the schema on every `rngValidate` call, so tei_all costs seconds per file with it and teikit sends large schemas (over 256 KiB, or with includes) to jing in one JVM run per schema; the edition schema compiles in milliseconds, so libxml2 in a child process (with a per-file time limit and jing as fallback) is used for it.',
    '',
  ].join('\n');
  process.stdout.write(section + '\n');
  if (!process.env.TEIKIT_BENCH_NO_DOCS) {
    const doc = path.join(PROJECT_ROOT, 'docs', 'benchmarks.md');
    const current = fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8') : '# Benchmarks\n';
    writeFileAtomic(doc, replaceSections(current, [section]));
    log(`wrote the Validation section of ${doc}`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench validate: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
