import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { EditionManifest } from '../edition/manifest';
import { fail } from '../model/diagnostics';
import { buildDtsModel, findTeiFiles, type DtsEditionModel } from './dts/model';
import { DtsError, MEDIA_JSONLD, MEDIA_TEI, collectionResponse, documentResponse, entryPoint, navigationResponse, type RawNavigationQuery } from './dts/responses';
import { queryUrls } from './dts/urls';
import type { TeiFile } from './tei-input';

/**
 * `teikit serve`: the HTML edition and the DTS 1.0 API of a built edition on
 * localhost.
 *
 *   /                      the HTML edition (dist/<edition>/html/)
 *   /tei/…, /dts/…, /…     the other files of dist/<edition>/ (TEI, the static DTS tree, PDF)
 *   /api/dts/              DTS entry point (application/ld+json)
 *   /api/dts/collection    ?id, nav
 *   /api/dts/navigation    ?resource, ref | start+end, down, tree, page
 *   /api/dts/document      ?resource, ref | start+end, tree, mediaType (application/tei+xml)
 */
export interface ServeOptions {
  /** The built edition folder, dist/<edition>. */
  distDir: string;
  editionId?: string;
  manifest?: EditionManifest;
  teiFiles?: TeiFile[];
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: never listens beyond this machine unless asked. */
  host?: string;
}

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  port: number;
  close(): Promise<void>;
}

const MEDIA: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.jsonld': MEDIA_JSONLD,
  '.xml': 'application/xml',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/** Media type of a file of the edition folder: TEI (tei/, dts/document/) is application/tei+xml. */
export function mediaTypeOf(relPath: string): string {
  const ext = path.extname(relPath).toLowerCase();
  if (ext === '.xml' && /^(tei|dts)\//.test(relPath.split(path.sep).join('/'))) return MEDIA_TEI;
  return MEDIA[ext] ?? 'application/octet-stream';
}

export async function serveEdition(opts: ServeOptions): Promise<RunningServer> {
  const distDir = path.resolve(opts.distDir);
  if (!fs.existsSync(distDir) || !fs.statSync(distDir).isDirectory()) fail(distDir, 'serve/no-edition', 'no built edition here: expected dist/<edition> (run `teikit build` first)');
  const editionId = opts.editionId ?? opts.manifest?.id ?? path.basename(distDir);
  const model = buildDtsModel({ editionId, teiFiles: opts.teiFiles ?? findTeiFiles(distDir, opts.manifest), manifest: opts.manifest });
  const host = opts.host ?? '127.0.0.1';
  let base = '';
  const server = http.createServer((req, res) => {
    try {
      handle(req, res, model, distDir, base);
    } catch (err) {
      send(res, 500, 'application/json', JSON.stringify({ status: 500, message: String(err instanceof Error ? err.message : err) }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' ? new Error(`port ${opts.port} on ${host} is in use; choose another with --port`) : err);
    });
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: base,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': String(buf.length), 'X-Content-Type-Options': 'nosniff', ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : buf);
}

function handle(req: http.IncomingMessage, res: http.ServerResponse, model: DtsEditionModel, distDir: string, base: string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, 'application/json', JSON.stringify({ status: 405, message: 'only GET and HEAD' }), { Allow: 'GET, HEAD' });
    return;
  }
  const url = new URL(req.url ?? '/', base);
  if (url.pathname === '/api/dts' || url.pathname.startsWith('/api/dts/')) {
    dts(url, res, model, base);
    return;
  }
  serveFile(url.pathname, res, distDir);
}

function dts(url: URL, res: http.ServerResponse, model: DtsEditionModel, base: string): void {
  const urls = queryUrls(`${base}/api/dts`, `${base}/tei`);
  const p = url.searchParams;
  const get = (k: string): string | undefined => p.get(k) ?? undefined;
  const q: RawNavigationQuery = { resource: get('resource'), ref: get('ref'), start: get('start'), end: get('end'), down: get('down'), tree: get('tree'), page: get('page') };
  const cors = { 'Access-Control-Allow-Origin': '*' };
  const json = (data: unknown): void => send(res, 200, MEDIA_JSONLD, JSON.stringify(data, null, 2) + '\n', cors);
  try {
    switch (url.pathname.replace(/\/+$/, '')) {
      case '/api/dts':
        json(entryPoint(urls));
        return;
      case '/api/dts/collection':
        if (get('page') !== undefined && get('page') !== '1') throw new DtsError(404, `collections are not paginated: there is no page ${get('page')}`);
        json(collectionResponse(model, urls, get('id'), get('nav') ?? 'children'));
        return;
      case '/api/dts/navigation':
        json(navigationResponse(model, urls, q));
        return;
      case '/api/dts/document': {
        const doc = documentResponse(model, { ...q, mediaType: get('mediaType') });
        send(res, 200, doc.mediaType, doc.body, { ...cors, Link: `<${urls.memberCollection(q.resource!).replace(/\{[^}]*\}$/, '')}>; rel="collection"` });
        return;
      }
      default:
        throw new DtsError(404, `no DTS endpoint ${url.pathname}; the entry point is /api/dts/`);
    }
  } catch (err) {
    if (err instanceof DtsError) {
      send(res, err.status, 'application/json', JSON.stringify({ status: err.status, message: err.message }) + '\n', cors);
      return;
    }
    throw err;
  }
}

/** A file of the edition: /x is html/x when it exists there, else dist/<edition>/x; never outside the edition folder. */
function serveFile(pathname: string, res: http.ServerResponse, distDir: string): void {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    send(res, 400, 'text/plain; charset=utf-8', 'bad URL encoding\n');
    return;
  }
  if (rel.includes('\0')) {
    send(res, 400, 'text/plain; charset=utf-8', 'bad path\n');
    return;
  }
  const clean = path.posix.normalize('/' + rel).replace(/^\/+/, '');
  if (clean.split('/').includes('..')) {
    send(res, 403, 'text/plain; charset=utf-8', 'forbidden\n');
    return;
  }
  // dot-files and dot-folders are the build's caches (.teikit-build.json, .teikit-cache/, .teikit-corpus/, dts/.teikit-dts.json), not the edition
  if (clean.split('/').some((s) => s.startsWith('.'))) {
    send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
    return;
  }
  for (const root of [path.join(distDir, 'html'), distDir]) {
    let file = path.join(root, clean);
    if (file !== root && !file.startsWith(root + path.sep)) continue;
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
      if (!pathname.endsWith('/')) {
        res.writeHead(301, { Location: pathname + '/' });
        res.end();
        return;
      }
      file = path.join(file, 'index.html');
    }
    if (fs.existsSync(file) && fs.statSync(file).isFile()) {
      // a symbolic link must not lead out of the edition folder
      const real = fs.realpathSync(file);
      const realRoot = fs.realpathSync(distDir);
      if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
        send(res, 403, 'text/plain; charset=utf-8', 'forbidden\n');
        return;
      }
      send(res, 200, mediaTypeOf(path.relative(distDir, file)), fs.readFileSync(file));
      return;
    }
  }
  send(res, 404, 'text/plain; charset=utf-8', `not found: ${pathname}\n`);
}
