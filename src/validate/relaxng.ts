/**
 * RELAX NG validation of many documents against one schema, compiled once.
 *
 * Two engines:
 * - jing (Debian `jing`, run as ONE JVM over all files of a batch): compiles
 *   the schema once per run; the engine for large schemas such as tei_all.
 * - libxml2 (libxmljs2's `rngValidate`) in a child process that keeps the
 *   parsed schema document for all files; `rngValidate` recompiles the schema
 *   on every call, which costs milliseconds for the edition schema and about
 *   5 s for tei_all. libxml2 2.9 can hang on large TEI schemas, so each
 *   document has a time limit: past it the child is killed and that document
 *   goes to jing (when installed).
 *
 * Neither engine fetches anything: documents reach them as copies with no
 * DOCTYPE external identifier or external entity (neutralizeForExternalParser),
 * jing runs without XInclude processing and with every network proxy set to
 * a closed local port, and libxml2 parses with XML_PARSE_NONET.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { Diagnostic } from '../model/diagnostics';
import { SAFE_PARSER_OPTIONS } from '../xml/parse';
import { findJavaTool, type JavaTool, NO_NETWORK_JVM_FLAGS } from '../io/jvm';

export type RngEngineName = 'jing' | 'libxml';

export interface RngTarget {
  /** The file name to report. */
  file: string;
  /** The document text, safe for any parser (see neutralizeForExternalParser). */
  text: string;
  /** The document is on disk already, safe for any parser (teikit's own TEI, staged by a build): jing reads it there (`text` is then not used). */
  path?: string;
}

export interface RngRun {
  /** Diagnostics per target file (every target has an entry, empty when valid). */
  results: Map<string, Diagnostic[]>;
  /** Which engine gave each file's verdict. */
  engines: Map<string, RngEngineName>;
}

const JING_JAR_CANDIDATES = ['/usr/share/java/jing.jar'];

/** The jing jar and java binary, when both are installed (TEIKIT_JING_JAR overrides the jar). */
export function findJing(): JavaTool | undefined {
  return findJavaTool(JING_JAR_CANDIDATES, process.env.TEIKIT_JING_JAR);
}

const JING_LINE = /^(.*?):(\d+):(\d+): (error|warning|fatal): (.*)$/;
const JING_LINE_NOPOS = /^(.*?): (error|warning|fatal): (.*)$/;

/**
 * A jing run is short (a schema compiled, then documents read once): the JVM's quick compiler alone and its
 * single-threaded collector do it in half the CPU time of the defaults and less wall time (1,000 edition
 * documents: 0.81 s and 0.86 s of CPU, against 1.13 s and 1.83 s; 2,000 against tei_all: 1.37 s against 1.59 s).
 */
const SHORT_RUN_JVM_FLAGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

function runJingOnce(jing: { java: string; jar: string }, schemaFile: string, files: string[], compact: boolean, timeoutMs: number): Promise<{ stdout: string; stderr: string; code: number | null; timedOut: boolean }> {
  const args = ['-Xss16m', ...SHORT_RUN_JVM_FLAGS, ...NO_NETWORK_JVM_FLAGS, '-cp', jing.jar, 'com.thaiopensource.relaxng.util.Driver', ...(compact ? ['-c'] : []), schemaFile, ...files];
  return new Promise((resolve) => {
    execFile(jing.java, args, { timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { killed?: boolean; code?: number | string }) | null;
      resolve({ stdout: String(stdout), stderr: String(stderr), code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, timedOut: Boolean(e?.killed) });
    });
  });
}

/** At most this many documents in one jing run: its command line stays far under the system's argument limit. */
const MAX_FILES_PER_JING_RUN = 2000;
/** From twice this many documents on, they are shared among JVM runs side by side (one per CPU): each compiles the schema. */
const MIN_FILES_PER_PARALLEL_JING_RUN = 250;

/**
 * Validate documents with jing: in one JVM run, or for many documents in a
 * few runs side by side, one per CPU (each run compiles the schema once, in
 * about 0.3 s). A fatal error that jing does not tie to a file (it stops the
 * whole run) makes the files of that run be retried one JVM run each, so
 * every file still gets its own verdict.
 */
