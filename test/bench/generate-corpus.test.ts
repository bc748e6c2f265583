import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_SEED, generateCorpus, generateCorpusEdition, generateLetter, letterId, loadLexicon, type Mention } from '../../bench/generate-corpus';
import { inflectNoun, inflectSurname } from '../../bench/inflect';
import { mulberry32, subSeed } from '../../bench/rng';
import { PERSONS } from '../../bench/tables';
import { loadEdition } from '../../src/edition/manifest';
import { buildEdition } from '../../src/edition/build';
import { readJsonChecked } from '../../src/json/check-json';
import { allBlocks, inlineText, type Inline, type TeiDocument } from '../../src/model/document';
import { readSource } from '../../src/readers';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-bench-'));

/** Every file under a folder, relative path → content. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

function countNoteRefs(nodes: Inline[]): number {
  let n = 0;
  for (const node of nodes) {
    if (node.kind === 'noteRef') n++;
    else if ('children' in node) n += countNoteRefs(node.children);
  }
  return n;
}

function blockInlines(doc: TeiDocument): Inline[][] {
  return allBlocks(doc).flatMap((b): Inline[][] => {
    switch (b.kind) {
      case 'opener':
        return [b.salute ?? [], b.dateline ?? []];
      case 'closer':
        return b.parts.map((p) => p.content);
      default:
        return [b.content];
    }
  });
}

describe('seeded PRNG', () => {
  test('mulberry32 repeats its sequence for a seed and differs between seeds', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const sa = Array.from({ length: 20 }, () => a.next());
    const sb = Array.from({ length: 20 }, () => b.next());
    const sc = Array.from({ length: 20 }, () => c.next());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
    expect(sa.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  test('int stays within its bounds and reaches both ends', () => {
    const r = mulberry32(7);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(r.int(1, 4));
    expect([...seen].sort()).toEqual([1, 2, 3, 4]);
  });

  test('sub-seeds of one seed differ per item', () => {
    const seeds = new Set(Array.from({ length: 100 }, (_x, i) => subSeed(DEFAULT_SEED, i)));
    expect(seeds.size).toBe(100);
  });
});

describe('Russian declension of register names', () => {
  test.each([
    ['Сафаров', 'm', 'Сафарова', 'Сафарову', 'Сафаровым'],
    ['Зиновьев', 'm', 'Зиновьева', 'Зиновьеву', 'Зиновьевым'],
    ['Саркис', 'm', 'Саркиса', 'Саркису', 'Саркисом'],
    ['Лашевич', 'm', 'Лашевича', 'Лашевичу', 'Лашевичем'],
    ['Томский', 'm', 'Томского', 'Томскому', 'Томским'],
    ['Крупская', 'f', 'Крупской', 'Крупской', 'Крупской'],
    ['Коллонтай', 'm', 'Коллонтай', 'Коллонтай', 'Коллонтай'],
  ])('%s', (nom, gender, gen, dat, ins) => {
    const r = inflectSurname(nom);
    expect(r.gender).toBe(gender);
    expect([r.forms.nom, r.forms.gen, r.forms.dat, r.forms.ins]).toEqual([nom, gen, dat, ins]);
  });

  test('one-word places decline, phrases are left to the tables', () => {
    expect(inflectNoun('Харьков')).toEqual({ nom: 'Харьков', gen: 'Харькова', dat: 'Харькову', ins: 'Харьковом', prep: 'Харькове' });
    expect(inflectNoun('Самара')?.prep).toBe('Самаре');
    expect(inflectNoun('Баку')?.gen).toBe('Баку');
    expect(inflectNoun('Нижний Новгород')).toBeUndefined();
  });
});

describe('names from a register', () => {
  test('known ids keep the tables, new surnames are declined, phrases left out', () => {
    const dir = tmp();
    const file = path.join(dir, 'register.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        languages: ['ru', 'en'],
        persons: [
          { id: 'stalin', names: { ru: ['Сталин, Иосиф Виссарионович'], en: ['Stalin, Joseph Vissarionovich'] } },
          { id: 'frunze', names: { ru: ['М. В. Фрунзе'], en: ['M. V. Frunze'] } },
          { id: 'petrovsky', names: { ru: ['Г. И. Петровский'], en: ['G. I. Petrovsky'] } },
        ],
        organisations: [{ id: 'presidium', names: { ru: ['Президиум конференции'], en: ['Presidium of the conference'] } }],
        places: [{ id: 'odessa', names: { ru: ['Одесса'], en: ['Odessa'] } }],
      }),
    );
    const lex = loadLexicon(file);
    expect(lex.from).toBe(file);
    expect(lex.persons.find((p) => p.id === 'stalin')).toBe(PERSONS.find((p) => p.id === 'stalin'));
    const pet = lex.persons.find((p) => p.id === 'petrovsky');
    expect(pet?.ru.ins).toBe('Петровским');
    expect(pet?.initials).toEqual({ ru: 'Г. И.', en: 'G. I.' });
    expect(pet?.en).toBe('Petrovsky');
    expect(lex.places.find((p) => p.id === 'odessa')?.ru.prep).toBe('Одессе');
    expect(lex.organisations.some((o) => o.id === 'presidium')).toBe(false);
  });

  test('a register that is not JSON is a diagnostic naming the file', () => {
    const file = path.join(tmp(), 'register.json');
    fs.writeFileSync(file, '{ "persons": [');
    expect(() => loadLexicon(file)).toThrow(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: error: cannot read the register`));
  });

  test('without a register file the built-in tables are used', () => {
    expect(loadLexicon(path.join(tmp(), 'none.json')).from).toBe('built-in tables');
  });
});

describe('corpus generator', () => {
  test('the same seed gives byte-identical folders; another seed gives other letters', () => {
    const a = tmp();
    const b = tmp();
    const c = tmp();
    generateCorpus({ n: 4, seed: 11, outDir: a });
    generateCorpus({ n: 4, seed: 11, outDir: b });
    generateCorpus({ n: 4, seed: 12, outDir: c });
    const sa = snapshot(a);
    expect(sa.size).toBe(16);
    expect(snapshot(b)).toEqual(sa);
    const sc = snapshot(c);
    expect(sc.get(path.join(letterId(0), 'sources', 'ru.md'))).not.toBe(sa.get(path.join(letterId(0), 'sources', 'ru.md')));
  });

  test('letter i depends only on the seed and i (a small corpus is a prefix of a large one)', () => {
    const lex = loadLexicon();
    expect(generateLetter(5, 3, lex)).toEqual(generateLetter(5, 3, lex));
    const small = tmp();
    const large = tmp();
    generateCorpus({ n: 2, seed: 5, outDir: small });
    generateCorpus({ n: 5, seed: 5, outDir: large });
    const s = snapshot(small);
    const l = snapshot(large);
    for (const [k, v] of s) expect(l.get(k)).toBe(v);
  });

  test('every folder is an edition: manifest valid against the schema, register valid, sources present', () => {
    const out = tmp();
    const r = generateCorpus({ n: 6, seed: DEFAULT_SEED, outDir: out });
    expect(r.dirs).toHaveLength(6);
    for (const dir of r.dirs) {
      const ed = loadEdition(dir);
      expect(ed.manifest.sources.map((s) => `${s.lang}:${s.format}:${s.role}`)).toEqual(['ru:word-md:original', 'en:mia-txt:translation']);
      const reg = readJsonChecked<{ persons: Array<{ id: string }> }>(path.join(dir, 'register.json'), 'register.schema.json', 'register');
      expect(reg.persons.some((p) => p.id === ed.manifest.letter?.sender?.ref)).toBe(true);
    }
  });

  test('both formats are read by the real readers into letters with every note anchored', () => {
    const lex = loadLexicon();
    const out = tmp();
    generateCorpus({ n: 12, seed: DEFAULT_SEED, outDir: out, registerFile: path.join(out, 'absent.json') });
    for (let i = 0; i < 12; i++) {
      const letter = generateLetter(DEFAULT_SEED, i, lex);
      const dir = path.join(out, letter.id);
      const sender = PERSONS.find((p) => p.id === letter.facts.sender);
      for (const [file, format, lang] of [
        ['ru.md', 'word-md', 'ru'],
        ['en.txt', 'mia-txt', 'en'],
      ] as const) {
        const { doc } = readSource(path.join(dir, 'sources', file), { format, lang });
        expect(doc.divisions).toHaveLength(1);
        expect(doc.divisions[0].type).toBe('letter');
        const kinds = allBlocks(doc).map((b) => b.kind);
        expect(kinds[0]).toBe('head');
        expect(kinds).toContain('opener');
        expect(kinds).toContain('closer');
        expect(kinds.filter((k) => k === 'p')).toHaveLength(letter.facts.paragraphs);
        expect(doc.notes.map((n) => n.n)).toEqual(Array.from({ length: letter.facts.notes }, (_x, k) => String(k + 1)));
        const refs = blockInlines(doc).reduce((sum, inl) => sum + countNoteRefs(inl), 0);
        expect(refs).toBe(letter.facts.notes);
        const closer = allBlocks(doc).find((b) => b.kind === 'closer');
        const signed = closer && closer.kind === 'closer' ? closer.parts.find((p) => p.type === 'signed') : undefined;
        expect(signed && inlineText(signed.content)).toBe(lang === 'ru' ? `${sender?.initials.ru.split(' ')[0]} ${sender?.ru.nom}` : `${sender?.initials.en.split(' ')[0]} ${sender?.en}`);
      }
    }
  });

  test('names occur in varied Russian cases and dates as single days and ranges in both languages', () => {
    const lex = loadLexicon();
    const mentions: Mention[] = [];
    const ruDates: string[] = [];
    const enDates: string[] = [];
    for (let i = 0; i < 40; i++) {
      const l = generateLetter(DEFAULT_SEED, i, lex);
      for (const m of l.facts.mentions) expect(l.ruMd).toContain(m.ru);
      for (const m of l.facts.mentions) expect(l.enTxt.replace(/\s+/g, ' ')).toContain(m.en);
      mentions.push(...l.facts.mentions);
      ruDates.push(...l.facts.dates.ru);
      enDates.push(...l.facts.dates.en);
    }
    const personCases = new Set(mentions.filter((m) => m.kind === 'person').map((m) => m.case));
    expect([...personCases].sort()).toEqual(['dat', 'gen', 'ins', 'nom']);
    expect(new Set(mentions.filter((m) => m.kind === 'place').map((m) => m.case)).has('prep')).toBe(true);
    // the oblique forms really differ from the nominative
    expect(mentions.some((m) => m.kind === 'person' && m.case === 'ins' && /(?:ым|ом|ем|им)$/u.test(m.ru))).toBe(true);
    expect(new Set(mentions.map((m) => m.id)).size).toBeGreaterThan(15);
    expect(ruDates.some((d) => /^\d{1,2}[\u2011–-]\d{1,2} [а-я]+ \d{4} года$/u.test(d))).toBe(true);
    expect(ruDates.some((d) => /^\d{1,2} [а-я]+ \d{4} (?:года|г\.)$/u.test(d))).toBe(true);
    expect(enDates.some((d) => /^[A-Z][a-z]+ \d{1,2}[-–]\d{1,2}, \d{4}$/u.test(d))).toBe(true);
    expect(enDates.some((d) => /^[A-Z][a-z]+ \d{1,2}, \d{4}$/u.test(d))).toBe(true);
  });

  test('buildEdition builds generated folders (read, tag, align, write, validate) into one TEI file per language', async () => {
    const out = tmp();
    const r = generateCorpus({ n: 3, seed: DEFAULT_SEED, outDir: path.join(out, 'src') });
    for (const dir of r.dirs) {
      const built = await buildEdition(dir, { outDir: path.join(out, 'dist'), jobs: 1, pdf: false });
      expect(built.documents.map((d) => d.lang)).toEqual(['ru', 'en']);
      expect(built.warnings.filter((w) => w.severity === 'error')).toEqual([]);
      for (const d of built.documents) {
        const xml = fs.readFileSync(d.path, 'utf8');
        expect(xml).toContain('<TEI');
        expect(xml).toContain('<persName');
        expect(xml).toContain('<note');
      }
    }
  });

  test('the same letters as one edition of many letters: ids, translations, one register; buildEdition builds it', async () => {
    const out = tmp();
    const r = generateCorpusEdition({ n: 3, seed: DEFAULT_SEED, outDir: out });
    const ed = loadEdition(r.dir);
    expect(ed.manifest.sources.map((s) => s.id)).toEqual([0, 1, 2].flatMap((i) => [`${letterId(i)}.ru`, `${letterId(i)}.en`]));
    expect(ed.manifest.sources.filter((s) => s.role === 'translation').every((s) => s.translationOf === s.id?.replace(/\.en$/, '.ru'))).toBe(true);
    // the sources are the letters of the folder-per-letter corpus, byte for byte
    const single = generateCorpus({ n: 3, seed: DEFAULT_SEED, outDir: path.join(out, 'single') });
    expect(fs.readFileSync(r.markdown[2], 'utf8')).toBe(fs.readFileSync(single.markdown[2], 'utf8'));
    const reg = readJsonChecked<{ persons: Array<{ id: string }> }>(path.join(r.dir, 'register.json'), 'register.schema.json', 'register');
    expect(new Set(reg.persons.map((p) => p.id)).size).toBe(reg.persons.length);
    const built = await buildEdition(r.dir, { outDir: path.join(out, 'dist'), jobs: 1, render: false, pdf: false });
    expect(built.documents.map((d) => d.docId)).toEqual(ed.manifest.sources.map((s) => s.id));
    expect(built.stats.unitsBuilt).toBe(3);
  });
});
