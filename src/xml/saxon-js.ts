/**
 * SaxonJS as teikit loads it: once per thread, without its HTTP client.
 *
 * SaxonJS's Node platform requires axios when it loads, only to fetch
 * http(s) resources (doc(), unparsed-text(), xsl:include of a URL). teikit
 * never reaches the network at run time, so SaxonJS is given, in axios's
 * place, a client that refuses every request: a stylesheet or document that
 * asks for a URL fails with a message saying so, and nothing is sent. It also
 * spares each thread loading axios and its dependencies (~40 ms).
 *
 * When axios is already loaded by someone else in this process, it is left as
 * it is (SaxonJS then gets it, as it would anyway); the stand-in never
 * replaces axios for anyone else.
 */
import * as fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { writeFileAtomic } from '../io/atomic-write';
import { v8FlagHash } from '../io/v8-tier';
import { cacheSubdir, packageVersion } from '../paths';

/** The client SaxonJS gets instead of axios: every request is refused. */
export const offlineHttpClient = {
  get(url: unknown): Promise<never> {
    return Promise.reject(new Error(`teikit does not fetch anything from the network (asked for ${String(url)})`));
  },
};

/**
 * Load SaxonJS with the offline client in axios's place. The stand-in is in
 * the require cache only while SaxonJS loads (SaxonJS keeps its own
 * reference): code of the host process that requires axios afterwards gets
 * axios. When SaxonJS was loaded before (by the host), it is returned as it
 * is, with whatever client it got then.
 */
function loadSaxonOffline(): unknown {
  let saxonPath: string;
  let axiosPath: string | undefined;
  try {
    saxonPath = require.resolve('saxon-js');
    axiosPath = require.resolve('axios', { paths: [path.dirname(require.resolve('saxon-js/package.json'))] });
  } catch {
    // no axios installed: SaxonJS's own require fails the same way with or without us
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('saxon-js');
  }
  const stand = !require.cache[saxonPath] && !require.cache[axiosPath];
  if (stand) {
    const m = new Module(axiosPath);
    m.filename = axiosPath;
    m.loaded = true;
    m.exports = offlineHttpClient;
    require.cache[axiosPath] = m;
  }
  try {
    const already = require.cache[saxonPath];
    return already ? already.exports : requireWithCodeCache(saxonPath, 'saxon-js');
  } finally {
    if (stand) delete require.cache[axiosPath];
  }
}

/**
 * The code V8 compiled for SaxonJS (2.4 MB of JavaScript), kept between runs: a
 * thread that loads SaxonJS with it skips parsing and compiling (load 81 ms →
 * 32 ms here), and its first transformations skip compiling the functions they
 * run. Kept by the package's version, V8's, and the hash of V8's flags in
 * force (a command-line rebuild runs V8 at its baseline tier, see
 * io/v8-tier.ts, and V8 rejects code kept under other flags: each set of
 * flags has its own file). V8 checks it against the source and its own
 * version and flags, and code it rejects is simply compiled again (and kept
 * anew).
 */
const codeCacheFile = (name: string): string =>
  path.join(cacheSubdir('v8'), `${name}-${packageVersion(name)}-v8-${process.versions.v8}-${process.arch}-flags-${v8FlagHash()}.bin`);

/** The script whose code is to be kept after its first use in this thread (none when the kept code was taken). */
let toKeep: { script: vm.Script; name: string } | undefined;
/** How this thread's SaxonJS was compiled: with the kept code, or by V8 from the source (none kept, or rejected). */
let compiledFrom: 'kept code' | 'source' | undefined;

/** How this thread's SaxonJS was compiled (undefined: not loaded by this module). */
export function saxonCompiledFrom(): 'kept code' | 'source' | undefined {
  return compiledFrom;
}

/** Load a CommonJS module as require would, compiled with the code kept for it (see codeCacheFile). */
function requireWithCodeCache(file: string, name: string): unknown {
  const cacheFile = codeCacheFile(name);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined; // none yet
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
  const mod = new Module(file);
  mod.filename = file;
  require.cache[file] = mod;
  try {
    (script.runInThisContext() as (...args: unknown[]) => void).call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file));
    mod.loaded = true;
  } catch (err) {
    delete require.cache[file];
    throw err;
  }
  const taken = cachedData !== undefined && script.cachedDataRejected !== true;
  compiledFrom = taken ? 'kept code' : 'source';
  if (!taken) toKeep = { script, name };
  return mod.exports;
}

/**
 * After a transformation: when this thread compiled SaxonJS itself, keep its
 * code now (with the functions that transformation compiled), once. A cache:
 * a failure to write it is no one's error.
 */
export function keepSaxonCode(): void {
  if (!toKeep) return;
  const { script, name } = toKeep;
  toKeep = undefined;
  try {
    // named by the flags in force now, which V8 stamps on the code it keeps (they may have changed since loading)
    writeFileAtomic(codeCacheFile(name), script.createCachedData(), { fsync: false });
  } catch {
    // (read-only cache folder, disk full…): compiled again next time
  }
}

let loaded: { module: unknown } | undefined;

/**
 * The SaxonJS module, loaded on first use (~0.1 s: a thread that never
 * transforms, such as a rebuild's main thread whose letters render in a worker,
 * does not pay it). saxon-js ships no type definitions: each user declares the
 * part of the API it uses.
 */
export function saxonJs(): unknown {
  loaded ??= { module: loadSaxonOffline() };
  return loaded.module;
}
