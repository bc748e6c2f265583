/**
 * ISO Schematron for teikit: a small compiler from Schematron to XSLT 3.0,
 * xslt3 to turn that into a SEF (once per distinct schema, cached on disk),
 * and SaxonJS to run it in-process. Failed asserts and successful reports
 * become Diagnostics with the line and column of the node they are about.
 *
 * Supported: schema/@queryBinding xslt, xslt2, xslt3, xpath2, xpath3 (or none);
 * ns; let (schema and rule level); pattern (with @id); rule (@context, @id,
 * @role); assert and report (@test, @id, @role, @flag); message content with
 * name, value-of, emph, dir, span; top-level xsl:key and xsl:function.
 * All patterns run (phases are not selected). Not supported, reported as an
 * error: include, extends, abstract patterns and rules, diagnostics.
 *
 * Semantics: within a pattern a node is handled by the first rule whose
 * context matches it (rules get descending priorities), as ISO requires;
 * every pattern sees every node (document, elements, attributes, text,
 * comments, processing instructions) once.
 *
 * Speed: the stylesheet walks the document once. Each node goes to the
 * patterns whose rule contexts can match it, decided statically where a
 * context's branches end in name tests (elements routed by name, attributes
 * visited only if some context can match an attribute, text and other nodes
 * only if some context can match them); a context not understood is offered
 * every node. The findings are written pattern by pattern, in the order a
 * walk per pattern over (/, //node(), //@*) gives (ISO skeleton style).
 * No svrl:fired-rule is written (teikit reads only the findings).
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import type { Element, Node } from 'libxmljs2';
import { Diagnostic, TeikitError } from '../model/diagnostics';
import { parseXmlSafe, readXmlFile, XmlDocument } from '../xml/parse';
import { writeFileAtomic } from '../io/atomic-write';
import { PROJECT_ROOT, cacheSubdir } from '../paths';

export const SCH_NS = 'http://purl.oclc.org/dsdl/schematron';
const XSL_NS = 'http://www.w3.org/1999/XSL/Transform';
const SVRL_NS = 'http://purl.oclc.org/dsdl/svrl';
const TK_NS = 'urn:teikit:schematron:location';
const COMPILER_VERSION = '2';

import { type CompiledSchematron } from './schematron-run';

export { type CompiledSchematron, loadCompiledSchematron, parseSvrl, runSchematron, runSchematronOnDocument, type SaxonDocument } from './schematron-run';

function esc(s: string, attr = false): string {
  let r = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  if (attr) r = r.replace(/"/g, '&quot;').replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
  return r;
}

function kids(e: Element): Element[] {
  return e.childNodes().filter((c: Node) => c.type() === 'element') as Element[];
}

function schKids(e: Element, name?: string): Element[] {
  return kids(e).filter((c) => c.namespace()?.href() === SCH_NS && (name === undefined || c.name() === name));
}

function attr(e: Element, name: string): string | undefined {
  return e.attr(name)?.value();
}

/** The line of an element in the .sch, for messages about the schema itself. */
function problem(file: string, e: Element | null, message: string): Diagnostic {
  return { file, line: e ? e.line() : undefined, severity: 'error', message, rule: 'schematron/unsupported' };
}

