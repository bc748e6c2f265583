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
 * context matches it (rules get descending priorities), as ISO requires.
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
import { PROJECT_ROOT } from '../paths';

export const SCH_NS = 'http://purl.oclc.org/dsdl/schematron';
const XSL_NS = 'http://www.w3.org/1999/XSL/Transform';
const SVRL_NS = 'http://purl.oclc.org/dsdl/svrl';
const TK_NS = 'urn:teikit:schematron:location';
const COMPILER_VERSION = '1';

import { type CompiledSchematron } from './schematron-run';

export { type CompiledSchematron, loadCompiledSchematron, parseSvrl, runSchematron } from './schematron-run';

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
  out.push(`<xsl:template match="/">`);
  out.push(`<svrl:schematron-output>`);
  patterns.forEach((p, i) => {
    const id = attr(p, 'id');
    out.push(`<svrl:active-pattern${id ? ` id="${esc(id, true)}"` : ''}/>`);
    out.push(`<xsl:apply-templates select="(/, //node(), //@*)" mode="p${i}"/>`);
  });
  out.push(`</svrl:schematron-output>`);
  out.push(`</xsl:template>`);

  patterns.forEach((p, i) => {
    out.push(`<xsl:mode name="p${i}" on-no-match="deep-skip"/>`);
    const patternId = attr(p, 'id');
    for (const letEl of schKids(p, 'let')) problems.push(problem(file, letEl, 'pattern-level <let> is not supported (use a rule-level or schema-level let)'));
    const rules = schKids(p, 'rule');
    rules.forEach((r, j) => {
      const context = attr(r, 'context');
      if (!context) {
        problems.push(problem(file, r, '<rule> needs @context'));
        return;
      }
      const ruleId = attr(r, 'id');
      const ruleRole = attr(r, 'role');
      out.push(`<xsl:template match="${esc(context, true)}" mode="p${i}" priority="${rules.length - j}">`);
      for (const letEl of schKids(r, 'let')) out.push(letToXsl(letEl, 'xsl:variable', file, problems));
      out.push(`<svrl:fired-rule context="${esc(context.replace(/[{}]/g, (m) => m + m), true)}"/>`);
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
        out.push(`<xsl:if test="${esc(cond, true)}">`);
        out.push(`<${elName}>`);
        out.push(`<xsl:attribute name="test">${esc(test)}</xsl:attribute>`);
        out.push(`<xsl:attribute name="location" select="path(.)"/>`);
        out.push(`<xsl:attribute name="tkloc:where" select="tkloc:where(.)"/>`);
        if (id) out.push(`<xsl:attribute name="id">${esc(id)}</xsl:attribute>`);
        if (role) out.push(`<xsl:attribute name="role">${esc(role)}</xsl:attribute>`);
        if (flag) out.push(`<xsl:attribute name="flag">${esc(flag)}</xsl:attribute>`);
        out.push(`<svrl:text>${messageToXsl(check)}</svrl:text>`);
        out.push(`</${elName}>`);
        out.push(`</xsl:if>`);
      }
      out.push(`</xsl:template>`);
    });
  });
  out.push(`</xsl:stylesheet>`);
  if (problems.length) throw new TeikitError(problems);
  return out.join('\n') + '\n';
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
  return process.env.TEIKIT_CACHE ? path.join(process.env.TEIKIT_CACHE, 'schematron') : path.join(PROJECT_ROOT, '.teikit-cache', 'schematron');
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
