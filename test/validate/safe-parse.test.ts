/**
 * Safe parsing: hostile documents never make teikit fetch anything, expand an
 * external entity, or blow up on entity expansion. A local HTTP server stands
 * in for "the network": every hostile URL points at it, and it must receive
 * zero requests, whatever parser (libxml2, jing, SaxonJS) sees the document.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { AddressInfo } from 'node:net';
import { TeikitError } from '../../src/model/diagnostics';
import { parseXmlSafe, parseXmlSafeDetailed, neutralizeForExternalParser, expandInternalEntities } from '../../src/xml/parse';
import { elementPositions } from '../../src/xml/positions';
import { createValidator, EDITION_RNG, EDITION_SCH } from '../../src/validate/validator';

const TEI_ALL = path.resolve(__dirname, '../../../shared/schemas/tei_all.rng');
const HEADER =
  '<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc>' +
  '<profileDesc><langUsage><language ident="en">English</language></langUsage></profileDesc></teiHeader>';

let server: http.Server;
let base: string;
const requests: string[] = [];
let tmp: string;

beforeAll(async () => {
  execFileSync('bash', [path.resolve(__dirname, '../../scripts/install-system-deps.sh'), 'jing']);
  server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end('<!ENTITY leak "FETCHED"><x>FETCHED</x>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-safe-'));
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.rmSync(tmp, { recursive: true, force: true });
});

function thrown(fn: () => unknown): TeikitError {
  try {
    fn();
  } catch (err) {
    if (err instanceof TeikitError) return err;
    throw err;
  }
  throw new Error('expected a TeikitError');
}

/** Validate with every engine and the Schematron, then check the server saw nothing. */
async function validateEverywhere(xml: string, name: string): Promise<void> {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, xml);
  const runs = [
    createValidator({ schema: EDITION_RNG, schematron: EDITION_SCH, engine: 'libxml' }),
    createValidator({ schema: EDITION_RNG, schematron: EDITION_SCH, engine: 'jing' }),
    createValidator({ teiAll: TEI_ALL }),
  ];
  for (const v of runs) {
    const [report] = await v.validateFiles([file]);
    expect(['valid', 'invalid', 'not-well-formed', 'well-formed']).toContain(report.verdict);
    expect(JSON.stringify(report.diagnostics)).not.toContain('FETCHED');
  }
}

