import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileHolds, freeingReplacedLater, sameFileBytes, writeFileAtomic, writeFileAtomicIfChanged } from '../io/atomic-write';
import { BackgroundWriter } from '../io/background-writer';
import { fileSignature, signatureChangedMs } from '../io/file-signature';
import { removeStaleCacheFiles } from '../io/cache-files';
import { EDITION_RNG, EDITION_SCH, PROJECT_ROOT, SCHEMA_DIR, TEIKIT_VERSION, packageVersion } from '../paths';
import { loadRegister } from '../register/load';
import type { Register } from '../register/types';
import type { Candidate } from '../enrich/entities/tag';
import { type Edition, loadEdition, originalOf, sourceId } from './manifest';
import { type Unit, type UnitDocument, type UnitInput, type UnitOutput, planUnits, unitInputForWorker } from './unit-plan';
import { MIN_JOBS_PER_WORKER, runUnits, startUnitWorker } from './worker-pool';
import type { UnitWorkerRequest } from './unit-worker';
import type { Worker } from 'node:worker_threads';
import type { PreparedRender, RenderEditionOptions } from '../render/render';
import { SAXON_HE_MIN_LETTERS, type XsltEngine } from '../render/saxon-he';
import type { ExportAhead } from '../export/edition';
import { type Diagnostic, TeikitError, formatDiagnostic } from '../model/diagnostics';
import { Progress } from './progress';
import { BASELINE_TIER_MAX_LETTERS, lowerTierForShortRun, restoreFullTier } from '../io/v8-tier';
import { boundHeapGrowth } from '../io/v8-heap';

/*
 * The stages' libraries are loaded when a stage first needs them, not when
 * this module is: a rebuild hands its one unit to a worker thread right
 * after planning, and this thread loads the renderer while that thread
 * reads, tags and writes (the language libraries are then never loaded here).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const stage = {
  units: (): typeof import('./units') => require('./units'),
  exporter: (): typeof import('../export/edition') => require('../export/edition'),
  render: (): typeof import('../render/render') => require('../render/render'),
  keptWords: (): typeof import('../enrich/entities/kept-words') => require('../enrich/entities/kept-words'),
  sef: (): typeof import('../render/sef') => require('../render/sef'),
  parts: (): typeof import('../render/parts-store') => require('../render/parts-store'),
  validator: (): typeof import('../validate/validator') => require('../validate/validator'),
  rulesHe: (): typeof import('../validate/schematron-he') => require('../validate/schematron-he'),
  jvm: (): typeof import('../io/jvm') => require('../io/jvm'),
  schematron: (): typeof import('../validate/schematron') => require('../validate/schematron'),
  relaxng: (): typeof import('../validate/relaxng') => require('../validate/relaxng'),
  rules: (): typeof import('../validate/schematron-run') => require('../validate/schematron-run'),
  unitRules: (): typeof import('./unit-rules') => require('./unit-rules'),
  morph: (): typeof import('../enrich/entities/morph') => require('../enrich/entities/morph'),
  nativeMemory: (): typeof import('../xml/native-memory') => require('../xml/native-memory'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

export interface BuildOptions {
  /** Output root; the edition goes to `<outDir>/<edition id>/`. Default `dist`. */
  outDir?: string;
  /** Progress and choices; default silent. */
  log?: (message: string) => void;
  /** Worker threads for the units (default: the number of CPUs; 1 builds in-process). */
  jobs?: number;
  /** The XSLT processor for the letters' pages (render.ts RenderEditionOptions.xsltEngine): default `auto`, Saxon-HE for a long run when installed. */
  xsltEngine?: XsltEngine;
  /** Show a progress bar on a terminal (never when not a TTY or under CI). */
  progress?: boolean;
  /** Rebuild every unit even when its inputs did not change. */
  force?: boolean;
  /** Validate the TEI (edition schema and Schematron rules) before writing it; default true. */
  validate?: boolean;
  /** Render the HTML edition and print view into `<outDir>/<id>/html`; default true. */
  render?: boolean;
  /** Print the edition to PDF through headless Chromium (when present); default true. */
  pdf?: boolean;
  /** This process will build again (`teikit build --watch`): keep what it loads in this thread rather than in threads started for one build. */
  buildsAgain?: boolean;
  /** This process ends after this build (`teikit build` without --watch): V8 stays at its baseline tier while the build is short (io/v8-tier.ts). The caller owns the process: V8's flags are the whole process's. */
  shortRun?: boolean;
  /** The caller owns the process (the command line): a long build bounds V8's heap growth for the rest of it (io/v8-heap.ts). */
  ownsProcess?: boolean;
}

/**
 * A TEI document of the edition after a build. For a document of a unit this
 * build did not rebuild, `xml` is read from its file when first asked for
 * (a rebuild of one letter needs none of the others' text): read it before
 * a later build may rewrite the file.
 */
export interface BuiltDocument extends UnitDocument {
  /** Path of the TEI file. */
  path: string;
}

