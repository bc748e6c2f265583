import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { suggestEntities, suggestId } from '../../src/enrich/entities/suggest';
import { nominativePhrase } from '../../src/enrich/entities/morph';
import { parseJsonChecked } from '../../src/json/check-json';

const ROOT = path.resolve(__dirname, '..', '..');
const EDITION = path.join(ROOT, 'editions', 'leningrad-letter-1925');

/** Run the CLI in this process, capturing standard output and error. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  try {
    const code = await main(['node', 'teikit', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('register candidates', () => {
  it('proposes Russian names in the nominative and ids as transliterations', () => {
    expect(nominativePhrase('ленинградской организации')).toBe('ленинградская организация');
    expect(nominativePhrase('Секретариата ЦК РКП(б)')).toBe('Секретариат ЦК РКП(б)');
    expect(nominativePhrase('XXII Ленинградской губернской партийной конференции')).toBe('XXII Ленинградская губернская партийная конференция');
    expect(nominativePhrase('XIV съезда партии')).toBe('XIV съезд партии');
    expect(suggestId('Саркис')).toBe('sarkis');
    expect(suggestId('Central Committee of the R.C.P.(B.)')).toBe('central-committee-of-the-r-c-p-b');
    expect(suggestId('1925')).toBe('x-1925');
  });

  it('with the register, every name of the seed letter is linked: nothing to suggest', () => {
    const s = suggestEntities(EDITION);
    expect(s.register).toBe('register.json');
    expect(s.candidates).toEqual([]);
  });

  it('cold, lists every name with counts and contexts, inflected forms together, entries ready to merge', () => {
    const s = suggestEntities(EDITION, { cold: true });
    expect(s.register).toBeNull();
    const org = s.candidates.find((c) => c.lang === 'ru' && c.key === 'ленинградский организация');
    expect(org).toMatchObject({ type: 'orgName', count: 4, kind: 'organisations' });
    expect(org?.forms).toEqual({ 'ленинградской организации': 2, 'ленинградскую организацию': 1, 'Ленинградская организация': 1 });
    expect(org?.entry.names.ru[0]).toBe('Ленинградская организация');
    expect(org?.contexts[0]).toEqual({ file: 'sources/ru.md', text: expect.stringContaining('направлена якобы против ленинградской организации') });
    // a name that transliterates to the same id in both languages becomes one entry
    const sarkis = s.entries.persons.find((e) => e.id === 'sarkis');
    expect(sarkis?.names).toEqual({ en: ['Sarkis'], ru: ['Саркис', 'Саркиса'] });
    // the entries are a valid register
    const fragment = { languages: ['ru', 'en'], ...s.entries };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-suggest-'));
    const file = path.join(dir, 'register.json');
    const text = JSON.stringify(fragment, null, 2);
    fs.writeFileSync(file, text);
    expect(() => parseJsonChecked(text, file, 'register.schema.json', 'register')).not.toThrow();
    const ids = [...s.entries.persons, ...s.entries.organisations, ...s.entries.places].map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(suggestEntities(EDITION, { cold: true }))).toBe(JSON.stringify(suggestEntities(EDITION, { cold: true })));
  });
});

describe('teikit entities', () => {
  it('suggest prints JSON, and writes it with -o', async () => {
    const r = await cli(['entities', 'suggest', EDITION, '--cold']);
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.stdout) as { edition: string; candidates: unknown[] };
    expect(parsed.edition).toBe('leningrad-letter-1925');
    expect(parsed.candidates.length).toBeGreaterThan(10);
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-suggest-')), 'candidates.json');
    const w = await cli(['entities', 'suggest', EDITION, '--cold', '-o', out]);
    expect(w.code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe(r.stdout);
  });

  it('suggest on a folder without edition.json fails with a diagnostic', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-noedition-'));
    const r = await cli(['entities', 'suggest', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/edition\.json: error: .*\[manifest\/missing\]/);
  });

  it('score prints precision, recall and F1 per type for (a) the register and (b) cold start', async () => {
    const gold = ['leningrad-letter-1925.ru.json', 'leningrad-letter-1925.en.json'].map((f) => path.join(__dirname, 'gold', f));
    const r = await cli(['entities', 'score', ...gold]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(a) with the register: 2 documents');
    expect(r.stdout).toContain('(b) cold start, empty register: 2 documents');
    expect(r.stdout).toMatch(/\| persName \| 8 \| \d+ \| \d+ \| \d\.\d{3} \| \d\.\d{3} \| \d\.\d{3} \|/);
  });
});
