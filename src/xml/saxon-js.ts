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
import Module from 'node:module';
import * as path from 'node:path';

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
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('saxon-js');
  } finally {
    if (stand) delete require.cache[axiosPath];
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