/** Work done, counted (the incremental-build test counts, never times). */
export interface BuildStats {
  units: number;
  /** Units read, tagged, aligned and written anew. */
  unitsBuilt: number;
  /** Units whose inputs were unchanged: their TEI was reused as it was. */
  unitsReused: number;
  /** Sources read and tagged anew; in a rebuilt unit, a source unchanged since an earlier build had its tagged document kept. */
  sourcesTagged: number;
  /** TEI files whose bytes changed on disk. */
  teiWritten: number;
  /** TEI documents validated (grammar and rules) in this run. */
  validated: number;
  /** Of those, documents whose grammar (edition RELAX NG) was checked: not one rebuilt to a text a build with the same code and schema checked already (kept in the build cache by the text's hash). */
  grammarChecked: number;
  /** Edition-level outputs (teiCorpus, DTS tree) regenerated: 1 when any unit changed, else 0. */
  editionOutputs: number;
  /** Files of the teiCorpus and DTS tree whose bytes changed (a rebuild rewrites only the changed documents' and the edition-level ones). */
  exportFilesWritten: number;
  /** DTS files of documents no longer in the edition, removed. */
  exportFilesRemoved: number;
  /** HTML editions rendered (1 when any unit changed or the HTML is missing, else 0). */
  rendered: number;
}

export interface BuildResult {
  edition: Edition;
  editionDir: string;
  teiDir: string;
  documents: BuiltDocument[];
  /** Documents of the units built in this run (the others were reused). */
  changed: BuiltDocument[];
  candidates: Candidate[];
  /** Warnings of the validation (errors fail the build). */
  warnings: Diagnostic[];
  /** Files (re)written by this run; unchanged outputs are not rewritten. */
  written: string[];
  stats: BuildStats;
  /** Wall time of each stage of this run, in order (ms), and this process's resident set size at its end (bytes). */
  timings: Array<{ stage: string; ms: number; rss: number }>;
}

export const EDITION_SCHEMA = 'teikit.rng';
const CACHE_FILE = '.teikit-build.json';
/** From this many changed documents on, the grammar is checked by jing (when installed) rather than libxml2. */
const JING_MIN_DOCUMENTS = 32;
/** Up to this many changed documents, the export runs beside the rendering (see buildEdition). */
const EXPORT_BESIDE_RENDER_MAX = 64;
/** From more than this many units to build, the workers put each document's TEI in a staging folder instead of handing its text back (UnitInput.stage). */
const STAGE_MIN_UNITS = 32;
/** The staging folder of a long build, beside the TEI folder (renames stay on one file system); a killed build's is removed by the next. */
const STAGING = '.teikit-staging';

/** Where the renderer keeps the letters' parts and the frames of a built edition (dist/<id>). */
function renderCacheDir(editionDir: string): string {
  return path.join(editionDir, '.teikit-cache', 'render');
}

/** TEI file name of one document: `<doc id>.xml` (by default `<edition>.<lang>.xml`). */
export function teiFileName(docId: string): string {
  return `${docId}.xml`;
}

interface BuildCache {
  fingerprint: string;
  units: Record<string, { hash: string; files: string[] }>;
  /** Each source file's stat signature and the hash of its bytes when last read: an untouched file is not read again to know it is unchanged. */
  sources?: Record<string, { sig: string; hash: string }>;
  /** By TEI file name: the hash of the document's text as a build with this fingerprint checked its grammar (and wrote it). */
  grammarChecked?: Record<string, string>;
  /** The edition rules compiled (SEF in the Schematron cache) by a build with this fingerprint. */
  rulesSef?: string;
}

const textHash = (xml: string): string => crypto.createHash('sha256').update(xml).digest('hex');

/** A source modified this recently is not known by its signature (see sourceHasher). */
const RECENT_MS = 2000;


let fingerprintMemo: string | undefined;
/** teikit's own code, schemas and stylesheets: a change to any invalidates every unit. */
export function codeFingerprint(): string {
  if (fingerprintMemo) return fingerprintMemo;
  const h = crypto.createHash('sha256').update(TEIKIT_VERSION);
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|js|xsl|rng|sch|json|odd)$/.test(e.name)) h.update(p.slice(PROJECT_ROOT.length)).update(fs.readFileSync(p));
    }
  };
  for (const d of ['src', 'schema', 'xslt']) walk(path.join(PROJECT_ROOT, d));
  fingerprintMemo = h.digest('hex');
  return fingerprintMemo;
}

/** The hash of each source's bytes, read only when its stat signature differs from the one kept (`kept`); `seen` collects what to keep next. */
function sourceHasher(kept: BuildCache['sources'], seen: NonNullable<BuildCache['sources']>): (file: string) => string {
  const known = new Map<string, string>();
  return (file) => {
    const key = path.resolve(file);
    const done = known.get(key);
    if (done !== undefined) return done;
    const hash = hashOf(key, file);
    known.set(key, hash);
    return hash;
  };
  function hashOf(key: string, file: string): string {
    const sig = fileSignature(file);
    const old = kept?.[key];
    if (sig !== undefined && old && old.sig === sig) {
      seen[key] = old;
      return old.hash;
    }
    const hash = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    // a file changed while being read gets no signature, nor one written in the last seconds (it could be written
    // again within the same tick of the file system's clock, with the same size): it is read again next time
    if (sig !== undefined && fileSignature(file) === sig && Date.now() - signatureChangedMs(sig) > RECENT_MS) seen[key] = { sig, hash };
    return hash;
  }
}

