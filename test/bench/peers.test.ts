import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { jingTeiAll, pandocToTei, runTimed, saxonJar, saxonReading, which, xmllintParse } from '../../bench/peers';

const ROOT = path.resolve(__dirname, '..', '..');

beforeAll(() => {
  execFileSync('bash', [path.join(ROOT, 'scripts', 'install-system-deps.sh'), 'jing', 'libxml2-utils', 'pandoc', 'libsaxonhe-java'], { stdio: 'inherit' });
});

const TEI = (title: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>${title}</title></titleStmt>` +
  '<publicationStmt><p>test</p></publicationStmt><sourceDesc><p>test</p></sourceDesc></fileDesc></teiHeader>' +
  `<text><body><p>${title}</p></body></text></TEI>\n`;

function teiFolder(): { dir: string; files: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-peers-'));
  const tei = path.join(dir, 'tei');
  fs.mkdirSync(tei);
  const files = ['a', 'b'].map((n) => {
    const f = path.join(tei, `${n}.xml`);
    fs.writeFileSync(f, TEI(`Letter ${n}`));
    return f;
  });
  return { dir, files };
}

describe('benchmark peers', () => {
  test('runTimed reports the exit status and the output of the program it ran', async () => {
    const r = await runTimed(process.execPath, ['-e', 'process.stdout.write("out"); process.stderr.write("err"); process.exit(3)']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('out');
    expect(r.stderr).toBe('err');
    if (fs.existsSync('/usr/bin/time')) expect(r.maxRss).toBeGreaterThan(0);
  });

  test('which finds programs on the PATH and not missing ones', () => {
    expect(which('sh')).toMatch(/\/sh$/);
    expect(which('no-such-program-teikit')).toBeUndefined();
  });

  test('the Saxon-HE jar of libsaxonhe-java is found', () => {
    const jar = saxonJar();
    expect(jar).toMatch(/Saxon-HE.*\.jar$/);
    expect(fs.existsSync(jar as string)).toBe(true);
  });

  test('xmllint and jing run over the files and say what they found', async () => {
    const { files } = teiFolder();
    const x = await xmllintParse(files);
    expect(x.available).toBe(true);
    expect(x.outcome).toBe('exit 0');
    const j = await jingTeiAll(files);
    expect(j.available).toBe(true);
    expect(j.outcome).toMatch(/^exit 0; 2 of 2 valid against tei_all/);
    fs.writeFileSync(files[1], '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text/></TEI>');
    const bad = await jingTeiAll(files);
    expect(bad.outcome).toMatch(/^exit 1; 1 of 2 valid against tei_all/);
  });

  test("Saxon-HE runs teikit's stylesheet over a folder of TEI, one page per file", async () => {
    const { dir, files } = teiFolder();
    const out = path.join(dir, 'html');
    const r = await saxonReading(path.join(dir, 'tei'), out, files.length);
    expect(r.available).toBe(true);
    expect(r.outcome).toBe('exit 0; 2 pages');
    const page = fs.readFileSync(path.join(out, 'a.xml'), 'utf8');
    expect(page).toMatch(/^<!DOCTYPE HTML>/i);
    expect(page).toContain('Letter a');
  });

  test('pandoc converts each Markdown source to TEI in its own process', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-pandoc-'));
    const md = path.join(dir, 'ru.md');
    fs.writeFileSync(md, '### Письмо[[1]](#_ftn1)\n\nДорогие товарищи!\n\n[[1]](#_ftnref1) Примечание. – _257_ .\n');
    const r = await pandocToTei([md, md], path.join(dir, 'out'));
    expect(r.available).toBe(true);
    expect(r.outcome).toBe('2 converted, 0 failed');
    const xml = fs.readFileSync(path.join(dir, 'out', '0.xml'), 'utf8');
    expect(xml).toContain('<TEI');
    expect(xml).toContain('Дорогие товарищи!');
  });
});