export async function validateWithJing(schemaFile: string, targets: RngTarget[], opts: { timeoutMs?: number; runs?: number } = {}): Promise<RngRun> {
  const side = Math.max(1, Math.min(opts.runs ?? os.availableParallelism(), Math.floor(targets.length / MIN_FILES_PER_PARALLEL_JING_RUN)));
  const count = Math.max(side, Math.ceil(targets.length / MAX_FILES_PER_JING_RUN));
  if (count === 1) return validateWithJingBatch(schemaFile, targets, opts);
  const size = Math.ceil(targets.length / count);
  const batches = Array.from({ length: count }, (_, i) => targets.slice(i * size, (i + 1) * size)).filter((b) => b.length > 0);
  const parts: RngRun[] = new Array<RngRun>(batches.length);
  // `side` runs at a time, each taking the next batch when it is done
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(side, batches.length) }, async () => {
      for (let b = next++; b < batches.length; b = next++) parts[b] = await validateWithJingBatch(schemaFile, batches[b], opts);
    }),
  );
  const all: RngRun = { results: new Map(), engines: new Map() };
  for (const part of parts) {
    for (const [k, v] of part.results) all.results.set(k, v);
    for (const [k, v] of part.engines) all.engines.set(k, v);
  }
  return all;
}

async function validateWithJingBatch(schemaFile: string, targets: RngTarget[], opts: { timeoutMs?: number }): Promise<RngRun> {
  const jing = findJing();
  const results = new Map<string, Diagnostic[]>();
  const engines = new Map<string, RngEngineName>();
  if (!jing) {
    for (const t of targets) {
      results.set(t.file, [{ file: t.file, severity: 'error', message: 'jing is not installed (Debian package "jing"): cannot validate against this schema', rule: 'relaxng/engine' }]);
    }
    return { results, engines };
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-jing-'));
  try {
    const tmpToTarget = new Map<string, RngTarget>();
    const tmpFiles: string[] = [];
    targets.forEach((t, i) => {
      const f = t.path ?? path.join(tmp, `${String(i).padStart(5, '0')}-${path.basename(t.file).replace(/[^A-Za-z0-9._-]/g, '_')}`);
      if (t.path === undefined) fs.writeFileSync(f, t.text, 'utf8');
      tmpToTarget.set(f, t);
      tmpFiles.push(f);
      results.set(t.file, []);
      engines.set(t.file, 'jing');
    });
    const compact = /\.rnc$/i.test(schemaFile);
    const perFileMs = opts.timeoutMs ?? 120_000;
    const schemaDiags: Diagnostic[] = [];
    const absorb = (out: string, batch: string[]): { unattributed: string[] } => {
      const unattributed: string[] = [];
      for (const line of out.split('\n')) {
        if (!line.trim()) continue;
        const withPos = JING_LINE.exec(line);
        const noPos = withPos ? null : JING_LINE_NOPOS.exec(line);
        if (!withPos && !noPos) {
          unattributed.push(line);
          continue;
        }
        const file = withPos ? withPos[1] : (noPos as RegExpExecArray)[1];
        const l = withPos ? Number(withPos[2]) : undefined;
        const c = withPos ? Number(withPos[3]) : undefined;
        const sev = withPos ? withPos[4] : (noPos as RegExpExecArray)[2];
        const msg = withPos ? withPos[5] : (noPos as RegExpExecArray)[3];
        const target = tmpToTarget.get(file);
        const severity = sev === 'warning' ? 'warning' : 'error';
        if (target && batch.includes(file)) {
          (results.get(target.file) as Diagnostic[]).push({ file: target.file, line: l, column: c, severity, message: msg, rule: 'relaxng' });
        } else if (path.resolve(file) === path.resolve(schemaFile)) {
          schemaDiags.push({ file: schemaFile, line: l, column: c, severity, message: `schema: ${msg}`, rule: 'relaxng/schema' });
        } else unattributed.push(line);
      }
      return { unattributed };
    };
    // A fatal error ends jing's whole run: the files after it get another run.
    let pending = tmpFiles;
    while (pending.length) {
      const run = await runJingOnce(jing, schemaFile, pending, compact, perFileMs + 2_000 * pending.length);
      const text = run.stdout + '\n' + run.stderr;
      const { unattributed } = absorb(text, pending);
      // a non-zero exit with nothing said (java missing, killed) must not pass for "valid"
      if (run.code !== 0 && !text.trim()) unattributed.push(`jing exited with code ${run.code} without a message`);
      if (schemaDiags.length) {
        for (const t of targets) results.set(t.file, schemaDiags.map((d) => ({ ...d })));
        return { results, engines };
      }
      const fatal = /^(.*?):\d+:\d+: fatal: /m.exec(text);
      if (fatal && pending.includes(fatal[1]) && !run.timedOut && !unattributed.length) {
        pending = pending.slice(pending.indexOf(fatal[1]) + 1);
        continue;
      }
      if (!run.timedOut && !unattributed.length) break;
      // stopped without saying where: redo each file after the last one it reported on, alone
      let last = -1;
      pending.forEach((f, i) => {
        if (text.includes(f + ':')) last = i;
      });
      const rest = pending.slice(last + 1);
      for (const f of rest) {
        const target = tmpToTarget.get(f) as RngTarget;
        results.set(target.file, []);
        const one = await runJingOnce(jing, schemaFile, [f], compact, perFileMs);
        const left = absorb(one.stdout + '\n' + one.stderr, [f]);
        const mine = results.get(target.file) as Diagnostic[];
        if (one.timedOut) mine.push({ file: target.file, severity: 'error', message: `jing did not finish within ${perFileMs / 1000} s`, rule: 'relaxng/timeout' });
        else if (one.code !== 0 && mine.length === 0 && left.unattributed.length === 0) {
          mine.push({ file: target.file, severity: 'error', message: `jing exited with code ${one.code} without a message`, rule: 'relaxng/engine' });
        }
        for (const line of left.unattributed) {
          mine.push({ file: target.file, severity: 'error', message: `jing: ${line.split(tmp + path.sep).join('')}`, rule: 'relaxng' });
        }
      }
      break;
    }
    return { results, engines };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The libxml2 worker: keeps the parsed schema, validates one document per request line. */
const LIBXML_WORKER = `
const lx = require(process.env.TEIKIT_LIBXMLJS2);
const OPTS = JSON.parse(process.env.TEIKIT_PARSE_OPTIONS);
const rl = require('node:readline').createInterface({ input: process.stdin });
let schema = null;
const out = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
const errs = (list) => (list || []).map((e) => ({ message: String(e.message || '').trim(), line: e.line || 0, column: e.column || 0, level: e.level || 0 }));
rl.on('line', (line) => {
  const m = JSON.parse(line);
  if (m.schema !== undefined) {
    try { schema = lx.parseXml(m.schema, OPTS); out({ ready: true }); }
    catch (e) { out({ schemaError: String(e.message || e), line: e.line || 0 }); }
    return;
  }
  let doc;
  try { doc = lx.parseXml(m.text, OPTS); }
  catch (e) { out({ id: m.id, notWellFormed: true, errors: errs([e]) }); return; }
  try {
    const valid = doc.rngValidate(schema);
    out({ id: m.id, valid, errors: errs(doc.validationErrors) });
  } catch (e) { out({ id: m.id, schemaError: String(e.message || e), errors: errs(doc.validationErrors) }); }
});
`;

interface WorkerReply {
  id?: number;
  ready?: boolean;
  valid?: boolean;
  notWellFormed?: boolean;
  schemaError?: string;
  line?: number;
  errors?: Array<{ message: string; line: number; column: number; level: number }>;
}

class LibxmlWorker {
  private child: ChildProcess;
  private lines: AsyncIterator<string>;
  constructor() {
    this.child = spawn(process.execPath, ['-e', LIBXML_WORKER], {
      stdio: ['pipe', 'pipe', 'ignore'],
      env: { ...process.env, TEIKIT_LIBXMLJS2: require.resolve('libxmljs2'), TEIKIT_PARSE_OPTIONS: JSON.stringify(SAFE_PARSER_OPTIONS) },
    });
    // a killed child closes its pipes: writes after that must not crash the run
    this.child.stdin?.on('error', () => undefined);
    this.child.on('error', () => undefined);
    this.lines = readline.createInterface({ input: this.child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
  }
  async request(msg: object, timeoutMs: number): Promise<WorkerReply | 'timeout' | 'died'> {
    (this.child.stdin as NodeJS.WritableStream).write(JSON.stringify(msg) + '\n');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    try {
      const next = await Promise.race([this.lines.next(), timeout]);
      if (next === 'timeout') return 'timeout';
      if (next.done) return 'died';
      return JSON.parse(next.value) as WorkerReply;
    } finally {
      clearTimeout(timer);
    }
  }
  kill(): void {
    this.child.stdin?.end();
    this.child.kill('SIGKILL');
  }
}

/** A libxml2 child started ahead of use, with the schema it was given (prestartLibxml). */
let spare: { schemaText: string; worker: LibxmlWorker; ready: Promise<WorkerReply | 'timeout' | 'died'> } | undefined;

/**
 * Start the libxml2 child for a schema ahead of use (~0.1 s: a process, the
 * library, the schema), while this process does other work; the next
 * validateWithLibxml with the same schema takes it. One spare at most; it
 * never outlives this process.
 */
export function prestartLibxml(schemaText: string): void {
  if (spare) return;
  const worker = new LibxmlWorker();
  const ready = worker.request({ schema: schemaText }, 60_000);
  ready.catch(() => undefined);
  spare = { schemaText, worker, ready };
  process.once('exit', () => worker.kill());
}

/** Stop the spare libxml2 child, when no validation took it. */
export function dropSpareLibxml(): void {
  spare?.worker.kill();
  spare = undefined;
}

/**
 * Validate documents with libxml2 in a child process that parses the schema
 * once. Documents that exceed `timeoutMs` (or crash the child) go to jing when
 * it is installed; otherwise they get a timeout diagnostic.
 */
export async function validateWithLibxml(schemaFile: string, schemaText: string, targets: RngTarget[], opts: { timeoutMs?: number } = {}): Promise<RngRun> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const results = new Map<string, Diagnostic[]>();
  const engines = new Map<string, RngEngineName>();
  const toJing: RngTarget[] = [];
  let worker: LibxmlWorker | undefined;
  const start = async (): Promise<WorkerReply | 'timeout' | 'died'> => {
    const ahead = spare?.schemaText === schemaText ? spare : undefined;
    if (ahead) {
      spare = undefined;
      worker = ahead.worker;
      return ahead.ready;
    }
    worker = new LibxmlWorker();
    // reading the schema document is not the slow part (compiling is, per document)
    return worker.request({ schema: schemaText }, Math.max(timeoutMs, 60_000));
  };
  try {
    for (let i = 0; i < targets.length; i++) {
      const t = targets[i];
      if (!worker) {
        const ready = await start();
        if (ready === 'timeout' || ready === 'died' || ready.schemaError) {
          const why = ready === 'timeout' ? 'timed out' : ready === 'died' ? 'crashed' : ready.schemaError;
          for (const rest of targets.slice(i)) {
            results.set(rest.file, [{ file: schemaFile, line: ready !== 'timeout' && ready !== 'died' && ready.line ? ready.line : undefined, severity: 'error', message: `the schema could not be read: ${why}`, rule: 'relaxng/schema' }]);
          }
          return { results, engines };
        }
      }
      const reply = await (worker as LibxmlWorker).request({ id: i, text: t.text }, timeoutMs);
      if (reply === 'timeout' || reply === 'died') {
        (worker as LibxmlWorker).kill();
        worker = undefined;
        if (findJing()) toJing.push(t);
        else {
          const why = reply === 'timeout' ? `did not finish within ${timeoutMs / 1000} s` : 'crashed';
          results.set(t.file, [{ file: t.file, severity: 'error', message: `libxml2 RELAX NG validation ${why} (install jing for large schemas)`, rule: 'relaxng/timeout' }]);
          engines.set(t.file, 'libxml');
        }
        continue;
      }
      engines.set(t.file, 'libxml');
      if (reply.schemaError) {
        // libxml2 says only "Invalid RELAX NG schema": jing says where and why
        if (findJing()) {
          engines.delete(t.file);
          toJing.push(...targets.slice(i));
          break;
        }
        results.set(t.file, [{ file: schemaFile, severity: 'error', message: `libxml2 cannot use this schema: ${reply.schemaError}`, rule: 'relaxng/schema' }]);
        continue;
      }
      const diags: Diagnostic[] = (reply.errors ?? []).map((e) => ({
        file: t.file,
        line: e.line > 0 ? e.line : undefined,
        column: e.line > 0 && e.column > 0 ? e.column : undefined,
        severity: e.level === 1 ? 'warning' : 'error',
        message: e.message,
        rule: reply.notWellFormed ? 'xml/not-well-formed' : 'relaxng',
      }));
      if (!reply.valid && !diags.some((d) => d.severity === 'error')) {
        diags.push({ file: t.file, severity: 'error', message: 'not valid against the schema (libxml2 gave no detail)', rule: 'relaxng' });
      }
      results.set(t.file, diags);
    }
  } finally {
    worker?.kill();
  }
  if (toJing.length) {
    const jr = await validateWithJing(schemaFile, toJing);
    for (const [f, d] of jr.results) results.set(f, d);
    for (const [f, e] of jr.engines) engines.set(f, e);
  }
  return { results, engines };
}