/** Compile a Schematron document to the text of an XSLT 3.0 stylesheet that writes SVRL. */
export function schematronToXslt(sch: XmlDocument, file: string): string {
  const root = sch.root();
  if (!root || root.name() !== 'schema' || root.namespace()?.href() !== SCH_NS) {
    throw new TeikitError(problem(file, root, `expected an ISO Schematron <schema> root in namespace ${SCH_NS}`));
  }
  const binding = (attr(root, 'queryBinding') ?? 'xslt2').toLowerCase();
  if (!['xslt', 'xslt2', 'xslt3', 'xpath', 'xpath2', 'xpath3', 'xpath31'].includes(binding)) {
    throw new TeikitError(problem(file, root, `queryBinding "${binding}" is not supported (xslt, xslt2, xslt3, xpath2, xpath3 are)`));
  }
  const problems: Diagnostic[] = [];
  for (const bad of ['include', 'extends', 'diagnostics']) {
    for (const e of sch.find<Element>(`//s:${bad}`, { s: SCH_NS })) problems.push(problem(file, e, `<${bad}> is not supported by teikit's Schematron runner`));
  }
  for (const e of sch.find<Element>('//s:pattern[@abstract="true" or @is-a] | //s:rule[@abstract="true"]', { s: SCH_NS })) {
    problems.push(problem(file, e, `abstract patterns and rules are not supported by teikit's Schematron runner`));
  }
  if (problems.length) throw new TeikitError(problems);

  const nsDecls = new Map<string, string>([
    ['xsl', XSL_NS],
    ['xs', 'http://www.w3.org/2001/XMLSchema'],
    ['svrl', SVRL_NS],
    ['tkloc', TK_NS],
  ]);
  // prefixes declared on the schema root (used by foreign xsl:key / xsl:function), then <ns> (which wins)
  for (const ns of root.namespaces()) {
    const prefix = ns.prefix();
    if (prefix && !nsDecls.has(prefix)) nsDecls.set(prefix, ns.href());
  }
  for (const ns of schKids(root, 'ns')) {
    const prefix = attr(ns, 'prefix');
    const uri = attr(ns, 'uri');
    if (!prefix || uri === undefined) {
      problems.push(problem(file, ns, '<ns> needs @prefix and @uri'));
      continue;
    }
    nsDecls.set(prefix, uri);
  }
  if (problems.length) throw new TeikitError(problems);

  const out: string[] = [];
  const decls = [...nsDecls].map(([p, u]) => ` xmlns:${p}="${esc(u, true)}"`).join('');
  out.push(`<?xml version="1.0" encoding="UTF-8"?>`);
  out.push(`<xsl:stylesheet version="3.0"${decls} exclude-result-prefixes="#all">`);
  out.push(`<xsl:output method="xml" indent="no"/>`);
  // foreign XSLT declarations the schema carries (keys, functions)
  for (const e of kids(root)) {
    if (e.namespace()?.href() === XSL_NS && ['key', 'function'].includes(e.name())) out.push(e.toString());
  }
  for (const letEl of schKids(root, 'let')) out.push(letToXsl(letEl, 'xsl:variable', file, problems));
  // location helper: index of the element in document order, and the attribute name if any
  out.push(`<xsl:function name="tkloc:where" as="xs:string">
  <xsl:param name="n" as="node()"/>
  <xsl:variable name="e" as="element()?" select="if ($n instance of element()) then $n else if ($n instance of document-node()) then $n/*[1] else $n/ancestor::*[1]"/>
  <xsl:sequence select="if (empty($e)) then '' else concat(count($e/preceding::*) + count($e/ancestor::*), ' ', if ($n instance of attribute()) then name($n) else '')"/>
</xsl:function>`);

  const patterns = schKids(root, 'pattern');
  const targets: Targets[] = [];
  const ruleOut: string[] = [];
  patterns.forEach((p, i) => {
    // a node no rule matches is left alone; deep-skip alone would walk into a document node's children
    ruleOut.push(`<xsl:mode name="p${i}" on-no-match="deep-skip"/>`, `<xsl:template match="/" mode="p${i}" priority="-1"/>`);
    const patternId = attr(p, 'id');
    const t = noTargets();
    targets.push(t);
    for (const letEl of schKids(p, 'let')) problems.push(problem(file, letEl, 'pattern-level <let> is not supported (use a rule-level or schema-level let)'));
    const rules = schKids(p, 'rule');
    rules.forEach((r, j) => {
      const context = attr(r, 'context');
      if (!context) {
        problems.push(problem(file, r, '<rule> needs @context'));
        return;
      }
      addTargets(t, context, nsDecls);
      const ruleId = attr(r, 'id');
      const ruleRole = attr(r, 'role');
      ruleOut.push(`<xsl:template match="${esc(context, true)}" mode="p${i}" priority="${rules.length - j}">`);
      for (const letEl of schKids(r, 'let')) ruleOut.push(letToXsl(letEl, 'xsl:variable', file, problems));
      for (const check of schKids(r).filter((c) => c.name() === 'assert' || c.name() === 'report')) {
        const test = attr(check, 'test');
        if (!test) {
          problems.push(problem(file, check, `<${check.name()}> needs @test`));
          continue;
        }
        const isAssert = check.name() === 'assert';
        const elName = isAssert ? 'svrl:failed-assert' : 'svrl:successful-report';
        const cond = isAssert ? `not(${test})` : `${test}`;
        const id = attr(check, 'id') ?? ruleId ?? patternId;
        const role = attr(check, 'role') ?? ruleRole;
        const flag = attr(check, 'flag');
        ruleOut.push(`<xsl:if test="${esc(cond, true)}">`);
        ruleOut.push(`<${elName} tkloc:p="${i}" tkloc:a="{if (. instance of attribute()) then 1 else 0}">`);
        ruleOut.push(`<xsl:attribute name="test">${esc(test)}</xsl:attribute>`);
        ruleOut.push(`<xsl:attribute name="location" select="path(.)"/>`);
        ruleOut.push(`<xsl:attribute name="tkloc:where" select="tkloc:where(.)"/>`);
        if (id) ruleOut.push(`<xsl:attribute name="id">${esc(id)}</xsl:attribute>`);
        if (role) ruleOut.push(`<xsl:attribute name="role">${esc(role)}</xsl:attribute>`);
        if (flag) ruleOut.push(`<xsl:attribute name="flag">${esc(flag)}</xsl:attribute>`);
        ruleOut.push(`<svrl:text>${messageToXsl(check)}</svrl:text>`);
        ruleOut.push(`</${elName}>`);
        ruleOut.push(`</xsl:if>`);
      }
      ruleOut.push(`</xsl:template>`);
    });
  });

  // one walk over the document gives each node to the patterns whose rules can match it;
  // the findings are then written pattern by pattern, in the order a walk per pattern gives
  out.push(`<xsl:template match="/">`);
  out.push(`<xsl:variable name="tkloc:found" as="element()*"><xsl:apply-templates select="." mode="tkloc:walk"/></xsl:variable>`);
  out.push(`<svrl:schematron-output>`);
  patterns.forEach((p, i) => {
    const id = attr(p, 'id');
    out.push(`<svrl:active-pattern${id ? ` id="${esc(id, true)}"` : ''}/>`);
    out.push(`<xsl:apply-templates select="$tkloc:found[@tkloc:p = ${i} and @tkloc:a = 0], $tkloc:found[@tkloc:p = ${i} and @tkloc:a = 1]" mode="tkloc:out"/>`);
  });
  out.push(`</svrl:schematron-output>`);
  out.push(`</xsl:template>`);
  out.push(`<xsl:template match="*" mode="tkloc:out"><xsl:copy><xsl:copy-of select="@* except (@tkloc:p, @tkloc:a), node()"/></xsl:copy></xsl:template>`);
  out.push(...walkXsl(targets));
  out.push(...ruleOut);
  out.push(`</xsl:stylesheet>`);
  if (problems.length) throw new TeikitError(problems);
  return out.join('\n') + '\n';
}

