import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildEdition } from '../../src/edition/build';
import { readSource } from '../../src/readers';
import { writeTei } from '../../src/writers/tei';
import { ROOT, TEI_ALL, ensureJing, jing } from '../helpers/jing';

beforeAll(() => ensureJing());

describe('TEI written by teikit is valid TEI P5 (jing, tei_all.rng)', () => {
  it('the bundled edition: both language versions', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-valid-'));
    const result = await buildEdition(path.join(ROOT, 'editions', 'leningrad-letter-1925'), { outDir: out });
    const files = result.documents.map((s) => s.path);
    expect(files.map((f) => path.basename(f))).toEqual(['leningrad-letter-1925.ru.xml', 'leningrad-letter-1925.en.xml']);
    const r = jing(TEI_ALL, files);
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
    // the xml-model PI names the project schema, shipped beside the TEI
    const xml = fs.readFileSync(files[0], 'utf8');
    const href = /<\?xml-model href="([^"]+)"/.exec(xml)?.[1];
    expect(href).toBe('../schema/teikit.rng');
    expect(fs.existsSync(path.resolve(path.dirname(files[0]), href!))).toBe(true);
  });

  it('every reader fixture converts to valid TEI', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-valid-fx-'));
    const files: string[] = [];
    for (const [dir, format, ext] of [['word-md', 'word-md', '.md'], ['mia-txt', 'mia-txt', '.txt']] as const) {
      const fixtureDir = path.join(ROOT, 'test', 'fixtures', dir);
      for (const name of fs.readdirSync(fixtureDir).filter((f) => f.endsWith(ext) && !/error|invalid|bad/i.test(f))) {
        const file = path.join(fixtureDir, name);
        const lang = /^ru[-_]/.test(name) ? 'ru' : 'en';
        const { doc } = readSource(file, { format, lang });
        const target = path.join(out, `${name}.xml`);
        fs.writeFileSync(target, writeTei(doc, { docId: `fx-${name.replace(/\W/g, '-')}` }));
        files.push(target);
      }
    }
    expect(files.length).toBeGreaterThanOrEqual(8);
    const r = jing(TEI_ALL, files);
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });
});
