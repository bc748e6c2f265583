/**
 * teikit's validator for any TEI file: safe parsing, RELAX NG (the schema
 * given, else the local schema the file's xml-model names, else tei_all when
 * one is configured) and Schematron, each schema compiled once per run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Element } from 'libxmljs2';
import { Diagnostic, TeikitError } from '../model/diagnostics';
import { expandInternalEntities, neutralizeForExternalParser, parseXmlSafeDetailed, readXmlFile } from '../xml/parse';
import { ElementPosition, elementPositions } from '../xml/positions';
import { EDITION_RNG, EDITION_SCH, SCHEMA_DIR, TEI_ALL_RNG } from '../paths';
import { compileSchematron, CompiledSchematron, runSchematron } from './schematron';
import { declaredAsXml10 } from './schematron-run';
import { findJing, prestartLibxml, RngEngineName, RngTarget, validateWithJing, validateWithLibxml } from './relaxng';

export const RNG_NS = 'http://relaxng.org/ns/structure/1.0';
export const SCHEMATRON_NS = 'http://purl.oclc.org/dsdl/schematron';
export { EDITION_RNG, EDITION_SCH };

export type SchemaSource = 'option' | 'xml-model' | 'tei_all' | 'none';
/** valid: passed the grammar (and Schematron); well-formed: no grammar or rules to check against. */
export type Verdict = 'valid' | 'well-formed' | 'invalid' | 'not-well-formed' | 'unreadable';

export interface ValidatorOptions {
  /** RELAX NG schema (XML syntax, or .rnc with jing) for every file; overrides xml-model. */
  schema?: string;
  /** ISO Schematron for every file; by default the file's local xml-model Schematron, or teikit.sch for files checked against the edition schema; false: none. */
  schematron?: string | false;
  /** tei_all.rng used when a file names no local schema; null: none. Default: ../shared/schemas/tei_all.rng (TEIKIT_SHARED) when present. */
  teiAll?: string | null;
  /** 'auto' (default): jing for schemas over 256 KB or with includes, libxml2 otherwise. */
  engine?: 'auto' | RngEngineName;
  /** Time limit for one document with libxml2 before it goes to jing (ms, default 60000). */
  libxmlTimeoutMs?: number;
}

export interface FileReport {
  file: string;
  verdict: Verdict;
  /** The RELAX NG schema used, and why. */
  schema?: string;
  schemaSource: SchemaSource;
  schematron?: string;
  engine?: RngEngineName;
  /** Problems found (errors, warnings, infos), in file order. */
  diagnostics: Diagnostic[];
}

export interface Validator {
  /** Validate one file; diagnostics include one info saying which schema was used. */
  validateFile(file: string): Promise<Diagnostic[]>;
  /** Validate an XML text (`file` names it in diagnostics and resolves relative xml-model hrefs). */
  validateString(xml: string, file: string): Promise<Diagnostic[]>;
  /** Validate many files, each schema compiled once (one jing run per schema). */
  validateFiles(files: string[]): Promise<FileReport[]>;
  /** Same, for texts already in memory. */
  validateStrings(docs: Array<{ xml: string; file: string }>): Promise<FileReport[]>;
}

interface XmlModel {
  href: string;
  schematypens?: string;
  type?: string;
}

