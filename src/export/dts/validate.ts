import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { SCHEMA_DIR } from '../../paths';

/**
 * JSON Schemas for DTS 1.0 responses (schema/dts/*.schema.json), written from
 * the DTS 1.0 specification, checked with ajv.
 */
export type DtsResponseKind = 'entry-point' | 'collection' | 'navigation';

let ajv: Ajv | undefined;
const validators = new Map<DtsResponseKind, ValidateFunction>();

function load(kind: DtsResponseKind): ValidateFunction {
  let v = validators.get(kind);
  if (v) return v;
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictTuples: false, strictRequired: false });
    addFormats(ajv);
    ajv.addSchema(JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, 'dts', 'common.schema.json'), 'utf8')));
  }
  v = ajv.compile(JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, 'dts', `${kind}.schema.json`), 'utf8')));
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
