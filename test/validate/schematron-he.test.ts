/**
 * The edition rules run by Saxon-HE (src/validate/schematron-he.ts): the same findings as SaxonJS's, at the same
 * lines and columns, for the input/expected pair of the rules and the valid fixtures; a document it cannot read is
 * a finding of its own, not a crash. Runs Debian's Saxon-HE for real (installed by the project's script).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findSaxonHe } from '../../src/io/jvm';
import { formatDiagnostic } from '../../src/model/diagnostics';
import { compileSchematron, runSchematron, schematronXsltFile } from '../../src/validate/schematron';
import { runSchematronSaxonHe } from '../../src/validate/schematron-he';
import { EDITION_SCH } from '../../src/validate/validator';
import { elementPositions } from '../../src/xml/positions';
import { ROOT } from '../helpers/jing';

const FIX = path.resolve(__dirname, '../fixtures/validate');
const byLine = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

beforeAll(() => {
  execFileSync('bash', [path.join(ROOT, 'scripts', 'install-system-deps.sh'), 'jing', 'libsaxonhe-java'], { stdio: 'inherit' });
});

test('bad-rules.xml and the valid fixtures: the findings SaxonJS gives, and the expected ones', async () => {
  const he = findSaxonHe()!;
  expect(he).toBeDefined();
  const files = [path.join(FIX, 'rules', 'bad-rules.xml'), path.join(FIX, 'valid', 'letter.xml'), path.join(FIX, 'valid', 'corpus.xml')];
  const got = await runSchematronSaxonHe(he, EDITION_SCH, schematronXsltFile(EDITION_SCH), files.map((f) => ({ file: path.basename(f), path: f })));
  const compiled = await compileSchematron(EDITION_SCH);
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    const js = runSchematron(compiled, text, path.basename(f), elementPositions(text)).map(formatDiagnostic);
    expect([path.basename(f), got.get(path.basename(f))!.map(formatDiagnostic)]).toEqual([path.basename(f), js]);
  }
  const expected = fs.readFileSync(path.join(FIX, 'rules', 'bad-rules.expected.txt'), 'utf8').trim().split('\n').sort(byLine);
  expect(got.get('bad-rules.xml')!.map(formatDiagnostic).sort(byLine)).toEqual(expected);
  expect(got.get('letter.xml')).toEqual([]);
}, 60_000);

test('a document Saxon-HE cannot read is a finding of its own; the others are still checked', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-rules-he-'));
  const broken = path.join(dir, 'broken.xml');
  fs.writeFileSync(broken, '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text>');
  const good = path.join(FIX, 'valid', 'letter.xml');
  const got = await runSchematronSaxonHe(findSaxonHe()!, EDITION_SCH, schematronXsltFile(EDITION_SCH), [{ file: 'broken.xml', path: broken }, { file: 'letter.xml', path: good }]);
  const [d] = got.get('broken.xml')!;
  expect(d.rule).toBe('schematron/run');
  expect(d.severity).toBe('error');
  expect(d.message).toMatch(/^Schematron teikit\.sch could not run: .*(well-formed|XML parser)/i);
  expect(got.get('letter.xml')).toEqual([]);
}, 60_000);
