import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { TeikitError } from '../model/diagnostics';
import { fileHolds, writeFileAtomic } from '../io/atomic-write';
import { BackgroundWriter } from '../io/background-writer';
import { runStylesheetRaw, toXdm, toXdmFromString } from './saxon';
// no import of ./parse here: libxmljs2 (the safe parser) cannot load in a worker thread; the main thread checks every TEI and hands over the checked text

/** What one document of a letter gives the edition-wide pages (xslt/letter.xsl). The long parts are UTF-8 bytes: they go into the pages as they are (parts-store.ts). */
export interface DocParts {
  /** Its text in the print view (an <article>). */
  print: Uint8Array;
  /** Its named page rules (CSS) in the print view. */
  style: string;
  /** Its HTML language. */
  lang: string;
  /** The register entries in its standOff, by id (XML). */
  entries: Record<string, string>;
  /** Its occurrences of each register id on the index of names (dt/dd HTML). */
  occ: Record<string, Uint8Array>;
  /** The same in the print view, linked within the page (inPage). */
  pocc: Record<string, Uint8Array>;
}

/**
 * Occurrences as the print view shows them: the links to the document's
 * reading page (`<a href="<page>#…`, written by the stylesheet, whose page
 * names are plain) point within the print view. Text cannot look like such a
 * link: its `<` is written as `&lt;`.
 */
export function inPage(occurrences: string, page: string): string {
  return occurrences.split(`<a href="${page}#`).join('<a href="#');
}

/** What one letter gives the edition-wide pages: its documents' parts and its item in the list of letters. */
export interface LetterParts {
  docs: Record<string, DocParts>;
  letter: string;
}

/**
 * One letter (an original and its translations) as plain data, so that it
 * can cross to a worker thread: its documents, which of its pages are due,
 * and the edition description its pages show.
 */
export interface LetterJob {
  outDir: string;
  /** The <edition> description for this letter's pages (navigation: this letter's documents and pairs). */
  editionXml: string;
  params: Record<string, string>;
  /** The letter's documents; `xml` is the TEI as checked by the safe parser (parse.ts), needed when the job goes to a worker thread. */
  /** xml: the document's checked text; xmlIsFile: that text is its file's bytes as well (the caller's own TEI, given with its text), so the copy beside the pages is made from it. */
  docs: Array<{ docId: string; path: string; page: string; tei: string; reading: boolean; copy: boolean; xml?: string; xmlIsFile?: boolean }>;
  /** The letter's parallel pages, and whether each is due. */
  pairs: Array<{ page: string; due: boolean }>;
}

export interface LetterResult {
  /** Files written, relative to outDir. */
  written: string[];
  reading: number;
  parallel: number;
  parts: LetterParts;
  /** Its view was made ahead (renderLetterViewsAhead), not when it was due. */
  ahead: boolean;
  /** It was rendered in a worker thread (renderClaimedLetters). */
  inWorker?: boolean;
  /** Its view was made by Saxon-HE (saxon-he.ts). */
  bySaxonHe?: boolean;
}

/** What the letter view (xslt/letter.xsl) gives: the letter's pages, its documents' parts of the edition-wide pages, its item in the list of letters. */
export interface LetterView {
  pages: Record<string, string>;
  /** Pages written to files already (Saxon-HE's, saxon-he.ts): each file, complete, is renamed into place instead. */
  pageFiles?: Record<string, string>;
  docs: Record<string, { html: string; xml: string; style: string; lang: string }>;
  letter: string;
}

/**
 * The parts a document's serialization holds, each in a `<tk-part k="…">`
 * wrapper (xslt/letter.xsl). Text and attribute values are written escaped
 * (`<` as `&lt;`), so only the stylesheet's own wrappers match.
 */
export function splitParts(serialized: string): Map<string, string> {
  const parts = new Map<string, string>();
  for (const m of serialized.matchAll(/<tk-part k="([^"<]*)">([\s\S]*?)<\/tk-part>/g)) parts.set(m[1], m[2]);
  return parts;
}

