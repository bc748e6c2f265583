/**
 * Running a compiled Schematron (a SEF made by schematron.ts) with SaxonJS.
 * Kept apart from the compiler, with no libxml2 (libxmljs2 loads in one
 * thread of a process only): the build's worker threads run the edition
 * rules here, each on the TEI of the units it built.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, Severity } from '../model/diagnostics';
import type { ElementPosition } from '../xml/positions';
import { keepSaxonCode, saxonJs } from '../xml/saxon-js';

// SaxonJS has no type definitions; this is the part of its API teikit uses.
interface SaxonJsApi {
  transform(options: Record<string, unknown>, mode?: 'sync' | 'async'): { principalResult: unknown };
}
// loaded without its HTTP client (xml/saxon-js.ts): a unit worker then skips loading axios
const saxon = (): SaxonJsApi => saxonJs() as SaxonJsApi;

/** A compiled Schematron, ready to run. */
export interface CompiledSchematron {
  /** The .sch it came from (for messages). */
  source: string;
  /** The parsed SEF (SaxonJS's stylesheetInternal). */
  sef: unknown;
  /** The SEF file in the disk cache it was read from (worker threads load it from there). */
  sefFile?: string;
}

const loaded = new Map<string, CompiledSchematron>();

/** A SEF from the disk cache (schematronCacheDir), read and parsed once per thread. */
export function loadCompiledSchematron(source: string, sefFile: string): CompiledSchematron {
  let c = loaded.get(sefFile);
  if (!c) {
    c = { source, sef: JSON.parse(fs.readFileSync(sefFile, 'utf8')), sefFile };
    loaded.set(sefFile, c);
  }
  return c;
}

function severityOf(role: string | undefined, fallback: Severity): Severity {
  const r = (role ?? '').toLowerCase();
  if (r === 'warning' || r === 'warn' || r === 'nonfatal') return 'warning';
  if (r === 'info' || r === 'information') return 'info';
  if (r === 'error' || r === 'fatal') return 'error';
  return fallback;
}

function unescapeXml(s: string): string {
  return s.replace(/&(?:#x([0-9A-Fa-f]+)|#(\d+)|(lt|gt|amp|quot|apos));/g, (_m, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    if (dec) return String.fromCodePoint(Number(dec));
    return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[name as 'lt'];
  });
}

const SVRL_NS = 'http://purl.oclc.org/dsdl/svrl';
const TK_NS = 'urn:teikit:schematron:location';

/**
 * The failed asserts and successful reports of the SVRL that teikit's
 * compiled stylesheets write. Their shape is fixed by the compiler
 * (schematron.ts): attributes test, location, tkloc:where and optionally id,
 * role, flag; one svrl:text child holding text only. Prefixes are read from
 * the namespace declarations, not assumed.
 */
export function parseSvrl(svrl: string): Array<{ kind: 'failed-assert' | 'successful-report'; attrs: Map<string, string>; text: string }> {
  const prefixOf = (ns: string): string | undefined => {
    for (const m of svrl.matchAll(/\sxmlns:([A-Za-z_][\w.-]*)\s*=\s*"([^"]*)"/g)) if (m[2] === ns) return m[1];
    return undefined;
  };
  const svrlP = prefixOf(SVRL_NS);
  const tkP = prefixOf(TK_NS);
  const q = (p: string | undefined, local: string): string => (p ? `${p}:${local}` : local);
  const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const fa = esc(q(svrlP, 'failed-assert'));
  const sr = esc(q(svrlP, 'successful-report'));
  const text = esc(q(svrlP, 'text'));
  const re = new RegExp(`<(${fa}|${sr})((?:\\s+[^\\s=>/]+\\s*=\\s*"[^"]*")*)\\s*(?:/>|>([\\s\\S]*?)</\\1>)`, 'g');
  const out: ReturnType<typeof parseSvrl> = [];
  for (const m of svrl.matchAll(re)) {
    const attrs = new Map<string, string>();
    for (const a of m[2].matchAll(/([^\s=>/]+)\s*=\s*"([^"]*)"/g)) {
      const name = tkP && a[1] === `${tkP}:where` ? 'tkloc:where' : a[1];
      attrs.set(name, unescapeXml(a[2]));
    }
    const body = m[3] ?? '';
    const t = new RegExp(`<${text}(?:\\s[^>]*)?>([\\s\\S]*?)</${text}>`).exec(body);
    out.push({ kind: m[1] === q(svrlP, 'failed-assert') ? 'failed-assert' : 'successful-report', attrs, text: t ? unescapeXml(t[1].replace(/<[^>]*>/g, '')) : '' });
  }
  return out;
}