function hashUnit(edition: Edition, unit: Unit, shared: string, sourceHash: (file: string) => string): string {
  const h = crypto.createHash('sha256').update(shared);
  for (const s of unit.sources) h.update(JSON.stringify(s)).update(sourceHash(path.join(edition.dir, s.file)));
  return h.digest('hex');
}

function readCache(file: string): BuildCache | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as BuildCache;
  } catch {
    return undefined;
  }
}

/**
 * Build one edition: read every source, tag names and dates against the
 * register, align translations with their originals, write one TEI document
 * per source to `<outDir>/<id>/tei/<doc id>.xml`.
 *
 * Units (an original with its translations) are independent: they are built
 * in worker threads, and a unit whose inputs did not change since the last
 * build is not rebuilt at all. Every output is produced in memory first and
 * written only when all succeeded, each by temporary file and rename, so a
 * failed build leaves the previous outputs intact.
 */
export async function buildEdition(dir: string, opts: BuildOptions = {}): Promise<BuildResult> {
  // a unit worker started now loads the pipeline while this thread plans: the first of the pool's threads, or, for a
  // rebuild of a few units, the thread that builds them and then renders their letters (a process that builds again
  // has all this loaded in its own thread)
  // (set before any thread starts; raised again once the build turns out long)
  const lowered = opts.shortRun === true && lowerTierForShortRun();
  const early = !opts.buildsAgain && (opts.jobs ?? os.availableParallelism()) >= 2 ? startUnitWorker() : undefined;
  try {
    // (the old content of the large files it replaces is freed beside its work; see freeingReplacedLater)
    return await freeingReplacedLater(() => buildEditionWith(dir, opts, early));
  } finally {
    await early?.terminate();
    if (lowered) restoreFullTier();
  }
}

