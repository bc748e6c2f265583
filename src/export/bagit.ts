import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from '../model/diagnostics';
import { fail } from '../model/diagnostics';
import { writeFileAtomic } from '../io/atomic-write';
import { filesUnder } from '../io/files-under';
import { TEIKIT_VERSION } from '../paths';

/**
 * BagIt (RFC 8493) bags: a writer and a verifier.
 *
 * A bag is a folder holding `bagit.txt`, `bag-info.txt`, the payload under
 * `data/`, a payload manifest (`manifest-sha256.txt`: one "checksum  path"
 * line per payload file) and a tag manifest (`tagmanifest-sha256.txt`, the
 * checksums of the tag files). Writing is deterministic: files are listed in
 * sorted order, bag-info carries no clock time (the Bagging-Date is given).
 */
export type BagAlgorithm = 'sha256' | 'sha512';
const VERIFIABLE = ['md5', 'sha1', 'sha256', 'sha512'] as const;

export interface BagInfo {
  /** Source-Organization (required here). */
  sourceOrganization: string;
  /** Bagging-Date, YYYY-MM-DD. */
  baggingDate: string;
  /** External-Description. */
  description?: string;
  /** External-Identifier. */
  externalIdentifier?: string;
  /** Further `Label: value` lines, in this order. */
  extra?: Array<[string, string]>;
}

export interface WriteBagOptions {
  /** Payload: relative path inside data/ → a file to copy, or the bytes themselves. */
  payload: Map<string, string | Buffer> | Array<[string, string | Buffer]>;
  outDir: string;
  info: BagInfo;
  /** Default ["sha256"]. */
  algorithms?: BagAlgorithm[];
}

export interface WriteBagResult {
  dir: string;
  payloadFiles: number;
  payloadOctets: number;
}

const SOFTWARE_AGENT = `teikit ${TEIKIT_VERSION}`;

function hash(alg: string, data: Buffer): string {
  return crypto.createHash(alg).update(data).digest('hex');
}