/**
 * A document node parsed by SaxonJS, e.g. by
 * `SaxonJS.XPath.evaluate('parse-xml($x)', null, { params: { x: text } })`.
 */
export type SaxonDocument = object;

/** The text with an XML 1.1 declaration read as 1.0 (SaxonJS reads XML 1.0 only; the rules do not depend on the version). */
export function declaredAsXml10(text: string): string {
  return text.replace(/^(\ufeff?<\?xml\s+version\s*=\s*["'])1\.1/, '$11.0');
}

/**
 * Run a compiled Schematron over a document given as text that SaxonJS can
 * read (no DOCTYPE: see expandInternalEntities). `positions` maps element
 * indexes (document order) to where they start in the original file; given
 * as a function, it is called only when there is a finding to place.
 */
export function runSchematron(compiled: CompiledSchematron, sourceText: string, file: string, positions: Positions): Diagnostic[] {
  return run(compiled, { sourceText }, file, positions);
}

/**
 * runSchematron over a document SaxonJS has already parsed (from the same
 * text runSchematron would be given), for a caller that also transforms it:
 * the document is parsed once. SaxonJS keeps the key indexes it builds on the
 * document node (under names private to each stylesheet).
 */
export function runSchematronOnDocument(compiled: CompiledSchematron, document: SaxonDocument, file: string, positions: Positions): Diagnostic[] {
  // not enumerable: SaxonJS writes every enumerable option with toString() into a log
  // message it builds on every call, which for a node means serializing the whole document
  const source = {};
  Object.defineProperty(source, 'sourceNode', { value: document, enumerable: false });
  return run(compiled, source, file, positions);
}

/** Element start positions by index, or what computes them (when needed). */
export type Positions = ElementPosition[] | (() => ElementPosition[] | undefined) | undefined;

function run(compiled: CompiledSchematron, source: object, file: string, positionsOrLater: Positions): Diagnostic[] {
  let svrl: string;
  try {
    const result = saxon().transform(Object.assign(source, { stylesheetInternal: compiled.sef, destination: 'serialized' }), 'sync');
    keepSaxonCode();
    svrl = String(result.principalResult);
  } catch (err) {
    return [schematronCouldNotRun(compiled.source, file, (err as Error).message)];
  }
  return svrlDiagnostics(svrl, file, positionsOrLater);
}

/** The finding for a document the Schematron `source` could not run on. */
export function schematronCouldNotRun(source: string, file: string, message: string): Diagnostic {
  return { file, severity: 'error', message: `Schematron ${path.basename(source)} could not run: ${message}`, rule: 'schematron/run' };
}

/** The findings of a document's SVRL (as teikit's compiled Schematron writes it; see parseSvrl), placed by `positions`. */
export function svrlDiagnostics(svrl: string, file: string, positionsOrLater: Positions): Diagnostic[] {
  const out: Diagnostic[] = [];
  const findings = parseSvrl(svrl);
  const positions = typeof positionsOrLater === 'function' ? (findings.length > 0 ? positionsOrLater() : undefined) : positionsOrLater;
  for (const f of findings) {
    const where = f.attrs.get('tkloc:where') ?? '';
    const [idx, attrName] = where.split(' ');
    const d: Diagnostic = {
      file,
      severity: severityOf(f.attrs.get('role'), 'error'),
      message: f.text.replace(/\s+/g, ' ').trim(),
      rule: `schematron/${f.attrs.get('id') ?? (f.kind === 'failed-assert' ? 'assert' : 'report')}`,
    };
    const pos = positions && idx !== '' && idx !== undefined ? positions[Number(idx)] : undefined;
    if (pos) {
      const a = attrName ? pos.attributes.get(attrName) : undefined;
      d.line = a ? a.line : pos.line;
      d.column = a ? a.column : pos.column;
    }
    if (!d.message) d.message = `${f.kind === 'failed-assert' ? 'assertion failed' : 'report'}: ${f.attrs.get('test') ?? ''}`;
    out.push(d);
  }
  return out;
}
