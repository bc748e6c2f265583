/**
 * The pipeline stages as the benchmark runs them, one after the other over
 * all letters of a corpus, each timed on its own (wall clock), in one Node
 * process on one thread: read → tag → write TEI → validate (grammar and
 * rules) → render (reading, parallel, print HTML; no PDF).
 *
 * The stages call what `buildEdition` (src/edition/build.ts, src/edition/
 * units.ts) calls, with the same options, split apart so that each can be
 * timed: read, tag, align, write TEI (with the register's standOff), validate,
 * render. A stage is reported as not measured (`available: false`) when its
 * module is missing, never estimated.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadEdition, originalOf, sourceId, type Edition, type SourceEntry } from '../src/edition/manifest';
import type { TeiDocument } from '../src/model/document';
import { tagDocument } from '../src/enrich/entities/tag';
import { alignEdition } from '../src/enrich/align';
import { loadRegister } from '../src/register/load';
import { appendStandOff } from '../src/register/standoff';
import type { Register } from '../src/register/types';
import { readSource } from '../src/readers';
import { writeTei, type TeiWriteOptions } from '../src/writers/tei';
import { writeFileAtomic } from '../src/io/atomic-write';
import { compileSchematron, createValidator, EDITION_RNG, EDITION_SCH, runSchematron } from '../src/validate';
import { renderEdition, renderTei } from '../src/render/render';
import { SCHEMA_DIR } from '../src/paths';
import { usedRefs } from '../src/enrich/entities/enrich';

export type StageName = 'read' | 'tag' | 'align' | 'write' | 'validate' | 'render';

export const STAGES: Array<{ name: StageName; label: string }> = [
  { name: 'read', label: 'read (both readers)' },
  { name: 'tag', label: 'tag (names, dates; register loaded)' },
  { name: 'align', label: 'align (translation with original)' },
  { name: 'write', label: 'write TEI' },
  { name: 'validate', label: 'validate (RELAX NG + Schematron)' },
  { name: 'render', label: 'render (reading, parallel, print HTML; landing, index of names; SaxonJS)' },
];

export interface StageResult {
  name: StageName;
  available: boolean;
  /** Why it was not measured. */
  reason?: string;
  ms?: number;
  /** Documents through the stage. */
  docs?: number;
  /** Highest RSS of this process seen during the stage (bytes), sampled after each document. */
  peakRss?: number;
  detail?: string;
}

export interface MeasureResult {
  n: number;
  documents: number;
  sourceBytes: number;
  teiBytes: number;
  htmlBytes: number;
  stages: StageResult[];
  /**
   * The validate stage's two halves, each timed again on its own after the stage: the
   * RELAX NG grammar alone (the validator given a copy of the edition schema, so no rules
   * are attached) and the Schematron rules alone (compiled once, run on each file).
   */
  validateParts?: { grammarMs: number; rulesMs: number };
  /** SaxonJS reading page of each TEI file alone (the work Saxon-HE does in the peer run). */
  readingOnly?: { ms: number; docs: number };
  peakRss: number;
  /** Time of read and of write TEI per source format (ms), for the conversion peer. */
  byFormat: Record<string, { read: number; write: number; docs: number }>;
  teiFiles: string[];
  /** TEI files made from Word-export Markdown. */
  markdownTei: string[];
  validity: { valid: number; invalid: number; firstProblems: string[] };
}

interface Item {
  edition: Edition;
  source: SourceEntry;
  doc: TeiDocument;
  teiFile?: string;
}

const now = (): number => performance.now();

