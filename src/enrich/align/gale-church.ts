/**
 * Length-based alignment in the manner of Gale & Church (1993), "A Program
 * for Aligning Sentences in Bilingual Corpora": dynamic programming over
 * beads (1–1, 1–0, 0–1, 2–1, 1–2, 2–2 by default), each costing
 * −log(prior × P(length difference)), with lengths in characters; a 1–0 or
 * 0–1 bead costs −log(prior) alone (see beadCost). The cost
 * is lowered for anchors a bead's two sides share (numbers, dates, register
 * ids; each weighted by how rare it is in the aligned span) and raised for
 * an anchor on one side that the bead's other side lacks (fully when the
 * anchor occurs elsewhere on that side, half when nowhere).
 */

export interface AlignUnit {
  /** Length in characters (whitespace not counted). */
  length: number;
  anchors: ReadonlySet<string>;
}

export interface BeadType {
  /** Units taken from the first sequence. */
  a: number;
  /** Units taken from the second sequence. */
  b: number;
  prior: number;
}

export interface IndexBead {
  /** Indexes into the first sequence (empty for 0–n beads). */
  a: number[];
  /** Indexes into the second sequence. */
  b: number[];
  /** The bead's cost (lower is better). */
  cost: number;
}

export interface GaleChurchOptions {
  /** Expected characters of the second text per character of the first. */
  ratio: number;
  /** Variance of the length difference per character (Gale & Church: 6.8). */
  variance: number;
  beadTypes: readonly BeadType[];
  /** Cost lowered per shared anchor (times its rarity weight). */
  anchorBonus: number;
  /** Cost raised per anchor missing from the bead's other side (times its rarity weight). */
  anchorPenalty: number;
  /** Cost lowered per shared cognate hint (`cog:` keys; times its rarity weight). */
  cognateBonus: number;
  /** Up to this many cells (n+1)(m+1) the whole table is filled; above, a band around the diagonal. */
  fullTableCells: number;
}

/** Gale & Church's bead types and priors (their Table 5). Others (3–1…) can be passed in `beadTypes`. */
export const DEFAULT_BEADS: readonly BeadType[] = [
  { a: 1, b: 1, prior: 0.89 },
  { a: 1, b: 0, prior: 0.0099 / 2 },
  { a: 0, b: 1, prior: 0.0099 / 2 },
  { a: 2, b: 1, prior: 0.089 / 2 },
  { a: 1, b: 2, prior: 0.089 / 2 },
  { a: 2, b: 2, prior: 0.011 },
];

/** Up to this many cells the whole table is filled; above it, a band around the diagonal. */
export const FULL_TABLE_CELLS = 1_000_000;
/** Half-width of the band: at least this many units… */
const MIN_BAND = 100;
/** …and at least this share of the longer sequence. */
const BAND_FRACTION = 0.1;

export const DEFAULT_OPTIONS: GaleChurchOptions = {
  ratio: 1,
  variance: 6.8,
  beadTypes: DEFAULT_BEADS,
  anchorBonus: 3,
  anchorPenalty: 1.5,
  cognateBonus: 1,
  fullTableCells: FULL_TABLE_CELLS,
};

/** Complementary error function (Numerical Recipes `erfcc`, fractional error < 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** −log of the two-sided probability of a length difference at least this large. */
export function lengthCost(la: number, lb: number, ratio: number, variance: number): number {
  if (la === 0 && lb === 0) return 0;
  const mean = (la + lb / ratio) / 2;
  const z = (la * ratio - lb) / Math.sqrt(mean * variance);
  // P(|Z| ≥ |z|) = erfc(|z| / √2)
  const p = erfc(Math.abs(z) / Math.SQRT2);
  return -Math.log(Math.max(p, 1e-300));
}

function union(units: readonly AlignUnit[], from: number, count: number): ReadonlySet<string> {
  if (count === 1) return units[from].anchors;
  const s = new Set<string>();
  for (let k = from; k < from + count; k++) for (const x of units[k].anchors) s.add(x);
  return s;
}

