/**
 * The Java tools teikit runs when they are installed (jing for large schemas, Saxon-HE for the letter views of a long
 * build): finding the `java` binary and a jar, and the flags that keep a JVM off the network.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A jar and the java binary that runs it. */
export interface JavaTool {
  java: string;
  jar: string;
}

/** The `java` binary on PATH, if any. */
export function findJava(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const java = path.join(dir, 'java');
    try {
      fs.accessSync(java, fs.constants.X_OK);
      return java;
    } catch {
      /* next */
    }
  }
  return undefined;
}

/** The first of `jars` that exists (`override`, when set, is the only candidate), with java; undefined when either is missing. */
export function findJavaTool(jars: readonly string[], override?: string): JavaTool | undefined {
  const jar = (override ? [override] : jars).find((j) => fs.existsSync(j));
  if (!jar) return undefined;
  const java = findJava();
  return java ? { java, jar } : undefined;
}

/** JVM flags that make any network access fail at once (proxies on a closed local port). */
export const NO_NETWORK_JVM_FLAGS: readonly string[] = [
  '-Djava.net.useSystemProxies=false',
  '-Dhttp.proxyHost=127.0.0.1',
  '-Dhttp.proxyPort=9',
  '-Dhttps.proxyHost=127.0.0.1',
  '-Dhttps.proxyPort=9',
  '-Dftp.proxyHost=127.0.0.1',
  '-Dftp.proxyPort=9',
  '-DsocksProxyHost=127.0.0.1',
  '-DsocksProxyPort=9',
  '-Dhttp.nonProxyHosts=',
  '-Djdk.xml.entityExpansionLimit=100000',
];

/** Where Debian's libsaxonhe-java puts Saxon-HE's jar. */
const SAXON_HE_JAR_CANDIDATES = ['/usr/share/java/Saxon-HE.jar', '/usr/share/java/saxon9he.jar'];

/** Saxon-HE's jar (Debian's libsaxonhe-java; TEIKIT_SAXON_HE_JAR overrides) and the java binary, when both are installed. */
export function findSaxonHe(): JavaTool | undefined {
  return findJavaTool(SAXON_HE_JAR_CANDIDATES, process.env.TEIKIT_SAXON_HE_JAR);
}

/**
 * A run of many small transformations, a few threads at a time: its heap holds a compiled stylesheet and a few
 * documents (or letters) many times over; the serial collector did as well as the parallel one with less memory
 * (1,000 letters' views, two threads: 11.37 s both, 219 MB against 277 MB) and spent 0.23 s in all.
 */
const SAXON_HE_JVM_FLAGS = ['-Xmx384m', '-XX:+UseSerialGC', ...NO_NETWORK_JVM_FLAGS];

/** A running Saxon-HE JVM: its process, and its end (with the end of what it printed). */
export interface SaxonHeRun {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error; stderr: string }>;
}

/**
 * A run of a few seconds: the JVM's quick compiler (C1) alone, whose code is ready sooner, costs half the CPU time of
 * both compilers (the edition rules over 2,000 documents: 2.6-2.7 s of CPU against 4.6 s, and 2.4-2.5 s of wall time against 2.6-2.8 s). A run of a thousand letters' views
 * gains from the optimizing compiler (C2) after all (2 threads: 20.9 s of CPU against 22.2 s).
 */
const SHORT_RUN_JVM_FLAGS = ['-XX:TieredStopAtLevel=1'];

/** Start Saxon-HE's command line (net.sf.saxon.Transform) with `args` (its results go to files); `short`: see SHORT_RUN_JVM_FLAGS. */
export function startSaxonHe(he: JavaTool, args: string[], opts: { short?: boolean } = {}): SaxonHeRun {
  const flags = [...SAXON_HE_JVM_FLAGS, ...(opts.short ? SHORT_RUN_JVM_FLAGS : [])];
  const child = spawn(he.java, [...flags, '-cp', he.jar, 'net.sf.saxon.Transform', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (s: string) => {
    if (stderr.length < 1 << 20) stderr += s;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error; stderr: string }>((resolve) => {
    child.on('error', (error) => resolve({ code: null, signal: null, error, stderr }));
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
  return { child, exited };
}

/** The end of what a JVM printed, on one line. */
export function lastLinesOf(text: string, n = 5): string {
  return text.trim().split('\n').slice(-n).join(' | ') || 'no message';
}

/**
 * What Saxon's command line over a folder said about the file `name` that it could not transform ("While processing
 * <name>: …", with the error's code from the lines above it), if anything.
 */
export function saxonSaidAbout(stderr: string, name: string): string | undefined {
  const lines = stderr.split('\n');
  const at = lines.findIndex((l) => l.startsWith(`While processing ${name}:`));
  if (at < 0) return undefined;
  const code = lines.slice(0, at).reverse().find((l) => /^\s+[A-Z]{4}\d{4}: /.test(l));
  return `${lines[at].slice(`While processing ${name}: `.length)}${code ? ` (${code.trim()})` : ''}`;
}
