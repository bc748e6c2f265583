/**
 * Many documents are validated by jing in a few JVM runs side by side: each
 * document keeps its own verdict and messages, whichever run it was in.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { validateWithJing } from '../../src/validate/relaxng';

const ROOT = path.resolve(__dirname, '../..');

beforeAll(() => {
  execFileSync('bash', [path.join(ROOT, 'scripts/install-system-deps.sh'), 'jing']);
});

describe('jing over many documents', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-jing-runs-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const schema = path.join(dir, 'letter.rng');
  fs.writeFileSync(
    schema,
    `<element name="letter" xmlns="http://relaxng.org/ns/structure/1.0" datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
       <attribute name="n"><data type="integer"/></attribute>
       <oneOrMore><element name="p"><text/></element></oneOrMore>
     </element>`,
  );

  it('shares them among runs side by side and gives each document its own verdict, in any run', async () => {
    // 600 documents: three runs of 200 with `runs: 3`; the invalid ones sit in the first, second and last run
    const bad = new Set([7, 333, 599]);
    const targets = Array.from({ length: 600 }, (_, i) => ({
      file: `/edition/tei/letter-${i}.xml`,
      text: bad.has(i) ? `<letter n="x${i}"><p>${i}</p></letter>` : `<letter n="${i}"><p>${i}</p><p>ещё</p></letter>`,
    }));
    const run = await validateWithJing(schema, targets, { runs: 3 });
    expect(run.results.size).toBe(600);
    for (const [i, t] of targets.entries()) {
      const diags = run.results.get(t.file)!;
      expect(run.engines.get(t.file)).toBe('jing');
      if (!bad.has(i)) {
        expect([t.file, diags]).toEqual([t.file, []]);
        continue;
      }
      expect(diags).toHaveLength(1);
      expect(diags[0]).toMatchObject({ file: t.file, line: 1, severity: 'error', rule: 'relaxng' });
      expect(diags[0].message).toMatch(/attribute "n" is invalid/);
    }
  });

  it('gives the same verdicts in one run as in several', async () => {
    const targets = Array.from({ length: 520 }, (_, i) => ({ file: `/e/${i}.xml`, text: i % 100 === 0 ? '<letter n="1"/>' : `<letter n="${i}"><p/></letter>` }));
    const one = await validateWithJing(schema, targets, { runs: 1 });
    const two = await validateWithJing(schema, targets, { runs: 2 });
    expect([...two.results].sort()).toEqual([...one.results].sort());
    expect([...one.results.values()].filter((d) => d.length > 0)).toHaveLength(6);
  });
});
