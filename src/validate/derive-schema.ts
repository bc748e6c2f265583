/**
 * Derive the edition schema (schema/teikit.rng) from TEI's tei_all.rng and
 * the customisation schema/teikit.odd.
 *
 * Method: keep tei_all's grammar as it is, but replace the content of every
 * element definition whose element is not in the customisation by
 * <notAllowed/>, set the start to the customisation's start elements, and
 * drop the definitions that are no longer reachable. Replacing a pattern by
 * notAllowed can only shrink a RELAX NG language (every operator is monotone
 * in its operands), so every document valid against the result is valid
 * against tei_all. The generator then checks that every kept element can
 * still have valid content (no required child became notAllowed).
 *
 * Usage: node dist-lib/src/validate/derive-schema.js <customisation.odd> <tei_all.rng> <out.rng>
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Element, Node } from 'libxmljs2';
import { parseXmlSafe } from '../xml/parse';
import { TeikitError, formatDiagnostic } from '../model/diagnostics';
import { writeFileAtomicIfChanged } from '../io/atomic-write';

export const RNG_NS = 'http://relaxng.org/ns/structure/1.0';
export const TEI_NS = 'http://www.tei-c.org/ns/1.0';
const ANNOTATION_NS = 'http://relaxng.org/ns/compatibility/annotations/1.0';
const XSD_DATATYPES = 'http://www.w3.org/2001/XMLSchema-datatypes';

export interface Customisation {
  ident: string;
  start: string[];
  elements: Set<string>;
}

/** Read the schemaSpec of an ODD: its start elements and the union of its moduleRef/@include lists. */
export function readCustomisation(oddFile: string): Customisation {
  const doc = parseXmlSafe(fs.readFileSync(oddFile, 'utf8'), oddFile);
  const ns = { t: TEI_NS };
  const spec = doc.get<Element>('//t:schemaSpec', ns);
  if (!spec) throw new TeikitError({ file: oddFile, severity: 'error', message: 'no <schemaSpec> in the customisation', rule: 'schema/odd' });
  const elements = new Set<string>();
  for (const m of spec.find<Element>('t:moduleRef', ns)) {
    for (const name of (m.attr('include')?.value() ?? '').split(/\s+/).filter(Boolean)) elements.add(name);
  }
  for (const e of spec.find<Element>('t:elementSpec[not(@mode="delete")]', ns)) elements.add(e.attr('ident')?.value() ?? '');
  for (const e of spec.find<Element>('t:elementSpec[@mode="delete"]', ns)) elements.delete(e.attr('ident')?.value() ?? '');
  elements.delete('');
  const start = (spec.attr('start')?.value() ?? 'TEI').split(/\s+/).filter(Boolean);
  return { ident: spec.attr('ident')?.value() ?? 'custom', start, elements };
}

function elementChildren(node: Element): Element[] {
  return node.childNodes().filter((c: Node): c is Element => c.type() === 'element') as Element[];
}

function isRng(e: Element): boolean {
  return e.namespace()?.href() === RNG_NS;
}

/** The TEI element a define declares, if it is an element definition. */
function definedElement(def: Element): { name: string | null; tei: boolean } | undefined {
  const kids = elementChildren(def).filter(isRng);
  if (kids.length !== 1 || kids[0].name() !== 'element') return undefined;
  const el = kids[0];
  const name = el.attr('name')?.value() ?? null;
  const ns = el.attr('ns')?.value();
  return { name, tei: ns === undefined || ns === TEI_NS };
}

interface Pat {
  kind: string;
  attrs: Array<[string, string]>;
  kids: Pat[];
  text?: string;
}

/** Copy the RNG part of a subtree, dropping foreign annotations (documentation, embedded Schematron). */
function toPat(e: Element): Pat {
  const attrs: Array<[string, string]> = [];
  for (const a of e.attrs()) {
    const ans = a.namespace()?.href();
    if (!ans) attrs.push([a.name(), a.value()]);
    else if (ans === ANNOTATION_NS) attrs.push([`a:${a.name()}`, a.value()]);
  }
  const kids = elementChildren(e).filter(isRng).map(toPat);
  const p: Pat = { kind: e.name(), attrs, kids };
  if (e.name() === 'value' || e.name() === 'param' || e.name() === 'name' || e.name() === 'nsName') {
    if (kids.length === 0 && e.name() !== 'nsName') p.text = e.text();
  }
  return p;
}

