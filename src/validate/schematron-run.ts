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
import { SaxonJS as SaxonJsModule } from '../xml/saxon-js';

// SaxonJS has no type definitions; this is the part of its API teikit uses.
interface SaxonJsApi {
  transform(options: Record<string, unknown>, mode?: 'sync' | 'async'): { principalResult: unknown };
}
// loaded without its HTTP client (xml/saxon-js.ts): a unit worker then skips loading axios
const SaxonJS = SaxonJsModule as SaxonJsApi;

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

/**
 * Run a compiled Schematron over a document given as text that SaxonJS can
 * read (no DOCTYPE: see expandInternalEntities). `positions` maps element
 * indexes (document order) to where they start in the original file; given
 * as a function, it is called only when there is a finding to place.
 */
export function runSchematron(compiled: CompiledSchematron, sourceText: string, file: string, positions: Positions): Diagnostic[] {
  const document = parseForSaxon(sourceText);
  if (document) return runSchematronOnDocument(compiled, document, file, positions);
  return run(compiled, { sourceText }, file, positions);
}

// SaxonJS has no type definitions for its platform either: the DOM it builds documents with.
interface SaxonDomNode {
  appendChild(node: SaxonDomNode): unknown;
  setAttributeNode(attr: SaxonDomNode): unknown;
  normalize(): void;
  value?: string;
  nodeValue?: string;
  Zj?: string;
}
interface SaxonDomDocument extends SaxonDomNode {
  createElementNS(ns: string, qname: string): SaxonDomNode;
  createAttributeNS(ns: string, qname: string): SaxonDomNode;
  createTextNode(data: string): SaxonDomNode;
  createProcessingInstruction(target: string, data: string): SaxonDomNode;
}
const platform = (SaxonJS as unknown as { getPlatform(): { createDocument(): SaxonDomDocument } }).getPlatform();

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const NAME = /[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/y;
const ATTRIBUTE = /\s+([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)="([^"<]*)"/y;
const TAG_END = /\s*(\/?)>/y;
const PI = /<\?([A-Za-z_][\w.-]*)(?:\s+([^?]*(?:\?(?!>)[^?]*)*))?\?>/y;
const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#(\d{1,7})|#x([0-9A-Fa-f]{1,6}));/g;
/** Characters outside what the fast path reads: control characters, CR, non-characters, any surrogate, the CDATA end. */
const UNUSUAL = /[\0-\x08\x0B-\x1F\uD800-\uDFFF\uFFFE\uFFFF]|\]\]>|<!/;

/** Text with its entity and character references replaced; undefined for a reference the fast path does not read. */
function decode(s: string): string | undefined {
  if (!s.includes('&')) return s;
  if (s.replace(ENTITY, '').includes('&')) return undefined;
  let bad = false;
  const out = s.replace(ENTITY, (_m, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (name) return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[name as 'lt'];
    const cp = dec !== undefined ? Number(dec) : parseInt(hex as string, 16);
    // only characters XML allows, other than CR (SaxonJS's parser reads them as written)
    if (!(cp === 9 || cp === 10 || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff))) bad = true;
    return bad ? '' : String.fromCodePoint(cp);
  });
  return bad ? undefined : out;
}

/**
 * The document SaxonJS's own parser (sax, then its DOM) makes of a text, made
 * directly, for the texts teikit writes: elements, attributes in double
 * quotes, text, processing instructions, the five predefined entities and
 * character references, namespaces declared with xmlns. For anything else
 * (DOCTYPE, CDATA, comments, CR, control characters, an unbound prefix,
 * something not well-formed) it returns undefined and SaxonJS parses the
 * text itself. SaxonJS's parser tokenises character by character and is the
 * larger part of a small document's check. The result is the same tree:
 * test/validate/schematron-parse.test.ts compares the two.
 */