function counts(units: readonly AlignUnit[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const u of units) for (const x of u.anchors) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

/**
 * Align two sequences. Returns beads covering both sequences in order, every
 * unit in exactly one bead. Time and memory grow with n × m up to
 * FULL_TABLE_CELLS cells; beyond, with n × band (the band allows a drift of
 * max(100 units, 10 % of the longer sequence) from the diagonal).
 */
export function galeChurch(a: readonly AlignUnit[], b: readonly AlignUnit[], options: Partial<GaleChurchOptions> = {}): IndexBead[] {
  const opts: GaleChurchOptions = { ...DEFAULT_OPTIONS, ...options };
  if (!opts.beadTypes.some((t) => t.a === 1 && t.b === 0) || !opts.beadTypes.some((t) => t.a === 0 && t.b === 1)) {
    throw new RangeError('galeChurch: the bead types must include 1–0 and 0–1, or some alignments have no path');
  }
  if (!(opts.ratio > 0) || !(opts.variance > 0)) throw new RangeError('galeChurch: ratio and variance must be positive');
  const n = a.length;
  const m = b.length;
  const countA = counts(a);
  const countB = counts(b);
  const weight = (key: string): number => 1 / Math.max(countA.get(key) ?? 0, countB.get(key) ?? 0, 1);

  const beadCost = (i: number, j: number, t: BeadType): number => {
    let la = 0;
    let lb = 0;
    for (let k = i; k < i + t.a; k++) la += a[k].length;
    for (let k = j; k < j + t.b; k++) lb += b[k].length;
    // A unit without counterpart has no length difference to score: its bead
    // costs its prior only. (Gale & Church score it as a difference of its
    // whole length, which makes a long omission dearer than absorbing it into
    // a neighbouring 2–1 bead, so omissions were never found.)
    let cost = -Math.log(t.prior) + (t.a === 0 || t.b === 0 ? 0 : lengthCost(la, lb, opts.ratio, opts.variance));
    if (t.a > 0 && t.b > 0) {
      const sa = union(a, i, t.a);
      const sb = union(b, j, t.b);
      // an anchor missing from the bead's other side counts against the bead,
      // fully when it occurs elsewhere on that side, half when nowhere
      // (cognate hints only count when shared)
      for (const key of sa) {
        const cognate = key.startsWith('cog:');
        if (sb.has(key)) cost -= (cognate ? opts.cognateBonus : opts.anchorBonus) * weight(key);
        else if (!cognate) cost += opts.anchorPenalty * weight(key) * (countB.has(key) ? 1 : 0.5);
      }
      for (const key of sb) {
        if (!sa.has(key) && !key.startsWith('cog:')) cost += opts.anchorPenalty * weight(key) * (countA.has(key) ? 1 : 0.5);
      }
    }
    return cost;
  };

  // Cells (i, j): i units of a and j units of b aligned. Small problems fill the
  // whole table; large ones a band around the diagonal, wide enough for
  // consecutive rows to overlap (so a path always exists).
  const rowLo = new Int32Array(n + 1);
  const rowHi = new Int32Array(n + 1);
  const rowStart = new Float64Array(n + 2);
  const full = (n + 1) * (m + 1) <= opts.fullTableCells;
  const w = Math.max(MIN_BAND, Math.ceil(BAND_FRACTION * Math.max(n, m)), Math.ceil(m / Math.max(n, 1)) + 2);
  for (let i = 0; i <= n; i++) {
    const center = n === 0 ? m : (i * m) / n;
    rowLo[i] = full ? 0 : Math.max(0, Math.floor(center) - w);
    rowHi[i] = full ? m : Math.min(m, Math.ceil(center) + w);
    rowStart[i + 1] = rowStart[i] + (rowHi[i] - rowLo[i] + 1);
  }
  const cell = (i: number, j: number): number => (j < rowLo[i] || j > rowHi[i] ? -1 : rowStart[i] + j - rowLo[i]);
  const size = rowStart[n + 1];
  const best = new Float64Array(size).fill(Infinity);
  const back = new Int16Array(size).fill(-1);
  best[0] = 0;
  for (let i = 0; i <= n; i++) {
    for (let j = rowLo[i]; j <= rowHi[i]; j++) {
      if (i === 0 && j === 0) continue;
      let bestCost = Infinity;
      let bestType = -1;
      for (let t = 0; t < opts.beadTypes.length; t++) {
        const bt = opts.beadTypes[t];
        const pi = i - bt.a;
        const pj = j - bt.b;
        if (pi < 0 || pj < 0) continue;
        const pc = cell(pi, pj);
        if (pc < 0) continue;
        const prev = best[pc];
        if (prev === Infinity) continue;
        const c = prev + beadCost(pi, pj, bt);
        // ties go to the earlier bead type (1–1 first): deterministic
        if (c < bestCost) {
          bestCost = c;
          bestType = t;
        }
      }
      const here = cell(i, j);
      best[here] = bestCost;
      back[here] = bestType;
    }
  }

  const beads: IndexBead[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const here = cell(i, j);
    const t = opts.beadTypes[back[here]];
    const pi = i - t.a;
    const pj = j - t.b;
    beads.push({
      a: Array.from({ length: t.a }, (_, k) => pi + k),
      b: Array.from({ length: t.b }, (_, k) => pj + k),
      cost: best[here] - best[cell(pi, pj)],
    });
    i = pi;
    j = pj;
  }
  return beads.reverse();
}
