/**
 * schema/teikit.sch run by teikit's Schematron compiler (Schematron → XSLT 3 →
 * SEF with xslt3 → SaxonJS): input/expected pairs, ISO rule semantics, and
 * clear errors for what the compiler does not support.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatDiagnostic, TeikitError } from '../../src/model/diagnostics';
import { compileSchematron, runSchematron } from '../../src/validate/schematron';
import { createValidator, EDITION_SCH, validateEditionTei } from '../../src/validate/validator';
import { expandInternalEntities, readXmlFile } from '../../src/xml/parse';
import { elementPositions } from '../../src/xml/positions';

const FIX = path.resolve(__dirname, '../fixtures/validate');
let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-sch-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function rules(xml: string, sch = EDITION_SCH, name = 'doc.xml'): Promise<string[]> {
  const compiled = await compileSchematron(sch);
  return runSchematron(compiled, expandInternalEntities(xml), name, elementPositions(xml)).map(formatDiagnostic);
}

test('bad-rules.xml gives exactly the expected diagnostics, with line and column', async () => {
  const file = path.join(FIX, 'rules/bad-rules.xml');
  const got = (await rules(readXmlFile(file), EDITION_SCH, 'bad-rules.xml')).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const expected = fs.readFileSync(path.join(FIX, 'rules/bad-rules.expected.txt'), 'utf8').trim().split('\n').sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  expect(got).toEqual(expected);
});

test('the valid fixtures break no rule', async () => {
  for (const f of ['letter.xml', 'corpus.xml']) {
    expect([f, await rules(readXmlFile(path.join(FIX, 'valid', f)))]).toEqual([f, []]);
  }
});

test('dates: years, months, days and dateTimes pass; ranges compare by the days they cover', async () => {
  const doc = (dates: string): string =>
    `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><profileDesc><langUsage><language ident="en"/></langUsage></profileDesc></teiHeader><text><body><p>${dates}</p></body></text></TEI>`;
  expect(await rules(doc('<date when="1925"/><date when="1925-12"/><date when="1925-12-08"/><date when="1925-12-08T10:00:00"/><date when="-0044-03-15"/><date from="1925" to="1925-01"/><date from="1925-12" to="1925-12-01"/>'))).toEqual([]);
  const bad = await rules(doc('<date when="08.12.1925"/><date from="1925-12-02" to="1925-12-01"/><date from="1926" to="1925"/>'));
  expect(bad.map((l) => l.replace(/^[^ ]+ /, ''))).toEqual([
    'error: @when="08.12.1925" is not an ISO date (expected YYYY, YYYY-MM, YYYY-MM-DD or an xs:dateTime) [schematron/date-valid]',
    'error: @from="1925-12-02" is after @to="1925-12-01" [schematron/date-range]',
    'error: @from="1926" is after @to="1925" [schematron/date-range]',
  ]);
  // biblScope/@from and @to are page numbers, not dates
  expect(await rules(doc('<bibl><biblScope unit="page" from="12" to="3">12–3</biblScope></bibl>'))).toEqual([]);
});

test('xml:lang is checked against the langUsage of its own TEI inside a teiCorpus', async () => {
  const xml = readXmlFile(path.join(FIX, 'valid/corpus.xml')).replace('<foreign xml:lang="en">', '<foreign xml:lang="fr">');
  const got = await rules(xml);
  expect(got).toHaveLength(1);
  expect(got[0]).toMatch(/^doc\.xml:\d+:\d+: error: xml:lang="fr" is not declared in the teiHeader's langUsage \(declared: en, ru\) \[schematron\/lang-declared\]$/);
});

test('ISO semantics: within a pattern only the first matching rule fires; reports and roles map to severities', async () => {
  const sch = path.join(tmp, 'first-rule.sch');
  fs.writeFileSync(
    sch,
    `<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
  <ns prefix="t" uri="urn:t"/>
  <pattern id="p">
    <rule context="t:a[@special]"><report test="true()" role="info" id="special">special <name/> (<value-of select="@special"/>)</report></rule>
    <rule context="t:a"><assert test="@n" id="needs-n">an <emph>a</emph> needs @n</assert></rule>
  </pattern>
  <pattern>
    <rule context="t:a"><report test="@n = '2'" role="warning">n is 2</report></rule>
  </pattern>
</schema>`,
  );
  const xml = '<r xmlns="urn:t">\n<a special="yes"/>\n<a/>\n  <a n="2"/>\n</r>';
  expect(await rules(xml, sch)).toEqual([
    'doc.xml:2:1: info: special a (yes) [schematron/special]',
    'doc.xml:3:1: error: an a needs @n [schematron/needs-n]',
    'doc.xml:4:3: warning: n is 2 [schematron/report]',
  ]);
});

test('unsupported Schematron features and bad XPath are clear errors, not crashes', async () => {
  const inc = path.join(tmp, 'include.sch');
  fs.writeFileSync(inc, '<schema xmlns="http://purl.oclc.org/dsdl/schematron">\n<include href="other.sch"/>\n</schema>');
  await expect(compileSchematron(inc)).rejects.toThrow(/include\.sch:2: error: <include> is not supported/);
  const badXpath = path.join(tmp, 'bad-xpath.sch');
  fs.writeFileSync(badXpath, '<schema xmlns="http://purl.oclc.org/dsdl/schematron"><pattern><rule context="*"><assert test="((">x</assert></rule></pattern></schema>');
  const err = await compileSchematron(badXpath).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TeikitError);
  expect((err as TeikitError).diagnostics[0].rule).toBe('schematron/compile');
  const notSch = path.join(tmp, 'not.sch');
  fs.writeFileSync(notSch, '<schema/>');
  await expect(compileSchematron(notSch)).rejects.toThrow(/expected an ISO Schematron <schema> root/);
});

test('a local Schematron named by xml-model is run', async () => {
  const sch = path.join(tmp, 'local.sch');
  fs.writeFileSync(sch, '<schema xmlns="http://purl.oclc.org/dsdl/schematron"><pattern><rule context="r"><assert test="@ok" id="ok">r needs @ok</assert></rule></pattern></schema>');
  const file = path.join(tmp, 'with-model.xml');
  fs.writeFileSync(file, '<?xml-model href="local.sch" schematypens="http://purl.oclc.org/dsdl/schematron"?>\n<r/>');
  const [report] = await createValidator({ teiAll: null }).validateFiles([file]);
  expect(report.schematron).toBe(sch);
  expect(report.verdict).toBe('invalid');
  expect(report.diagnostics.map(formatDiagnostic)).toContain(`${file}:2:1: error: r needs @ok [schematron/ok]`);
});

test('validateEditionTei: grammar and rules for the edition, errors and warnings only', async () => {
  expect(await validateEditionTei([path.join(FIX, 'valid/letter.xml'), path.join(FIX, 'valid/corpus.xml')])).toEqual([]);
  const bad = await validateEditionTei([path.join(FIX, 'rules/bad-rules.xml'), path.join(FIX, 'invalid/unknown-element.xml')]);
  const rulesSeen = new Set(bad.map((d) => d.rule));
  for (const r of ['relaxng', 'schematron/id-unique', 'schematron/pointer-resolves', 'schematron/register-referenced']) expect(rulesSeen).toContain(r);
  expect(bad.every((d) => d.severity !== 'info')).toBe(true);
  expect(bad.find((d) => d.file.endsWith('unknown-element.xml') && d.message.includes('bogus'))).toMatchObject({ line: 4, column: 15 });
});

test('a copy of the edition schema named by xml-model (as editions ship it) brings the edition rules', async () => {
  const dir = path.join(tmp, 'edition');
  fs.mkdirSync(path.join(dir, 'schema'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'tei'), { recursive: true });
  fs.copyFileSync(path.resolve(__dirname, '../../schema/teikit.rng'), path.join(dir, 'schema/teikit.rng'));
  const file = path.join(dir, 'tei/letter.xml');
  fs.writeFileSync(file, readXmlFile(path.join(FIX, 'valid/letter.xml')).replace('../../../../schema/teikit.rng', '../schema/teikit.rng').replace('ref="#stalin"', 'ref="#nobody"'));
  const [report] = await createValidator({ teiAll: null }).validateFiles([file]);
  expect(report.schema).toBe(path.join(dir, 'schema/teikit.rng'));
  expect(report.schematron).toBe(EDITION_SCH);
  expect(report.diagnostics.map((d) => d.rule)).toEqual(['validate/schema', 'schematron/pointer-resolves', 'schematron/register-referenced']);
});
