import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { type Diagnostic, TeikitError } from '../model/diagnostics';
import { decodeSource, lineColumn } from '../io/read-source';
import { SCHEMA_DIR } from '../paths';
import { compiledValidator } from './compiled-validator';

/**
 * Read a JSON file and check it against a JSON Schema (ajv), reporting every
 * problem as a Diagnostic with the file, line and column of the offending
 * value, its JSON path and what was expected. Used for edition manifests,
 * registers and any other JSON teikit reads.
 */
const compiled = new Map<string, ValidateFunction>();

/** The validator of a schema file (a file name in schema/, or a path), compiled once per process and kept as code between processes (compiled-validator.ts). */
export function schemaValidator(schemaFile: string): ValidateFunction {
  const abs = path.isAbsolute(schemaFile) ? schemaFile : path.join(SCHEMA_DIR, schemaFile);
  let v = compiled.get(abs);
  if (!v) {
    v = compiledValidator({ schema: JSON.parse(fs.readFileSync(abs, 'utf8')) as object, options: { allErrors: true, strict: false } });
    compiled.set(abs, v);
  }
  return v;
}

export function readJsonChecked<T>(file: string, schemaFile: string, rulePrefix: string): T {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new TeikitError({ file, severity: 'error', message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? err}`, rule: `${rulePrefix}/unreadable` });
  }
  return parseJsonChecked<T>(decodeSource(file, bytes), file, schemaFile, rulePrefix);
}

export function parseJsonChecked<T>(text: string, file: string, schemaFile: string, rulePrefix: string): T {
  // the usual case, valid JSON that the schema accepts, needs no syntax tree (a manifest of a thousand letters is 0.5 MB);
  // the tree is built only to place what is wrong
  let parsed: { data: T } | undefined;
  try {
    parsed = { data: JSON.parse(text) as T };
  } catch {
    parsed = undefined;
  }
  if (parsed && schemaValidator(schemaFile)(parsed.data)) return parsed.data;
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0 || !tree) {
    const diags: Diagnostic[] = errors.map((e) => ({
      file,
      ...lineColumn(text, e.offset),
      severity: 'error' as const,
      message: `not valid JSON: ${printParseErrorCode(e.error)}`,
      rule: `${rulePrefix}/json-syntax`,
    }));
    throw new TeikitError(diags.length ? diags : [{ file, severity: 'error', message: 'empty file: expected a JSON object', rule: `${rulePrefix}/json-syntax` }]);
  }
  const data = JSON.parse(text) as T;
  const validate = schemaValidator(schemaFile);
  if (!validate(data)) {
    throw new TeikitError((validate.errors ?? []).map((e) => ajvDiagnostic(e, text, tree, file, `${rulePrefix}/schema`)));
  }
  return data;
}

function ajvDiagnostic(e: ErrorObject, text: string, tree: Node, file: string, rule: string): Diagnostic {
  const segments = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  let jsonPath = '$';
  for (const s of segments) jsonPath += typeof s === 'number' ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`;
  let node = findNodeAtLocation(tree, segments) ?? tree;
  let expected = e.message ?? 'a different value';
  switch (e.keyword) {
    case 'required':
      expected = `expected property "${(e.params as { missingProperty: string }).missingProperty}"`;
      break;
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      expected = `unexpected property "${extra}" (not in the schema)`;
      const child = findNodeAtLocation(tree, [...segments, extra]);
      if (child?.parent) node = child.parent;
      break;
    }
    case 'enum':
      expected = `expected one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
      break;
    case 'type':
      expected = `expected ${(e.params as { type: string }).type}`;
      break;
    default:
      expected = `expected a value that ${e.message}`;
  }
  return { file, ...lineColumn(text, node.offset), severity: 'error', message: `${jsonPath}: ${expected}`, rule };
}