/** Run every stage over the letters in `dirs`; outputs go under `outDir`. */
export async function measurePipeline(dirs: string[], outDir: string): Promise<MeasureResult> {
  let peak = process.memoryUsage().rss;
  const sample = (): void => {
    const r = process.memoryUsage().rss;
    if (r > peak) peak = r;
  };
  const stages: StageResult[] = [];
  const teiDir = path.join(outDir, 'tei');
  const htmlDir = path.join(outDir, 'html');
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(teiDir, { recursive: true });

  // ---- read
  let stagePeak = 0;
  const track = (): void => {
    sample();
    stagePeak = Math.max(stagePeak, process.memoryUsage().rss);
  };
  let t = now();
  const items: Item[] = [];
  let sourceBytes = 0;
  const byFormat: MeasureResult['byFormat'] = {};
  const fmt = (f: string): { read: number; write: number; docs: number } => (byFormat[f] ??= { read: 0, write: 0, docs: 0 });
  for (const dir of dirs) {
    const edition = loadEdition(dir);
    for (const source of edition.manifest.sources) {
      const t0 = now();
      const file = path.join(dir, source.file);
      sourceBytes += fs.statSync(file).size;
      const { doc } = readSource(file, { format: source.format, lang: source.lang });
      if (source.id) doc.idPrefix = source.id;
      items.push({ edition, source, doc });
      fmt(source.format).read += now() - t0;
      fmt(source.format).docs++;
      track();
    }
  }
  stages.push({ name: 'read', available: true, ms: now() - t, docs: items.length, peakRss: stagePeak });

  // ---- tag (the register is read once per edition, as the build does)
  const registers = new Map<string, Register | undefined>();
  stagePeak = 0;
  t = now();
  let mentions = 0;
  for (const it of items) {
    if (!registers.has(it.edition.dir)) {
      const m = it.edition.manifest;
      registers.set(it.edition.dir, m.register ? loadRegister(path.join(it.edition.dir, m.register)) : undefined);
    }
    it.doc = tagDocument(it.doc, registers.get(it.edition.dir)).doc;
    mentions += usedRefs(it.doc).size;
    track();
  }
  stages.push({ name: 'tag', available: true, ms: now() - t, docs: items.length, peakRss: stagePeak, detail: `${mentions} distinct register entries linked (summed over documents)` });

  // ---- align each translation with its original
  stagePeak = 0;
  t = now();
  let pairs = 0;
  for (const it of items) {
    const { manifest } = it.edition;
    const original = originalOf(manifest, it.source);
    const o = original && items.find((x) => x.edition === it.edition && x.source === original);
    if (!o) continue;
    const r = alignEdition(o.doc, it.doc, { originalFile: `${sourceId(manifest, original)}.xml`, translationFile: `${sourceId(manifest, it.source)}.xml` });
    o.doc = r.original;
    it.doc = r.translation;
    pairs++;
    track();
  }
  stages.push({ name: 'align', available: true, ms: now() - t, docs: 2 * pairs, peakRss: stagePeak, detail: `${pairs} pairs` });

  // ---- write TEI (options as src/edition/units.ts gives them), each file atomically
  stagePeak = 0;
  t = now();
  const schemaCopy = path.join(outDir, 'schema', 'teikit.rng');
  writeFileAtomic(schemaCopy, fs.readFileSync(path.join(SCHEMA_DIR, 'teikit.rng')));
  let teiBytes = 0;
  for (const it of items) {
    const t0 = now();
    const { manifest } = it.edition;
    const register = registers.get(it.edition.dir);
    const knownIds = new Set<string>();
    if (register) for (const list of [register.persons, register.organisations, register.places]) for (const e of list) knownIds.add(e.id);
    const used = usedRefs(it.doc);
    for (const party of [manifest.letter?.sender, manifest.letter?.addressee, manifest.letter?.place]) {
      if (party?.ref && knownIds.has(party.ref)) used.add(party.ref);
    }
    const docId = sourceId(manifest, it.source);
    const opts: TeiWriteOptions = {
      docId,
      manifest,
      source: it.source,
      schemaHref: '../schema/teikit.rng',
      knownIds,
      otherLanguages: register && used.size > 0 ? register.languages : undefined,
      standOff: register && used.size > 0 ? (tei) => appendStandOff(tei, register, it.source.lang, { only: used }) : undefined,
    };
    const xml = writeTei(it.doc, opts);
    it.teiFile = path.join(teiDir, `${docId}.xml`);
    writeFileAtomic(it.teiFile, xml);
    teiBytes += Buffer.byteLength(xml);
    fmt(it.source.format).write += now() - t0;
    track();
  }
  stages.push({ name: 'write', available: true, ms: now() - t, docs: items.length, peakRss: stagePeak });
  const teiFiles = items.map((it) => it.teiFile as string);

  // ---- validate: the edition schema (RELAX NG) and rules (Schematron), every file in one validator run
  stagePeak = 0;
  t = now();
  const validator = createValidator({ schema: EDITION_RNG, schematron: EDITION_SCH, teiAll: null });
  const reports = await validator.validateFiles(teiFiles);
  track();
  const validMs = now() - t;
  const invalid = reports.filter((r) => r.verdict !== 'valid');
  const firstProblems = invalid
    .flatMap((r) => r.diagnostics.filter((d) => d.severity === 'error'))
    .slice(0, 5)
    .map((d) => `${path.basename(d.file)}:${d.line ?? ''}: ${d.message} [${d.rule}]`);
  const engines = [...new Set(reports.map((r) => r.engine).filter(Boolean))].join(', ');
  stages.push({ name: 'validate', available: true, ms: validMs, docs: reports.length, peakRss: stagePeak, detail: `${reports.length - invalid.length} valid, ${invalid.length} not; RELAX NG engine: ${engines || 'none'}` });

  // ---- validate again, in halves: grammar alone, rules alone
  t = now();
  await createValidator({ schema: schemaCopy, teiAll: null }).validateFiles(teiFiles);
  const grammarMs = now() - t;
  t = now();
  const compiledRules = await compileSchematron(EDITION_SCH);
  for (const f of teiFiles) {
    runSchematron(compiledRules, fs.readFileSync(f, 'utf8'), f, undefined);
    sample();
  }
  const validateParts = { grammarMs, rulesMs: now() - t };

  // ---- render: the letters as one edition (as `teikit build` renders them): per letter the reading pages and the
  // parallel page (one transformation each), then the landing page, the index of names and the print view; no PDF;
  // on one thread, like the other stages
  stagePeak = 0;
  t = now();
  let htmlBytes = 0;
  const renderFiles = items.map((it) => {
    const manifest = it.edition.manifest;
    const original = originalOf(manifest, it.source);
    return { lang: it.source.lang, role: it.source.role, path: it.teiFile as string, docId: sourceId(manifest, it.source), originalId: original ? sourceId(manifest, original) : undefined };
  });
  const rendered = await renderEdition({ editionId: `bench-${dirs.length}`, manifest: { title: `${dirs.length} generated letters` }, teiFiles: renderFiles, outDir: htmlDir, pdf: false, jobs: 1, xsltEngine: 'saxon-js' });
  for (const f of rendered.files) if (f.endsWith('.html')) htmlBytes += fs.statSync(path.join(htmlDir, f)).size;
  track();
  stages.push({ name: 'render', available: true, ms: now() - t, docs: items.length, peakRss: stagePeak, detail: `one edition of ${dirs.length} letters, ${(htmlBytes / 1e6).toFixed(1)} MB of HTML` });

  // ---- the reading page alone, per TEI file (what the Saxon-HE peer does)
  t = now();
  const readingDir = path.join(outDir, 'reading');
  fs.mkdirSync(readingDir, { recursive: true });
  for (const f of teiFiles) {
    fs.writeFileSync(path.join(readingDir, path.basename(f)), renderTei({ file: f }, 'html'));
    sample();
  }
  const readingOnly = { ms: now() - t, docs: teiFiles.length };

  sample();
  return {
    n: dirs.length,
    documents: items.length,
    sourceBytes,
    teiBytes,
    htmlBytes,
    stages,
    readingOnly,
    validateParts,
    peakRss: peak,
    byFormat,
    teiFiles,
    markdownTei: items.filter((it) => it.source.format === 'word-md').map((it) => it.teiFile as string),
    validity: { valid: reports.length - invalid.length, invalid: invalid.length, firstProblems },
  };
}
