import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { fail } from '../model/diagnostics';
import { decodeSource } from '../io/read-source';
import type { TeiFile } from './tei-input';
import { parseXmlText } from './tei-input';

/**
 * Ingest into BaseX over its client/server protocol (npm `basex`): the TEI
 * documents of an edition go into a database, one resource per file, named
 * by the file name. Idempotent: `CHECK` opens the database (creating it when
 * absent) and each document is stored with REPLACE, so pushing again
 * replaces the documents and never adds copies.
 *
 * Before the session, a short handshake of our own checks the server answers
 * and accepts the credentials, so that a refused connection or a wrong
 * password gives a clear error instead of the client library's uncaught throw.
 */
/** The part of the npm `basex` client (untyped: its declarations are not exported) that teikit uses. */
type Callback = (err: unknown, reply: { result?: string; info?: string }) => void;
interface ClientSession {
  execute(command: string, cb: Callback): void;
  replace(path: string, input: string, cb: Callback): void;
  close(cb: () => void): void;
  on(event: 'socketError', handler: (e: NodeJS.ErrnoException) => void): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Session } = require('basex') as { Session: new (host: string, port: number, user: string, password: string) => ClientSession };

export interface BaseXTarget {
  host: string;
  port: number;
  /** Default "admin". */
  user?: string;
  /** Default "admin" (BaseX 9's initial admin password). */
  password?: string;
  /** Milliseconds to wait for the server; default 10000. */
  timeoutMs?: number;
}

export interface PushOptions extends BaseXTarget {
  db: string;
  /** The TEI documents to store (checked to be well-formed first). */
  teiFiles: TeiFile[];
}

export interface PushResult {
  db: string;
  /** Resource paths in the database, in push order. */
  documents: string[];
  /** Number of documents in the database after the push. */
  total: number;
}

/** "host:port" (port required; [v6]:port accepted). */
export function parseHostPort(s: string, source = '--basex'): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(s.trim());
  if (!m || Number(m[3]) < 1 || Number(m[3]) > 65535) fail(source, 'basex/address', `"${s}": expected host:port, e.g. 127.0.0.1:1984`);
  return { host: m[1] ?? m[2], port: Number(m[3]) };
}

function where(t: BaseXTarget): string {
  return `${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`;
}

const md5 = (s: string): string => crypto.createHash('md5').update(s).digest('hex');

/**
 * Connect, authenticate (BaseX ≥ 8 digest: md5(md5(user:realm:password) + nonce);
 * older servers: cram-md5) and leave. Resolves when the credentials are accepted.
 */
export function checkBaseX(t: BaseXTarget): Promise<void> {
  const user = t.user ?? 'admin';
  const password = t.password ?? 'admin';
  return new Promise<void>((resolve, reject) => {
    const sock = net.createConnection({ host: t.host, port: t.port });
    let buf = Buffer.alloc(0);
    let state: 'nonce' | 'status' = 'nonce';
    let settled = false;
    const done = (err?: Error): void => {
      if (settled) return;
      settled = true;
      sock.destroy();
      if (err) reject(err);
      else resolve();
    };
    sock.setTimeout(t.timeoutMs ?? 10000, () => {
      try {
        fail(where(t), 'basex/timeout', `no answer from a BaseX server within ${(t.timeoutMs ?? 10000) / 1000} s: is basexserver running there?`);
      } catch (e) {
        done(e as Error);
      }
    });
    sock.on('error', (e: NodeJS.ErrnoException) => {
      const why =
        e.code === 'ECONNREFUSED'
          ? 'connection refused: no BaseX server listens there (start it with `basexserver -p<port>`)'
          : e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN'
            ? `unknown host "${t.host}"`
            : `cannot connect (${e.code ?? e.message})`;
      try {
        fail(where(t), e.code === 'ECONNREFUSED' ? 'basex/refused' : 'basex/connect', why);
      } catch (err) {
        done(err as Error);
      }
    });
    sock.on('close', () => {
      try {
        fail(where(t), 'basex/protocol', 'the server closed the connection during login: is this a BaseX server port?');
      } catch (err) {
        done(err as Error);
      }
    });
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (state === 'nonce') {
        const z = buf.indexOf(0);
        if (z < 0) return;
        const greeting = buf.subarray(0, z).toString('utf8');
        buf = buf.subarray(z + 1);
        const parts = greeting.split(':');
        const digest = parts.length > 1 ? md5(md5(`${user}:${parts[0]}:${password}`) + parts[1]) : md5(md5(password) + parts[0]);
        state = 'status';
        sock.write(`${user}\0${digest}\0`);
      }
      if (state === 'status' && buf.length >= 1) {
        if (buf[0] === 0) {
          sock.write('exit\0');
          done();
        } else {
          try {
            fail(where(t), 'basex/auth', `access denied for user "${user}": wrong user name or password`);
          } catch (err) {
            done(err as Error);
          }
        }
      }
    });
  });
}

