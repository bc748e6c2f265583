/**
 * SaxonJS is loaded without its HTTP client (src/xml/saxon-js.ts): a request
 * for a URL is refused with a message, and nothing reaches the network. Run in
 * a child process on the compiled library, as the CLI loads it (jest keeps a
 * module registry of its own).
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

const LIB = path.resolve(__dirname, '..', '..', 'dist-lib', 'src', 'xml', 'saxon-js.js');
const TIER = path.resolve(__dirname, '..', '..', 'dist-lib', 'src', 'io', 'v8-tier.js');

describe('SaxonJS without an HTTP client', () => {
  let server: http.Server;
  let requests = 0;
  let port = 0;
  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      requests++;
      res.end('<x/>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('a URL asked for is refused with a message; the server sees no request; axios is not loaded for SaxonJS, and the host still gets it', async () => {
    expect(fs.existsSync(LIB)).toBe(true);
    const script = `
      const m = require(${JSON.stringify(LIB)});
      const S = m.saxonJs();
      const loaded = Object.keys(require.cache).filter((k) => /[\\\\/]axios[\\\\/]/.test(k)).map((k) => require.cache[k].exports === m.offlineHttpClient ? 'offline' : 'axios');
      const two = S.XPath.evaluate('1 + 1');
      // the host's own require of axios afterwards gets axios, not the stand-in
      const hostAxios = require(require.resolve('axios', { paths: [require('node:path').dirname(require.resolve('saxon-js/package.json', { paths: [${JSON.stringify(path.resolve(__dirname, '..', '..'))}] }))] }));
      loaded.push(hostAxios === m.offlineHttpClient ? 'host got the stand-in' : typeof hostAxios.get === 'function' ? 'host got axios' : 'host got something else');
      S.getResource({ location: 'http://127.0.0.1:${port}/doc.xml', type: 'xml' }).then(
        () => console.log(JSON.stringify({ loaded, two, fetched: true })),
        (e) => console.log(JSON.stringify({ loaded, two, refused: e.message })),
      );`;
    const out = await new Promise<string>((resolve, reject) => {
      // asynchronous, so that this process's server could answer if a request were made
      execFile(process.execPath, ['-e', script], (err, stdout) => (err ? reject(err) : resolve(stdout)));
    });
    const r = JSON.parse(out.trim()) as { loaded: string[]; two: number; fetched?: boolean; refused?: string };
    // nothing of axios was loaded for SaxonJS (the stand-in left the cache once SaxonJS had it); the host's require loads axios
    expect(r.loaded).toEqual(['host got axios']);
    expect(r.two).toBe(2);
    expect(r.fetched).toBeUndefined();
    expect(r.refused).toContain(`teikit does not fetch anything from the network (asked for http://127.0.0.1:${port}/doc.xml)`);
    expect(requests).toBe(0);
  });
});

describe('SaxonJS compiled with the code V8 made for it before', () => {
  test('the code is kept after the first use, taken by the next thread; a damaged file is compiled again and kept anew; code kept under other V8 flags has a file of its own', async () => {
    const cache = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'teikit-v8-'));
    const run = (lowered = false): Promise<{ from: string; two: number; files: string[] }> =>
      new Promise((resolve, reject) => {
        const script = `
          if (${lowered}) require(${JSON.stringify(TIER)}).lowerTierForShortRun();
          const m = require(${JSON.stringify(LIB)});
          const S = m.saxonJs();
          const two = S.XPath.evaluate('1 + 1');
          const from = m.saxonCompiledFrom();
          m.keepSaxonCode();
          console.log(JSON.stringify({ from, two, files: require('node:fs').readdirSync(require('node:path').join(${JSON.stringify(cache)}, 'v8')) }));`;
        execFile(process.execPath, ['-e', script], { env: { ...process.env, TEIKIT_CACHE: cache } }, (err, stdout) => (err ? reject(err) : resolve(JSON.parse(stdout.trim()))));
      });
    const first = await run();
    expect(first).toMatchObject({ from: 'source', two: 2 });
    expect(first.files).toHaveLength(1);
    expect(first.files[0]).toMatch(/^saxon-js-[\d.]+-v8-.*\.bin$/);
    const kept = path.join(cache, 'v8', first.files[0]);
    const size = fs.statSync(kept).size;
    expect(size).toBeGreaterThan(100_000);
    expect(await run()).toEqual({ from: 'kept code', two: 2, files: first.files });
    // cut short (a killed run, a full disk): V8 rejects it, SaxonJS is compiled from its source and works, and the code is kept anew
    fs.writeFileSync(kept, fs.readFileSync(kept).subarray(0, size >> 1));
    expect(await run()).toEqual({ from: 'source', two: 2, files: first.files });
    expect(fs.statSync(kept).size).toBeGreaterThan(size >> 1);
    expect(await run()).toEqual({ from: 'kept code', two: 2, files: first.files });
    // under other V8 flags (a short run at the baseline tier, src/io/v8-tier.ts) the code is kept in a file of its own:
    // neither run rejects, nor overwrites, the other's
    const low = await run(true);
    expect(low.from).toBe('source');
    expect(low.files).toHaveLength(2);
    expect(await run(true)).toEqual({ from: 'kept code', two: 2, files: low.files });
    expect(await run()).toEqual({ from: 'kept code', two: 2, files: low.files });
    fs.rmSync(cache, { recursive: true, force: true });
  });
});
