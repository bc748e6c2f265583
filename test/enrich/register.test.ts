import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { create } from 'xmlbuilder2';
import { TeikitError } from '../../src/model/diagnostics';
import { loadRegister } from '../../src/register/load';
import { appendStandOff } from '../../src/register/standoff';
import { tagDocument } from '../../src/enrich/entities/tag';
import { readSource } from '../../src/readers';
import { writeTei } from '../../src/writers/tei';
import { TEI_ALL_RNG } from '../../src/paths';

const ROOT = path.resolve(__dirname, '..', '..');
const EDITION = path.join(ROOT, 'editions', 'leningrad-letter-1925');
const REGISTER = path.join(EDITION, 'register.json');

function tmpFile(name: string, content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-register-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
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

const minimal = (entries: string): string => `{
  "languages": ["ru", "en"],
  "persons": [
${entries}
  ],
  "organisations": [],
  "places": []
}
`;

describe('loadRegister', () => {
  it('loads the edition register: one id per entity, names in both languages', () => {
    const reg = loadRegister(REGISTER);
    const all = [...reg.persons, ...reg.organisations, ...reg.places];
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    for (const e of all) {
      expect(e.names.ru.length).toBeGreaterThan(0);
      expect(e.names.en.length).toBeGreaterThan(0);
    }
    expect(reg.persons.find((p) => p.id === 'stalin')?.idno).toEqual({ wikidata: 'Q855' });
    // authority ids only where certain: no other entry carries one
    expect(all.filter((e) => e.idno).map((e) => e.id)).toEqual(['stalin']);
  });

  it('reports a schema violation with file, line, column, JSON path and what was expected', () => {
    const file = tmpFile('register.json', minimal('    { "id": "stalin", "names": { "ru": ["Сталин"], "en": ["Stalin"] }, "idno": { "wikidata": "855" } }'));
    const [d] = diagnosticsOf(() => loadRegister(file));
    expect(d.file).toBe(file);
    expect(d.line).toBe(4);
    expect(d.column).toBeGreaterThan(70);
    expect(d.message).toContain('$.persons[0].idno.wikidata');
    expect(d.message).toMatch(/expected a value that must match pattern/);
    expect(d.rule).toBe('register/schema');
  });

  it('reports a missing property and a JSON syntax error with their position', () => {
    const missing = tmpFile('register.json', minimal('    { "names": { "ru": ["Сталин"], "en": ["Stalin"] } }'));
    const [d] = diagnosticsOf(() => loadRegister(missing));
    expect(d.message).toBe('$.persons[0]: expected property "id"');
    expect(d.line).toBe(4);
    const broken = tmpFile('register.json', '{\n  "languages": ["ru",]\n}\n');
    const [s] = diagnosticsOf(() => loadRegister(broken));
    expect(s.rule).toBe('register/json-syntax');
    expect(s.line).toBe(2);
  });

  it('checks what the schema cannot: duplicate ids, languages, partOf, ids the writer reserves', () => {
    const file = tmpFile(
      'register.json',
      minimal(
        [
          '    { "id": "stalin", "names": { "ru": ["Сталин"], "en": ["Stalin"] } },',
          '    { "id": "stalin", "names": { "ru": ["Сталин"] } },',
          '    { "id": "ru-p1", "names": { "ru": ["Сафаров"], "en": ["Safarov"], "de": ["Safarow"] } },',
          '    { "id": "sarkis", "names": { "ru": ["Саркис"], "en": ["Sarkis"] }, "partOf": "stalin" }',
        ].join('\n'),
      ),
    );
    const ds = diagnosticsOf(() => loadRegister(file));
    const rules = ds.map((d) => d.rule);
    expect(rules).toEqual(['register/duplicate-id', 'register/missing-language', 'register/reserved-id', 'register/unknown-language', 'register/part-of']);
    expect(ds[0]).toMatchObject({ line: 5, message: expect.stringContaining('$.persons[1].id: id "stalin" is already used by $.persons[0]') });
    expect(ds[1].message).toContain('no names in "en"');
    expect(ds[3]).toMatchObject({ line: 6, message: expect.stringContaining('$.persons[2].names.de') });
  });

  it('reports a missing file', () => {
    const [d] = diagnosticsOf(() => loadRegister(path.join(os.tmpdir(), 'no-such-register.json')));
    expect(d.rule).toBe('register/unreadable');
  });
});

describe('appendStandOff', () => {
  it('writes listPerson, listOrg and listPlace with names in every language, the document language first', () => {
    const reg = loadRegister(REGISTER);
    const root = create();
    const tei = root.ele('http://www.tei-c.org/ns/1.0', 'TEI');
    appendStandOff(tei, reg, 'en');
    const xml = root.end({ headless: true });
    expect(xml).toContain(
      '<person xml:id="stalin"><persName xml:lang="en">Stalin, Joseph Vissarionovich</persName><persName xml:lang="ru">Сталин, Иосиф Виссарионович</persName><idno type="wikidata">Q855</idno>',
    );
    expect(xml).toMatch(/<listOrg><org xml:id="rkpb">/);
    expect(xml).toContain('<ptr type="partOf" target="#cc-rkpb"/>');
    expect(xml).toMatch(/<listPlace><place xml:id="moscow"><placeName xml:lang="en">Moscow<\/placeName><placeName xml:lang="ru">Москва<\/placeName>/);
  });

  it('writes only the chosen entries, and nothing for an empty register', () => {
    const reg = loadRegister(REGISTER);
    const root = create();
    const tei = root.ele('http://www.tei-c.org/ns/1.0', 'TEI');
    appendStandOff(tei, reg, 'ru', { only: new Set(['moscow']) });
    const xml = root.end({ headless: true });
    expect(xml).not.toContain('listPerson');
    expect(xml).toContain('<listPlace><place xml:id="moscow">');
    const empty = create().ele('http://www.tei-c.org/ns/1.0', 'TEI');
    appendStandOff(empty, { languages: ['ru'], persons: [], organisations: [], places: [] }, 'ru');
    expect(empty.end({ headless: true })).not.toContain('standOff');
  });
});

describe('tagged TEI with its standOff', () => {
  beforeAll(() => {
    const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'install-system-deps.sh'), 'jing'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`cannot install jing: ${r.stderr}`);
  });

  it.each([
    ['ru', 'sources/ru.md'],
    ['en', 'sources/en.txt'],
  ])('the %s document is valid against tei_all, every @ref resolves, no character is lost', (lang, src) => {
    const reg = loadRegister(REGISTER);
    const { doc } = readSource(path.join(EDITION, src));
    const tagged = tagDocument(doc, reg).doc;
    const xml = writeTei(tagged, { docId: `leningrad-letter-1925.${lang}`, standOff: (tei) => appendStandOff(tei, reg, lang) });
    // deterministic: tagging and writing again gives the same bytes
    const again = writeTei(tagDocument(readSource(path.join(EDITION, src)).doc, loadRegister(REGISTER)).doc, {
      docId: `leningrad-letter-1925.${lang}`,
      standOff: (tei) => appendStandOff(tei, reg, lang),
    });
    expect(again).toBe(xml);
    // nested names as the contract says: orgName inside orgName
    expect(xml).toMatch(/<orgName ref="#secretariat-cc">[^<]*<orgName ref="#cc-rkpb">[^<]*<orgName ref="#rkpb">/);
    expect(xml).toMatch(/<persName ref="#stalin">/);
    expect(xml).toMatch(/<date from="1925-12-01" to="1925-12-10">/);
    const ids = new Set([...xml.matchAll(/xml:id="([^"]+)"/g)].map((m) => m[1]));
    for (const m of xml.matchAll(/ ref="#([^"]+)"/g)) expect(ids).toContain(m[1]);
    // the same text with and without tags
    const untagged = writeTei(doc, { docId: `leningrad-letter-1925.${lang}` });
    const textOf = (x: string): string => x.replace(/<standOff>[\s\S]*<\/standOff>/, '').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
    expect(textOf(xml)).toBe(textOf(untagged));
    const file = tmpFile(`${lang}.xml`, xml);
    const jing = spawnSync('jing', [TEI_ALL_RNG, file], { encoding: 'utf8' });
    expect(jing.stdout + jing.stderr).toBe('');
    expect(jing.status).toBe(0);
  });
});
