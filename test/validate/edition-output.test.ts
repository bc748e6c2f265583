/**
 * The TEI teikit writes for the bundled edition(s) is valid against the
 * edition schema (both engines) and against tei_all (jing, the oracle).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildEdition } from '../../src/edition/build';
import { findEditions } from '../../src/edition/manifest';
import { createValidator, EDITION_RNG } from '../../src/validate/validator';

const ROOT = path.resolve(__dirname, '../..');
const TEI_ALL = path.resolve(ROOT, '../shared/schemas/tei_all.rng');
let out: string;
let teiFiles: string[];

beforeAll(async () => {
  execFileSync('bash', [path.join(ROOT, 'scripts/install-system-deps.sh'), 'jing']);
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-edition-tei-'));
  teiFiles = [];
  for (const dir of findEditions(path.join(ROOT, 'editions'))) {
    await buildEdition(dir, { outDir: out, validate: false, jobs: 1 });
  }
  for (const ed of fs.readdirSync(out)) {
    const tei = path.join(out, ed, 'tei');
    if (fs.existsSync(tei)) teiFiles.push(...fs.readdirSync(tei).filter((f) => f.endsWith('.xml')).map((f) => path.join(tei, f)));
  }
});

afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

test('the bundled edition writes TEI files', () => {
  expect(teiFiles.length).toBeGreaterThanOrEqual(2);
});

test('every TEI file teikit writes passes the edition schema and tei_all under jing', () => {
  for (const schema of [EDITION_RNG, TEI_ALL]) {
    const r = spawnSync('jing', [schema, ...teiFiles], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect([path.basename(schema), r.stdout.trim()]).toEqual([path.basename(schema), '']);
    expect(r.status).toBe(0);
  }
});

test('libxml2 agrees: no RELAX NG error against the edition schema', async () => {
  const reports = await createValidator({ schema: EDITION_RNG, engine: 'libxml', schematron: false }).validateFiles(teiFiles);
  for (const r of reports) expect([path.basename(r.file), r.diagnostics.filter((d) => d.severity === 'error')]).toEqual([path.basename(r.file), []]);
});
