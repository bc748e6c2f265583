/**
 * Third-party TEI (../shared/corpus/tei, 33 files with DOCTYPEs, dangling
 * XIncludes, remote xml-model PIs, XML 1.1, foreign namespaces): every file
 * gets a clear verdict, and the verdicts against tei_all agree with jing's.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { collectXmlFiles, createValidator, FileReport } from '../../src/validate/validator';

const ROOT = path.resolve(__dirname, '../..');
const TEI_ALL = path.resolve(ROOT, '../shared/schemas/tei_all.rng');
const CORPUS = path.resolve(ROOT, '../shared/corpus/tei');

let reports: FileReport[];
const byName = (name: string): FileReport => reports.find((r) => path.basename(r.file) === name) as FileReport;

beforeAll(async () => {
  execFileSync('bash', [path.join(ROOT, 'scripts/install-system-deps.sh'), 'jing']);
  reports = await createValidator({ teiAll: TEI_ALL }).validateFiles(collectXmlFiles([CORPUS]));
});

test('all 33 files get a verdict and a line saying which schema was used', () => {
  expect(reports).toHaveLength(33);
  for (const r of reports) {
    expect(['valid', 'invalid', 'not-well-formed']).toContain(r.verdict);
    const used = r.diagnostics.find((d) => d.rule === 'validate/schema');
    expect(used?.message).toMatch(new RegExp(`^${r.verdict}: checked against RELAX NG .*tei_all\\.rng \\(tei_all, the configured default, jing\\)`));
    for (const d of r.diagnostics) {
      expect(d.file).toBe(r.file);
      expect(d.message.length).toBeGreaterThan(0);
    }
  }
});

test('verdicts agree with jing run directly on the files it can read', () => {
  // jing reads files without a DOCTYPE as they are (it does not process XIncludes either)
  const plain = reports.filter((r) => !/<!DOCTYPE/.test(fs.readFileSync(r.file, 'utf8').slice(0, 2000)));
  expect(plain.length).toBe(31);
  const out = spawnSync('java', ['-cp', '/usr/share/java/jing.jar', 'com.thaiopensource.relaxng.util.Driver', TEI_ALL, ...plain.map((r) => r.file)], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  }).stdout;
  for (const r of plain) {
    const jingValid = !out.includes(`${r.file}:`);
    expect([path.basename(r.file), r.verdict]).toEqual([path.basename(r.file), jingValid ? 'valid' : 'invalid']);
    const firstJing = out.split('\n').find((l) => l.startsWith(`${r.file}:`));
    if (firstJing) {
      const [, line, col] = /:(\d+):(\d+): /.exec(firstJing.slice(r.file.length)) as RegExpExecArray;
      expect(r.diagnostics.some((d) => d.rule === 'relaxng' && d.line === Number(line) && d.column === Number(col))).toBe(true);
    }
  }
});

test('DOCTYPE files are validated without loading their (missing) DTDs', () => {
  expect(byName('TEIC-TEI__testcorpus.xml').verdict).toBe('valid');
  const drama = byName('TEIC-TEI__testdrama.xml');
  expect(drama.verdict).toBe('invalid');
  expect(drama.diagnostics.some((d) => /dtd/i.test(d.message))).toBe(false);
  // custom entities declared in the internal subset are understood
  expect(byName('TEIC-TEI__testms.xml').diagnostics.some((d) => /entity/i.test(d.message))).toBe(false);
});

test('XML 1.1, XInclude and remote xml-model files say what was not done', () => {
  for (const f of ['fv-data__f1818_vol_1_letter_iv.xml', 'fv-data__fMS_box_c56_from_chapter_1.xml']) {
    expect(byName(f).diagnostics.find((d) => d.rule === 'xml/version')?.message).toContain('XML 1.1');
  }
  expect(byName('TEIC-Stylesheets__testxi.xml').diagnostics.find((d) => d.rule === 'xml/xinclude')).toMatchObject({ severity: 'warning', line: 25 });
  expect(byName('rusdracor__pushkin-kamenniy-gost.xml').diagnostics.find((d) => d.rule === 'validate/xml-model')?.message).toBe(
    'xml-model names a remote schema (https://dracor.org/schema.rng): not fetched',
  );
  expect(byName('ELTeC-eng__ENG18652_Carroll.xml').diagnostics.find((d) => d.rule === 'validate/xml-model')?.message).toMatch(/names \.\.\/\.\.\/Schemas\/eltec-1\.rng, which does not exist/);
});

test('libxml2 past its time limit hands the document to jing, with the same verdict', async () => {
  const files = ['correspDesc__example01_basic.xml', 'ELTeC-eng__ENG18872_Lyall.xml'].map((f) => path.join(CORPUS, f));
  const guarded = await createValidator({ teiAll: TEI_ALL, engine: 'libxml', libxmlTimeoutMs: 1 }).validateFiles(files);
  for (const r of guarded) {
    expect(r.engine).toBe('jing');
    expect(r.verdict).toBe(byName(path.basename(r.file)).verdict);
  }
});

test('libxml2 and jing agree on the edition schema over the corpus', async () => {
  const files = collectXmlFiles([CORPUS]);
  const schema = path.join(ROOT, 'schema/teikit.rng');
  const viaLibxml = await createValidator({ schema, engine: 'libxml' }).validateFiles(files);
  const viaJing = await createValidator({ schema, engine: 'jing' }).validateFiles(files);
  expect(viaLibxml.map((r) => [path.basename(r.file), r.verdict])).toEqual(viaJing.map((r) => [path.basename(r.file), r.verdict]));
  expect(viaLibxml.every((r) => r.engine === 'libxml')).toBe(true);
});