/**
 * The nodes a pattern's rules can match, as far as their contexts tell
 * statically: kinds of node, and names where each branch of a context ends in
 * a name test. A superset (anything not understood counts as any node): the
 * rule templates still decide the match, this only spares offering them nodes
 * they can never match.
 */
interface Targets {
  doc: boolean;
  /** text, comment, processing instruction */
  other: boolean;
  anyElement: boolean;
  elements: Set<string>;
  anyAttribute: boolean;
  attributes: Set<string>;
}

function noTargets(): Targets {
  return { doc: false, other: false, anyElement: false, elements: new Set(), anyAttribute: false, attributes: new Set() };
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/**
 * Split an XPath pattern at the top level (outside brackets, parentheses,
 * braces and string literals) on the given separators. Returns undefined
 * where the text is not balanced.
 */
function splitTopLevel(text: string, sep: RegExp): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return undefined;
      i = end;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (--depth < 0) return undefined;
    } else if (depth === 0) {
      sep.lastIndex = i;
      const m = sep.exec(text);
      if (m && m.index === i) {
        parts.push(text.slice(start, i));
        start = i + m[0].length;
        i = start - 1;
      }
    }
  }
  if (depth !== 0) return undefined;
  parts.push(text.slice(start));
  return parts;
}

/** A step without its predicates (what precedes its first top-level "["). */
function withoutPredicates(step: string): string {
  let depth = 0;
  for (let i = 0; i < step.length; i++) {
    const c = step[i];
    if (c === '"' || c === "'") {
      const end = step.indexOf(c, i + 1);
      if (end < 0) return step.trim();
      i = end;
    } else if (c === '[' && depth === 0) return step.slice(0, i).trim();
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
  }
  return step.trim();
}