export function parseForSaxon(text: string): SaxonDocument | undefined {
  if (UNUSUAL.test(text)) return undefined;
  const doc = platform.createDocument();
  const n = text.length;
  let i = 0;
  let line = 1;
  let counted = 0;
  const lineAt = (pos: number): number => {
    for (let k = text.indexOf('\n', counted); k >= 0 && k < pos; k = text.indexOf('\n', k + 1)) line++;
    counted = pos;
    return line;
  };
  const stack: Array<{ el: SaxonDomNode; name: string; ns: Map<string, string> }> = [];
  let scope = new Map<string, string>([['xml', XML_NS], ['xmlns', XMLNS_NS]]);
  let seenRoot = false;
  // the XML declaration (SaxonJS ignores it)
  if (text.startsWith('<?xml ') || text.startsWith('<?xml?')) {
    const e = text.indexOf('?>');
    if (e < 0) return undefined;
    i = e + 2;
  }
  while (i < n) {
    const lt = text.indexOf('<', i);
    const end = lt < 0 ? n : lt;
    if (end > i) {
      const raw = text.slice(i, end);
      if (stack.length > 0) {
        if (raw.includes('>')) return undefined; // legal, but left to SaxonJS's parser
        const data = decode(raw);
        if (data === undefined) return undefined;
        stack[stack.length - 1].el.appendChild(doc.createTextNode(data));
      } else if (!/^\s*$/.test(raw)) return undefined;
    }
    if (lt < 0) break;
    const c = text.charCodeAt(lt + 1);
    if (c === 0x3f /* ? */) {
      PI.lastIndex = lt;
      const m = PI.exec(text);
      if (!m || m[1].toLowerCase() === 'xml') return undefined;
      const pi = doc.createProcessingInstruction(m[1], m[2] ?? '');
      if (stack.length > 0) stack[stack.length - 1].el.appendChild(pi);
      else doc.appendChild(pi);
      i = PI.lastIndex;
      continue;
    }
    if (c === 0x2f /* / */) {
      const gt = text.indexOf('>', lt);
      const top = stack.pop();
      if (gt < 0 || !top || text.slice(lt + 2, gt).trimEnd() !== top.name) return undefined;
      scope = top.ns;
      i = gt + 1;
      continue;
    }
    // a start tag
    NAME.lastIndex = lt + 1;
    const nm = NAME.exec(text);
    if (!nm || (stack.length === 0 && seenRoot)) return undefined;
    const name = nm[0];
    let k = NAME.lastIndex;
    const attrs: Array<[string, string]> = [];
    for (;;) {
      ATTRIBUTE.lastIndex = k;
      const a = ATTRIBUTE.exec(text);
      if (!a) break;
      // literal tabs and newlines in a value: left to SaxonJS's parser
      const value = /[\t\n]/.test(a[2]) ? undefined : decode(a[2]);
      if (value === undefined || attrs.some(([q]) => q === a[1])) return undefined;
      attrs.push([a[1], value]);
      k = ATTRIBUTE.lastIndex;
    }
    TAG_END.lastIndex = k;
    const te = TAG_END.exec(text);
    if (!te) return undefined;
    const gt = TAG_END.lastIndex - 1;
    // namespaces declared here
    const outer = scope;
    for (const [q, v] of attrs) {
      if (q === 'xmlns' || q.startsWith('xmlns:')) {
        if (scope === outer) scope = new Map(outer);
        if (q === 'xmlns') scope.set('', v);
        else if (v === '') return undefined;
        else scope.set(q.slice(6), v);
      }
    }
    const colon = name.indexOf(':');
    const uri = colon > 0 ? scope.get(name.slice(0, colon)) : scope.get('') ?? '';
    if (uri === undefined) return undefined;
    const el = doc.createElementNS(uri, name);
    for (const [q, v] of attrs) {
      let auri: string | undefined = '';
      if (q === 'xmlns') auri = XMLNS_NS;
      else {
        const ac = q.indexOf(':');
        if (ac > 0) auri = scope.get(q.slice(0, ac));
      }
      if (auri === undefined) return undefined;
      const at = doc.createAttributeNS(auri, q);
      // as SaxonJS's parser does: ids are whitespace-normalised
      at.value = at.nodeValue = q === 'id' || q === 'xml:id' ? v.replace(/\s+/g, ' ').trim() : v;
      el.setAttributeNode(at);
    }
    el.Zj = String(lineAt(gt));
    if (stack.length > 0) stack[stack.length - 1].el.appendChild(el);
    else {
      doc.appendChild(el);
      seenRoot = true;
    }
    if (te[1] === '/') scope = outer;
    else stack.push({ el, name, ns: outer });
    i = gt + 1;
  }
  if (stack.length > 0 || !seenRoot) return undefined;
  doc.normalize();
  return doc;
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
    const result = SaxonJS.transform(Object.assign(source, { stylesheetInternal: compiled.sef, destination: 'serialized' }), 'sync');
    svrl = String(result.principalResult);
  } catch (err) {
    return [{ file, severity: 'error', message: `Schematron ${path.basename(compiled.source)} could not run: ${(err as Error).message}`, rule: 'schematron/run' }];
  }
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
