import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadEdition } from '../../src/edition/manifest';
import { buildUnit, planUnits, unitInputForWorker } from '../../src/edition/units';
import { loadRegister } from '../../src/register/load';

const EDITION = path.join(__dirname, '..', '..', 'editions', 'leningrad-letter-1925');

describe('unitInputForWorker', () => {
  it('builds every unit as the whole manifest does, after the copy into a worker', () => {
    const { manifest } = loadEdition(EDITION);
    const [ru, en] = manifest.sources;
    // a second letter with explicit ids before the first, so that originals are found by id and by language
    const many = {
      ...manifest,
      sources: [
        { ...ru, id: 'b.ru' },
        { ...en, id: 'b.en', translationOf: 'b.ru' },
        ru,
        en,
      ],
    };
    const register = loadRegister(path.join(EDITION, manifest.register!));
    const units = planUnits(many);
    expect(units.map((u) => u.sources.length)).toEqual([2, 2]);
    for (const unit of units) {
      const input = { editionDir: EDITION, manifest: many, unit, register };
      const slim = structuredClone(unitInputForWorker(input));
      expect(slim.manifest.sources).toHaveLength(2);
      expect(buildUnit(slim)).toEqual(buildUnit(input));
    }
  });
});

describe('kept taggings', () => {
  const { manifest } = loadEdition(EDITION);
  const register = loadRegister(path.join(EDITION, manifest.register!));
  const [unit] = planUnits(manifest);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-tagged-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const keys = (key: string, reuse = true) => Object.fromEntries(unit.sources.map((s, i) => [s.file, { file: path.join(dir, `${i}.json`), key, reuse }]));
  const build = (tagged?: ReturnType<typeof keys>) => buildUnit({ editionDir: EDITION, manifest, unit, register, tagged });

  it('a source kept under its key is not tagged again, and gives the same TEI; another key, --force or a damaged file tags it again', () => {
    const fresh = build();
    expect(fresh.tagged).toBe(2);
    expect(build(keys('k1'))).toEqual(fresh);
    for (let i = 0; i < unit.sources.length; i++) expect(fs.existsSync(path.join(dir, `${i}.json`))).toBe(true);
    // read back from the files: the same documents, byte for byte, and nothing tagged
    expect(build(keys('k1'))).toEqual({ ...fresh, tagged: 0 });
    // the kept document is what the build uses: a mark put into its text shows in the TEI
    const file = path.join(dir, '0.json');
    const kept = fs.readFileSync(file, 'utf8');
    const marked = JSON.parse(kept);
    const mark = (v: unknown): boolean => {
      if (Array.isArray(v)) return v.some(mark);
      if (!v || typeof v !== 'object') return false;
      const o = v as Record<string, unknown>;
      if (typeof o.text === 'string' && o.text.length > 10) return (o.text = `${o.text} KEPTMARK`), true;
      return Object.values(o).some(mark);
    };
    expect(mark(marked.doc.divisions)).toBe(true);
    fs.writeFileSync(file, JSON.stringify(marked));
    expect(build(keys('k1')).documents[0].xml).toContain('KEPTMARK');
    // under another key (the source, register, manifest or code changed) or with reuse off, the source is tagged again
    expect(build(keys('k2')).documents[0].xml).not.toContain('KEPTMARK');
    fs.writeFileSync(file, JSON.stringify(marked));
    expect(build(keys('k1', false))).toEqual(fresh);
    expect(build(keys('k1')).tagged).toBe(0);
    // a damaged file is no error: the source is tagged again (and kept anew)
    fs.writeFileSync(file, kept.slice(0, kept.length >> 1));
    expect(build(keys('k1'))).toEqual({ ...fresh, tagged: 1 });
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).key).toBe('k1');
  });
});

describe('kept word analyses', () => {
  it('a thread seeded with the analyses an earlier build kept writes the same TEI without loading the Russian dictionaries; a file of another key or a cut line is no error', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-words-'));
    const file = path.join(dir, 'words.jsonl');
    type Units = typeof import('../../src/edition/units');
    type Morph = typeof import('../../src/enrich/entities/morph');
    type Kept = typeof import('../../src/enrich/entities/kept-words');
    // each run in a fresh module registry: a thread of its own, with nothing analysed yet
    const run = (words?: { file: string; key: string }) => {
      let result: { xml: string[]; words?: number; loaded: boolean } | undefined;
      jest.isolateModules(() => {
        /* eslint-disable @typescript-eslint/no-require-imports */
        const units = require('../../src/edition/units') as Units;
        const morph = require('../../src/enrich/entities/morph') as Morph;
        const kept = require('../../src/enrich/entities/kept-words') as Kept;
        /* eslint-enable @typescript-eslint/no-require-imports */
        const { manifest } = loadEdition(EDITION);
        const register = loadRegister(path.join(EDITION, manifest.register!));
        const [unit] = units.planUnits(manifest);
        const out = units.buildUnit({ editionDir: EDITION, manifest, unit, register, words });
        if (words && out.words) kept.keepWords(words, out.words);
        result = { xml: out.documents.map((d) => d.xml), words: out.words?.length, loaded: morph.morphLoaded() };
      });
      return result!;
    };
    const plain = run();
    expect(plain.loaded).toBe(true);
    const first = run({ file, key: 'k1' });
    expect(first.xml).toEqual(plain.xml);
    expect(first.words).toBeGreaterThan(100);
    // the next thread finds every word kept: the same TEI, and the dictionaries are not loaded
    const second = run({ file, key: 'k1' });
    expect(second).toEqual({ xml: plain.xml, words: 0, loaded: false });
    // a line cut short (a killed run) is skipped: that word is analysed again, and appended again
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.slice(0, text.length - 20));
    const cut = run({ file, key: 'k1' });
    expect(cut.xml).toEqual(plain.xml);
    expect(cut.words).toBe(1);
    expect(run({ file, key: 'k1' })).toEqual({ xml: plain.xml, words: 0, loaded: false });
    // another key (the code or the morphology packages changed): nothing is used, and the file is written anew
    const other = run({ file, key: 'k2' });
    expect([other.xml, other.loaded, other.words]).toEqual([plain.xml, true, first.words]);
    expect(fs.readFileSync(file, 'utf8').split('\n')[0]).toContain('"key":"k2"');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