const NCNAME = '[A-Za-z_\\u00C0-\\uFFFF][\\w.\\-\\u00B7-\\uFFFF]*';
const NAME_TEST = new RegExp(`^(?:(\\*)|(${NCNAME}):\\*|\\*:${NCNAME}|(?:(${NCNAME}):)?(${NCNAME})|Q\\{([^{}]*)\\}(${NCNAME}))$`);

/** The expanded name a name test stands for, 'any' for a wildcard, undefined if not a name test. */
function nameTest(step: string, ns: Map<string, string>): string | 'any' | undefined {
  const m = NAME_TEST.exec(step.trim());
  if (!m) return undefined;
  if (m[1] !== undefined || m[2] !== undefined || m[4] === undefined && m[6] === undefined) return 'any';
  if (m[6] !== undefined) return `Q{${m[5]}}${m[6]}`;
  const prefix = m[3];
  if (prefix === undefined) return `Q{}${m[4]}`; // no default namespace is declared for XPath in the compiled XSLT
  const uri = prefix === 'xml' ? XML_NS : ns.get(prefix);
  if (uri === undefined) return 'any';
  return `Q{${uri}}${m[4]}`;
}

/** Add what a rule context can match to a pattern's targets. */
function addTargets(t: Targets, context: string, ns: Map<string, string>): void {
  const anything = (): void => {
    t.doc = t.other = t.anyElement = t.anyAttribute = true;
  };
  const branches = splitTopLevel(context, /\|/y);
  if (!branches) return anything();
  for (const branch of branches) {
    const b = branch.trim();
    if (b === '/') {
      t.doc = true;
      continue;
    }
    if (/^document-node\s*\(/.test(b) && splitTopLevel(b, /\//y)?.length === 1) {
      t.doc = true;
      continue;
    }
    const steps = splitTopLevel(b, /\//y);
    if (!steps || /\b(?:union|intersect|except)\b/.test(steps.map(withoutPredicates).join(' '))) return anything();
    const lastWithPredicates = steps[steps.length - 1].trim();
    const last = withoutPredicates(lastWithPredicates);
    let m: RegExpExecArray | null;
    if ((m = /^(?:@|attribute\s*::)\s*([\s\S]*)$/.exec(last))) {
      const test = m[1].trim();
      if (/^(?:node|attribute)\s*\(\s*\)$/.test(test) || /^attribute\s*\(\s*\*\s*\)$/.test(test)) t.anyAttribute = true;
      else {
        const n = nameTest(test, ns);
        if (n === undefined) return anything();
        if (n === 'any') t.anyAttribute = true;
        else t.attributes.add(n);
      }
      continue;
    }
    const test = last.replace(/^child\s*::\s*/, '');
    if (/^attribute\s*\(/.test(test)) {
      t.anyAttribute = true;
      continue;
    }
    if (/^element\s*\(/.test(test)) {
      t.anyElement = true;
      continue;
    }
    if (/^(?:text|comment|processing-instruction)\s*\(/.test(test)) {
      t.other = true;
      continue;
    }
    if (/^node\s*\(\s*\)$/.test(test)) {
      t.anyElement = t.other = true;
      continue;
    }
    const n = nameTest(test, ns);
    if (n === undefined) return anything();
    if (n === 'any') t.anyElement = true;
    else t.elements.add(n);
  }
}

/**
 * The walk: element templates (by name where patterns name elements) hand the
 * element to the patterns that can match it, its attributes to the attribute
 * router, and walk on to the children.
 */
function walkXsl(targets: Targets[]): string[] {
  const out: string[] = [];
  const apply = (pats: number[]): string => pats.map((i) => `<xsl:apply-templates select="." mode="p${i}"/>`).join('');
  const all = targets.map((_, i) => i);
  const anyAttr = all.some((i) => targets[i].anyAttribute || targets[i].attributes.size > 0);
  const other = all.some((i) => targets[i].other);
  const children = `<xsl:apply-templates select="${other ? 'node()' : '*'}" mode="tkloc:walk"/>`;
  const attrs = anyAttr ? `<xsl:apply-templates select="@*" mode="tkloc:attr"/>` : '';
  // names grouped by the patterns that take them (patterns with a wildcard take every name)
  const byName = (kind: 'elements' | 'attributes', anyKey: 'anyElement' | 'anyAttribute'): Array<[string[], number[]]> => {
    const names = [...new Set(targets.flatMap((t) => [...t[kind]]))].sort();
    const groups = new Map<string, [string[], number[]]>();
    for (const n of names) {
      const pats = all.filter((i) => targets[i][anyKey] || targets[i][kind].has(n));
      const key = pats.join(' ');
      if (!groups.has(key)) groups.set(key, [[], pats]);
      (groups.get(key) as [string[], number[]])[0].push(n);
    }
    return [...groups.values()];
  };
  out.push(`<xsl:mode name="tkloc:walk" on-no-match="shallow-skip"/>`);
  out.push(`<xsl:template match="/" mode="tkloc:walk">${apply(all.filter((i) => targets[i].doc))}${children}</xsl:template>`);
  for (const [names, pats] of byName('elements', 'anyElement')) {
    out.push(`<xsl:template match="${esc(names.join(' | '), true)}" mode="tkloc:walk" priority="2">${apply(pats)}${attrs}${children}</xsl:template>`);
  }
  out.push(`<xsl:template match="*" mode="tkloc:walk" priority="1">${apply(all.filter((i) => targets[i].anyElement))}${attrs}${children}</xsl:template>`);
  if (other) out.push(`<xsl:template match="text() | comment() | processing-instruction()" mode="tkloc:walk" priority="1">${apply(all.filter((i) => targets[i].other))}</xsl:template>`);
  if (anyAttr) {
    out.push(`<xsl:mode name="tkloc:attr" on-no-match="deep-skip"/>`);
    for (const [names, pats] of byName('attributes', 'anyAttribute')) {
      out.push(`<xsl:template match="${esc(names.map((n) => '@' + n).join(' | '), true)}" mode="tkloc:attr" priority="2">${apply(pats)}</xsl:template>`);
    }
    const anyPats = all.filter((i) => targets[i].anyAttribute);
    if (anyPats.length) out.push(`<xsl:template match="@*" mode="tkloc:attr" priority="1">${apply(anyPats)}</xsl:template>`);
  }
  return out;
}

function letToXsl(letEl: Element, as: string, file: string, problems: Diagnostic[]): string {
  const name = attr(letEl, 'name');
  const value = attr(letEl, 'value');
  if (!name) {
    problems.push(problem(file, letEl, '<let> needs @name'));
    return '';
  }
  if (value === undefined) return `<${as} name="${esc(name, true)}">${kids(letEl).map((k) => k.toString()).join('')}</${as}>`;
  return `<${as} name="${esc(name, true)}" select="${esc(value, true)}"/>`;
}

function messageToXsl(e: Element): string {
  let s = '';
  for (const c of e.childNodes()) {
    const t: string = c.type();
    if (t === 'text' || t === 'cdata') {
      s += `<xsl:text>${esc((c as unknown as { text(): string }).text())}</xsl:text>`;
    } else if (t === 'element') {
      const el = c as Element;
      const ns = el.namespace()?.href();
      if (ns === SCH_NS && el.name() === 'value-of') s += `<xsl:value-of select="${esc(attr(el, 'select') ?? '.', true)}"/>`;
      else if (ns === SCH_NS && el.name() === 'name') s += `<xsl:value-of select="name(${esc(attr(el, 'path') ?? '.', true)})"/>`;
      else s += messageToXsl(el); // emph, dir, span, foreign: their text
    }
  }
  return s;
}


const memoryCache = new Map<string, CompiledSchematron>();

/** Where compiled SEFs are kept between runs (a cache: safe to delete). */
export function schematronCacheDir(): string {
  return cacheSubdir('schematron');
}

function xslt3Script(): string {
  return require.resolve('xslt3/xslt3.js');
}

function runXslt3(xslFile: string, sefFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [xslt3Script(), `-xsl:${xslFile}`, `-export:${sefFile}`, '-nogo'], { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (err, _stdout, stderr) => {
      if (err) reject(new Error(`xslt3 could not compile ${xslFile}: ${String(stderr || err.message).trim()}`));
      else resolve();
    });
  });
}

/**
 * The Schematron file compiled to XSLT, kept in the disk cache as `<key>.xsl` (key as compileSchematron's), for
 * Saxon-HE (schematron-he.ts), which compiles XSLT itself. Throws as compileSchematron does.
 */
export function schematronXsltFile(schFile: string): string {
  const xslt = schematronToXslt(parseXmlSafe(readXmlFile(schFile), schFile), schFile);
  const key = crypto.createHash('sha256').update(COMPILER_VERSION).update('\0').update(xslt).digest('hex').slice(0, 32);
  const file = path.join(schematronCacheDir(), `${key}.xsl`);
  let kept: string | undefined;
  try {
    kept = fs.readFileSync(file, 'utf8');
  } catch {
    /* not kept yet */
  }
  if (kept !== xslt) writeFileAtomic(file, xslt);
  return file;
}

/**
 * Compile a Schematron file (once per distinct content and compiler version:
 * kept in memory and in the disk cache). Throws TeikitError for a schema
 * that is not well-formed, uses unsupported features or has bad XPath.
 */
export async function compileSchematron(schFile: string): Promise<CompiledSchematron> {
  const text = readXmlFile(schFile);
  const doc = parseXmlSafe(text, schFile);
  const xslt = schematronToXslt(doc, schFile);
  const key = crypto.createHash('sha256').update(COMPILER_VERSION).update('\0').update(xslt).digest('hex').slice(0, 32);
  const hit = memoryCache.get(key);
  if (hit) return hit;
  const dir = schematronCacheDir();
  const sefFile = path.join(dir, `${key}.sef.json`);
  let sefText: string | undefined;
  try {
    sefText = fs.readFileSync(sefFile, 'utf8');
  } catch {
    /* not cached yet */
  }
  if (sefText === undefined) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-sch-'));
    try {
      const xslFile = path.join(tmp, 'schematron.xsl');
      const outFile = path.join(tmp, 'schematron.sef.json');
      fs.writeFileSync(xslFile, xslt);
      try {
        await runXslt3(xslFile, outFile);
      } catch (err) {
        throw new TeikitError({ file: schFile, severity: 'error', message: `the Schematron does not compile: ${(err as Error).message}`, rule: 'schematron/compile' });
      }
      sefText = fs.readFileSync(outFile, 'utf8');
      writeFileAtomic(sefFile, sefText);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  const compiled: CompiledSchematron = { source: schFile, sef: JSON.parse(sefText), sefFile };
  memoryCache.set(key, compiled);
  return compiled;
}
