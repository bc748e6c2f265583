import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findEditions, loadEdition, originalOf, sourceId } from '../../src/edition/manifest';
import { TeikitError } from '../../src/model/diagnostics';

const ROOT = path.resolve(__dirname, '..', '..');
const BUNDLED = path.join(ROOT, 'editions', 'leningrad-letter-1925');

function tmpEdition(manifest: string, files: Record<string, string> = { 'sources/ru.md': '# x\n' }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-manifest-'));
  fs.writeFileSync(path.join(dir, 'edition.json'), manifest);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

function diagnosticsOf(fn: () => unknown): TeikitError['diagnostics'] {
  try {
    fn();
  } catch (err) {
    if (err instanceof TeikitError) return err.diagnostics;
    throw err;
  }
  throw new Error('expected a TeikitError');
}

const GOOD = {
  id: 'x',
  title: { ru: 'Т' },
  editors: [{ name: 'E' }],
  licence: { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
  date: '2026-01-01',
  sources: [{ file: 'sources/ru.md', lang: 'ru', format: 'word-md', role: 'original' }],
};

describe('edition manifest', () => {
  it('loads the bundled edition: two sources, original and its translation', () => {
    const { manifest } = loadEdition(BUNDLED);
    expect(manifest.id).toBe('leningrad-letter-1925');
    expect(manifest.sources.map((s) => [s.lang, s.format, s.role])).toEqual([
      ['ru', 'word-md', 'original'],
      ['en', 'mia-txt', 'translation'],
    ]);
    expect(manifest.sources[1].translationOf).toBe('ru');
    expect(Object.keys(manifest.title).sort()).toEqual(['en', 'ru']);
  });

  it('finds edition folders under editions/', () => {
    expect(findEditions(path.join(ROOT, 'editions'))).toContain(BUNDLED);
  });

  it('reports a wrong enum value with file, line, column, JSON path and what was expected', () => {
    const text = JSON.stringify({ ...GOOD, sources: [{ ...GOOD.sources[0], format: 'docx' }] }, null, 2);
    const dir = tmpEdition(text);
    const [d, ...rest] = diagnosticsOf(() => loadEdition(dir));
    expect(rest).toEqual([]);
    expect(d.file).toBe(path.join(dir, 'edition.json'));
    expect(d.message).toBe('$.sources[0].format: expected one of "word-md", "mia-txt"');
    expect(d.rule).toBe('manifest/schema');
    const line = text.split('\n').findIndex((l) => l.includes('"docx"')) + 1;
    expect(d.line).toBe(line);
    expect(d.column).toBe(text.split('\n')[line - 1].indexOf('"docx"') + 1);
  });

  it('reports a missing property and an unexpected one', () => {
    const { licence: _omit, ...noLicence } = GOOD;
    const dir = tmpEdition(JSON.stringify({ ...noLicence, colour: 'red' }, null, 2));
    const msgs = diagnosticsOf(() => loadEdition(dir)).map((d) => d.message).sort();
    expect(msgs).toEqual(['$: expected property "licence"', '$: unexpected property "colour" (not in the schema)']);
  });

  it('requires translationOf on a translation and a source file that exists', () => {
    const dir = tmpEdition(JSON.stringify({ ...GOOD, sources: [...GOOD.sources, { file: 'sources/en.txt', lang: 'en', format: 'mia-txt', role: 'translation' }] }));
    expect(diagnosticsOf(() => loadEdition(dir))[0].message).toBe('$.sources[1]: expected property "translationOf"');
    const dir2 = tmpEdition(JSON.stringify({ ...GOOD, sources: [...GOOD.sources, { file: 'sources/en.txt', lang: 'en', format: 'mia-txt', role: 'translation', translationOf: 'ru' }] }));
    const d = diagnosticsOf(() => loadEdition(dir2))[0];
    expect(d.rule).toBe('manifest/source-missing');
    expect(d.message).toContain('$.sources[1].file: sources/en.txt does not exist');
  });

  it('an edition of many letters: sources with ids, translations pointing at their original by id', () => {
    const sources = [
      { id: 'l1.ru', file: 'sources/ru.md', lang: 'ru', format: 'word-md', role: 'original' },
      { id: 'l1.en', file: 'sources/ru.md', lang: 'en', format: 'mia-txt', role: 'translation', translationOf: 'l1.ru' },
      { id: 'l2.ru', file: 'sources/ru.md', lang: 'ru', format: 'word-md', role: 'original' },
    ];
    const { manifest } = loadEdition(tmpEdition(JSON.stringify({ ...GOOD, sources })));
    expect(manifest.sources.map((s) => sourceId(manifest, s))).toEqual(['l1.ru', 'l1.en', 'l2.ru']);
    expect(originalOf(manifest, manifest.sources[1])?.id).toBe('l1.ru');
    const dup = tmpEdition(JSON.stringify({ ...GOOD, sources: [sources[0], { ...sources[2], id: 'l1.ru' }] }));
    expect(diagnosticsOf(() => loadEdition(dup))[0].message).toBe('$.sources[1].id: the id "l1.ru" is used by $.sources[0]');
    const twoRu = tmpEdition(JSON.stringify({ ...GOOD, sources: [GOOD.sources[0], GOOD.sources[0]] }));
    expect(diagnosticsOf(() => loadEdition(twoRu))[0].rule).toBe('manifest/duplicate-id');
  });

  it('reports JSON syntax errors at their line and column', () => {
    const dir = tmpEdition('{\n  "id": "x",\n  "title": {\n}');
    const d = diagnosticsOf(() => loadEdition(dir))[0];
    expect(d.rule).toBe('manifest/json-syntax');
    expect(d.line).toBe(4);
    expect(d.message).toMatch(/^not valid JSON: /);
  });
});
