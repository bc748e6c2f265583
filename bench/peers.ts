/**
 * The peers teikit is compared with, run on the same files in the same
 * benchmark run, each as the separate program it is (wall clock of the whole
 * run, peak RSS from /usr/bin/time when present):
 *
 * - jing: the TEI files against tei_all.rng in one JVM run;
 * - xmllint --noout: parsing them, the floor of any XML work;
 * - pandoc -f markdown -t tei: converting the Markdown sources, one process per file;
 * - Saxon-HE (Debian's libsaxonhe-java): teikit's stylesheet (xslt/teikit.xsl,
 *   view=reading, the module xslt/html.xsl) over the folder of TEI files in one JVM run.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TEI_ALL_RNG, XSLT_DIR } from '../src/paths';

export interface RunResult {
  ms: number;
  /** Peak RSS of the largest process of the run (bytes), from /usr/bin/time; undefined without it. */
  maxRss?: number;
  /** With `treeRss`: the highest sum of the RSS of every process of the run at once (Node and the JVMs it starts), sampled every 100 ms from /proc. */
  maxTreeRss?: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface PeerResult {
  name: string;
  what: string;
  available: boolean;
  reason?: string;
  ms?: number;
  maxRss?: number;
  files?: number;
  /** Exit status and a short account of the output (e.g. jing's error count). */
  outcome?: string;
}

const TIME = '/usr/bin/time';

/** The RSS of `pid` and every process below it (bytes), from /proc; 0 when /proc cannot be read. */
export function treeRss(pid: number): number {
  const parent = new Map<number, number>();
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return 0;
  }
  const rss = new Map<number, number>();
  const page = 4096;
  for (const e of entries) {
    try {
      // (the command name, in parentheses, may hold spaces: the fields after its closing one)
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(e), Number(fields[1]));
      rss.set(Number(e), Number(fields[21]) * page);
    } catch {
      /* gone meanwhile */
    }
  }
  const inTree = (p: number): boolean => {
    for (let q: number | undefined = p, hops = 0; q !== undefined && q > 1 && hops < 64; q = parent.get(q), hops++) if (q === pid) return true;
    return false;
  };
  let sum = 0;
  for (const [p, r] of rss) if (inTree(p)) sum += r;
  return sum;
}

/**
 * Run a program to its end; wall time measured here, peak RSS by /usr/bin/time -f %M when it exists, and with
 * `treeRss` the peak of all its processes' RSS together (sampled).
 */