/** The xml-model processing instructions of a parsed document (prolog only). */
export function xmlModels(xml: string): XmlModel[] {
  const out: XmlModel[] = [];
  const rootStart = xml.search(/<[A-Za-z_:][^!?]/);
  const prolog = rootStart < 0 ? xml : xml.slice(0, rootStart);
  for (const m of prolog.matchAll(/<\?xml-model\s([\s\S]*?)\?>/g)) {
    const pseudo: Record<string, string> = {};
    for (const a of m[1].matchAll(/([A-Za-z_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) pseudo[a[1]] = a[2] ?? a[3] ?? '';
    if (pseudo.href) out.push({ href: pseudo.href, schematypens: pseudo.schematypens, type: pseudo.type });
  }
  return out;
}

function isRemote(href: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(href) && !/^file:/i.test(href);
}

function localPath(href: string, baseFile: string): string {
  if (/^file:/i.test(href)) {
    try {
      return new URL(href).pathname;
    } catch {
      return href;
    }
  }
  return path.resolve(path.dirname(baseFile), decodeURIComponent(href.split('#')[0]));
}

/** Check a RELAX NG schema (XML syntax) before use: no include or externalRef may point outside the machine. */
function checkRngSchema(schemaFile: string): { text: string; hasIncludes: boolean } {
  const text = readXmlFile(schemaFile);
  const { doc } = parseXmlSafeDetailed(text, schemaFile);
  const root = doc.root();
  if (!root || root.namespace()?.href() !== RNG_NS) {
    throw new TeikitError({ file: schemaFile, line: root?.line(), severity: 'error', message: `not a RELAX NG schema in XML syntax (expected a root in namespace ${RNG_NS})`, rule: 'relaxng/schema' });
  }
  const refs = doc.find<Element>('//r:include | //r:externalRef', { r: RNG_NS });
  for (const r of refs) {
    const href = r.attr('href')?.value() ?? '';
    if (isRemote(href)) {
      throw new TeikitError({ file: schemaFile, line: r.line(), severity: 'error', message: `<${r.name()} href="${href}">: teikit never fetches schemas from the network; use a local copy`, rule: 'relaxng/remote-schema' });
    }
  }
  return { text, hasIncludes: refs.length > 0 };
}

const LARGE_SCHEMA_BYTES = 256 * 1024;

interface Prepared {
  report: FileReport;
  target?: RngTarget;
  schematronText?: string;
  positions?: ReturnType<typeof elementPositions>;
}

/** Every .xml file under the given files and folders, sorted, folders recursively. */
export function collectXmlFiles(inputs: string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>(); // folders already walked (symbolic link loops)
  const walk = (p: string): void => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      out.push(p); // reported as unreadable
      return;
    }
    if (st.isDirectory()) {
      const real = fs.realpathSync(p);
      if (seen.has(real)) return;
      seen.add(real);
      for (const name of fs.readdirSync(p).sort()) {
        const child = path.join(p, name);
        let isDir = false;
        try {
          isDir = fs.statSync(child).isDirectory();
        } catch {
          /* a dangling link: skipped unless it is named .xml */
        }
        if (isDir || /\.xml$/i.test(name)) walk(child);
      }
    } else out.push(p);
  };
  for (const i of inputs) walk(i);
  return out;
}

/**
 * Start what checking documents against a RELAX NG schema with libxml2 needs
 * (its child process, with the schema read) ahead of use, when libxml2 is
 * the engine `auto` picks for that schema: a build does this while its units
 * are built elsewhere.
 */
export function prestartGrammar(schemaFile: string): void {
  if (/\.rnc$/i.test(schemaFile)) return;
  const checked = checkRngSchema(schemaFile);
  if (checked.hasIncludes || Buffer.byteLength(checked.text) > LARGE_SCHEMA_BYTES) return;
  prestartLibxml(checked.text);
}

export function createValidator(opts: ValidatorOptions = {}): Validator {
  const teiAll = opts.teiAll === undefined ? (fs.existsSync(TEI_ALL_RNG) ? TEI_ALL_RNG : undefined) : (opts.teiAll ?? undefined);
  const schemaChecks = new Map<string, { text: string; hasIncludes: boolean } | TeikitError>();
  const schematrons = new Map<string, Promise<CompiledSchematron>>();

  const checkedSchema = (file: string): { text: string; hasIncludes: boolean } | TeikitError => {
    const key = path.resolve(file);
    let c = schemaChecks.get(key);
    if (!c) {
      try {
        c = checkRngSchema(file);
      } catch (err) {
        if (!(err instanceof TeikitError)) throw err;
        c = err;
      }
      schemaChecks.set(key, c);
    }
    return c;
  };
  const schematronFor = (file: string): Promise<CompiledSchematron> => {
    const key = path.resolve(file);
    let p = schematrons.get(key);
    if (!p) {
      p = compileSchematron(file);
      schematrons.set(key, p);
    }
    return p;
  };

  // the edition schema, or a copy of it (editions ship one beside their TEI), brings the edition rules
  const editionCopies = new Map<string, boolean>();
  const isEditionSchema = (file: string): boolean => {
    const key = path.resolve(file);
    let same = editionCopies.get(key);
    if (same === undefined) {
      try {
        same = key === path.resolve(EDITION_RNG) || fs.readFileSync(key).equals(fs.readFileSync(EDITION_RNG));
      } catch {
        same = false;
      }
      editionCopies.set(key, same);
    }
    return same;
  };

  const prepare = (xml: string | undefined, file: string, readError?: TeikitError): Prepared => {
    const report: FileReport = { file, verdict: 'valid', schemaSource: 'none', diagnostics: [] };
    if (readError || xml === undefined) {
      report.verdict = 'unreadable';
      report.diagnostics.push(...(readError?.diagnostics ?? []));
      return { report };
    }
    let parsed: ReturnType<typeof parseXmlSafeDetailed>;
    try {
      parsed = parseXmlSafeDetailed(xml, file);
    } catch (err) {
      if (!(err instanceof TeikitError)) throw err;
      report.verdict = 'not-well-formed';
      report.diagnostics.push(...err.diagnostics);
      return { report };
    }
    report.diagnostics.push(...parsed.warnings);
    const { doc } = parsed;
    const xi = doc.find<Element>('//xi:include', { xi: 'http://www.w3.org/2001/XInclude' });
    for (const x of xi) {
      report.diagnostics.push({ file, line: x.line(), severity: 'warning', message: `XInclude href="${x.attr('href')?.value() ?? ''}" not processed: teikit never fetches included documents`, rule: 'xml/xinclude' });
    }
    const models = xmlModels(xml);
    // RELAX NG
    if (opts.schema) {
      report.schema = opts.schema;
      report.schemaSource = 'option';
    } else {
      const rngModels = models.filter(
        (m) => m.schematypens === RNG_NS || m.type === 'application/relax-ng-compact-syntax' || (!m.schematypens && /\.rn[gc]$/i.test(m.href)),
      );
      for (const m of rngModels) {
        if (isRemote(m.href)) {
          report.diagnostics.push({ file, severity: 'info', message: `xml-model names a remote schema (${m.href}): not fetched`, rule: 'validate/xml-model' });
          continue;
        }
        const local = localPath(m.href, file);
        if (!fs.existsSync(local)) {
          report.diagnostics.push({ file, severity: 'warning', message: `xml-model names ${m.href}, which does not exist (${local})`, rule: 'validate/xml-model' });
          continue;
        }
        report.schema = local;
        report.schemaSource = 'xml-model';
        break;
      }
      if (!report.schema && teiAll) {
        report.schema = teiAll;
        report.schemaSource = 'tei_all';
      }
    }
    // Schematron
    if (opts.schematron) report.schematron = opts.schematron;
    else if (opts.schematron !== false) {
      const schModels = models.filter((m) => m.schematypens === SCHEMATRON_NS && /\.sch$/i.test(m.href));
      for (const m of schModels) {
        if (isRemote(m.href)) {
          report.diagnostics.push({ file, severity: 'info', message: `xml-model names a remote Schematron (${m.href}): not fetched`, rule: 'validate/xml-model' });
          continue;
        }
        const local = localPath(m.href, file);
        if (!fs.existsSync(local)) {
          report.diagnostics.push({ file, severity: 'warning', message: `xml-model names Schematron ${m.href}, which does not exist (${local})`, rule: 'validate/xml-model' });
          continue;
        }
        report.schematron = local;
        break;
      }
      if (!report.schematron && report.schema && isEditionSchema(report.schema)) report.schematron = EDITION_SCH;
    }
    const safe = neutralizeForExternalParser(xml);
    const prepared: Prepared = { report, target: { file, text: safe } };
    if (report.schematron) {
      prepared.schematronText = declaredAsXml10(expandInternalEntities(safe));
      const positions = elementPositions(xml);
      prepared.positions = positions.length === doc.find('//*').length ? positions : undefined;
    }
    return prepared;
  };

  const run = async (items: Prepared[]): Promise<FileReport[]> => {
    // RELAX NG, one batch per schema
    const bySchema = new Map<string, Prepared[]>();
    for (const it of items) {
      if (!it.target || !it.report.schema) continue;
      const key = path.resolve(it.report.schema);
      if (!bySchema.has(key)) bySchema.set(key, []);
      (bySchema.get(key) as Prepared[]).push(it);
    }
    for (const [schemaFile, group] of bySchema) {
      const isRnc = /\.rnc$/i.test(schemaFile);
      const checked = isRnc ? { text: '', hasIncludes: true } : checkedSchema(schemaFile);
      if (checked instanceof TeikitError) {
        for (const it of group) it.report.diagnostics.push(...checked.diagnostics.map((d) => ({ ...d })));
        continue;
      }
      let engine: RngEngineName;
      if (opts.engine && opts.engine !== 'auto') engine = opts.engine;
      else {
        const large = isRnc || checked.hasIncludes || Buffer.byteLength(checked.text) > LARGE_SCHEMA_BYTES;
        engine = large && findJing() ? 'jing' : 'libxml';
      }
      if (engine === 'libxml' && (isRnc || checked.hasIncludes)) engine = 'jing';
      // libxml2 (without entity substitution, which teikit never turns on) would see entity
      // references as foreign nodes: it gets the text with internal entities expanded
      const targets = group.map((g) => {
        const t = g.target as RngTarget;
        return engine === 'libxml' ? { file: t.file, text: expandInternalEntities(t.text) } : t;
      });
      const result = engine === 'jing' ? await validateWithJing(schemaFile, targets) : await validateWithLibxml(schemaFile, checked.text, targets, { timeoutMs: opts.libxmlTimeoutMs });
      for (const it of group) {
        const diags = result.results.get(it.report.file) ?? [];
        it.report.engine = result.engines.get(it.report.file);
        if (it.report.engine === 'libxml' && diags.length) {
          const positions = elementPositions((it.target as RngTarget).text);
          for (const d of diags) refineLibxmlPosition(d, positions);
        }
        it.report.diagnostics.push(...(it.report.engine === 'libxml' ? mergeExpectations(diags) : diags));
      }
    }
    // Schematron
    for (const it of items) {
      if (!it.report.schematron || it.schematronText === undefined) continue;
      let compiled: CompiledSchematron;
      try {
        compiled = await schematronFor(it.report.schematron);
      } catch (err) {
        if (!(err instanceof TeikitError)) throw err;
        it.report.diagnostics.push(...err.diagnostics.map((d) => ({ ...d })));
        continue;
      }
      it.report.diagnostics.push(...runSchematron(compiled, it.schematronText, it.report.file, it.positions));
      it.schematronText = undefined;
      it.positions = undefined;
    }
    for (const it of items) {
      const r = it.report;
      if (r.verdict === 'valid' && r.diagnostics.some((d) => d.severity === 'error')) r.verdict = 'invalid';
      else if (r.verdict === 'valid' && !r.schema && !r.schematron) r.verdict = 'well-formed';
      const used = r.schema
        ? `RELAX NG ${r.schema} (${r.schemaSource === 'option' ? '--schema' : r.schemaSource === 'xml-model' ? "the file's xml-model" : 'tei_all, the configured default'}${r.engine ? `, ${r.engine}` : ''})`
        : r.verdict === 'valid' || r.verdict === 'invalid' || r.verdict === 'well-formed'
          ? 'no RELAX NG schema (none given, no local xml-model schema, no tei_all configured): well-formedness only'
          : undefined;
      if (used) {
        r.diagnostics.unshift({ file: r.file, severity: 'info', message: `${r.verdict}: checked against ${used}${r.schematron ? ` and Schematron ${r.schematron}` : ''}`, rule: 'validate/schema' });
      }
      sortDiagnostics(r.diagnostics);
    }
    return items.map((i) => i.report);
  };

  const validator: Validator = {
    async validateFiles(files) {
      const items = files.map((f) => {
        try {
          return prepare(readXmlFile(f), f);
        } catch (err) {
          if (!(err instanceof TeikitError)) throw err;
          return prepare(undefined, f, err);
        }
      });
      return run(items);
    },
    async validateStrings(docs) {
      return run(docs.map((d) => prepare(d.xml, d.file)));
    },
    async validateFile(file) {
      return (await validator.validateFiles([file]))[0].diagnostics;
    },
    async validateString(xml, file) {
      return (await validator.validateStrings([{ xml, file }]))[0].diagnostics;
    },
  };
  return validator;
}

/**
 * libxml2 reports a RELAX NG error at the line where the offending element's
 * start tag ends, with no column. When the message names the element (or
 * attribute), point at where it starts instead: the closest start of an
 * element of that name at or before the reported line, when only one
 * element of that name starts on that line.
 */
export function refineLibxmlPosition(d: Diagnostic, positions: ElementPosition[]): void {
  if (d.rule !== 'relaxng' || d.line === undefined) return;
  let element: string | undefined;
  let attribute: string | undefined;
  let m: RegExpExecArray | null;
  if ((m = /^Expecting element (\S+), got (\S+)$/.exec(d.message))) element = m[2];
  else if ((m = /^Element (\S+) has extra content: (\S+)$/.exec(d.message))) element = m[2];
  else if ((m = /^Did not expect element (\S+) there$/.exec(d.message))) element = m[1];
  else if ((m = /^Element (\S+) failed to validate (?:content|attributes)$/.exec(d.message))) element = m[1];
  else if ((m = /^Invalid attribute (\S+) for element (\S+)$/.exec(d.message))) [attribute, element] = [m[1], m[2]];
  if (!element) return;
  const local = (q: string): string => q.slice(q.indexOf(':') + 1);
  const line = d.line;
  const candidates = positions.filter((p) => local(p.qname) === local(element as string) && p.line <= line);
  if (!candidates.length) return;
  const closest = Math.max(...candidates.map((p) => p.line));
  const onLine = candidates.filter((p) => p.line === closest);
  if (onLine.length !== 1) return;
  const at = attribute ? [...onLine[0].attributes].find(([k]) => local(k) === local(attribute as string))?.[1] : undefined;
  d.line = (at ?? onLine[0]).line;
  d.column = (at ?? onLine[0]).column;
}

/** libxml2 says "Expecting element a, got x", "Expecting element b, got x" …: one line per place, listing what was expected. */
export function mergeExpectations(diags: Diagnostic[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const merged = new Map<string, { d: Diagnostic; expected: string[]; got: string }>();
  for (const d of diags) {
    const m = /^Expecting element (\S+), got (\S+)$/.exec(d.message);
    if (!m) {
      out.push(d);
      continue;
    }
    const key = `${d.line}:${d.column}:${m[2]}`;
    const seen = merged.get(key);
    if (seen) {
      if (!seen.expected.includes(m[1])) seen.expected.push(m[1]);
      continue;
    }
    const entry = { d: { ...d }, expected: [m[1]], got: m[2] };
    merged.set(key, entry);
    out.push(entry.d);
  }
  for (const { d, expected, got } of merged.values()) {
    d.message = expected.length === 1 ? `Expecting element ${expected[0]}, got ${got}` : `Expecting one of the elements ${expected.join(', ')}; got ${got}`;
  }
  return out;
}

/** Order: the schema info line first, then by line and column, positionless last. */
function sortDiagnostics(list: Diagnostic[]): void {
  const head = list.filter((d) => d.rule === 'validate/schema');
  const rest = list.filter((d) => d.rule !== 'validate/schema');
  rest.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0));
  list.splice(0, list.length, ...head, ...rest);
}

/**
 * Validate an edition's TEI files against the edition schema (schema/teikit.rng)
 * and the edition rules (schema/teikit.sch). Returns the errors and warnings
 * (no infos); the build fails when any has severity "error".
 */
export async function validateEditionTei(files: string[]): Promise<Diagnostic[]> {
  const v = createValidator({ schema: EDITION_RNG, schematron: EDITION_SCH, teiAll: null });
  const reports = await v.validateFiles(files);
  return reports.flatMap((r) => r.diagnostics.filter((d) => d.severity !== 'info'));
}
