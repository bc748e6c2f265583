import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Options, ValidateFunction } from 'ajv';
import { writeFileAtomic } from '../io/atomic-write';
import { cacheSubdir, packageVersion } from '../paths';

/**
 * JSON Schema validators compiled once and kept as code: ajv compiles a
 * schema into a JavaScript function each time a process asks for it (~30 ms
 * for an edition manifest, more with ajv itself to load), and every
 * `teikit build` checks its manifest. Here the function ajv generates
 * (ajv's "standalone" code, CommonJS) is written once to
 * `.teikit-cache/validators/<hash>.js`, keyed by the schemas, the options and
 * the versions of ajv and ajv-formats, and later processes load that file
 * instead of loading ajv and compiling. The same errors come out (the code is
 * what ajv would run). When the folder cannot be written or the file cannot be
 * loaded, the schema is compiled in memory as before.
 */
export interface ValidatorSpec {
  /** The schema to validate against. */
  schema: object;
  /** Schemas it refers to by $id, added first. */
  refs?: object[];
  /** ajv's options (besides `code`). */
  options: Options;
}

const cacheDir = (): string => cacheSubdir('validators');

let versions: string | undefined;
const packageVersions = (): string => (versions ??= `ajv ${packageVersion('ajv')} ajv-formats ${packageVersion('ajv-formats')}`);

/** A validator for `spec`: loaded from its kept code when there is some, else compiled (and its code kept). */
export function compiledValidator(spec: ValidatorSpec): ValidateFunction {
  const key = crypto.createHash('sha256').update(packageVersions()).update('\0').update(JSON.stringify(spec)).digest('hex').slice(0, 32);
  const file = path.join(cacheDir(), `${key}.js`);
  if (fs.existsSync(file)) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const kept = require(file) as ValidateFunction;
      if (typeof kept === 'function') return kept;
    } catch {
      // a damaged file: compiled again below, and written anew
    }
  }
  /* eslint-disable @typescript-eslint/no-require-imports -- ajv is loaded only to compile */
  const Ajv = (require('ajv') as typeof import('ajv')).default;
  const addFormats = (require('ajv-formats') as typeof import('ajv-formats')).default;
  const standaloneCode = (require('ajv/dist/standalone') as typeof import('ajv/dist/standalone')).default;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const ajv = new Ajv({ ...spec.options, code: { source: true } });
  addFormats(ajv);
  for (const r of spec.refs ?? []) ajv.addSchema(r);
  const validate = ajv.compile(spec.schema);
  try {
    fs.mkdirSync(cacheDir(), { recursive: true });
    // the generated code requires ajv's runtime and ajv-formats' formats: resolved from teikit's own node_modules
    const code = standaloneCode(ajv, validate).replace(/require\("((?:ajv|ajv-formats)\/[^"]+)"\)/g, (_m, id: string) => `require(${JSON.stringify(require.resolve(id))})`);
    writeFileAtomic(file, code, { fsync: false });
  } catch {
    // a cache that cannot be written: compiled in memory next time too
  }
  return validate;
}
