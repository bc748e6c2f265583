/**
 * `teikit validate`: one line per problem as file:line:column: severity:
 * message [rule], exit 0 when valid and 1 when not, JSON for CI, the schema
 * from --schema, the file's local xml-model, or tei_all.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { collectXmlFiles, createValidator } from '../../src/validate/validator';

const ROOT = path.resolve(__dirname, '../..');
const FIX = path.join(ROOT, 'test/fixtures/validate');
const EDITION_RNG = path.join(ROOT, 'schema/teikit.rng');

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    stdout += String(s);
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    stderr += String(s);
    return true;
  });
  try {
    const code = await main(['node', 'teikit', 'validate', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

let tmp: string;
beforeAll(() => {
  execFileSync('bash', [path.resolve(__dirname, '../../scripts/install-system-deps.sh'), 'jing']);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-cli-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('a valid file: exit 0, one info line naming the schema the xml-model gave', async () => {
  const file = path.join(FIX, 'valid/letter.xml');
  const r = await run(file);
  expect(r.code).toBe(0);
  expect(r.stdout).toBe(
    `${file}: info: valid: checked against RELAX NG ${EDITION_RNG} (the file's xml-model, libxml) and Schematron ${path.join(ROOT, 'schema/teikit.sch')} [validate/schema]\n`,
  );
  expect(r.stderr).toBe('teikit validate: 1 of 1 file(s) passed\n');
});

test('invalid files: exit 1, file:line:column: severity: message [rule] for each problem', async () => {
  const file = path.join(FIX, 'invalid/unknown-element.xml');
  const r = await run('--schema', EDITION_RNG, file);
  expect(r.code).toBe(1);
  const lines = r.stdout.trim().split('\n');
  expect(lines[0]).toMatch(/: info: invalid: checked against RELAX NG .*teikit\.rng \(--schema, libxml\)/);
  for (const l of lines.slice(1)) expect(l).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+(:\\d+)?: (error|warning): .+ \\[[a-z/-]+\\]$`));
  expect(lines.some((l) => l.startsWith(`${file}:4:`) && l.includes('bogus'))).toBe(true);
});

test('--format json gives a verdict per file', async () => {
  const good = path.join(FIX, 'valid/corpus.xml');
  const bad = path.join(FIX, 'invalid/no-header.xml');
  const r = await run('--format', 'json', '--schema', EDITION_RNG, '--schematron', path.join(ROOT, 'schema/teikit.sch'), good, bad);
  expect(r.code).toBe(1);
  const json = JSON.parse(r.stdout) as { valid: boolean; files: Array<{ file: string; verdict: string; schemaSource: string; diagnostics: Array<{ severity: string; rule: string }> }> };
  expect(json.valid).toBe(false);
  expect(json.files.map((f) => [f.file, f.verdict, f.schemaSource])).toEqual([
    [good, 'valid', 'option'],
    [bad, 'invalid', 'option'],
  ]);
  expect(json.files[1].diagnostics.some((d) => d.severity === 'error' && d.rule === 'relaxng')).toBe(true);
});

test('a folder: every .xml in it; not well-formed files get their own verdict', async () => {
  const dir = path.join(tmp, 'mixed');
  fs.mkdirSync(dir);
  fs.copyFileSync(path.join(FIX, 'valid/letter.xml'), path.join(dir, 'a.xml'));
  fs.writeFileSync(path.join(dir, 'b.xml'), '<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<p>Marx & Engels</p>\n</TEI>\n');
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'not XML');
  const r = await run('--format', 'json', '--schema', EDITION_RNG, dir);
  const json = JSON.parse(r.stdout) as { files: Array<{ file: string; verdict: string; diagnostics: Array<{ line?: number; rule: string }> }> };
  expect(json.files.map((f) => [path.basename(f.file), f.verdict])).toEqual([
    ['a.xml', 'valid'],
    ['b.xml', 'not-well-formed'],
  ]);
  expect(json.files[1].diagnostics[0]).toMatchObject({ line: 2, column: 10, rule: 'xml/not-well-formed' });
  expect(r.code).toBe(1);
});

test('bad usage: missing file, unknown format', async () => {
  const missing = await run(path.join(tmp, 'nope.xml'));
  expect(missing.code).toBe(1);
  expect(missing.stdout).toContain('nope.xml: error: no such file [io/unreadable]');
  const fmt = await run('--format', 'yaml', path.join(FIX, 'valid/letter.xml'));
  expect(fmt.code).toBe(1);
  expect(fmt.stderr).toContain('unknown format "yaml" (expected text or json)');
});

test('a local compact-syntax schema named by xml-model is used (through jing)', async () => {
  const dir = path.join(tmp, 'rnc');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'note.rnc'), 'start = element note { attribute n { xsd:integer }, text }\n');
  fs.writeFileSync(path.join(dir, 'ok.xml'), '<?xml-model href="note.rnc" type="application/relax-ng-compact-syntax"?>\n<note n="1">x</note>\n');
  fs.writeFileSync(path.join(dir, 'bad.xml'), '<?xml-model href="note.rnc" type="application/relax-ng-compact-syntax"?>\n<note n="one">x</note>\n');
  const r = await run('--format', 'json', path.join(dir, 'ok.xml'), path.join(dir, 'bad.xml'));
  const json = JSON.parse(r.stdout) as { files: Array<{ verdict: string; schema: string; schemaSource: string; engine: string; diagnostics: Array<{ line?: number; rule: string }> }> };
  expect(json.files.map((f) => [f.verdict, f.schemaSource, f.engine])).toEqual([
    ['valid', 'xml-model', 'jing'],
    ['invalid', 'xml-model', 'jing'],
  ]);
  expect(json.files[1].diagnostics.find((d) => d.rule === 'relaxng')?.line).toBe(2);
  expect(r.code).toBe(1);
});

test('many files go to jing in chunks, each with its own verdict; folder link loops are walked once', async () => {
  const dir = path.join(tmp, 'many');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'n.rng'), '<element name="n" xmlns="http://relaxng.org/ns/structure/1.0"><data type="integer" datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes"/></element>');
  for (let i = 0; i < 1203; i++) fs.writeFileSync(path.join(dir, `f${String(i).padStart(4, '0')}.xml`), `<n>${i === 1202 || i === 7 ? 'x' : i}</n>`);
  fs.symlinkSync(dir, path.join(dir, 'loop'));
  const files = collectXmlFiles([dir]);
  expect(files).toHaveLength(1203);
  const reports = await createValidator({ schema: path.join(dir, 'n.rng'), engine: 'jing' }).validateFiles(files);
  const bad = reports.filter((r) => r.verdict !== 'valid').map((r) => path.basename(r.file));
  expect(bad).toEqual(['f0007.xml', 'f1202.xml']);
});

test('a broken jing never passes a file as valid', async () => {
  const jar = path.join(tmp, 'broken.jar');
  fs.writeFileSync(jar, 'not a jar');
  const old = process.env.TEIKIT_JING_JAR;
  process.env.TEIKIT_JING_JAR = jar;
  try {
    const reports = await createValidator({ schema: EDITION_RNG, engine: 'jing', schematron: false }).validateFiles([path.join(FIX, 'valid/letter.xml'), path.join(FIX, 'valid/corpus.xml')]);
    for (const r of reports) {
      expect(r.verdict).toBe('invalid');
      expect(r.diagnostics.some((d) => d.severity === 'error' && /jing/.test(d.message))).toBe(true);
    }
  } finally {
    if (old === undefined) delete process.env.TEIKIT_JING_JAR;
    else process.env.TEIKIT_JING_JAR = old;
  }
});

test('libxml2 errors point at the start of the element (or attribute) they name, when that is unambiguous', async () => {
  const attr = path.join(FIX, 'invalid/unknown-attribute.xml');
  const r = await run('--schema', EDITION_RNG, '--engine', 'libxml', attr);
  expect(r.stdout).toContain(`${attr}:4:18: error: Invalid attribute colour for element p [relaxng]\n`);
  expect(r.stdout).toContain(`${attr}:4:15: error: Expecting one of the elements `);
  const twice = path.join(tmp, 'twice.xml');
  fs.writeFileSync(twice, fs.readFileSync(attr, 'utf8').replace('<p colour="red">an attribute TEI does not have</p>', '<p><hi rend="x">a</hi> <hi colour="red">b</hi></p>'));
  const t = await run('--schema', EDITION_RNG, '--engine', 'libxml', twice);
  // two <hi> start on line 4: the line is kept, no column is guessed
  expect(t.stdout).toContain(`${twice}:4: error: Invalid attribute colour for element hi [relaxng]\n`);
});

test('a broken schema is reported on the schema, with where and why', async () => {
  const schema = path.join(tmp, 'broken.rng');
  fs.writeFileSync(schema, '<grammar xmlns="http://relaxng.org/ns/structure/1.0">\n<start><ref name="missing"/></start>\n</grammar>\n');
  const doc = path.join(tmp, 'r.xml');
  fs.writeFileSync(doc, '<r/>');
  for (const engine of ['libxml', 'jing']) {
    const r = await run('--schema', schema, '--engine', engine, doc);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`${schema.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+: error: schema: reference to undefined pattern "missing" \\[relaxng/schema\\]`));
  }
});

test('internal entities: libxml2 and jing see the same expanded content', async () => {
  const header = '<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>';
  const make = (value: string, name: string): string => {
    const f = path.join(tmp, name);
    fs.writeFileSync(f, `<!DOCTYPE TEI [\n<!ENTITY e "${value}">\n]>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">${header}<text><body><p>&e;</p></body></text></TEI>\n`);
    return f;
  };
  const good = make('Dear <hi>friend</hi>', 'entity-good.xml');
  const bad = make('<bogus/>', 'entity-bad.xml');
  for (const engine of ['libxml', 'jing'] as const) {
    const reports = await createValidator({ schema: EDITION_RNG, engine, schematron: false }).validateFiles([good, bad]);
    expect([engine, reports.map((r) => r.verdict)]).toEqual([engine, ['valid', 'invalid']]);
  }
});
