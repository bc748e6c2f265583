import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { SCHEMA_DIR } from '../../paths';
import { compiledValidator } from '../../json/compiled-validator';

/**
 * JSON Schemas for DTS 1.0 responses (schema/dts/*.schema.json), written from
 * the DTS 1.0 specification, checked with ajv.
 */
export type DtsResponseKind = 'entry-point' | 'collection' | 'navigation';

const validators = new Map<DtsResponseKind, ValidateFunction>();
const schemaOf = (name: string): object => JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, 'dts', `${name}.schema.json`), 'utf8')) as object;

/** The validator of one kind of response, compiled once and kept as code between processes (json/compiled-validator.ts). */
function load(kind: DtsResponseKind): ValidateFunction {
  let v = validators.get(kind);
  if (v) return v;
  v = compiledValidator({
    schema: schemaOf(kind),
    refs: [schemaOf('common')],
    options: { allErrors: true, strict: true, strictTypes: false, strictTuples: false, strictRequired: false },
  });
  validators.set(kind, v);
  return v;
}

/** Problems of a DTS response against its schema ("" when valid): one line per problem, with its JSON pointer. */
export function dtsProblems(kind: DtsResponseKind, data: unknown): string[] {
  const v = load(kind);
  if (v(data)) return [];
  return (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && Object.keys(e.params).length ? ' ' + JSON.stringify(e.params) : ''}`);
}

/** Which schema a response object answers to, by its @type. */
export function kindOf(data: { '@type'?: unknown }): DtsResponseKind {
  switch (data['@type']) {
    case 'EntryPoint':
      return 'entry-point';
    case 'Navigation':
      return 'navigation';
    default:
      return 'collection';
  }
}