export function runTimed(cmd: string, args: string[], opts: { cwd?: string; treeRss?: boolean } = {}): Promise<RunResult> {
  const haveTime = fs.existsSync(TIME);
  const rssFile = path.join(os.tmpdir(), `teikit-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const [c, a] = haveTime ? [TIME, ['-f', '%M', '-o', rssFile, cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(c, a, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let maxTreeRss: number | undefined;
    const sampler = opts.treeRss && child.pid !== undefined
      ? setInterval(() => {
          maxTreeRss = Math.max(maxTreeRss ?? 0, treeRss(child.pid!));
        }, 100)
      : undefined;
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      if (sampler) clearInterval(sampler);
      let maxRss: number | undefined;
      if (haveTime && fs.existsSync(rssFile)) {
        const kb = Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop());
        if (Number.isFinite(kb)) maxRss = kb * 1024;
        fs.rmSync(rssFile, { force: true });
      }
      resolve({ ms, maxRss, maxTreeRss, code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** Is a program on the PATH (or at this path)? */
export function which(cmd: string): string | undefined {
  if (path.isAbsolute(cmd)) return fs.existsSync(cmd) ? cmd : undefined;
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  const p = r.stdout.trim();
  return r.status === 0 && p ? p : undefined;
}

/** The Saxon-HE jar of Debian's libsaxonhe-java (from dpkg -L), or undefined. */
export function saxonJar(): string | undefined {
  const r = spawnSync('dpkg', ['-L', 'libsaxonhe-java'], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  const jars = r.stdout.split('\n').filter((l) => /\/usr\/share\/java\/Saxon-HE[^/]*\.jar$/.test(l));
  return jars.find((j) => j.endsWith('/Saxon-HE.jar')) ?? jars[0];
}

/** Split a long file list into argument chunks under the kernel's limit. */
function chunks(files: string[], maxChars = 1_000_000): string[][] {
  const out: string[][] = [];
  let cur: string[] = [];
  let len = 0;
  for (const f of files) {
    if (len + f.length + 1 > maxChars && cur.length) {
      out.push(cur);
      cur = [];
      len = 0;
    }
    cur.push(f);
    len += f.length + 1;
  }
  if (cur.length) out.push(cur);
  return out;
}

async function runChunked(cmd: string, pre: string[], files: string[]): Promise<RunResult> {
  const total: RunResult = { ms: 0, code: 0, stdout: '', stderr: '' };
  for (const c of chunks(files)) {
    const r = await runTimed(cmd, [...pre, ...c]);
    total.ms += r.ms;
    total.maxRss = Math.max(total.maxRss ?? 0, r.maxRss ?? 0) || undefined;
    total.code = total.code === 0 ? r.code : total.code;
    total.stdout += r.stdout;
    total.stderr += r.stderr;
  }
  return total;
}

export async function jingTeiAll(teiFiles: string[]): Promise<PeerResult> {
  const base = { name: 'jing', what: `jing, TEI files against tei_all.rng (one JVM run)` };
  const jing = which('jing');
  if (!jing) return { ...base, available: false, reason: 'jing is not installed (scripts/install-system-deps.sh jing)' };
  if (!fs.existsSync(TEI_ALL_RNG)) return { ...base, available: false, reason: `${TEI_ALL_RNG} is missing` };
  const r = await runChunked(jing, [TEI_ALL_RNG], teiFiles);
  const errors = `${r.stdout}${r.stderr}`.split('\n').filter((l) => /: error: /.test(l));
  const badFiles = new Set(errors.map((l) => l.split(':')[0]));
  return { ...base, available: true, ms: r.ms, maxRss: r.maxRss, files: teiFiles.length, outcome: `exit ${r.code}; ${teiFiles.length - badFiles.size} of ${teiFiles.length} valid against tei_all (${errors.length} error lines)` };
}

export async function xmllintParse(teiFiles: string[]): Promise<PeerResult> {
  const base = { name: 'xmllint', what: 'xmllint --noout, parse only (one process)' };
  const xmllint = which('xmllint');
  if (!xmllint) return { ...base, available: false, reason: 'xmllint is not installed (scripts/install-system-deps.sh libxml2-utils)' };
  const r = await runChunked(xmllint, ['--noout', '--nonet'], teiFiles);
  return { ...base, available: true, ms: r.ms, maxRss: r.maxRss, files: teiFiles.length, outcome: `exit ${r.code}` };
}

export async function pandocToTei(markdownFiles: string[], outDir: string): Promise<PeerResult> {
  const base = { name: 'pandoc', what: 'pandoc -f markdown -t tei -s, one process per Markdown source' };
  const pandoc = which('pandoc');
  if (!pandoc) return { ...base, available: false, reason: 'pandoc is not installed (scripts/install-system-deps.sh pandoc)' };
  fs.mkdirSync(outDir, { recursive: true });
  let ms = 0;
  let maxRss = 0;
  let failed = 0;
  for (const [i, f] of markdownFiles.entries()) {
    const r = await runTimed(pandoc, ['-f', 'markdown', '-t', 'tei', '-s', '-o', path.join(outDir, `${i}.xml`), f]);
    ms += r.ms;
    maxRss = Math.max(maxRss, r.maxRss ?? 0);
    if (r.code !== 0) failed++;
  }
  return { ...base, available: true, ms, maxRss: maxRss || undefined, files: markdownFiles.length, outcome: `${markdownFiles.length - failed} converted, ${failed} failed` };
}

export async function saxonReading(teiDir: string, outDir: string, files: number): Promise<PeerResult> {
  const base = { name: 'saxon-he', what: "Saxon-HE, teikit's stylesheet (view=reading) over the TEI folder (one JVM run)" };
  const java = which('java');
  const jar = saxonJar();
  if (!java || !jar) return { ...base, available: false, reason: 'java or Saxon-HE is not installed (scripts/install-system-deps.sh libsaxonhe-java)' };
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const r = await runTimed(java, ['-cp', jar, 'net.sf.saxon.Transform', `-s:${teiDir}`, `-o:${outDir}`, `-xsl:${path.join(XSLT_DIR, 'teikit.xsl')}`, 'view=reading']);
  const made = fs.readdirSync(outDir).length;
  return { ...base, available: true, ms: r.ms, maxRss: r.maxRss, files, outcome: `exit ${r.code}; ${made} pages${r.code !== 0 ? `: ${r.stderr.trim().split('\n').slice(0, 2).join(' ')}` : ''}` };
}

/** Versions of the peers, for the report. */
export function peerVersions(): Record<string, string> {
  const v: Record<string, string> = {};
  const dpkg = (pkg: string): string | undefined => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Version}', pkg], { encoding: 'utf8' });
    return r.status === 0 && r.stdout ? r.stdout : undefined;
  };
  const first = (cmd: string, args: string[]): string | undefined => {
    const r = spawnSync(cmd, args, { encoding: 'utf8' });
    if (r.error) return undefined;
    return `${r.stdout}${r.stderr}`.split('\n').find((l) => l.trim())?.trim();
  };
  const add = (k: string, x: string | undefined): void => {
    if (x) v[k] = x;
  };
  add('jing', dpkg('jing') && `jing ${dpkg('jing')} (Debian)`);
  add('xmllint', first('xmllint', ['--version']));
  add('pandoc', first('pandoc', ['--version']));
  add('Saxon-HE', dpkg('libsaxonhe-java') && `Saxon-HE ${dpkg('libsaxonhe-java')} (Debian libsaxonhe-java)`);
  add('java', first('java', ['-version']));
  return v;
}
