/**
 * The one place teikit parses XML with libxml2 (libxmljs2). Every other module
 * imports parseXmlSafe instead of calling libxmljs2.parseXml itself.
 *
 * Safe means: nothing is fetched (no network, no DTD loading, no XInclude),
 * no external entity is ever expanded (XXE), an entity-expansion bomb is
 * refused before parsing with an error (bounded time and memory), and
 * libxml2's "huge" mode stays off so its own size limits hold.
 */
import * as libxml from 'libxmljs2';
import { parsedNativeDocument } from './native-memory';
import { Diagnostic, TeikitError } from '../model/diagnostics';
import { lineColumn } from '../io/read-source';
import { blank, Doctype, expandedLengths, readDoctype } from './dtd';
import './libxmljs2-augment';
import { readFileBytes } from '../io/read-source';

export type XmlDocument = libxml.Document;

/** Largest expansion of one entity, and of all entity references of a document together (characters). */
export const MAX_ENTITY_EXPANSION = 1_000_000;
export const MAX_TOTAL_EXPANSION = 10_000_000;

/** libxml2 parser options: the only ones teikit uses. */
export const SAFE_PARSER_OPTIONS = Object.freeze({
  nonet: true, // XML_PARSE_NONET: no network access at all
  noent: false, // never substitute entities (external ones would be read)
  dtdload: false, // never load an external DTD subset
  dtdattr: false,
  dtdvalid: false,
  xinclude: false, // XInclude elements stay elements
  huge: false, // keep libxml2's hard limits (depth, text node size, entity amplification)
  recover: false,
});

export interface SafeParseResult {
  doc: XmlDocument;
  /** Non-fatal findings (e.g. an XML 1.1 document read with XML 1.0 rules). */
  warnings: Diagnostic[];
  /** The version in the XML declaration ("1.0" when there is none). */
  xmlVersion: string;
  doctype?: Doctype;
}

const ENTITY_REF = /&([^\s&;#<>"']+);/g;
const PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

function diag(file: string, rule: string, message: string, text?: string, offset?: number, severity: Diagnostic['severity'] = 'error'): Diagnostic {
  if (text !== undefined && offset !== undefined) {
    const { line, column } = lineColumn(text, offset);
    return { file, line, column, severity, message, rule };
  }
  return { file, severity, message, rule };
}

/**
 * Refuse entity bombs and references to external entities, on the DOCTYPE
 * alone, before any parser expands anything.
 */
function checkEntities(xml: string, file: string, dt: Doctype): void {
  const lengths = expandedLengths(dt.entities);
  for (const e of dt.entities) {
    if (e.parameter || e.value === undefined) continue;
    const len = lengths.get(e.name) ?? 0;
    if (len === Infinity) {
      throw new TeikitError(diag(file, 'xml/entity-loop', `entity "${e.name}" refers to itself (an entity reference loop): refused`, xml, e.start));
    }
    if (len > MAX_ENTITY_EXPANSION) {
      throw new TeikitError(
        diag(file, 'xml/entity-bomb', `entity "${e.name}" would expand to ${len.toExponential(2)} characters (limit ${MAX_ENTITY_EXPANSION}): an entity-expansion bomb, refused`, xml, e.start),
      );
    }
  }
  const external = new Map(dt.entities.filter((e) => !e.parameter && e.value === undefined && !e.unparsed).map((e) => [e.name, e]));
  const body = xml.slice(dt.end);
  let total = 0;
  for (const m of body.matchAll(ENTITY_REF)) {
    const name = m[1];
    if (PREDEFINED.has(name)) continue;
    const ext = external.get(name);
    if (ext) {
      throw new TeikitError(
        diag(file, 'xml/external-entity', `reference to external entity "&${name};" (SYSTEM "${ext.systemId}"): teikit never reads external entities`, xml, dt.end + (m.index ?? 0)),
      );
    }
    total += lengths.get(name) ?? 0;
    if (total > MAX_TOTAL_EXPANSION) {
      throw new TeikitError(
        diag(file, 'xml/entity-bomb', `entity references would expand to more than ${MAX_TOTAL_EXPANSION} characters: an entity-expansion bomb, refused`, xml, dt.end + (m.index ?? 0)),
      );
    }
  }
}

function xmlVersionOf(xml: string): string {
  const m = /^\ufeff?<\?xml\s+version\s*=\s*["']([^"']*)["']/.exec(xml);
  return m ? m[1] : '1.0';
}

/**
 * Parse an XML text safely. Throws a TeikitError (rule `xml/not-well-formed`,
 * `xml/entity-bomb`, `xml/entity-loop`, `xml/external-entity`) with the line and column.
 */
export function parseXmlSafeDetailed(xml: string, file: string): SafeParseResult {
  const doctype = readDoctype(xml);
  if (doctype) checkEntities(xml, file, doctype);
  const xmlVersion = xmlVersionOf(xml);
  const warnings: Diagnostic[] = [];
  let doc: XmlDocument;
  parsedNativeDocument();
  try {
    doc = libxml.parseXml(xml, { ...SAFE_PARSER_OPTIONS });
  } catch (err) {
    const e = err as libxml.SyntaxError;
    const line = typeof e.line === 'number' && e.line > 0 ? e.line : undefined;
    const column = line !== undefined && e.column > 0 ? e.column : undefined;
    const message = String(e.message ?? err).trim();
    const hint = xmlVersion === '1.1' ? ' (an XML 1.1 document: libxml2 reads it with XML 1.0 rules)' : '';
    throw new TeikitError({ file, line, column, severity: 'error', message: `not well-formed XML: ${message}${hint}`, rule: 'xml/not-well-formed' });
  }
  if (xmlVersion !== '1.0') {
    warnings.push({
      file,
      line: 1,
      column: 1,
      severity: 'warning',
      message: `XML ${xmlVersion} document: XML ${xmlVersion} is not supported by libxml2; it was read with XML 1.0 rules`,
      rule: 'xml/version',
    });
  }
  return { doc, warnings, xmlVersion, doctype };
}

/** Parse an XML text safely (see parseXmlSafeDetailed); throws TeikitError on any problem. */
export function parseXmlSafe(xml: string, file: string): XmlDocument {
  return parseXmlSafeDetailed(xml, file).doc;
}

/**
 * Read an XML file's bytes as text: UTF-8 by default, UTF-16 by its BOM,
 * otherwise the encoding its XML declaration names. Bytes invalid in that
 * encoding give a TeikitError.
 */
export function readXmlFile(file: string): string {
  return decodeXmlBytes(readFileBytes(file), file);
}

export function decodeXmlBytes(bytes: Uint8Array, file: string): string {
  let label = 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) label = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) label = 'utf-16be';
  else {
    const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
    const m = /^(?:\ufeff|\xef\xbb\xbf)?<\?xml[^>]*\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head);
    if (m) label = m[1].toLowerCase();
  }
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw new TeikitError({ file, line: 1, severity: 'error', message: `unsupported encoding "${label}" in the XML declaration`, rule: 'xml/encoding' });
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new TeikitError({ file, severity: 'error', message: `bytes that are not valid ${label} (the encoding the file declares or implies)`, rule: 'xml/encoding' });
  }
}

