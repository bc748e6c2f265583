import { logLogChart } from '../../bench/chart';
import { type BenchReport, type CliBuild, memoryGrowthLine, rebuildTarget, replaceSections } from '../../bench/report';
import { parseXmlSafe } from '../../src/xml';

describe('log–log SVG chart', () => {
  const series = [
    { label: 'read', points: [{ x: 10, y: 0.1 }, { x: 100, y: 1 }, { x: 1000, y: 10 }] },
    { label: 'peer <x>', points: [{ x: 10, y: 2 }, { x: 1000, y: 3 }], dashed: true },
  ];
  const opts = { title: 'T & t', xLabel: 'N', yLabel: 's' };

  test('is well-formed SVG, the same bytes for the same data, labels escaped', () => {
    const svg = logLogChart(series, opts);
    expect(logLogChart(series, opts)).toBe(svg);
    const doc = parseXmlSafe(svg, 'chart.svg');
    expect(doc.root()?.name()).toBe('svg');
    expect(svg).toContain('T &amp; t');
    expect(svg).toContain('peer &lt;x&gt;');
    expect(svg).toContain('stroke-dasharray');
  });

  test('axes are logarithmic: equal ratios are equal distances', () => {
    const svg = logLogChart(series, opts);
    const line = /<polyline[^>]*points="([^"]+)"/.exec(svg);
    expect(line).not.toBeNull();
    const pts = (line as RegExpExecArray)[1].split(' ').map((p) => p.split(',').map(Number));
    expect(pts).toHaveLength(3);
    // x: 10 → 100 → 1000 and y: 0.1 → 1 → 10 are one decade each
    expect(Math.abs(pts[1][0] - pts[0][0] - (pts[2][0] - pts[1][0]))).toBeLessThanOrEqual(0.2);
    expect(Math.abs(pts[1][1] - pts[0][1] - (pts[2][1] - pts[1][1]))).toBeLessThanOrEqual(0.2);
    expect(pts[2][1]).toBeLessThan(pts[0][1]); // larger values are higher up
  });

  test('refuses to draw nothing', () => {
    expect(() => logLogChart([{ label: 'x', points: [] }], opts)).toThrow(/no points/);
  });
});

describe('docs/benchmarks.md sections', () => {
  const doc = '# Benchmarks\n\nintro\n\n## Validation\n\nv1\n\n## Pipeline\n\nold pipeline\n\n### sub\n\nold sub\n\n## Other\n\nkept\n';

  test('replaces only its own sections, keeping the others in place', () => {
    const out = replaceSections(doc, ['## Pipeline\n\nnew pipeline\n', '## Peers\n\npeers\n']);
    expect(out).toBe('# Benchmarks\n\nintro\n\n## Validation\n\nv1\n\n## Pipeline\n\nnew pipeline\n\n## Other\n\nkept\n\n## Peers\n\npeers\n');
  });

  test('replacing twice gives the same file', () => {
    const once = replaceSections(doc, ['## Pipeline\n\nA\n', '## Peers\n\nB\n']);
    expect(replaceSections(once, ['## Pipeline\n\nA\n', '## Peers\n\nB\n'])).toBe(once);
  });
});

describe('the rebuild target line', () => {
  test('names every command-line rebuild measured and says in how many the target was met', () => {
    const watch = { ms: [640, 550], wallMs: [760, 670] };
    expect(rebuildTarget({ n: 1000, ms: 1060, more: [930, 910], watch })).toBe(
      '- Rebuild after one changed source under 1 s: from the command line 1.06, 0.93, 0.91 s — met in 2 of 3 rebuilds; in `teikit build --watch` at most 0.64 s — met.',
    );
    expect(rebuildTarget({ n: 1000, ms: 960, more: [930], watch })).toContain('0.96, 0.93 s — met;');
    expect(rebuildTarget({ n: 1000, ms: 1100, watch: { reason: 'no fs.watch' } })).toBe(
      '- Rebuild after one changed source under 1 s: from the command line 1.10 s — not met; in `teikit build --watch` not measured.',
    );
    expect(rebuildTarget({ n: 1000, reason: 'exit 2' })).toContain('from the command line not measured;');
  });
});

describe('the memory growth line', () => {
  const MB = 1024 * 1024;
  const cli = (ms: number, maxRss: number, maxTreeRss?: number): CliBuild => ({ ms, maxRss, maxTreeRss, code: 0 });
  const report = (points: Array<{ n: number; cli: CliBuild }>, growth: BenchReport['growth']): BenchReport =>
    ({ points: points.map((p) => ({ ...p, measure: {}, childMs: 0, peers: [] })), growth } as unknown as BenchReport);

  test('says the growth a letter from 1,000 letters on, between each size measured and the next, and whether under 1 GB', () => {
    const r = report([{ n: 100, cli: cli(9000, 300 * MB) }, { n: 1000, cli: cli(27000, 400 * MB, 600 * MB) }], [
      { n: 3000, cli: cli(60000, 480 * MB, 680 * MB) },
      { n: 10000, cli: { reason: 'projected 200 s' } },
    ]);
    expect(memoryGrowthLine(r)).toBe(
      '- Peak memory against N (`teikit build` end to end): from 1000 to 3000 letters the largest process 400 MB → 480 MB (42 KB a letter), all processes 600 MB → 680 MB (42 KB a letter); at 3000 letters 480 MB — under 1 GB. Not growing with N beyond the outputs: measured here as the growth a letter; what grows is said in "Build performance" below.',
    );
  });

  test('says nothing with fewer than two builds of 1,000 letters or more that ended well', () => {
    expect(memoryGrowthLine(report([{ n: 1000, cli: cli(27000, 400 * MB) }], [{ n: 3000, cli: { ms: 60000, maxRss: 500 * MB, code: 1 } }]))).toBeUndefined();
  });
});
