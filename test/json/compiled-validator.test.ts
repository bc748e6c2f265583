/**
 * JSON Schema validators kept as code between processes (src/json/compiled-validator.ts):
 * the kept code gives the verdicts and errors ajv gives, and a damaged file is compiled again.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const schema = {
  type: 'object',
  required: ['id', 'date'],
  properties: { id: { type: 'string', pattern: '^[a-z]+$' }, date: { type: 'string', format: 'date' }, url: { type: 'string', format: 'uri' } },
  additionalProperties: false,
};
const samples: unknown[] = [{ id: 'abc', date: '1925-12-08' }, { id: 'ABC', date: '1925-13-40' }, { id: 'a', date: '1925-12-08', url: 'not a uri', extra: 1 }, {}, 'text'];

test('the kept code gives the verdicts and errors of ajv, and is used by the next process; a damaged file is compiled again', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-validators-'));
  const saved = process.env.TEIKIT_CACHE;
  process.env.TEIKIT_CACHE = dir;
  try {
    const plain = new Ajv({ allErrors: true, strict: false });
    addFormats(plain);
    const reference = plain.compile(schema);
    const expected = samples.map((s) => [reference(s), reference.errors ?? null]);
    // each step in a fresh module registry (a process of its own); jest reads a file's text once per test file,
    // so each step that loads kept code uses a schema (and so a file) of its own
    const validator = (spec: object): ReturnType<typeof import('../../src/json/compiled-validator').compiledValidator> => {
      let v: ReturnType<typeof import('../../src/json/compiled-validator').compiledValidator> | undefined;
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { compiledValidator } = require('../../src/json/compiled-validator') as typeof import('../../src/json/compiled-validator');
        v = compiledValidator({ schema: spec, options: { allErrors: true, strict: false } });
      });
      return v!;
    };
    const answers = (v: ReturnType<typeof validator>): unknown[] => samples.map((s) => [v(s), v.errors ?? null]);
    const keptFiles = (): string[] => fs.readdirSync(path.join(dir, 'validators')).filter((f) => f.endsWith('.js'));
    expect(answers(validator(schema))).toEqual(expected); // compiled, its code kept
    expect(keptFiles()).toHaveLength(1);
    const kept = path.join(dir, 'validators', keptFiles()[0]);
    expect(fs.readFileSync(kept, 'utf8')).toContain('module.exports');
    // the next process loads the kept code (marked here, to see that it is the one run): the same answers
    fs.appendFileSync(kept, '\nmodule.exports.kept = true;\n');
    const loaded = validator(schema);
    expect((loaded as unknown as { kept?: boolean }).kept).toBe(true);
    expect(answers(loaded)).toEqual(expected);
    // a damaged file (another schema's): compiled again, the same answers, and kept anew
    const other = { ...schema, description: 'the same rules' };
    validator(other);
    const second = keptFiles().map((f) => path.join(dir, 'validators', f)).find((f) => f !== kept)!;
    fs.writeFileSync(second, 'module.exports = (');
    expect(answers(validator(other))).toEqual(expected);
    expect(fs.readFileSync(second, 'utf8')).toMatch(/^"use strict";module\.exports = validate/);
  } finally {
    if (saved === undefined) delete process.env.TEIKIT_CACHE;
    else process.env.TEIKIT_CACHE = saved;
  }
});