describe('parseXmlSafe', () => {
  test('parses an ordinary document and keeps internal entities', () => {
    const doc = parseXmlSafe('<!DOCTYPE r [<!ENTITY who "Stalin">]><r>Dear &who;</r>', 'ok.xml');
    expect(doc.root()?.name()).toBe('r');
  });

  test('XXE: an external entity naming file:///etc/passwd is refused, its content never read', () => {
    const xml = '<?xml version="1.0"?>\n<!DOCTYPE r [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n<r>&xxe;</r>';
    const err = thrown(() => parseXmlSafe(xml, 'xxe.xml'));
    expect(err.diagnostics[0]).toMatchObject({ file: 'xxe.xml', line: 5, column: 4, rule: 'xml/external-entity' });
    expect(err.message).toContain('never reads external entities');
    expect(err.message).not.toContain('root:');
  });

  test('XXE declared but not referenced: parsed, nothing read, and other parsers get a copy without it', () => {
    const xml = '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r>x</r>';
    const doc = parseXmlSafe(xml, 'decl.xml');
    expect(doc.root()?.text()).toBe('x');
    const copy = neutralizeForExternalParser(xml);
    expect(copy).not.toContain('passwd');
    expect(copy.length).toBe(xml.length);
  });

  test('XXE over HTTP: refused and the server is never asked', async () => {
    const xml = `<!DOCTYPE r [<!ENTITY net SYSTEM "${base}/xxe">]><r>&net;</r>`;
    expect(thrown(() => parseXmlSafe(xml, 'net.xml')).diagnostics[0].rule).toBe('xml/external-entity');
    expect(requests).toEqual([]);
  });

  test('billion laughs: refused before expansion, with an error naming the entity, in bounded memory', () => {
    const decls = ['<!ENTITY lol0 "lol">'];
    for (let i = 1; i <= 9; i++) decls.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n${decls.join('\n')}\n]>\n<lolz>&lol9;</lolz>`;
    const before = process.memoryUsage().rss;
    const err = thrown(() => parseXmlSafe(xml, 'lol.xml'));
    const grown = process.memoryUsage().rss - before;
    expect(err.diagnostics[0].rule).toBe('xml/entity-bomb');
    expect(err.diagnostics[0].message).toMatch(/entity "lol[5-9]" would expand to .* characters/);
    expect(err.diagnostics[0].line).toBeGreaterThan(2);
    // 3 × 10^9 characters were never materialised
    expect(grown).toBeLessThan(200 * 1024 * 1024);
  });

  test('quadratic blowup (one large entity referenced many times) is refused', () => {
    const big = 'x'.repeat(100_000);
    const xml = `<!DOCTYPE r [<!ENTITY big "${big}">]><r>${'&big;'.repeat(200)}</r>`;
    expect(thrown(() => parseXmlSafe(xml, 'quad.xml')).diagnostics[0].rule).toBe('xml/entity-bomb');
  });

  test('an entity that refers to itself is refused', () => {
    const xml = '<!DOCTYPE r [<!ENTITY a "x&b;"><!ENTITY b "&a;">]><r>&a;</r>';
    expect(thrown(() => parseXmlSafe(xml, 'loop.xml')).diagnostics[0].rule).toBe('xml/entity-loop');
  });

  test('not well-formed: error with line and column', () => {
    const err = thrown(() => parseXmlSafe('<r>\n  <a>\n</r>', 'broken.xml'));
    expect(err.diagnostics[0]).toMatchObject({ file: 'broken.xml', line: 3, rule: 'xml/not-well-formed' });
    expect(err.diagnostics[0].column).toBeGreaterThan(0);
  });

  test('XML 1.1 is read with XML 1.0 rules and says so', () => {
    const r = parseXmlSafeDetailed('<?xml version="1.1"?><r/>', 'v11.xml');
    expect(r.xmlVersion).toBe('1.1');
    expect(r.warnings[0]).toMatchObject({ rule: 'xml/version', severity: 'warning' });
  });

  test('internal entities are expanded for DOCTYPE-less parsers', () => {
    const xml = '<!DOCTYPE r [<!ENTITY a "A&b;"><!ENTITY b "B">]>\n<r>&a;&amp;</r>';
    const out = expandInternalEntities(xml);
    expect(out).not.toContain('DOCTYPE');
    expect(out.endsWith('<r>AB&amp;</r>')).toBe(true);
  });
});

describe('elementPositions', () => {
  test('gives the start of each element and attribute, skipping comments, CDATA, PIs and the DOCTYPE', () => {
    const xml = '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x "<fake/>">]>\n<!-- <c/> -->\n<r a="1">\n  <p\n    id="2"><![CDATA[<no/>]]><b>x</b> <b c=\'>\'>y</b></p>\n</r>';
    const pos = elementPositions(xml);
    expect(pos.map((p) => [p.qname, p.line, p.column])).toEqual([
      ['r', 4, 1],
      ['p', 5, 3],
      ['b', 6, 29],
      ['b', 6, 38],
    ]);
    expect(pos[1].attributes.get('id')).toEqual({ line: 6, column: 5 });
    expect(pos[3].attributes.get('c')).toEqual({ line: 6, column: 41 });
  });
});

describe('validation never fetches', () => {
  test('a remote DTD in the DOCTYPE is not loaded by libxml2, jing or SaxonJS', async () => {
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE TEI SYSTEM "${base}/tei.dtd">\n<TEI xmlns="http://www.tei-c.org/ns/1.0">${HEADER}<text><body><p>x</p></body></text></TEI>`;
    await validateEverywhere(xml, 'remote-dtd.xml');
    expect(requests).toEqual([]);
  });

  test('a remote external parameter entity in the internal subset is not loaded', async () => {
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE TEI [\n<!ENTITY % remote SYSTEM "${base}/pe.dtd">\n%remote;\n]>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">${HEADER}<text><body><p>x</p></body></text></TEI>`;
    await validateEverywhere(xml, 'remote-pe.xml');
    expect(requests).toEqual([]);
  });

  test('a remote xml-model schema is reported and not fetched', async () => {
    const xml = `<?xml version="1.0"?>\n<?xml-model href="${base}/schema.rng" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>\n<?xml-model href="${base}/rules.sch" schematypens="http://purl.oclc.org/dsdl/schematron"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">${HEADER}<text><body><p>x</p></body></text></TEI>`;
    await validateEverywhere(xml, 'remote-model.xml');
    const file = path.join(tmp, 'remote-model.xml');
    const diags = await createValidator({ teiAll: TEI_ALL }).validateFile(file);
    expect(diags.filter((d) => d.rule === 'validate/xml-model').map((d) => d.message)).toEqual([
      `xml-model names a remote schema (${base}/schema.rng): not fetched`,
      `xml-model names a remote Schematron (${base}/rules.sch): not fetched`,
    ]);
    expect(requests).toEqual([]);
  });

  test('an XInclude to a URL is not followed (jing included)', async () => {
    const xml = `<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude">${HEADER}<text><body><p>x</p>\n<xi:include href="${base}/inc.xml"/></body></text></TEI>`;
    await validateEverywhere(xml, 'xinclude.xml');
    const diags = await createValidator({ teiAll: TEI_ALL }).validateFile(path.join(tmp, 'xinclude.xml'));
    expect(diags.find((d) => d.rule === 'xml/xinclude')).toMatchObject({ severity: 'warning', line: 3 });
    expect(requests).toEqual([]);
  });

  test('a billion-laughs file gets a clear verdict from the validator', async () => {
    const decls = ['<!ENTITY a0 "ha">'];
    for (let i = 1; i <= 12; i++) decls.push(`<!ENTITY a${i} "${`&a${i - 1};`.repeat(8)}">`);
    const file = path.join(tmp, 'laughs.xml');
    fs.writeFileSync(file, `<!DOCTYPE TEI [${decls.join('')}]><TEI xmlns="http://www.tei-c.org/ns/1.0">&a12;</TEI>`);
    const [report] = await createValidator({ teiAll: TEI_ALL }).validateFiles([file]);
    expect(report.verdict).toBe('not-well-formed');
    expect(report.diagnostics.map((d) => d.rule)).toContain('xml/entity-bomb');
  });

  test('a schema that includes a remote grammar is refused without fetching', async () => {
    const schema = path.join(tmp, 'remote-include.rng');
    fs.writeFileSync(schema, `<grammar xmlns="http://relaxng.org/ns/structure/1.0"><include href="${base}/tei.rng"/><start><element name="r"><text/></element></start></grammar>`);
    const file = path.join(tmp, 'r.xml');
    fs.writeFileSync(file, '<r>x</r>');
    const [report] = await createValidator({ schema }).validateFiles([file]);
    expect(report.verdict).toBe('invalid');
    expect(report.diagnostics.find((d) => d.rule === 'relaxng/remote-schema')).toMatchObject({ file: schema, line: 1 });
    expect(requests).toEqual([]);
  });
});

test('rngValidate is typed and works on safely parsed documents', () => {
  const schema = parseXmlSafe('<element name="r" xmlns="http://relaxng.org/ns/structure/1.0"><text/></element>', 's.rng');
  expect(parseXmlSafe('<r>x</r>', 'a.xml').rngValidate(schema)).toBe(true);
  const bad = parseXmlSafe('<q/>', 'b.xml');
  expect(bad.rngValidate(schema)).toBe(false);
  expect(bad.validationErrors.length).toBeGreaterThan(0);
});