/** RFC 8493 §2.1.3: CR, LF and % in manifest paths are percent-encoded. */
function encodePath(p: string): string {
  return p.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function decodePath(p: string): string {
  return p.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
}

/** A tag-file line; a value's line breaks become continuation lines (RFC 8493 §2.2.2). */
function tagLine(label: string, value: string): string {
  return `${label}: ${value.replace(/\r\n?|\n/g, '\n  ')}\n`;
}

function readPayload(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    fail(file, 'bag/payload-unreadable', `cannot read payload file (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
}

export function writeBag(opts: WriteBagOptions): WriteBagResult {
  const algorithms = opts.algorithms ?? ['sha256'];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.info.baggingDate)) fail(opts.outDir, 'bag/date', `Bagging-Date "${opts.info.baggingDate}": expected YYYY-MM-DD`);
  if (!opts.info.sourceOrganization.trim()) fail(opts.outDir, 'bag/organization', 'Source-Organization is empty: expected the edition publisher');
  const entries = [...opts.payload].map(([rel, src]) => [rel.split(path.sep).join('/'), src] as [string, string | Buffer]);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const seen = new Set<string>();
  for (const [rel] of entries) {
    if (!rel || rel.startsWith('/') || rel.split('/').some((s) => s === '..' || s === '.' || s === '')) fail(opts.outDir, 'bag/payload-path', `payload path "${rel}": expected a relative path without "." or ".." segments`);
    if (seen.has(rel)) fail(opts.outDir, 'bag/payload-path', `payload path "${rel}" given twice`);
    seen.add(rel);
  }

  const outDir = path.resolve(opts.outDir);
  if (fs.existsSync(outDir)) {
    const st = fs.statSync(outDir);
    if (!st.isDirectory()) fail(outDir, 'bag/out', 'exists and is not a folder: expected a new folder or an existing bag to replace');
    if (fs.readdirSync(outDir).length > 0 && !fs.existsSync(path.join(outDir, 'bagit.txt'))) {
      fail(outDir, 'bag/out', 'folder exists, is not empty and is not a bag: refusing to replace it');
    }
  }
  const parent = path.dirname(outDir);
  fs.mkdirSync(parent, { recursive: true });
  const tmp = path.join(parent, `.${path.basename(outDir)}.${process.pid}.${Date.now()}.tmp`);
  let octets = 0;
  try {
    const manifests = new Map<BagAlgorithm, string>(algorithms.map((a) => [a, '']));
    for (const [rel, src] of entries) {
      const data = typeof src === 'string' ? readPayload(src) : src;
      octets += data.length;
      writeFileAtomic(path.join(tmp, 'data', ...rel.split('/')), data);
      for (const a of algorithms) manifests.set(a, manifests.get(a)! + `${hash(a, data)}  data/${encodePath(rel)}\n`);
    }
    const tags = new Map<string, Buffer>();
    tags.set('bagit.txt', Buffer.from('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n', 'utf8'));
    let info = '';
    info += tagLine('Source-Organization', opts.info.sourceOrganization);
    info += tagLine('Bagging-Date', opts.info.baggingDate);
    if (opts.info.externalIdentifier) info += tagLine('External-Identifier', opts.info.externalIdentifier);
    if (opts.info.description) info += tagLine('External-Description', opts.info.description);
    for (const [k, v] of opts.info.extra ?? []) info += tagLine(k, v);
    info += tagLine('Bag-Software-Agent', SOFTWARE_AGENT);
    info += tagLine('Payload-Oxum', `${octets}.${entries.length}`);
    tags.set('bag-info.txt', Buffer.from(info, 'utf8'));
    for (const [a, text] of manifests) tags.set(`manifest-${a}.txt`, Buffer.from(text, 'utf8'));
    for (const [name, data] of tags) writeFileAtomic(path.join(tmp, name), data);
    for (const a of algorithms) {
      const lines = [...tags].map(([name, data]) => `${hash(a, data)}  ${name}\n`).join('');
      writeFileAtomic(path.join(tmp, `tagmanifest-${a}.txt`), lines);
    }
    // swap the new bag in; a failure before this point leaves the old bag untouched
    const old = `${tmp}.old`;
    if (fs.existsSync(outDir)) fs.renameSync(outDir, old);
    fs.renameSync(tmp, outDir);
    fs.rmSync(old, { recursive: true, force: true });
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return { dir: outDir, payloadFiles: entries.length, payloadOctets: octets };
}

export type BagProblemKind = 'missing' | 'added' | 'changed' | 'oxum' | 'structure';

export interface BagProblem {
  kind: BagProblemKind;
  /** Path inside the bag ("data/tei/x.xml", "bag-info.txt"). */
  path: string;
  message: string;
  /** The manifest (or tag file) and line that say so. */
  source?: { file: string; line: number };
  /** Errors make the bag invalid; warnings do not (RFC 8493 allows them). */
  severity: 'error' | 'warning';
}

export interface VerifyBagResult {
  valid: boolean;
  problems: BagProblem[];
  payloadFiles: number;
  payloadOctets: number;
}

function readTagFile(file: string): string {
  const text = fs.readFileSync(file, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** `Label: value` pairs of a tag file (continuation lines joined). */
function parseTags(text: string): Array<{ label: string; value: string; line: number }> {
  const out: Array<{ label: string; value: string; line: number }> = [];
  text.split(/\r\n|\r|\n/).forEach((l, i) => {
    if (/^[ \t]/.test(l) && out.length) out[out.length - 1].value += ' ' + l.trim();
    else {
      const m = /^([^:]+):\s?(.*)$/.exec(l);
      if (m) out.push({ label: m[1].trim(), value: m[2], line: i + 1 });
    }
  });
  return out;
}

interface ManifestEntry {
  checksum: string;
  path: string;
  line: number;
}

function parseManifest(text: string, name: string, problems: BagProblem[]): ManifestEntry[] {
  const out: ManifestEntry[] = [];
  text.split(/\r\n|\r|\n/).forEach((l, i) => {
    if (!l.trim()) return;
    const m = /^([0-9A-Fa-f]+)[ \t]+(.+)$/.exec(l);
    if (!m) {
      problems.push({ kind: 'structure', path: name, message: `line ${i + 1}: expected "checksum  path"`, source: { file: name, line: i + 1 }, severity: 'error' });
      return;
    }
    let p = decodePath(m[2]);
    if (p.startsWith('./')) p = p.slice(2);
    out.push({ checksum: m[1].toLowerCase(), path: p, line: i + 1 });
  });
  return out;
}

/**
 * Verify a bag the way RFC 8493 §3 says a bag is valid: bagit.txt declares
 * the version, every payload manifest entry exists with that checksum, every
 * payload file is in every payload manifest, the Payload-Oxum (when given)
 * matches, and the tag manifests' entries match.
 */
export function verifyBag(dir: string): VerifyBagResult {
  const problems: BagProblem[] = [];
  const err = (kind: BagProblemKind, p: string, message: string, source?: { file: string; line: number }): void => {
    if (problems.some((x) => x.kind === kind && x.path === p)) return; // once per file and kind
    problems.push({ kind, path: p, message, source, severity: 'error' });
  };
  const payloadFiles = filesUnder(path.join(dir, 'data'), dir);
  const payloadOctets = payloadFiles.reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
  const result = (): VerifyBagResult => ({ valid: !problems.some((p) => p.severity === 'error'), problems, payloadFiles: payloadFiles.length, payloadOctets });

  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    err('structure', '.', 'no such folder: expected a bag');
    return result();
  }
  const bagitTxt = path.join(dir, 'bagit.txt');
  if (!fs.existsSync(bagitTxt)) err('missing', 'bagit.txt', 'bagit.txt is missing: every bag declares its BagIt version there');
  else {
    const tags = parseTags(readTagFile(bagitTxt));
    const version = tags.find((t) => t.label === 'BagIt-Version');
    if (!version || !/^\d+\.\d+$/.test(version.value.trim())) err('structure', 'bagit.txt', 'expected a "BagIt-Version: M.N" line', { file: 'bagit.txt', line: version?.line ?? 1 });
    const enc = tags.find((t) => t.label === 'Tag-File-Character-Encoding');
    if (!enc) err('structure', 'bagit.txt', 'expected a "Tag-File-Character-Encoding" line', { file: 'bagit.txt', line: 1 });
  }
  if (!fs.existsSync(path.join(dir, 'data'))) err('missing', 'data', 'the payload folder data/ is missing');

  const top = fs.readdirSync(dir);
  const manifestNames = top.filter((n) => /^manifest-[a-z0-9]+\.txt$/.test(n)).sort();
  if (manifestNames.length === 0) err('missing', 'manifest-sha256.txt', 'no payload manifest (manifest-<algorithm>.txt)');
  for (const name of manifestNames) {
    const alg = name.slice('manifest-'.length, -'.txt'.length);
    if (!(VERIFIABLE as readonly string[]).includes(alg)) {
      problems.push({ kind: 'structure', path: name, message: `checksum algorithm "${alg}" is not supported; not checked`, severity: 'warning' });
      continue;
    }
    const entries = parseManifest(readTagFile(path.join(dir, name)), name, problems);
    const listed = new Set<string>();
    for (const e of entries) {
      listed.add(e.path);
      if (!e.path.startsWith('data/') || e.path.split('/').includes('..')) {
        err('structure', e.path, `${name} lists a path outside data/`, { file: name, line: e.line });
        continue;
      }
      const full = path.join(dir, ...e.path.split('/'));
      if (!fs.existsSync(full) || !fs.statSync(full).isFile()) err('missing', e.path, `listed in ${name} but missing from the bag`, { file: name, line: e.line });
      else {
        const actual = hash(alg, fs.readFileSync(full));
        if (actual !== e.checksum) err('changed', e.path, `changed: ${alg} is ${actual}, ${name} says ${e.checksum}`, { file: name, line: e.line });
      }
    }
    for (const f of payloadFiles) if (!listed.has(f)) err('added', f, `in data/ but not listed in ${name}`);
  }

  const infoFile = path.join(dir, 'bag-info.txt');
  if (fs.existsSync(infoFile)) {
    const oxum = parseTags(readTagFile(infoFile)).find((t) => t.label === 'Payload-Oxum');
    if (oxum) {
      const m = /^(\d+)\.(\d+)$/.exec(oxum.value.trim());
      if (!m) err('oxum', 'bag-info.txt', `Payload-Oxum "${oxum.value}": expected octets.count`, { file: 'bag-info.txt', line: oxum.line });
      else if (Number(m[1]) !== payloadOctets || Number(m[2]) !== payloadFiles.length) {
        err('oxum', 'bag-info.txt', `Payload-Oxum says ${m[1]} octets in ${m[2]} files; data/ holds ${payloadOctets} octets in ${payloadFiles.length} files`, { file: 'bag-info.txt', line: oxum.line });
      }
    }
  }

  const tagManifests = top.filter((n) => /^tagmanifest-[a-z0-9]+\.txt$/.test(n)).sort();
  const tagListed = new Set<string>();
  for (const name of tagManifests) {
    const alg = name.slice('tagmanifest-'.length, -'.txt'.length);
    if (!(VERIFIABLE as readonly string[]).includes(alg)) continue;
    for (const e of parseManifest(readTagFile(path.join(dir, name)), name, problems)) {
      tagListed.add(e.path);
      if (e.path.startsWith('data/') || e.path.split('/').includes('..')) {
        err('structure', e.path, `${name} lists a payload or outside path`, { file: name, line: e.line });
        continue;
      }
      const full = path.join(dir, ...e.path.split('/'));
      if (!fs.existsSync(full)) err('missing', e.path, `listed in ${name} but missing from the bag`, { file: name, line: e.line });
      else if (hash(alg, fs.readFileSync(full)) !== e.checksum) err('changed', e.path, `changed: its ${alg} differs from ${name}`, { file: name, line: e.line });
    }
  }
  if (tagManifests.length) {
    for (const f of filesUnder(dir)) {
      if (f.startsWith('data/') || /^tagmanifest-[a-z0-9]+\.txt$/.test(f) || tagListed.has(f)) continue;
      problems.push({ kind: 'added', path: f, message: 'a tag file not listed in the tag manifest', severity: 'warning' });
    }
  }
  return result();
}

/** A bag problem as a teikit diagnostic (file: the bag path of the file concerned). */
export function bagProblemDiagnostic(bagDir: string, p: BagProblem): Diagnostic {
  return {
    file: path.join(bagDir, p.path),
    severity: p.severity,
    message: p.source ? `${p.message} (${p.source.file}:${p.source.line})` : p.message,
    rule: `bag/${p.kind}`,
  };
}