function refsOf(p: Pat, into: Set<string>): void {
  if (p.kind === 'ref' || p.kind === 'parentRef') {
    const n = p.attrs.find(([k]) => k === 'name');
    if (n) into.add(n[1]);
  }
  for (const k of p.kids) refsOf(k, into);
}

/** Can the pattern match something (is its language non-empty)? `defs` gives the current answer for each define. */
function satisfiable(p: Pat, defs: Map<string, boolean>): boolean {
  switch (p.kind) {
    case 'notAllowed':
      return false;
    case 'ref':
    case 'parentRef':
      return defs.get(p.attrs.find(([k]) => k === 'name')?.[1] ?? '') ?? false;
    case 'choice':
      return p.kids.some((k) => satisfiable(k, defs));
    case 'zeroOrMore':
    case 'optional':
      return true;
    case 'element':
    case 'attribute':
    case 'define':
    case 'start':
    case 'group':
    case 'interleave':
    case 'oneOrMore':
    case 'mixed':
    case 'list':
      // name classes (name, anyName, nsName, choice of names) are always satisfiable
      return p.kids.filter((k) => !['name', 'anyName', 'nsName'].includes(k.kind)).every((k) => satisfiable(k, defs));
    default:
      // text, empty, data, value, name classes
      return true;
  }
}

function escapeXml(s: string, attr: boolean): string {
  let r = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  if (attr) r = r.replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
  return r;
}

function writePat(p: Pat, indent: string, out: string[]): void {
  const attrs = p.attrs.map(([k, v]) => ` ${k}="${escapeXml(v, true)}"`).join('');
  if (p.text !== undefined && p.kids.length === 0) {
    out.push(`${indent}<${p.kind}${attrs}>${escapeXml(p.text, false)}</${p.kind}>`);
  } else if (p.kids.length === 0) {
    out.push(`${indent}<${p.kind}${attrs}/>`);
  } else {
    out.push(`${indent}<${p.kind}${attrs}>`);
    for (const k of p.kids) writePat(k, indent + '  ', out);
    out.push(`${indent}</${p.kind}>`);
  }
}

export interface DerivedSchema {
  rng: string;
  kept: string[];
}