function docParts(view: LetterView['docs'][string], page: string): DocParts {
  const utf8 = (s: string): Uint8Array => Buffer.from(s, 'utf8');
  const parts: DocParts = { print: utf8(''), style: view.style, lang: view.lang, entries: {}, occ: {}, pocc: {} };
  for (const [k, v] of splitParts(view.html)) {
    if (k === 'print') parts.print = utf8(v);
    else if (k.startsWith('occ ')) {
      parts.occ[k.slice(4)] = utf8(v);
      parts.pocc[k.slice(4)] = utf8(inPage(v, page));
    }
  }
  // the entries' XML declares the TEI namespace on each entry: taken out of the wrapper as it is
  for (const [k, v] of splitParts(view.xml)) parts.entries[k] = v;
  return parts;
}

/**
 * Render one letter in one transformation (xslt/letter.xsl): write its due
 * pages and TEI copies, return its parts of the edition-wide pages (kept
 * between runs by the caller, parts-store.ts). A letter is given only its own documents (the register
 * lookups fall back to the other versions), so its cost does not depend on
 * the size of the edition. Each document is parsed here, once, from its
 * checked text.
 */
export function renderLetterPages(job: LetterJob, made?: LetterView): LetterResult {
  const written: string[] = [];
  const write = (name: string, data: string | Uint8Array): void => {
    if (pageWriter) pageWriter.write(path.join(job.outDir, name), data);
    else writeFileAtomic(path.join(job.outDir, name), data, { fsync: false });
    written.push(name);
  };
  const writeIfChanged = (name: string, data: string | Uint8Array): void => {
    if (!fileHolds(path.join(job.outDir, name), data)) write(name, data);
  };
  // a page written to a file already (on the same file system) is renamed into place: as atomic as writing it
  const put = (name: string, view: LetterView): void => {
    const file = view.pageFiles?.[name];
    if (file === undefined) return write(name, view.pages[name]);
    const target = path.join(job.outDir, name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.renameSync(file, target);
    written.push(name);
  };
  // a view made ahead from these very inputs (renderLetterViewsAhead) is taken instead of transforming again
  // (or the one given, made by another engine: saxon-he.ts)
  const madeAhead = made === undefined ? takeViewAhead(job) : undefined;
  const view = made ?? madeAhead ?? letterView(job);
  let reading = 0;
  let parallel = 0;
  for (const d of job.docs) {
    if (d.reading) {
      put(d.page, view);
      reading++;
    }
    // the TEI copy beside the pages: written when its bytes differ (a letter's other version is often rebuilt to the same)
    // (from the text in hand when it is the file's bytes: a build may still be writing the file)
    if (d.copy) writeIfChanged(d.tei, d.xmlIsFile && d.xml !== undefined ? d.xml : fs.readFileSync(d.path));
  }
  for (const p of job.pairs) {
    if (!p.due) continue;
    put(p.page, view);
    parallel++;
  }
  const pageOf = new Map(job.docs.map((d) => [d.docId, d.page]));
  const parts: LetterParts = { docs: Object.fromEntries(Object.entries(view.docs).map(([id, d]) => [id, docParts(d, pageOf.get(id) ?? '')])), letter: view.letter };
  return { written, reading, parallel, parts, ahead: madeAhead !== undefined };
}

/** The letter view (xslt/letter.xsl) of a job whose documents carry their checked text. */
function letterView(job: LetterJob): LetterView {
  const docs = job.docs.map((d) => {
    if (d.xml === undefined) throw new TeikitError({ file: d.path, severity: 'error', message: 'internal: a letter job without the checked TEI text', rule: 'render/thread' });
    return toXdm({ file: d.path, xml: d.xml, declaredVersion: '1.0', warnings: [] });
  });
  const edition = toXdmFromString(job.editionXml, path.join(job.outDir, 'edition'));
  return runStylesheetRaw(docs[0], { ...job.params, edition, docs, 'register-docs': docs, view: 'letter' }, job.docs[0].path) as LetterView;
}

/** Letter views made ahead in this thread, by letter (its pages' folder and documents' paths), with what each was made from (viewInputs). */
const viewsAhead = new Map<string, { inputs: string; view: LetterView }>();

const letterKey = (job: LetterJob): string => JSON.stringify([job.outDir, job.docs.map((d) => d.path)]);

/** What a letter view depends on: the job's edition description and parameters, and its documents' texts (with letterKey, everything). */
function viewInputs(job: LetterJob): string {
  return JSON.stringify([job.editionXml, job.params, job.docs.map((d) => d.xml ?? null)]);
}

/** The view made ahead for this job, if it was made from the very same inputs (a view made from others is dropped). */
function takeViewAhead(job: LetterJob): LetterView | undefined {
  if (viewsAhead.size === 0) return undefined;
  const key = letterKey(job);
  const made = viewsAhead.get(key);
  viewsAhead.delete(key);
  return made !== undefined && made.inputs === viewInputs(job) ? made.view : undefined;
}

/**
 * Make letter views ahead, before the jobs are due (nothing is written): a
 * rebuild's unit worker renders the letter it has just built from the texts
 * it wrote (`texts`, by TEI file name) while the main thread checks them
 * against the grammar and writes them. When the job comes (renderLetterPages),
 * its view is taken only if every input is the same, the texts as checked
 * included; otherwise it is transformed as usual. A job whose documents are
 * not all in `texts` is left for then, as is one whose transformation fails
 * (its error is reported when it is due).
 */
export function renderLetterViewsAhead(jobs: LetterJob[], texts: ReadonlyMap<string, string>): number {
  let made = 0;
  for (const job of jobs) {
    if (!job.docs.every((d) => texts.has(path.basename(d.path)))) continue;
    const filled: LetterJob = { ...job, docs: job.docs.map((d) => ({ ...d, xml: texts.get(path.basename(d.path)) })) };
    try {
      viewsAhead.set(letterKey(filled), { inputs: viewInputs(filled), view: letterView(filled) });
      made++;
    } catch {
      // transformed again when due, and its error reported then
    }
  }
  return made;
}

/** Letters per claim: large enough that claiming costs nothing, small enough to share the work evenly. */
const CHUNK = 4;

/**
 * From this many letters on, each thread that renders them writes their pages through a thread of its own
 * (io/background-writer.ts, each file atomically, not flushed): creating thousands of files makes a thread
 * wait for the file system (on this machine's disk up to ~0.8 ms a file, 2-4 s for 1,000 letters), and the
 * rendering goes on meanwhile. A few letters (a rebuild) are written where they are rendered.
 */
export const PAGE_WRITER_MIN_LETTERS = 64;

/** This thread's writer of pages while it renders a run of many letters (see PAGE_WRITER_MIN_LETTERS). */
let pageWriter: BackgroundWriter | undefined;

/**
 * Run `render` with this thread's pages written through a thread of its own when `many`; every page queued is
 * written (or the writer's error thrown) before it returns. After an error the pages queued so far are still
 * written (none appears later) and the error is the one thrown.
 */
function writingPagesAside<T>(many: boolean, render: () => T): T {
  const writer = startPageWriter(many);
  if (!writer) return render();
  try {
    const out = render();
    writer.finish();
    return out;
  } catch (err) {
    writer.abort();
    throw err;
  } finally {
    pageWriter = undefined;
  }
}

/** This thread's writer of pages for a run of many letters, when `many` and none is set. */
function startPageWriter(many: boolean): BackgroundWriter | undefined {
  if (!many || pageWriter) return undefined;
  pageWriter = new BackgroundWriter({ atomic: { fsync: false } });
  return pageWriter;
}

/**
 * Render letters whose views another engine makes (saxon-he.ts): `makeViews` calls back with each letter's view,
 * whose pages are written then (through a thread of their own in a long run, as writingPagesAside) and whose result
 * goes to `onResult`. Every page is written (or the writer's error thrown) before it returns.
 */
export async function renderLettersFromViews(
  jobs: LetterJob[],
  makeViews: (onView: (index: number, view: LetterView) => void) => Promise<void>,
  onResult: (index: number, result: LetterResult) => void,
  writeAside = jobs.length >= PAGE_WRITER_MIN_LETTERS,
): Promise<void> {
  const writer = startPageWriter(writeAside);
  try {
    await makeViews((i, view) => onResult(i, { ...renderLetterPages(jobs[i], view), bySaxonHe: true }));
    writer?.finish();
  } catch (err) {
    writer?.abort();
    throw err;
  } finally {
    if (writer) pageWriter = undefined;
  }
}
/** Below this many letters a worker thread (~0.3 s to start and load the stylesheet) does not pay. */
const MIN_LETTERS_FOR_THREADS = 24;

/**
 * Worker threads to use for `letters` letter jobs: none under ts-jest/ts-node
 * (no compiled worker) or on one CPU. A few letters get one worker only when
 * this thread has work of its own beside them (`beside`, e.g. the export of a
 * rebuild): the worker starts and renders while this thread does that work.
 */
export function letterThreads(letters: number, jobs?: number, beside = false): number {
  const compiled = __filename.endsWith('.js') && fs.existsSync(path.join(__dirname, 'page-worker.js'));
  const cpus = jobs ?? os.availableParallelism();
  if (!compiled || letters === 0 || cpus < 2) return 0;
  if (letters < MIN_LETTERS_FOR_THREADS) return beside ? 1 : 0;
  return Math.max(0, Math.min(cpus - 1, Math.floor(letters / MIN_LETTERS_FOR_THREADS)));
}

/** Old-generation heap of a worker thread: the parsed stylesheet (~60 MB) and a few letters fit many times over. */
const WORKER_HEAP_MB = 192;

/**
 * What the main thread hands a worker: the first jobs, the shared claim slots
 * (one per chunk) and, when there are more jobs, the port they come through.
 * A long run's letters are handed over a few chunks ahead of the claims
 * (LETTERS_AHEAD), not all at once: a worker then holds a few letters'
 * texts instead of a copy of every one, so its heap does not grow with the
 * edition (with all 3,000 letters' texts a worker's heap was near its limit
 * and it collected garbage twice as often).
 */
export interface WorkerStart {
  /** The jobs from the first on; the others come through `feed` (null: rendered already). */
  jobs: Array<LetterJob | null>;
  /** How many jobs there are in all. */
  total: number;
  claims: SharedArrayBuffer;
  /** One Int32: how many chunks have been handed over (all when there is no `feed`). */
  handed: SharedArrayBuffer;
  chunk: number;
  /** The further jobs, as `{ first, jobs }` messages in the order of the jobs, each sent before `handed` counts it. */
  feed?: MessagePort;
  /** Pages written through a thread of its own (see PAGE_WRITER_MIN_LETTERS). */
  writeAside?: boolean;
  /** Where each chunk's results go (`done-chunk` messages): the main thread reads them between its own letters, so they are not held until the run ends. */
  results: MessagePort;
}

/** A message on WorkerStart.feed: the jobs from index `first` on (null: rendered already). */
interface FedJobs {
  first: number;
  jobs: Array<LetterJob | null>;
}

/** A chunk's results, on WorkerStart.results. */
interface DoneChunk {
  kind: 'done-chunk';
  chunk: number;
  results: LetterResult[];
}

/** What a worker says on its own port: it has finished, or failed. */
export type WorkerMessage =
  | { kind: 'finished' }
  | { kind: 'error'; error: { name: string; message: string; diagnostics?: unknown } };

/** Claim the next unclaimed chunk (slot 0 is the abort flag); -1 when none is left. */
export function claimChunk(claims: Int32Array): number {
  return claimChunkBelow(claims, claims.length - 1);
}

/** Claim chunk `c` if it is unclaimed: true when this thread has it (its slot is c + 1). */
function tryClaim(claims: Int32Array, c: number): boolean {
  return Atomics.compareExchange(claims, c + 1, 0, 1) === 0;
}

/** Claim the next unclaimed chunk of the first `limit`; -1 when none of them is left (or the run was aborted). */
function claimChunkBelow(claims: Int32Array, limit: number): number {
  for (let c = 0; c < limit && Atomics.load(claims, 0) === 0; c++) if (tryClaim(claims, c)) return c;
  return -1;
}

/** Claim the last unclaimed chunk; -1 when none is left (or the run was aborted). */
function claimLastChunk(claims: Int32Array): number {
  for (let c = claims.length - 2; c >= 0 && Atomics.load(claims, 0) === 0; c--) if (tryClaim(claims, c)) return c;
  return -1;
}

/**
 * A worker's next chunk: the first unclaimed one among those handed over,
 * waiting while every handed chunk is claimed and more are to come; -1 when
 * no chunk is left (or the run was aborted).
 */
function claimHandedChunk(claims: Int32Array, handed: Int32Array): number {
  const chunks = claims.length - 1;
  for (;;) {
    const n = Atomics.load(handed, 0);
    const c = claimChunkBelow(claims, n);
    if (c >= 0 || n >= chunks || Atomics.load(claims, 0) !== 0) return c;
    // the main thread hands more over (or ends the run) and wakes this thread; the time limit only guards against a lost wake-up
    Atomics.wait(handed, 0, n, 100);
  }
}

/**
 * A worker thread's part of renderLetters: render the letters of each chunk
 * it claims, post each chunk's results, then say it has finished (also
 * after an error, which stops the other threads' claims too).
 */
export function renderClaimedLetters(start: WorkerStart, post: (m: WorkerMessage) => void): void {
  const claims = new Int32Array(start.claims);
  const handed = new Int32Array(start.handed);
  // jobs that came through the feed and are not rendered yet, by index (those of chunks other threads claimed are dropped)
  const fed = new Map<number, LetterJob | null>();
  const jobAt = (i: number): LetterJob => {
    if (i < start.jobs.length) return start.jobs[i] ?? rendered(i);
    while (!fed.has(i)) {
      const m = start.feed ? (receiveMessageOnPort(start.feed)?.message as FedJobs | undefined) : undefined;
      if (!m) throw new Error(`internal: letter ${i} was not handed to this thread`);
      m.jobs.forEach((job, k) => {
        if (m.first + k >= i) fed.set(m.first + k, job);
      });
    }
    const job = fed.get(i)!;
    for (const k of fed.keys()) if (k <= i) fed.delete(k);
    return job ?? rendered(i);
  };
  const rendered = (i: number): never => {
    throw new Error(`internal: letter ${i} was claimed after it was rendered`);
  };
  try {
    writingPagesAside(start.writeAside === true, () => {
      for (let c = claimHandedChunk(claims, handed); c >= 0; c = claimHandedChunk(claims, handed)) {
        const results: LetterResult[] = [];
        for (let i = c * start.chunk; i < Math.min(start.total, (c + 1) * start.chunk); i++) results.push({ ...renderLetterPages(jobAt(i)), inWorker: true });
        start.results.postMessage({ kind: 'done-chunk', chunk: c, results } satisfies DoneChunk);
      }
    });
  } catch (err) {
    const e = err as Error;
    post({ kind: 'error', error: { name: e.name, message: e.message, diagnostics: err instanceof TeikitError ? err.diagnostics : undefined } });
  }
  start.feed?.close();
  start.results.close();
  post({ kind: 'finished' });
}

/** Letters handed to each worker thread ahead of the claims in a long run (see WorkerStart): a few seconds of its work. */
export const LETTERS_AHEAD = 32;

/** How renderLetters runs. */
export interface RenderLettersOptions {
  /** A thread the caller lent (started beforehand, SaxonJS loaded): the first of the threads. */
  lent?: Worker;
  /** The main thread takes unclaimed letters once its own work is done (default); false when the threads have the letters in hand. */
  mainTakes?: boolean;
  /** Each thread writes the pages through a thread of its own (default: from PAGE_WRITER_MIN_LETTERS letters on). */
  writeAside?: boolean;
  /** Letters handed to the threads ahead of the claims (default LETTERS_AHEAD; all of them when the main thread does not take letters). */
  ahead?: number;
  /**
   * A job as it is rendered: given the checked texts of its documents here, when it is handed to a thread or
   * rendered in this one (default: the jobs carry them). The caller then holds no letter's texts: the run holds
   * those of the letters in hand.
   */
  withText?: (job: LetterJob) => LetterJob;
}

/**
 * Render letter jobs in `threads` worker threads while the main thread does
 * `mainWork` (the caller's work beside the rendering, e.g. the export); when
 * that is done the main thread takes unclaimed letters too (unless
 * `mainTakes` is false). Chunks are claimed through shared memory, so no
 * thread idles while letters are left. In a long run the main thread hands
 * the threads the letters a few chunks ahead of their claims, between its
 * own letters, which it takes from the end.
 * Each letter's result goes to `onResult` (with the letter's index in
 * `jobs`) as it comes: the worker threads' between this thread's letters,
 * so that a long run does not hold them all.
 */
export async function renderLetters(
  jobs: LetterJob[],
  threads: number,
  inline: (job: LetterJob, index: number) => LetterResult,
  mainWork: () => void,
  onResult: (index: number, result: LetterResult) => void,
  options: RenderLettersOptions = {},
): Promise<void> {
  const { lent, mainTakes = true, writeAside = jobs.length >= PAGE_WRITER_MIN_LETTERS } = options;
  const withText = options.withText ?? ((job: LetterJob) => job);
  // the jobs given their texts and not rendered yet (handed over: this thread may still take them), each filled once
  const filled = new Map<number, LetterJob>();
  const jobAt = (i: number): LetterJob => {
    let job = filled.get(i);
    if (job === undefined) filled.set(i, (job = withText(jobs[i])));
    return job;
  };
  const got = new Uint8Array(jobs.length);
  const deliver = (i: number, r: LetterResult): void => {
    got[i] = 1;
    filled.delete(i);
    onResult(i, r);
  };
  // (a letter rendered already, by this thread from the end, is handed over as null: no thread will claim it again)
  const range = (from: number, to: number): Array<LetterJob | null> => Array.from({ length: Math.max(0, Math.min(jobs.length, to) - from) }, (_, k) => (got[from + k] === 1 ? null : jobAt(from + k)));
  const chunks = Math.ceil(jobs.length / CHUNK);
  const claims = new Int32Array(new SharedArrayBuffer(4 * (chunks + 1)));
  const handed = new Int32Array(new SharedArrayBuffer(4));
  // chunks handed over ahead of the lowest unclaimed one (all of them when this thread will not be there to hand more)
  const aheadChunks = mainTakes ? Math.max(1, Math.ceil((options.ahead ?? LETTERS_AHEAD) / CHUNK)) : chunks;
  let handedChunks = Math.min(chunks, aheadChunks);
  Atomics.store(handed, 0, handedChunks);
  const runChunk = (c: number): void => {
    for (let i = c * CHUNK; i < Math.min(jobs.length, (c + 1) * CHUNK); i++) deliver(i, inline(jobAt(i), i));
  };
  let failure: Error | undefined;
  const feeds: MessagePort[] = [];
  // the threads' results, read here between this thread's letters (and at the end)
  const backs: MessagePort[] = [];
  const drain = (port: MessagePort): void => {
    for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
      const done = m.message as DoneChunk;
      done.results.forEach((r, k) => deliver(done.chunk * CHUNK + k, r));
    }
  };
  const drainAll = (): void => backs.forEach(drain);
  const workers = Array.from({ length: threads }, (_, t) => {
    // a lent thread (the caller's, started and warmed beforehand) is the first; the others are started here.
    // a worker keeps only the stylesheet and the letters in hand: a bounded heap makes it collect early instead of growing
    const own = t > 0 || lent === undefined;
    const worker = own ? new Worker(path.join(__dirname, 'page-worker.js'), { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } }) : lent;
    // (removed when done: a lent thread goes on serving its owner)
    const listeners: Array<[string, (arg: unknown) => void]> = [];
    const on = <A>(event: string, f: (arg: A) => void): void => {
      worker.on(event, f);
      listeners.push([event, f as (arg: unknown) => void]);
    };
    const back = new MessageChannel();
    backs.push(back.port1);
    const done = new Promise<void>((resolve) => {
      on('message', (m: WorkerMessage) => {
        if (m.kind === 'error') {
          failure ??= rehydrate(m.error);
          stop();
        } else resolve();
      });
      on('error', (err: Error) => {
        failure ??= err;
        stop();
        resolve();
      });
      on('exit', () => resolve());
    }).then(() => {
      for (const [event, f] of listeners) worker.off(event, f);
    });
    const channel = handedChunks < chunks ? new MessageChannel() : undefined;
    if (channel) feeds.push(channel.port1);
    const start: WorkerStart = { jobs: range(0, handedChunks * CHUNK), total: jobs.length, claims: claims.buffer, handed: handed.buffer, chunk: CHUNK, feed: channel?.port2, writeAside, results: back.port2 };
    const transfer = channel ? [channel.port2, back.port2] : [back.port2];
    worker.postMessage(own ? start : { kind: 'render', start }, transfer);
    return { worker, done, own };
  });
  // stop the claims and wake the threads waiting for letters
  function stop(): void {
    Atomics.store(claims, 0, 1);
    Atomics.notify(handed, 0);
  }
  // hand the threads the letters up to `aheadChunks` past the lowest unclaimed chunk
  let lowest = 0;
  const handAhead = (): void => {
    if (feeds.length === 0 || handedChunks >= chunks) return;
    while (lowest < chunks && Atomics.load(claims, lowest + 1) !== 0) lowest++;
    const upTo = Math.min(chunks, lowest + aheadChunks);
    if (upTo <= handedChunks) return;
    const message: FedJobs = { first: handedChunks * CHUNK, jobs: range(handedChunks * CHUNK, upTo * CHUNK) };
    // (posted before `handed` counts them: a thread that claims a handed chunk finds its jobs on its port)
    for (const port of feeds) port.postMessage(message);
    handedChunks = upTo;
    Atomics.store(handed, 0, handedChunks);
    Atomics.notify(handed, 0);
  };
  try {
    mainWork();
    if (mainTakes) {
      writingPagesAside(writeAside, () => {
        // handing letters over, this thread takes them from the end: the threads take the handed ones from the start
        for (;;) {
          handAhead();
          drainAll();
          const c = feeds.length > 0 ? claimLastChunk(claims) : claimChunk(claims);
          if (c < 0) break;
          runChunk(c);
        }
      });
    }
  } catch (err) {
    stop();
    await Promise.all(workers.map((w) => (w.own ? w.worker.terminate() : w.done)));
    for (const port of [...feeds, ...backs]) port.close();
    throw err;
  }
  // every chunk is claimed: the threads waiting for more learn that none will come
  Atomics.store(handed, 0, chunks);
  Atomics.notify(handed, 0);
  await Promise.all(workers.map((w) => w.done));
  // (a thread posts its results before it says it has finished)
  drainAll();
  for (const port of [...feeds, ...backs]) port.close();
  await Promise.all(workers.filter((w) => w.own).map((w) => w.worker.terminate()));
  if (failure) throw failure;
  const lost = jobs.findIndex((_, i) => got[i] === 0);
  if (lost >= 0) {
    const file = jobs[lost].docs[0]?.path ?? jobs[lost].outDir;
    throw new TeikitError({ file, severity: 'error', message: 'a worker thread stopped before rendering the pages of this letter', rule: 'render/thread' });
  }
}

/** Errors cross the thread boundary as plain objects: make TeikitErrors TeikitErrors again. */
function rehydrate(err: { name: string; message: string; diagnostics?: unknown }): Error {
  if (err.name === 'TeikitError' && Array.isArray(err.diagnostics)) return new TeikitError(err.diagnostics as ConstructorParameters<typeof TeikitError>[0]);
  return Object.assign(new Error(err.message), { name: err.name });
}
