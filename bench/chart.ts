/**
 * A small SVG line chart with logarithmic axes (time against N), written
 * without a charting library. Deterministic: the same series give the same
 * bytes.
 */

export interface Series {
  label: string;
  /** Points (x > 0, y > 0); missing points are left out. */
  points: Array<{ x: number; y: number }>;
  dashed?: boolean;
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#000000', '#7f7f7f', '#17becf', '#bcbd22', '#393b79', '#ad494a'];

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (n: number): string => (Math.round(n * 10) / 10).toFixed(1).replace(/\.0$/, '');

/** Tick label for a power of ten. */
function tickLabel(v: number): string {
  if (v >= 1e6) return `${v / 1e6}M`;
  if (v >= 1000) return `${v / 1000}k`;
  if (v >= 1) return String(v);
  return String(Number(v.toPrecision(1)));
}

export function logLogChart(series: Series[], opts: ChartOptions): string {
  const W = opts.width ?? 760;
  const H = opts.height ?? 440;
  const m = { left: 70, right: 250, top: 40, bottom: 55 };
  const pts = series.flatMap((s) => s.points).filter((p) => p.x > 0 && p.y > 0);
  if (pts.length === 0) throw new Error('logLogChart: no points to draw');
  const decade = (v: number, up: boolean): number => Math.pow(10, up ? Math.ceil(Math.log10(v)) : Math.floor(Math.log10(v)));
  const xMin = decade(Math.min(...pts.map((p) => p.x)), false);
  let xMax = decade(Math.max(...pts.map((p) => p.x)), true);
  if (xMax === xMin) xMax = xMin * 10;
  const yMin = decade(Math.min(...pts.map((p) => p.y)), false);
  let yMax = decade(Math.max(...pts.map((p) => p.y)), true);
  if (yMax === yMin) yMax = yMin * 10;
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const X = (x: number): number => m.left + ((Math.log10(x) - Math.log10(xMin)) / (Math.log10(xMax) - Math.log10(xMin))) * pw;
  const Y = (y: number): number => m.top + ph - ((Math.log10(y) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * ph;

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12" role="img" aria-labelledby="title">`);
  out.push(`<title id="title">${esc(opts.title)}</title>`);
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="${W / 2 - m.right / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(opts.title)}</text>`);
  // grid and ticks
  for (let v = xMin; v <= xMax * 1.0001; v *= 10) {
    const x = fmt(X(v));
    out.push(`<line x1="${x}" y1="${m.top}" x2="${x}" y2="${m.top + ph}" stroke="#dddddd"/>`);
    out.push(`<text x="${x}" y="${m.top + ph + 18}" text-anchor="middle">${tickLabel(v)}</text>`);
  }
  for (let v = yMin; v <= yMax * 1.0001; v *= 10) {
    const y = fmt(Y(v));
    out.push(`<line x1="${m.left}" y1="${y}" x2="${m.left + pw}" y2="${y}" stroke="#dddddd"/>`);
    out.push(`<text x="${m.left - 8}" y="${fmt(Y(v) + 4)}" text-anchor="end">${tickLabel(v)}</text>`);
  }
  out.push(`<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#333333"/>`);
  out.push(`<text x="${fmt(m.left + pw / 2)}" y="${H - 12}" text-anchor="middle">${esc(opts.xLabel)}</text>`);
  out.push(`<text transform="translate(18 ${fmt(m.top + ph / 2)}) rotate(-90)" text-anchor="middle">${esc(opts.yLabel)}</text>`);
  // series
  series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    const p = s.points.filter((q) => q.x > 0 && q.y > 0).sort((a, b) => a.x - b.x);
    if (p.length === 0) return;
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    if (p.length > 1) out.push(`<polyline fill="none" stroke="${color}" stroke-width="2"${dash} points="${p.map((q) => `${fmt(X(q.x))},${fmt(Y(q.y))}`).join(' ')}"/>`);
    for (const q of p) out.push(`<circle cx="${fmt(X(q.x))}" cy="${fmt(Y(q.y))}" r="3.5" fill="${color}"><title>${esc(`${s.label}: N=${q.x}, ${q.y.toPrecision(3)} s`)}</title></circle>`);
    const ly = m.top + 10 + i * 20;
    const lx = m.left + pw + 16;
    out.push(`<line x1="${lx}" y1="${ly}" x2="${lx + 24}" y2="${ly}" stroke="${color}" stroke-width="2"${dash}/>`);
    out.push(`<text x="${lx + 30}" y="${ly + 4}">${esc(s.label)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
