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
 * it is (SaxonJS then gets it, as it would anyway).
 */
import Module from 'node:module';
import * as path from 'node:path';

/** The client SaxonJS gets instead of axios: every request is refused. */
export const offlineHttpClient = {
  get(url: unknown): Promise<never> {
    return Promise.reject(new Error(`teikit does not fetch anything from the network (asked for ${String(url)})`));
  },
};

function installOfflineClient(): void {
  let axiosPath: string;
  try {
    axiosPath = require.resolve('axios', { paths: [path.dirname(require.resolve('saxon-js/package.json'))] });
  } catch {
    return; // no axios installed: SaxonJS's own require would fail the same way with or without us
  }
  if (require.cache[axiosPath]) return;
  const stand = new Module(axiosPath);
  stand.filename = axiosPath;
  stand.loaded = true;
  stand.exports = offlineHttpClient;
  require.cache[axiosPath] = stand;
}

installOfflineClient();

/** The SaxonJS module (saxon-js ships no type definitions: each user declares the part of the API it uses). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const SaxonJS: unknown = require('saxon-js');
