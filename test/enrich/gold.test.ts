import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatReport, mentionsOf, prepareGold, scoreDocument, scoreRuns, summarise, type GoldMention } from '../../src/enrich/entities/score';
import { tagDocument } from '../../src/enrich/entities/tag';

const ROOT = path.resolve(__dirname, '..', '..');
const GOLD_DIR = path.join(__dirname, 'gold');
const GOLD = fs
  .readdirSync(GOLD_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => path.join(GOLD_DIR, f));

describe('scorer', () => {
  it('counts per type, with and without refs, and checks date values', () => {
    const gold: GoldMention[] = [
      { type: 'persName', text: 'Сталина', ref: 'stalin' },
      { type: 'orgName', text: 'ЦК', ref: 'cc-rkpb' },
      { type: 'date', text: '8 декабря 1925 г.', when: '1925-12-08' },
    ];
    const predicted: GoldMention[] = [
      { type: 'persName', text: 'Сталина' },
      { type: 'orgName', text: 'ЦК', ref: 'cc-rkpb' },
      { type: 'orgName', text: 'РКП(б)' },
      { type: 'date', text: '8 декабря 1925 г.', when: '2025-12-08' },
    ];
    const linked = summarise('register', ['x'], [scoreDocument(gold, predicted, true)]);
    const byType = Object.fromEntries(linked.byType.map((t) => [t.type, t]));
    expect(byType.persName).toMatchObject({ gold: 1, predicted: 1, correct: 0, f1: 0 });
    expect(byType.orgName).toMatchObject({ gold: 1, predicted: 2, correct: 1, precision: 0.5, recall: 1 });
    expect(byType.orgName.f1).toBeCloseTo(2 / 3);
    expect(byType.date).toMatchObject({ correct: 0 });
    expect(linked.dates).toEqual({ gold: 1, found: 1, normalisedRight: 0 });
    const cold = summarise('cold', ['x'], [scoreDocument(gold, predicted, false)]);
    expect(cold.byType.find((t) => t.type === 'persName')).toMatchObject({ correct: 1, f1: 1 });
    expect(formatReport(cold)).toContain('| persName | 1 | 1 | 1 | 1.000 | 1.000 | 1.000 |');
  });
});

describe('the gold set (seed texts, own fixtures, held-out texts)', () => {
  const runs = prepareGold(GOLD);

  it('covers both seed texts and at least one text of our own per language', () => {
    const sources = runs.map((r) => path.relative(ROOT, path.resolve(path.dirname(r.goldFile), r.gold.source)));
    expect(sources).toEqual(
      expect.arrayContaining(['editions/leningrad-letter-1925/sources/ru.md', 'editions/leningrad-letter-1925/sources/en.txt']),
    );
    for (const lang of ['ru', 'en']) expect(runs.filter((r) => r.gold.lang === lang && !r.gold.source.includes('editions/')).length).toBeGreaterThanOrEqual(1);
  });

  const heldOut = runs.filter((r) => (r.gold as { heldOut?: boolean }).heldOut);
  const development = runs.filter((r) => !(r.gold as { heldOut?: boolean }).heldOut);
  const seed = runs.filter((r) => r.gold.source.includes('editions/leningrad-letter-1925/'));

  it.each([
    ['the seed edition', seed],
    ['the development set (seed and own fixtures)', development],
  ])('%s with its register: F1 ≥ 0.95 for every type and every date normalised right', (_name, set) => {
    const report = scoreRuns(set, 'register');
    for (const t of report.byType) {
      expect(t.gold).toBeGreaterThan(0);
      expect({ type: t.type, f1: t.f1 >= 0.95 }).toEqual({ type: t.type, f1: true });
    }
    expect(report.dates.normalisedRight).toBe(report.dates.gold);
  });

  it('nests names as the gold says, in both seed texts', () => {
    for (const r of runs.filter((x) => x.gold.source.includes('leningrad-letter-1925'))) {
      const found = mentionsOf(tagDocument(r.doc, r.register).doc).map((m) => ({ type: m.type, text: m.text, ref: m.ref, in: m.in }));
      const gold = r.gold.mentions.filter((m) => m.type !== 'date').map((m) => ({ type: m.type, text: m.text, ref: m.ref, in: m.in }));
      expect(found.filter((m) => m.type !== 'date')).toEqual(gold);
    }
  });

  it('has held-out texts in both languages', () => {
    expect(new Set(heldOut.map((r) => r.gold.lang))).toEqual(new Set(['ru', 'en']));
  });

  it('docs/quality.md carries the figures the scorer measures now', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'quality.md'), 'utf8');
    const start = doc.indexOf('## Entities');
    expect(start).toBeGreaterThanOrEqual(0);
    const rest = doc.slice(start + 1);
    const section = rest.slice(0, rest.search(/\n## /) >= 0 ? rest.search(/\n## /) : rest.length);
    for (const set of [seed, development, heldOut, runs]) {
      expect(section).toContain(formatReport(scoreRuns(set, 'register')));
      expect(section).toContain(formatReport(scoreRuns(set, 'cold')));
    }
  });
});