/**
 * A copy of an XML text that another parser (jing's SAX parser, SaxonJS) can
 * read without fetching anything: the DOCTYPE's external identifier, external
 * entity declarations and references to external parameter entities are
 * blanked out (replaced by spaces, so every line and column stays where it
 * was), and the encoding declaration says UTF-8 (the copy is written as UTF-8).
 * Call it only on a text parseXmlSafe accepted.
 */
export function neutralizeForExternalParser(xml: string): string {
  let out = xml.replace(/^(\ufeff?<\?xml[^>]*?\sencoding\s*=\s*)(["'])[^"']*\2/, (_m, pre: string, q: string) => `${pre}${q}UTF-8${q}`);
  const dt = readDoctype(out);
  if (!dt) return out;
  const externalPe = new Set(dt.entities.filter((e) => e.parameter && e.value === undefined).map((e) => e.name));
  const spans: Array<[number, number]> = [];
  if (dt.externalId) spans.push([dt.externalId.start, dt.externalId.end]);
  for (const e of dt.entities) if (e.value === undefined && !e.unparsed) spans.push([e.start, e.end]);
  for (const r of dt.peRefs) if (externalPe.has(r.name) || !dt.entities.some((e) => e.parameter && e.name === r.name)) spans.push([r.start, r.end]);
  for (const [s, e] of spans.sort((a, b) => b[0] - a[0])) out = blank(out, s, e);
  return out;
}

/**
 * A copy of an XML text with no DOCTYPE at all, for parsers that do not read
 * internal subsets (SaxonJS): the DOCTYPE is blanked and references to the
 * internal entities it declared are replaced by their (recursively expanded)
 * text. Lines before the first expanded reference keep their positions.
 * Call it only on a text parseXmlSafe accepted (so the expansion is bounded).
 */
export function expandInternalEntities(xml: string): string {
  const dt = readDoctype(xml);
  if (!dt) return xml;
  const values = new Map<string, string>();
  for (const e of dt.entities) if (!e.parameter && e.value !== undefined && !values.has(e.name)) values.set(e.name, e.value);
  const memo = new Map<string, string>();
  const expand = (name: string, depth: number): string => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const v = values.get(name) ?? '';
    const r = depth > 50 ? v : v.replace(ENTITY_REF, (m, n: string) => (PREDEFINED.has(n) || !values.has(n) ? m : expand(n, depth + 1)));
    memo.set(name, r);
    return r;
  };
  const head = blank(xml, dt.start, dt.end).slice(0, dt.end);
  const body = xml.slice(dt.end).replace(ENTITY_REF, (m, n: string) => (PREDEFINED.has(n) || !values.has(n) ? m : expand(n, 0)));
  return head + body;
}
