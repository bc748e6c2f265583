import * as fs from 'node:fs';
import * as path from 'node:path';
import { TeikitError } from '../../src/model/diagnostics';
import { compileStylesheets, loadStylesheet, parseXmlSafely, renderTei } from '../../src/render';
import { FIXTURES, tmpDir } from './helpers';
import { htmlBodyWords, missingWords, teiTextWords } from './text-words';

const TEI = (body: string, decl = '<?xml version="1.0" encoding="UTF-8"?>') =>
  `${decl}\n<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>\n<text><body>${body}</body></text></TEI>\n`;

function diagnosticOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof TeikitError) return err.message;
    throw err;
  }
  throw new Error('expected a TeikitError');
}

describe('reading TEI safely', () => {
  test('malformed XML: file:line:column and what was expected', () => {
    expect(diagnosticOf(() => renderTei({ xml: TEI('<p>open</div>'), file: 'bad.xml' }))).toMatch(/^bad\.xml:3:\d+: error: not well-formed XML: .*\[xml\/not-well-formed\]$/);
  });

  test('an external entity is refused and never read', () => {
    const secret = path.join(tmpDir('xxe'), 'secret.txt');
    fs.writeFileSync(secret, 'TOP-SECRET');
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY s SYSTEM "file://${secret}">]>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&s;</p></body></text></TEI>`;
    let out = '';
    const message = diagnosticOf(() => (out = renderTei({ xml, file: 'xxe.xml' })));
    expect(message).toMatch(/^xxe\.xml:\d+:\d+: error: .*entit/i);
    expect(out).not.toContain('TOP-SECRET');
  });

  test('an internal entity is expanded; an entity only an external DTD could declare is an error with its position', () => {
    const internal = `<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY ed "the editors">]>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>By &ed;.</p></body></text></TEI>`;
    expect(renderTei({ xml: internal })).toContain('By the editors.');
    const external = `<?xml version="1.0"?>\n<!DOCTYPE TEI SYSTEM "tei.dtd">\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>\n<p>&mdash;</p></body></text></TEI>`;
    expect(diagnosticOf(() => renderTei({ xml: external, file: 'ext.xml' }))).toMatch(/^ext\.xml:4:4: error: reference to the entity &mdash; .*\[render\/entity\]$/);
  });

  test('XML 1.1: read as XML 1.0 with a warning when the content permits, a clear error when it does not', () => {
    const ok = parseXmlSafely(TEI('<p>fine</p>', '<?xml version="1.1" encoding="UTF-8"?>'), 'v11.xml');
    expect(ok.declaredVersion).toBe('1.1');
    expect(ok.warnings.map((w) => w.rule)).toEqual(['xml/version']);
    expect(ok.xml.trimStart().startsWith('<TEI')).toBe(true);
    expect(renderTei({ xml: TEI('<p>fine</p>', '<?xml version="1.1" encoding="UTF-8"?>') })).toContain('fine');
    expect(diagnosticOf(() => renderTei({ xml: TEI('<p>bell &#x7;</p>', '<?xml version="1.1" encoding="UTF-8"?>'), file: 'v11.xml' }))).toMatch(/^v11\.xml:3:\d+: error: .*XML 1\.1/);
  });

  test('XInclude is not processed: the include stays an empty element, nothing is read', () => {
    const xml = `<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>before</p><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="${path.join(FIXTURES, 'hostile.xml')}"/><p>after</p></body></text></TEI>`;
    const out = renderTei({ xml });
    expect(out).toContain('before');
    expect(out).toContain('after');
    expect(out).not.toContain('Payloads');
  });

  test('unknown elements fall back to their content, named in a class', () => {
    const out = renderTei({ xml: TEI('<p>one <madeUp type="x">two <deeper>three</deeper></madeUp> four</p><unknownBlock><p>five</p></unknownBlock>') });
    expect(out).toContain('<span class="tei-madeUp rend-x">two <span class="tei-deeper">three</span></span>');
    expect(out).toMatch(/<div class="tei-unknownBlock"><p class="tei-p" id="[^"]+">five/);
  });

  test('a missing file is reported with its name', () => {
    expect(diagnosticOf(() => renderTei('/nonexistent/x.xml'))).toBe('/nonexistent/x.xml: error: no such file [io/unreadable]');
  });
});

describe('the compiled stylesheet', () => {
  test('is compiled once into dist-lib/xslt and the parsed SEF is reused across documents', () => {
    const file = compileStylesheets();
    expect(file).toMatch(/dist-lib\/xslt\/teikit\.[0-9a-f]{16}\.sef\.json$/);
    const mtime = fs.statSync(file).mtimeMs;
    expect(compileStylesheets()).toBe(file);
    expect(fs.statSync(file).mtimeMs).toBe(mtime);
    const a = loadStylesheet();
    renderTei({ xml: TEI('<p>one</p>') });
    renderTei({ xml: TEI('<p>two</p>') });
    expect(loadStylesheet()).toBe(a);
  });
});

describe('the text comparison used by the corpus test', () => {
  test('finds a word the HTML lost, and counts repeats', () => {
    const tei = TEI('<p>alpha beta <hi>beta</hi> gamma</p>');
    expect(missingWords(teiTextWords(tei), htmlBodyWords('<html><body><p>alpha beta gamma</p></body></html>'))).toEqual(['beta (1 of 2)']);
    expect(missingWords(teiTextWords(tei), htmlBodyWords(renderTei({ xml: tei })))).toEqual([]);
  });
});