/** Derive the RNG text (deterministic) from a customisation and tei_all.rng. */
export function deriveSchema(custom: Customisation, teiAllFile: string, oddName = 'teikit.odd'): DerivedSchema {
  const doc = parseXmlSafe(fs.readFileSync(teiAllFile, 'utf8'), teiAllFile);
  const grammar = doc.root();
  if (!grammar || grammar.name() !== 'grammar' || !isRng(grammar)) {
    throw new TeikitError({ file: teiAllFile, severity: 'error', message: 'expected a RELAX NG <grammar> root', rule: 'schema/derive' });
  }
  const defines = new Map<string, Pat>();
  const elementName = new Map<string, string>(); // define name → TEI element name
  const teiDefineOf = new Map<string, string>(); // TEI element name → define name
  const problems: string[] = [];
  for (const def of elementChildren(grammar).filter(isRng)) {
    if (def.name() !== 'define') {
      if (def.name() !== 'start') problems.push(`unexpected <${def.name()}> in tei_all grammar`);
      continue;
    }
    const name = def.attr('name')?.value() ?? '';
    if (def.attr('combine')) problems.push(`define ${name} uses @combine, which this generator does not merge`);
    const el = definedElement(def);
    if (el) {
      const keep = el.tei && el.name !== null && custom.elements.has(el.name);
      if (el.tei && el.name) {
        elementName.set(name, el.name);
        teiDefineOf.set(el.name, name);
      }
      if (!keep) {
        defines.set(name, { kind: 'define', attrs: [['name', name]], kids: [{ kind: 'notAllowed', attrs: [], kids: [] }] });
        continue;
      }
    }
    defines.set(name, toPat(def));
  }
  for (const e of [...custom.elements, ...custom.start]) {
    if (!teiDefineOf.has(e)) problems.push(`element "${e}" is not defined in ${path.basename(teiAllFile)}`);
  }
  for (const s of custom.start) if (!custom.elements.has(s)) problems.push(`start element "${s}" is not in the included elements`);
  if (problems.length) throw new TeikitError(problems.map((message) => ({ file: oddName, severity: 'error' as const, message, rule: 'schema/derive' })));

  const start: Pat = {
    kind: 'start',
    attrs: [],
    kids: [{ kind: 'choice', attrs: [], kids: custom.start.map((s) => ({ kind: 'ref', attrs: [['name', teiDefineOf.get(s) as string]], kids: [] })) }],
  };
  if (custom.start.length === 1) start.kids = start.kids[0].kids;

  // keep only what the start reaches
  const reached = new Set<string>();
  const queue: string[] = [];
  const seed = new Set<string>();
  refsOf(start, seed);
  for (const s of seed) {
    reached.add(s);
    queue.push(s);
  }
  while (queue.length) {
    const d = defines.get(queue.pop() as string);
    if (!d) continue;
    const refs = new Set<string>();
    refsOf(d, refs);
    for (const r of refs) {
      if (!reached.has(r)) {
        reached.add(r);
        queue.push(r);
      }
    }
  }
  for (const r of reached) if (!defines.has(r)) problems.push(`reference to undefined pattern "${r}"`);

  // every kept element must still be able to have valid content
  const sat = new Map<string, boolean>();
  for (const r of reached) sat.set(r, false);
  for (let changed = true; changed; ) {
    changed = false;
    for (const r of reached) {
      if (sat.get(r)) continue;
      const d = defines.get(r);
      if (d && satisfiable(d, sat)) {
        sat.set(r, true);
        changed = true;
      }
    }
  }
  const kept = [...reached].filter((r) => elementName.has(r) && custom.elements.has(elementName.get(r) as string));
  for (const e of custom.elements) {
    const d = teiDefineOf.get(e) as string;
    if (!reached.has(d)) problems.push(`element "${e}" is listed but cannot occur: no kept element may contain it`);
    else if (!sat.get(d)) problems.push(`element "${e}" can no longer have valid content: a required child or attribute value is not in the customisation`);
  }
  if (problems.length) throw new TeikitError(problems.map((message) => ({ file: oddName, severity: 'error' as const, message, rule: 'schema/derive' })));

  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(`<!-- GENERATED by src/validate/derive-schema.ts from schema/${oddName} and TEI P5 tei_all.rng: do not edit; edit ${oddName} and run make. -->`);
  out.push(`<!-- TEI material: CC BY 3.0 / BSD-2 (TEI Consortium). The ${custom.ident} schema keeps ${kept.length} TEI elements with TEI's own content models and attributes. -->`);
  out.push(`<grammar xmlns="${RNG_NS}" xmlns:a="${ANNOTATION_NS}" datatypeLibrary="${XSD_DATATYPES}" ns="${TEI_NS}">`);
  writePat(start, '  ', out);
  for (const name of [...reached].sort()) writePat(defines.get(name) as Pat, '  ', out);
  out.push('</grammar>');
  return { rng: out.join('\n') + '\n', kept: kept.map((d) => elementName.get(d) as string).sort() };
}

/** Generate `outFile` from the customisation and tei_all; returns true when the file changed. */
export function generateEditionSchema(oddFile: string, teiAllFile: string, outFile: string): boolean {
  const custom = readCustomisation(oddFile);
  const { rng } = deriveSchema(custom, teiAllFile, path.basename(oddFile));
  return writeFileAtomicIfChanged(outFile, rng);
}

if (require.main === module) {
  const [odd, teiAll, out] = process.argv.slice(2);
  if (!odd || !teiAll || !out) {
    process.stderr.write('usage: derive-schema <customisation.odd> <tei_all.rng> <out.rng>\n');
    process.exit(2);
  }
  try {
    const changed = generateEditionSchema(odd, teiAll, out);
    process.stderr.write(`${out}: ${changed ? 'written' : 'unchanged'}\n`);
  } catch (err) {
    if (err instanceof TeikitError) {
      for (const d of err.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
      process.exit(1);
    }
    throw err;
  }
}