async function buildEditionWith(dir: string, opts: BuildOptions, early: Worker | undefined): Promise<BuildResult> {
  const log = opts.log ?? (() => undefined);
  const timings: BuildResult['timings'] = [];
  let lap = performance.now();
  const timed = (stage: string): void => {
    const now = performance.now();
    timings.push({ stage, ms: now - lap, rss: process.memoryUsage.rss() });
    lap = now;
  };
  const edition = loadEdition(dir);
  const { manifest } = edition;
  const editionDir = path.join(opts.outDir ?? 'dist', manifest.id);
  const teiDir = path.join(editionDir, 'tei');
  const register: Register | undefined = manifest.register ? loadRegister(path.join(dir, manifest.register)) : undefined;

  const schemaSrc = path.join(SCHEMA_DIR, EDITION_SCHEMA);
  const haveSchema = fs.existsSync(schemaSrc);
  const schemaHref = haveSchema ? `../schema/${EDITION_SCHEMA}` : undefined;

  // what changed since the last build
  const cacheFile = path.join(editionDir, CACHE_FILE);
  const fingerprint = codeFingerprint();
  const shared = crypto
    .createHash('sha256')
    .update(fingerprint)
    .update(fs.readFileSync(edition.manifestFile))
    .update(manifest.register ? fs.readFileSync(path.join(dir, manifest.register)) : '')
    .digest('hex');
  const old = opts.force ? undefined : readCache(cacheFile);
  const units = planUnits(manifest);
  const sources: NonNullable<BuildCache['sources']> = {};
  const sourceHash = sourceHasher(old?.sources, sources);
  const hashes = new Map(units.map((u) => [u.key, hashUnit(edition, u, shared, sourceHash)]));
  const reusable = (u: Unit): boolean => {
    const entry = old?.units[u.key];
    return !!entry && entry.hash === hashes.get(u.key) && u.sources.every((s) => fs.existsSync(path.join(teiDir, teiFileName(sourceId(manifest, s)))));
  };
  const toBuild = units.filter((u) => !reusable(u));
  // nothing to build: the early worker is not needed (ended without waiting for it)
  if (toBuild.length === 0) void early?.terminate();
  // a long build: V8 optimizes fully from here (what it lowered for a short run), and its heaps grow at most to twice what they hold
  if (toBuild.length > BASELINE_TIER_MAX_LETTERS) {
    restoreFullTier();
    if (opts.ownsProcess) boundHeapGrowth();
  }
  // many units: their TEI goes to a staging folder as each is built, and is renamed into place once the whole edition is
  // checked, so this thread never holds every document's text (10,000 letters: over 1 GB of strings and heap around them)
  const stageDir = toBuild.length > STAGE_MIN_UNITS ? path.join(editionDir, STAGING) : undefined;
  fs.rmSync(path.join(editionDir, STAGING), { recursive: true, force: true });
  timed('plan (manifest, register, what changed)');

  // the edition rules run in the unit workers, on both cores, right after each unit is written;
  // compiled here first so that the workers find the SEF in the disk cache
  const validate = opts.validate !== false;
  let rules: { source: string; sefFile: string; teiDir: string } | undefined;
  // a long build's rules: run by Saxon-HE (Java, when installed) over the staged TEI after the units, beside jing, in
  // a third of SaxonJS's CPU time (the workers' share of the units: a quarter); the same findings (schematron-he.ts)
  const xsltEngine = opts.xsltEngine ?? 'auto';
  const rulesHe = validate && stageDir !== undefined && (xsltEngine === 'saxon-he' || (xsltEngine === 'auto' && toBuild.length >= SAXON_HE_MIN_LETTERS)) ? stage.jvm().findSaxonHe() : undefined;
  const rulesXsl = rulesHe ? stage.schematron().schematronXsltFile(EDITION_SCH) : undefined;
  if (validate && toBuild.length > 0 && !rulesHe) {
    // the rules are part of the code fingerprint: a build with the same code compiled them to the SEF it kept
    const kept = old?.fingerprint === fingerprint && old.rulesSef && fs.existsSync(old.rulesSef) ? old.rulesSef : undefined;
    const sefFile = kept ?? (await stage.schematron().compileSchematron(EDITION_SCH)).sefFile;
    if (sefFile) rules = { source: EDITION_SCH, sefFile, teiDir };
  }

  // each source's tagged document is kept: a source unchanged since is not tagged again when its letter is rebuilt
  const taggedDir = path.join(editionDir, '.teikit-cache', 'tagged');
  const taggingKeys = (unit: Unit): UnitInput['tagged'] =>
    Object.fromEntries(
      unit.sources.map((s) => [
        s.file,
        {
          file: path.join(taggedDir, `${sourceId(manifest, s)}.json`),
          key: crypto.createHash('sha256').update(shared).update(JSON.stringify(s)).update(sourceHash(path.join(dir, s.file))).digest('hex'),
          reuse: !opts.force,
        },
      ]),
    );
  // Russian words' analyses are kept too (by the code and the morphology packages' versions)
  const keptWords = { file: path.join(editionDir, '.teikit-cache', 'words.jsonl'), key: crypto.createHash('sha256').update(fingerprint).update(packageVersion('az')).update(packageVersion('snowball-stemmers')).digest('hex') };
  const progress = new Progress(toBuild.length, opts.progress ?? false, 'units');
  const jobs = opts.jobs ?? os.availableParallelism();
  // a rebuild of a few units (from the command line): one worker thread builds them while this thread loads what
  // rendering them needs; a process that builds again (--watch) has it all loaded and builds them here
  const renderDue = opts.render !== false && (toBuild.length > 0 || !fs.existsSync(path.join(editionDir, 'html', 'index.html')));
  const aside = renderDue && !opts.buildsAgain && jobs >= 2 && toBuild.length > 0 && toBuild.length < 2 * MIN_JOBS_PER_WORKER;
  const pending = runUnits(
    // each input crosses to a worker thread by copy: it carries only the manifest sources its unit reads
    // (aside without the early worker, the rules run in this thread, which loads SaxonJS anyway for the rendering)
    toBuild.map((unit) => unitInputForWorker({ editionDir: dir, manifest, unit, register, schemaHref, rules: aside && !early ? undefined : rules, tagged: taggingKeys(unit), words: keptWords, stage: aside ? undefined : stageDir })),
    { jobs, onDone: () => progress.tick(), aside, worker: early },
    (input) => stage.units().buildAndCheckUnit(input),
  );
  // the units' worker renders their letters afterwards
  const renderThread = aside ? early : undefined;
  const unitHashOf = new Map(units.flatMap((u) => u.sources.map((src) => [sourceId(manifest, src), hashes.get(u.key)!] as const)));
  // what the renderer is given: the edition's documents (those built in this run with their text, as written and validated;
  // the others are read safely when needed) and the ones changed (a document's TEI follows from its unit's inputs: their
  // hash keys the renderer's cache)
  const htmlDir = path.join(editionDir, 'html');
  // (onDisk: the changed documents' TEI is written already, and read from there as each letter is rendered)
  const renderOptions = (docs: Array<Omit<BuiltDocument, 'xml' | 'fileName'> & { xml?: string }>, changedIds: Set<string>, onDisk = false): RenderEditionOptions => ({
    editionId: manifest.id,
    teiFiles: docs.map((d) => {
      const base = { lang: d.lang, role: d.role, path: d.path, docId: d.docId, originalId: d.originalId, digest: unitHashOf.get(d.docId) };
      if (!changedIds.has(d.docId)) return base;
      return onDisk ? { ...base, written: true } : { ...base, xml: d.xml };
    }),
    manifest,
    outDir: htmlDir,
    pdf: opts.pdf !== false,
    changed: changedIds,
    cacheDir: renderCacheDir(editionDir),
    jobs: opts.jobs,
    xsltEngine: opts.xsltEngine,
    renderAgain: opts.buildsAgain,
    renderThread,
  });
  // (ahead: its letters were sent to the worker to be rendered there once their unit is built)
  let preparedRender: { changed: Set<string>; prepared: PreparedRender; ahead: boolean } | undefined;
  // what the export reads first, read while the units are built (see below)
  let exportAhead: ExportAhead | undefined;
  if (aside) {
    try {
      // what rendering needs here: the other letters' kept parts (and, without a thread to render, the stylesheet)
      if (renderThread) stage.parts().preloadLetterParts(renderCacheDir(editionDir));
      else prepareRendering(editionDir);
      // and what the stages after the units load on first use: the validator with its libxml2 child, the rules, the
      // exporter, a first run of the stylesheet
      if (validate) stage.validator().prestartGrammar(EDITION_RNG);
      if (rules && !renderThread) stage.rules().loadCompiledSchematron(rules.source, rules.sefFile);
      stage.exporter();
      stage.render();
      // rendering here: a first run of the stylesheet (see warmUpStylesheet)
      if (!renderThread) warmUpStylesheet(toBuild, manifest, teiDir);
      else {
        // the rendering's plan, ahead: the documents as they will be (their texts are not needed for it)
        const ahead = units.flatMap((u) =>
          u.sources.map((src) => {
            const docId = sourceId(manifest, src);
            const original = originalOf(manifest, src);
            return { docId, lang: src.lang, role: src.role, originalId: original ? sourceId(manifest, original) : undefined, path: path.join(teiDir, teiFileName(docId)) };
          }),
        );
        const changed = new Set(toBuild.flatMap((u) => u.sources.map((src) => sourceId(manifest, src))));
        const prepared = stage.render().prepareEditionRender(renderOptions(ahead, changed), true);
        // one unit: the worker makes its letter's view right after building it, while this thread checks and writes its TEI
        // (the view is taken when the letter is due only if made from the same texts; with more units it would hold up the next)
        if (prepared) preparedRender = { changed, prepared, ahead: toBuild.length === 1 };
        if (preparedRender?.ahead) renderThread.postMessage({ kind: 'render-ahead', jobs: preparedRender.prepared.jobs.map((j) => j.job) } satisfies UnitWorkerRequest);
        // then, in steps between which the units' results are taken as they come, what the export reads first
        stage
          .exporter()
          .readExportAhead({ editionId: manifest.id, distDir: editionDir })
          .then((a) => (exportAhead = a))
          .catch(() => undefined);
      }
    } catch {
      // whatever failed here fails again, and is reported, where the stage needs it
    }
  }
  let outputs: UnitOutput[];
  try {
    outputs = await pending;
    // a worker that will not render is ended now: its heap (the pipeline, the dictionaries) is not kept through the rendering
    if (early && !renderThread) await early.terminate();
    // aside, the rules run here (see above), as a worker runs them after each unit
    if (aside && rules && !renderThread) for (const out of outputs) stage.unitRules().checkUnitRules(out, rules);
  } catch (err) {
    if (aside) stage.relaxng().dropSpareLibxml();
    throw err;
  }
  progress.done();
  stage.keptWords().keepWords(keptWords, outputs.flatMap((o) => o.words ?? []));
  // the kept taggings of sources no longer in the edition (none when the last build had the same units: it removed them)
  const sameUnits = old !== undefined && Object.keys(old.units).length === units.length && units.every((u) => old.units[u.key] !== undefined);
  if (!sameUnits) {
    const sourceFiles = new Set(manifest.sources.map((s) => `${sourceId(manifest, s)}.json`));
    removeStaleCacheFiles(taggedDir, (n) => n.endsWith('.json') && !sourceFiles.has(n));
  }
  timed(`units (read, tag, align, write TEI${rulesHe ? '' : ', edition rules'}; worker threads)`);
  const byKey = new Map<string, UnitOutput>(outputs.map((o) => [o.key, o]));

  const documents: BuiltDocument[] = [];
  const changed: BuiltDocument[] = [];
  const candidates: Candidate[] = [];
  /** Diagnostics of the rules run in the workers, by TEI path; documents not in it still need their rules checked. */
  const ruleFindings = new Map<string, Diagnostic[]>();
  /** The documents whose TEI is in the staging folder (not yet renamed into place), with the hash of their text. */
  const stagedAt = new Map<BuiltDocument, { file: string; hash: string }>();
  for (const unit of units) {
    const out = byKey.get(unit.key);
    if (out) {
      for (const d of out.documents) {
        const { staged, ...built } = d;
        const doc: BuiltDocument = { ...built, path: path.join(teiDir, d.fileName) };
        if (staged) {
          stagedAt.set(doc, staged);
          // (read when asked for: from the staging folder until it is renamed into place)
          textFromFile(doc, () => stagedAt.get(doc)?.file);
        }
        documents.push(doc);
        changed.push(doc);
        if (out.diagnostics) ruleFindings.set(doc.path, []);
      }
      for (const f of out.diagnostics ?? []) ruleFindings.get(f.file)?.push(f);
      candidates.push(...out.candidates);
      // (the texts are held by `documents` from here on)
      out.documents = [];
    } else {
      for (const source of unit.sources) {
        const docId = sourceId(manifest, source);
        const original = originalOf(manifest, source);
        const p = path.join(teiDir, teiFileName(docId));
        const doc = {
          docId,
          lang: source.lang,
          role: source.role,
          originalId: original ? sourceId(manifest, original) : undefined,
          fileName: teiFileName(docId),
          path: p,
        } as BuiltDocument;
        // an unchanged document's TEI is read from disk only when someone asks for it (a rebuild of one letter needs none of the others')
        textFromFile(doc);
        documents.push(doc);
      }
    }
  }

  // the staged TEI flushed to disk by libuv's threads while this thread awaits the checks (the unit workers wrote it
  // unflushed: 0.8 s of their 13 s each at 1,000 letters); each file is renamed into place only after
  const stagedFlushed = stagedAt.size > 0 ? flushFiles([...stagedAt.values()].map((s) => s.file)) : undefined;
  stagedFlushed?.catch(() => undefined);

  // validate what was built, before anything is written: an invalid edition leaves dist/ as it was
  const warnings: Diagnostic[] = [];
  let grammarChecked = 0;
  // what earlier builds with this code checked (nothing after a code change or with --force)
  const wasChecked = new Map(old?.fingerprint === fingerprint ? Object.entries(old.grammarChecked ?? {}) : []);
  const checkedNow = new Map<string, string>();
  try {
    if (validate && changed.length > 0) {
      // the grammar: jing compiles the schema once for a whole batch (one JVM, its own process);
      // libxml2 recompiles it per document, cheaper only for a few
      const engine = changed.length >= JING_MIN_DOCUMENTS && stage.relaxng().findJing() ? 'jing' : 'auto';
      // the rules by Saxon-HE, its JVM running beside jing's; their documents count as checked by rules (findings below)
      const heTargets = rulesHe ? changed.filter((d) => stagedAt.has(d)) : [];
      const heRules = rulesHe && heTargets.length > 0 ? stage.rulesHe().runSchematronSaxonHe(rulesHe, EDITION_SCH, rulesXsl!, heTargets.map((d) => ({ file: d.path, path: stagedAt.get(d)!.file }))) : undefined;
      // (a failure while jing runs is reported after it)
      heRules?.catch(() => undefined);
      for (const d of heTargets) ruleFindings.set(d.path, []);
      // a document rebuilt to a text whose grammar a build with the same code and schema checked already is not checked
      // again (the other version of a letter whose one source changed is often the same); --force checks everything
      const toCheck = changed.filter((d) => {
        const hash = stagedAt.get(d)?.hash ?? textHash(d.xml);
        if (wasChecked.get(d.fileName) === hash) return false;
        checkedNow.set(d.fileName, hash);
        return true;
      });
      const checked = toCheck.filter((d) => ruleFindings.has(d.path));
      const unchecked = toCheck.filter((d) => !ruleFindings.has(d.path));
      grammarChecked = toCheck.length;
      const { createValidator } = stage.validator();
      const grammarOnly = createValidator({ schema: EDITION_RNG, schematron: false, teiAll: null, engine });
      const full = createValidator({ schema: EDITION_RNG, schematron: EDITION_SCH, teiAll: null, engine });
      const reports = new Map<string, Diagnostic[]>();
      if (engine === 'jing' && checked.length > 0 && checked.every((d) => stagedAt.has(d))) {
        // staged: jing reads the files where they are (teikit's own TEI), no text passes through this thread
        const run = await stage.relaxng().validateWithJing(EDITION_RNG, checked.map((d) => ({ file: d.path, text: '', path: stagedAt.get(d)!.file })));
        for (const d of checked) reports.set(d.path, run.results.get(d.path) ?? []);
      } else for (const r of await grammarOnly.validateStrings(checked.map((d) => ({ xml: d.xml, file: d.path })))) reports.set(r.file, r.diagnostics);
      for (const r of await full.validateStrings(unchecked.map((d) => ({ xml: d.xml, file: d.path })))) reports.set(r.file, r.diagnostics);
      if (heRules) for (const [file, found] of await heRules) ruleFindings.set(file, found);
      const problems = changed.flatMap((d) => {
        const mine = [...(reports.get(d.path) ?? []), ...(ruleFindings.get(d.path) ?? [])].filter((x) => x.severity !== 'info');
        return mine.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0));
      });
      const errors = problems.filter((d) => d.severity === 'error');
      if (errors.length > 0) throw new TeikitError(errors);
      warnings.push(...problems);
      for (const w of problems) log(formatDiagnostic(w));
    }
  } finally {
    // a libxml2 child started ahead for the grammar and not taken (nothing needed it) is not left running
    if (aside) stage.relaxng().dropSpareLibxml();
  }
  await stagedFlushed;
  timed(`grammar (edition RELAX NG)${rulesHe && changed.length > 0 ? ' and edition rules (Saxon-HE)' : ''}`);

  // all computed and checked: now write (each file atomically; unchanged bytes are not rewritten)
  const written: string[] = [];
  // many documents: staged ones renamed into place (written and flushed by the workers); others written (each
  // atomically, flushed to disk) by a thread of their own, handed the texts in batches (2,000 documents: 0.7-2 s of
  // flushes on this thread before); the rendering then reads them back letter by letter. A few (a rebuild, whose
  // export runs beside the rendering): here, and their texts go to the renderer.
  const sameAsFile = (d: BuiltDocument): boolean => (stagedAt.has(d) ? sameFileBytes(stagedAt.get(d)!.file, d.path) : fileHolds(d.path, d.xml));
  const teiLater = changed.length > EXPORT_BESIDE_RENDER_MAX ? changed.filter((d) => !sameAsFile(d)) : undefined;
  if (teiLater) written.push(...teiLater.map((d) => d.path));
  else for (const d of changed) if (writeFileAtomicIfChanged(d.path, d.xml)) written.push(d.path);
  let teiWriter: BackgroundWriter | undefined;
  let placed = false;
  const startTeiWrites = (): void => {
    if (!teiLater || placed) return;
    placed = true;
    // staged (written and flushed by the workers): renamed into place; the others' texts go to the writer's thread
    const rest = teiLater.filter((d) => !stagedAt.has(d));
    for (const d of teiLater) {
      const s = stagedAt.get(d);
      if (!s) continue;
      fs.mkdirSync(teiDir, { recursive: true });
      fs.renameSync(s.file, d.path);
      stagedAt.delete(d);
    }
    if (rest.length === 0) return;
    teiWriter = new BackgroundWriter({ atomic: { fsync: true } });
    for (const d of rest) teiWriter.write(d.path, d.xml);
  };
  if (haveSchema) {
    const target = path.join(editionDir, 'schema', EDITION_SCHEMA);
    if (writeFileAtomicIfChanged(target, fs.readFileSync(schemaSrc))) written.push(target);
  }
  timed(teiLater ? 'write TEI (compared; written beside the rendering)' : 'write TEI');
  // edition-level outputs depend on every document: redone when any changed or one is missing
  const corpusFile = path.join(teiDir, `${manifest.id}.corpus.xml`);
  let editionOutputs = 0;
  let exportFilesWritten = 0;
  let exportFilesRemoved = 0;
  const exportDue = changed.length > 0 || !fs.existsSync(corpusFile) || !fs.existsSync(path.join(editionDir, 'dts'));
  const changedTei = new Set(changed.map((d) => d.path));
  const runExport = (): void => {
    // incremental: the DTS responses of unchanged documents stay as they are, the corpus reuses their kept parts
    const r = stage.exporter().exportEdition({
      editionId: manifest.id,
      distDir: editionDir,
      manifest,
      teiFiles: documents.map((d) => ({ lang: d.lang, path: d.path })),
      changed: changedTei,
      // (when the reading ahead has finished; what it read is used only while its files are as they were)
      ahead: exportAhead,
    });
    editionOutputs = 1;
    exportFilesWritten = (r.corpusWritten ? 1 : 0) + r.dts.written;
    exportFilesRemoved = r.dts.removed;
  };

  // the HTML edition, print view and PDF
  let rendered = 0;
  if (opts.render !== false && (changed.length > 0 || !fs.existsSync(path.join(htmlDir, 'index.html')))) {
    const changedIds = new Set(changed.map((d) => d.docId));
    const beside = exportDue && changed.length <= EXPORT_BESIDE_RENDER_MAX;
    // (made ahead for these documents when the same ones changed; else here)
    const same = preparedRender !== undefined && preparedRender.changed.size === changedIds.size && [...changedIds].every((id) => preparedRender!.changed.has(id));
    // a few changed letters: the export runs in this thread while the letters render (both are small);
    // many: after the rendering, so that their working sets do not add up (1,000 letters: 1.21 GB peak beside, 0.91 GB after),
    // unless Saxon-HE renders them: its JVM leaves this thread free, and holds little of this process's memory
    const options = { ...renderOptions(documents, changedIds, teiLater !== undefined), alongside: beside ? runExport : undefined, besideJvm: exportDue && !beside ? runExport : undefined, renderedAhead: same && preparedRender!.ahead };
    let r: Awaited<ReturnType<ReturnType<typeof stage.render>['renderEdition']>>;
    try {
      // many documents: their texts go to the writer's thread, and the build lets go of them (each is read from its file
      // when asked for afterwards, as an unchanged document's is); the renderer reads each letter's from its file as it
      // renders it, so that no stage after the grammar holds every text (3,000 letters: ~0.25 GB of strings)
      startTeiWrites();
      if (teiLater) for (const d of changed) textFromFile(d);
      teiWriter?.finish();
      // the texts are garbage now: collected at once (one full collection), before the rendering threads start; left to
      // V8, they stayed while the threads loaded, and the build peaked there (3,000 letters: 0.94-1.01 GB, now 0.87 GB)
      if (teiLater && stageDir === undefined) stage.nativeMemory().collectGarbageNow();
      r = await stage.render().renderEdition(options, same ? preparedRender!.prepared : undefined);
    } catch (err) {
      // (a failed write still waits for the TEI files being written: none appears later, no temporary file is left)
      teiWriter?.abort();
      throw err;
    }
    rendered = 1;
    if (r.pdf) log(`${manifest.id}: PDF ${path.relative(process.cwd(), r.pdf) || r.pdf}`);
    if (r.pdfSkipped) log(`${manifest.id}: no PDF: ${r.pdfSkipped}`);
    const how = r.lettersBySaxonHe > 0 ? `; ${r.lettersBySaxonHe} letters by Saxon-HE` : r.workers > 0 && renderThread ? `; letters in the units' worker thread${r.lettersAhead > 0 ? ', made ahead' : ''}` : '';
    timed(`render (HTML, print view${opts.pdf !== false ? ', PDF' : ''}${how})${beside || r.besideJvmRan ? ' and export (teiCorpus, DTS) beside it' : ''}`);
  }
  // the TEI written (the export reads it)
  startTeiWrites();
  teiWriter?.finish();
  if (exportDue && editionOutputs === 0) {
    runExport();
    timed('export (teiCorpus, DTS)');
  }

  const changedSet = new Set(changed);
  const cache: BuildCache = {
    fingerprint,
    units: Object.fromEntries(units.map((u) => [u.key, { hash: hashes.get(u.key)!, files: u.sources.map((s) => teiFileName(sourceId(manifest, s))) }])),
    sources,
    rulesSef: rules?.sefFile ?? (old?.fingerprint === fingerprint ? old.rulesSef : undefined),
    // for the documents on disk after this build: checked now, or checked before and not written since (a build that
    // does not validate keeps nothing for what it wrote)
    grammarChecked: Object.fromEntries(
      documents.flatMap((d) => {
        const hash = changedSet.has(d) ? (validate ? checkedNow.get(d.fileName) ?? wasChecked.get(d.fileName) : undefined) : wasChecked.get(d.fileName);
        return hash ? [[d.fileName, hash] as const] : [];
      }),
    ),
  };
  // a cache, checked when read: the TEI it vouches for was flushed when written, and a cache lost or torn by a crash
  // only makes the next build redo everything (so no fsync; one line, as no one reads it but the build)
  writeFileAtomic(cacheFile, JSON.stringify(cache) + '\n', { fsync: false });

  const stats: BuildStats = {
    units: units.length,
    unitsBuilt: toBuild.length,
    unitsReused: units.length - toBuild.length,
    sourcesTagged: outputs.reduce((n, o) => n + o.tagged, 0),
    teiWritten: written.filter((w) => w.endsWith('.xml')).length,
    validated: validate ? changed.length : 0,
    grammarChecked,
    editionOutputs,
    exportFilesWritten,
    exportFilesRemoved,
    rendered,
  };
  log(`${manifest.id}: ${documents.length} TEI documents in ${path.relative(process.cwd(), teiDir) || teiDir} (${stats.unitsBuilt} built, ${stats.unitsReused} unchanged)`);
  // the staging folder: what was staged and not renamed (a document whose file held its bytes already)
  if (stageDir) {
    stagedAt.clear();
    fs.rmSync(stageDir, { recursive: true, force: true });
  }
  timed('cache');
  return { edition, editionDir, teiDir, documents, changed, candidates, warnings, written, stats, timings };
}


