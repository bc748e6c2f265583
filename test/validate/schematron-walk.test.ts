/**
 * The compiled Schematron walks the document once and hands each node to the
 * patterns whose rules can match it. These tests pin the ISO semantics that
 * walk must keep (within a pattern the first matching rule fires for a node;
 * every pattern sees every node, once; attribute, text, comment, processing
 * instruction and document-node contexts), the order of the findings
 * (pattern by pattern; within one, other nodes before attributes, each in
 * document order), and runSchematronOnDocument (a document SaxonJS parsed
 * already) giving what runSchematron gives for the same text.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatDiagnostic } from '../../src/model/diagnostics';
import { compileSchematron, runSchematron, runSchematronOnDocument, schematronToXslt } from '../../src/validate/schematron';
import { EDITION_SCH } from '../../src/validate/validator';
import { expandInternalEntities, parseXmlSafe, readXmlFile } from '../../src/xml/parse';
import { elementPositions } from '../../src/xml/positions';

const SaxonJS = require('saxon-js') as { XPath: { evaluate(xpath: string, context: unknown, options: Record<string, unknown>): object } };
const FIX = path.resolve(__dirname, '../fixtures/validate');
let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-sch-walk-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const ISO_SCH = `<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
  <ns prefix="t" uri="urn:t"/>
  <pattern id="first">
    <rule context="@t:x | @n[. = '1']"><report test="true()" id="attr-named">named attribute rule: @<name/></report></rule>
    <rule context="@*"><report test="true()" id="attr-any">any attribute: @<name/>="<value-of select="."/>"</report></rule>
    <rule context="t:a[@n]"><report test="true()" id="a-with-n">a with n=<value-of select="@n"/></report></rule>
    <rule context="t:a | t:b"><report test="true()" id="a-or-b"><name/> without a rule before</report></rule>
  </pattern>
  <pattern id="again">
    <rule context="t:a"><report test="true()" id="again">every pattern sees <name/> n=<value-of select="@n"/></report></rule>
    <rule context="t:*"><assert test="false()" id="again-any" role="warning">any t element: <name/></assert></rule>
  </pattern>
  <pattern id="kinds">
    <rule context="/"><report test="true()" id="doc" role="info">the document node</report></rule>
    <rule context="text()[normalize-space()]"><report test="true()" id="text">text "<value-of select="normalize-space()"/>"</report></rule>
    <rule context="comment()"><report test="true()" id="comment">comment "<value-of select="."/>"</report></rule>
    <rule context="processing-instruction()"><report test="true()" id="pi">processing instruction <value-of select="name()"/></report></rule>
  </pattern>
  <pattern id="unnarrowed">
    <rule context="(t:a | t:c)[@n = '2' or @m] | id('none')"><report test="true()" id="unnarrowed"><name/> by a context the compiler cannot narrow</report></rule>
  </pattern>
</schema>`;

const ISO_XML = `<?pi-before-root x?>
<r xmlns="urn:t" xmlns:t="urn:t">
  <a n="1" t:x="y"/>
  <a n="2"/>
  <b n="3">hello<!--note--></b>
  <?inside y?>
  <c m="4"/>
</r>`;

function parsed(text: string): object {
  return SaxonJS.XPath.evaluate('parse-xml($x)', null, { params: { x: text } });
}

test('ISO semantics: first matching rule per pattern, every pattern sees every node once, all node kinds', async () => {
  const sch = path.join(tmp, 'iso.sch');
  fs.writeFileSync(sch, ISO_SCH);
  const compiled = await compileSchematron(sch);
  const got = runSchematron(compiled, ISO_XML, 'doc.xml', elementPositions(ISO_XML)).map(formatDiagnostic);
  expect(got).toEqual([
    // pattern "first": elements (document order), then attributes (document order); each node by its first matching rule only
    'doc.xml:3:3: error: a with n=1 [schematron/a-with-n]',
    'doc.xml:4:3: error: a with n=2 [schematron/a-with-n]',
    'doc.xml:5:3: error: b without a rule before [schematron/a-or-b]',
    'doc.xml:3:6: error: named attribute rule: @n [schematron/attr-named]',
    'doc.xml:3:12: error: named attribute rule: @t:x [schematron/attr-named]',
    'doc.xml:4:6: error: any attribute: @n="2" [schematron/attr-any]',
    'doc.xml:5:6: error: any attribute: @n="3" [schematron/attr-any]',
    'doc.xml:7:6: error: any attribute: @m="4" [schematron/attr-any]',
    // pattern "again": the same elements again, the root element once
    'doc.xml:2:1: warning: any t element: r [schematron/again-any]',
    'doc.xml:3:3: error: every pattern sees a n=1 [schematron/again]',
    'doc.xml:4:3: error: every pattern sees a n=2 [schematron/again]',
    'doc.xml:5:3: warning: any t element: b [schematron/again-any]',
    'doc.xml:7:3: warning: any t element: c [schematron/again-any]',
    // pattern "kinds": document node, text, comment, processing instructions (the one before the root has no element to point at)
    'doc.xml:2:1: info: the document node [schematron/doc]',
    'doc.xml: error: processing instruction pi-before-root [schematron/pi]',
    'doc.xml:5:3: error: text "hello" [schematron/text]',
    'doc.xml:5:3: error: comment "note" [schematron/comment]',
    'doc.xml:2:1: error: processing instruction inside [schematron/pi]',
    // pattern "unnarrowed": every node is offered to it
    'doc.xml:4:3: error: a by a context the compiler cannot narrow [schematron/unnarrowed]',
    'doc.xml:7:3: error: c by a context the compiler cannot narrow [schematron/unnarrowed]',
  ]);
  // the same from a document SaxonJS parsed already
  expect(runSchematronOnDocument(compiled, parsed(ISO_XML), 'doc.xml', elementPositions(ISO_XML)).map(formatDiagnostic)).toEqual(got);
});

test('the walk visits attributes, text and other nodes only where some rule context can match them', () => {
  const sch = (rules: string): string =>
    schematronToXslt(parseXmlSafe(`<schema xmlns="http://purl.oclc.org/dsdl/schematron"><ns prefix="t" uri="urn:t"/><pattern>${rules}</pattern></schema>`, 's.sch'), 's.sch');
  const elementsOnly = sch('<rule context="t:a[@n]"><assert test="@m">m</assert></rule><rule context="t:b//t:c"><assert test="@m">m</assert></rule>');
  expect(elementsOnly).not.toContain('select="@*"');
  expect(elementsOnly).toContain('<xsl:apply-templates select="*" mode="tkloc:walk"/>');
  expect(elementsOnly).toContain('match="Q{urn:t}a | Q{urn:t}c" mode="tkloc:walk"');
  const attributes = sch('<rule context="@t:n | @xml:id"><assert test=". != \'\'">x</assert></rule>');
  expect(attributes).toContain('<xsl:apply-templates select="@*" mode="tkloc:attr"/>');
  expect(attributes).toContain('match="@Q{http://www.w3.org/XML/1998/namespace}id | @Q{urn:t}n" mode="tkloc:attr"');
  expect(attributes).not.toContain('match="@*" mode="tkloc:attr"');
  expect(sch('<rule context="text()"><assert test="true()">x</assert></rule>')).toContain('select="node()" mode="tkloc:walk"');
});

test('runSchematronOnDocument: the same diagnostics as runSchematron for the edition rules', async () => {
  const compiled = await compileSchematron(EDITION_SCH);
  for (const f of ['rules/bad-rules.xml', 'valid/letter.xml', 'valid/corpus.xml']) {
    const xml = readXmlFile(path.join(FIX, f));
    const text = expandInternalEntities(xml);
    const fromText = runSchematron(compiled, text, f, elementPositions(xml));
    expect(runSchematronOnDocument(compiled, parsed(text), f, elementPositions(xml))).toEqual(fromText);
    if (f.startsWith('rules')) expect(fromText.length).toBeGreaterThan(3);
  }
});