/** A BaseX session with promise methods. */
export class BaseXSession {
  private readonly session: ClientSession;
  private broken: Error | undefined;

  private constructor(private readonly target: BaseXTarget) {
    this.session = new Session(target.host, target.port, target.user ?? 'admin', target.password ?? 'admin');
    this.session.on('socketError', (e: NodeJS.ErrnoException) => {
      this.broken = new Error(`${where(target)}: BaseX connection lost (${e.code ?? e.message})`);
    });
  }

  /** Check the server and the credentials, then open a session. */
  static async open(target: BaseXTarget): Promise<BaseXSession> {
    await checkBaseX(target);
    return new BaseXSession(target);
  }

  private call(f: (cb: Callback) => void, what: string): Promise<{ result?: string; info?: string }> {
    return new Promise((resolve, reject) => {
      if (this.broken) {
        reject(this.broken);
        return;
      }
      f((err, reply) => {
        if (err) {
          try {
            fail(where(this.target), 'basex/command', `${what} failed: ${String(err).trim()}`);
          } catch (e) {
            reject(e);
          }
        } else resolve(reply);
      });
    });
  }

  async execute(command: string): Promise<string> {
    const r = await this.call((cb) => this.session.execute(command, cb), command.split(/\s+/).slice(0, 2).join(' '));
    return r.result ?? '';
  }

  /** Run an XQuery; its serialized result. */
  async query(xquery: string): Promise<string> {
    return this.execute(`XQUERY ${xquery}`);
  }

  async replace(resourcePath: string, xml: string): Promise<void> {
    await this.call((cb) => this.session.replace(resourcePath, xml, cb), `REPLACE ${resourcePath}`);
  }

  close(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000);
      this.session.close(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

const DB_NAME = /^[A-Za-z0-9_\-.+=~!#$%^&()[\]{}@]+$/;

export async function pushToBaseX(opts: PushOptions): Promise<PushResult> {
  if (!DB_NAME.test(opts.db)) fail('--db', 'basex/db-name', `"${opts.db}" is not a valid BaseX database name: use letters, digits, "-", "_" or "."`);
  if (opts.teiFiles.length === 0) fail(opts.db, 'basex/no-documents', 'no TEI documents to push');
  // read and check everything before touching the database
  const docs = opts.teiFiles.map((f) => {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(f.path);
    } catch (err) {
      fail(f.path, 'basex/unreadable', `cannot read (${(err as NodeJS.ErrnoException).code ?? err})`);
    }
    const text = decodeSource(f.path, bytes);
    parseXmlText(text, f.path);
    // the XML declaration is dropped: BaseX parses the string as it is sent
    return { name: path.basename(f.path), xml: text.replace(/^<\?xml[^?]*\?>\s*/, '') };
  });
  const session = await BaseXSession.open(opts);
  try {
    await session.execute(`CHECK ${opts.db}`);
    for (const d of docs) await session.replace(d.name, d.xml);
    const total = Number((await session.query(`count(db:list("${opts.db}"))`)).trim());
    return { db: opts.db, documents: docs.map((d) => d.name), total };
  } finally {
    await session.close();
  }
}