/** Flush files to disk, a few at a time on libuv's threads (this thread stays free). */
async function flushFiles(files: string[], atOnce = 4): Promise<void> {
  let next = 0;
  const one = async (): Promise<void> => {
    for (let i = next++; i < files.length; i = next++) {
      const h = await fs.promises.open(files[i], 'r');
      try {
        await h.sync();
      } finally {
        await h.close();
      }
    }
  };
  await Promise.all(Array.from({ length: atOnce }, one));
}

/**
 * A document whose `xml` is read from its file when first asked for (and held from then on); while `staged` names
 * another file (the staging folder's), from that one each time it is asked for.
 */
function textFromFile(doc: BuiltDocument, staged?: () => string | undefined): void {
  let text: string | undefined;
  const get = (): string => {
    const from = staged?.();
    return from !== undefined ? fs.readFileSync(from, 'utf8') : (text ??= fs.readFileSync(doc.path, 'utf8'));
  };
  Object.defineProperty(doc, 'xml', { get, enumerable: true, configurable: true });
}

/** What rendering a few changed letters loads first: the compiled stylesheet and the other letters' kept parts. */
function prepareRendering(editionDir: string): void {
  stage.sef().loadStylesheet();
  stage.parts().preloadLetterParts(renderCacheDir(editionDir));
}

