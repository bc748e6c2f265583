import { erfc, galeChurch, lengthCost, FULL_TABLE_CELLS, type AlignUnit } from '../../src/enrich/align/gale-church';

/** A small seeded generator (mulberry32), so the synthetic texts are the same on every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const unit = (length: number): AlignUnit => ({ length, anchors: new Set() });

/** A "translation" of random units: lengths × 1.1 with ±4 % noise, some units left out. */
function synthetic(n: number, leftOut: Set<number>, seed: number): { a: AlignUnit[]; b: AlignUnit[] } {
  const r = rng(seed);
  const a: AlignUnit[] = [];
  const b: AlignUnit[] = [];
  for (let i = 0; i < n; i++) {
    const len = 20 + Math.floor(r() * 180);
    a.push(unit(len));
    if (!leftOut.has(i)) b.push(unit(Math.round(len * 1.1 * (0.96 + r() * 0.08))));
  }
  return { a, b };
}

describe('Gale–Church dynamic programming', () => {
  test('erfc and the length cost behave', () => {
    expect(erfc(0)).toBeCloseTo(1, 6);
    expect(erfc(1)).toBeCloseTo(0.157299, 6);
    expect(erfc(-1)).toBeCloseTo(1.842701, 6);
    expect(lengthCost(100, 110, 1.1, 6.8)).toBeCloseTo(0, 6);
    expect(lengthCost(100, 130, 1.1, 6.8)).toBeGreaterThan(lengthCost(100, 120, 1.1, 6.8));
    expect(lengthCost(0, 0, 1, 6.8)).toBe(0);
  });

  test("lengths alone: a left-out unit whose neighbours' lengths hide it is absorbed; anchors on both sides find it", () => {
    const { a, b } = synthetic(40, new Set([7, 23]), 1);
    const plain = galeChurch(a, b, { ratio: 1.1 });
    expect(plain.flatMap((x) => x.a)).toEqual([...Array(40).keys()]);
    expect(plain.filter((x) => x.b.length === 0).map((x) => x.a)).toContainEqual([7]);
    // number every fifth unit on both sides, as a text's dates and figures would
    const numbered = (units: AlignUnit[], ids: number[]): AlignUnit[] =>
      units.map((u, k) => ({ length: u.length, anchors: new Set(ids[k] % 5 === 0 || ids[k] % 5 === 3 ? [`num:${ids[k]}`] : []) }));
    const idsB = [...Array(40).keys()].filter((k) => k !== 7 && k !== 23);
    const beads = galeChurch(numbered(a, [...Array(40).keys()]), numbered(b, idsB), { ratio: 1.1 });
    expect(beads.filter((x) => x.b.length === 0).map((x) => x.a)).toEqual([[7], [23]]);
    expect(beads).toHaveLength(40);
  });

  test('a long text takes the band around the diagonal, with the same result as the whole table', () => {
    // (the band starts above FULL_TABLE_CELLS cells; a lower limit here keeps the test small)
    expect(FULL_TABLE_CELLS).toBe(1_000_000);
    const { a, b } = synthetic(400, new Set([5, 150, 151, 300, 399]), 2);
    const banded = galeChurch(a, b, { ratio: 1.1, fullTableCells: 10_000 });
    const whole = galeChurch(a, b, { ratio: 1.1, fullTableCells: Infinity });
    expect(banded).toEqual(whole);
    expect(banded.flatMap((x) => x.a)).toEqual([...Array(400).keys()]);
    expect(banded.flatMap((x) => x.b)).toEqual([...Array(b.length).keys()]);
  });

  test('every unit is in exactly one bead, in order, whatever the shapes', () => {
    const a = [5, 300, 7, 8, 120].map(unit);
    const b = [330, 9, 20, 110, 3, 3].map(unit);
    const beads = galeChurch(a, b);
    expect(beads.flatMap((x) => x.a)).toEqual([0, 1, 2, 3, 4]);
    expect(beads.flatMap((x) => x.b)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(galeChurch([], b).map((x) => [x.a, x.b])).toEqual(b.map((_, k) => [[], [k]]));
    expect(galeChurch([], [])).toEqual([]);
  });

  test('bead types without 1–0 and 0–1 are refused (some alignments would have no path)', () => {
    expect(() => galeChurch([unit(1)], [unit(1)], { beadTypes: [{ a: 1, b: 1, prior: 1 }] })).toThrow(RangeError);
    expect(() => galeChurch([unit(1)], [unit(1)], { ratio: 0 })).toThrow(RangeError);
  });
});
