import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, teikit } from '../helpers/cli';

const RU = path.join(ROOT, 'editions/leningrad-letter-1925/sources/ru.md');
const EN = path.join(ROOT, 'editions/leningrad-letter-1925/sources/en.txt');

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-cli-'));
}

describe('teikit convert', () => {
  it('detects format and language and says what it chose', () => {
    const out = path.join(tmp(), 'ru.xml');
    const r = teikit(['convert', RU, '-o', out]);
    expect(r.stderr).toContain('chose format word-md');
    expect(r.stderr).toContain('chose language ru');
    expect(r.status).toBe(0);
    const xml = fs.readFileSync(out, 'utf8');
    expect(xml).toContain('<TEI xmlns="http://www.tei-c.org/ns/1.0"');
    expect(xml).toContain('xml:lang="ru"');
  });

  it('detects the MIA format and English; writes to stdout without -o', () => {
    const r = teikit(['convert', EN]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('chose format mia-txt');
    expect(r.stderr).toContain('chose language en');
    expect(r.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(r.stdout).toContain('<author>J. V. Stalin</author>');
  });

  it('tags names: linked with --register, cold (no @ref, no standOff) without', () => {
    const register = path.join(ROOT, 'editions/leningrad-letter-1925/register.json');
    const linked = teikit(['convert', RU, '--format', 'word-md', '--lang', 'ru', '--register', register]);
    expect(linked.status).toBe(0);
    expect(linked.stdout).toContain('<persName ref="#sarkis">Саркиса</persName>');
    expect(linked.stdout).toContain('<standOff>');
    expect(linked.stdout).toMatch(/<date from="1925-12-01" to="1925-12-10">1‑10 декабря 1925 года<\/date>/);
    const cold = teikit(['convert', RU, '--format', 'word-md', '--lang', 'ru']);
    expect(cold.status).toBe(0);
    expect(cold.stdout).toContain('<persName>Саркиса</persName>');
    expect(cold.stdout).not.toContain('<standOff>');
    expect(cold.stdout).not.toContain(' ref="#');
  });

  it('says nothing about choices it was not asked to make', () => {
    const r = teikit(['convert', EN, '--format', 'mia-txt', '--lang', 'en']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });

  it.each([
    ['word-md note marker with no note', 'x.md', '# Title\n\nText with a marker[[3]](#_ftn3) here.\n', 'word-md', /x\.md:3:\d+: error: .*3/],
    ['mia-txt note marker with no note', 'x.txt', 'A. Author\n\nTitle\n\n1925\n\nSource : Works\n\nDear friends,\n\nThe report1 is here.\n\nA. Author\n\n2. A note nobody marks.\n', 'mia-txt', /x\.txt:\d+(:\d+)?: error: /],
  ])('%s: file:line, non-zero exit, no output', (_label, name, content, format, pattern) => {
    const dir = tmp();
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    const out = path.join(dir, 'out.xml');
    const r = teikit(['convert', file, '--format', format, '--lang', 'en', '-o', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(pattern);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a failed run leaves the previous output intact', () => {
    const dir = tmp();
    const out = path.join(dir, 'out.xml');
    fs.writeFileSync(out, 'previous');
    const bad = path.join(dir, 'bad.md');
    fs.writeFileSync(bad, '# T\n\nmarker[[9]](#_ftn9)\n');
    expect(teikit(['convert', bad, '--format', 'word-md', '--lang', 'ru', '-o', out]).status).toBe(1);
    expect(fs.readFileSync(out, 'utf8')).toBe('previous');
  });

  it('rejects a non-UTF-8 file with the line and column of the first bad byte', () => {
    const dir = tmp();
    const file = path.join(dir, 'latin1.txt');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('first line\nsecond '), Buffer.from([0xe9]), Buffer.from('t\n')]));
    const r = teikit(['convert', file, '--format', 'mia-txt', '--lang', 'en']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${file}:2:8: error: not UTF-8: invalid byte 0xe9`);
  });

  it('rejects an unreadable file, an unknown format and an undetectable one', () => {
    const dir = tmp();
    const missing = teikit(['convert', path.join(dir, 'nope.md')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('nope.md: error: source no such file [io/unreadable]');
    const unknown = teikit(['convert', RU, '--format', 'docx']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('unknown format "docx": expected one of word-md, mia-txt');
    const plain = path.join(dir, 'plain.txt');
    fs.writeFileSync(plain, 'Just some words here, nothing that marks a format at all in this text.\n');
    const undetected = teikit(['convert', plain]);
    expect(undetected.status).toBe(1);
    expect(undetected.stderr).toContain('cannot tell the source format');
  });
});

describe('teikit build', () => {
  it('writes the whole edition (TEI, corpus, DTS, HTML, PDF when Chromium is there), byte-identical on rebuild', () => {
    // the edition's files; dot-files and dot-folders are the build's caches (they record file identities such as inodes), not outputs
    const listFiles = (dir: string): string[] =>
      fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
        .filter((f) => !f.split(path.sep).some((s) => s.startsWith('.')))
        .sort();
    const out = tmp();
    const r1 = teikit(['build', 'editions/leningrad-letter-1925', '-o', out]);
    expect(r1.stderr).not.toMatch(/error/);
    expect(r1.status).toBe(0);
    const files = listFiles(path.join(out, 'leningrad-letter-1925'));
    for (const f of ['tei/leningrad-letter-1925.ru.xml', 'tei/leningrad-letter-1925.en.xml', 'tei/leningrad-letter-1925.corpus.xml', 'html/index.html', 'html/parallel.html', 'schema/teikit.rng']) {
      expect(files).toContain(f);
    }
    expect(files.some((f) => f.startsWith('dts/'))).toBe(true);
    const out2 = tmp();
    expect(teikit(['build', 'editions/leningrad-letter-1925', '-o', out2]).status).toBe(0);
    expect(listFiles(path.join(out2, 'leningrad-letter-1925'))).toEqual(files);
    for (const f of files) {
      expect([f, fs.readFileSync(path.join(out2, 'leningrad-letter-1925', f)).equals(fs.readFileSync(path.join(out, 'leningrad-letter-1925', f)))]).toEqual([f, true]);
    }
  });

  it('a bad manifest: file, line, JSON path, non-zero exit', () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'ed'));
    fs.writeFileSync(path.join(dir, 'ed', 'edition.json'), '{\n  "id": "Bad Id"\n}\n');
    const r = teikit(['build', path.join(dir, 'ed'), '-o', path.join(dir, 'out')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/edition\.json:2:9: error: \$\.id: expected a value that must match pattern/);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });
});