/**
 * A first run of the stylesheet costs several times a later one (SaxonJS's
 * code is compiled by V8 as it first runs): made on the current TEI of a
 * letter being rebuilt, its result dropped, while its unit is built elsewhere.
 */
function warmUpStylesheet(toBuild: Unit[], manifest: Edition['manifest'], teiDir: string): void {
  const source = toBuild[0]?.sources[0];
  if (!source) return;
  const file = path.join(teiDir, teiFileName(sourceId(manifest, source)));
  if (fs.existsSync(file)) stage.render().renderTei({ file }, 'html');
}

/**
 * For a process that will build again (`teikit build --watch`), while it
 * waits for a change: load in this thread what a rebuild of a few letters
 * loads there on first use (the compiled stylesheets, the letters' kept
 * parts, the edition rules, the Russian dictionaries) and run its first
 * unit once in memory, so that the first rebuild costs no more than the next
 * ones. Nothing is written.
 */
export async function prepareToBuildAgain(dir: string, opts: Pick<BuildOptions, 'render' | 'validate' | 'outDir'> = {}): Promise<void> {
  const { manifest } = loadEdition(dir);
  const editionDir = path.join(opts.outDir ?? 'dist', manifest.id);
  // the stylesheet, and the letters' kept parts, which a rebuild puts into the edition-wide pages
  if (opts.render !== false) prepareRendering(editionDir);
  let rules: UnitInput['rules'];
  if (opts.validate !== false) {
    const compiled = await stage.schematron().compileSchematron(EDITION_SCH);
    if (compiled.sefFile) rules = { source: EDITION_SCH, sefFile: compiled.sefFile, teiDir: path.join(editionDir, 'tei') };
  }
  stage.morph().ensureMorph();
  // the first unit built once in memory (nothing is written): the reader, tagger, aligner, writer and edition rules
  // run their first time here rather than in the first rebuild
  const [first] = planUnits(manifest);
  if (first) {
    const register = manifest.register ? loadRegister(path.join(dir, manifest.register)) : undefined;
    stage.units().buildAndCheckUnit(unitInputForWorker({ editionDir: dir, manifest, unit: first, register, schemaHref: undefined, rules }));
  }
}
