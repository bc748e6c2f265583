import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadEdition, sourceId } from '../../src/edition/manifest';
import { teiFileName } from '../../src/edition/build';
import { readSource } from '../../src/readers';
import { loadRegister } from '../../src/register/load';
import { tagDocument } from '../../src/enrich/entities/tag';
import { writeTei } from '../../src/writers/tei';
import { alignEdition, evaluateGold, readGoldAlignment } from '../../src/enrich/align';
import { ROOT, TEI_ALL, ensureJing, jing } from '../helpers/jing';

beforeAll(() => ensureJing());

const SEED = path.join(ROOT, 'editions', 'leningrad-letter-1925');

/** xml:id → @corresp targets of the <p> and <s> elements of a TEI file. */
function links(xml: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of xml.matchAll(/<(p|s) xml:id="([^"]+)"(?: corresp="([^"]+)")?/g)) out.set(m[2], m[3] ? m[3].split(' ') : []);
  return out;
}

describe('aligned TEI', () => {
  const edition = loadEdition(SEED);
  const { manifest } = edition;
  const register = loadRegister(path.join(SEED, manifest.register!));
  const [ruSrc, enSrc] = manifest.sources;
  const read = (s: typeof ruSrc) => tagDocument(readSource(path.join(SEED, s.file), { format: s.format, lang: s.lang }).doc, register).doc;
  const ruFile = teiFileName(sourceId(manifest, ruSrc));
  const enFile = teiFileName(sourceId(manifest, enSrc));
  const aligned = alignEdition(read(ruSrc), read(enSrc), { originalFile: ruFile, translationFile: enFile });
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-align-tei-'));
  const files = [
    [ruFile, aligned.original, ruSrc],
    [enFile, aligned.translation, enSrc],
  ] as const;
  const xml = new Map<string, string>();
  for (const [name, doc, source] of files) {
    const text = writeTei(doc, { docId: sourceId(manifest, source), manifest, source });
    fs.writeFileSync(path.join(out, name), text);
    xml.set(name, text);
  }

  test('both documents, with <s> and @corresp, are valid against tei_all (jing)', () => {
    const r = jing(TEI_ALL, files.map(([name]) => path.join(out, name)));
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
    expect(xml.get(ruFile)).toContain(`<p xml:id="ru-p1" corresp="${enFile}#en-p1"><s xml:id="ru-p1-s1" corresp="${enFile}#en-p1-s1">`);
  });

  test('every @corresp points to an element of the other file that points back', () => {
    const ru = links(xml.get(ruFile)!);
    const en = links(xml.get(enFile)!);
    let count = 0;
    for (const [from, here, there, otherFile, thisFile] of [
      ['ru', ru, en, enFile, ruFile],
      ['en', en, ru, ruFile, enFile],
    ] as const) {
      for (const [id, targets] of here) {
        for (const target of targets) {
          const [file, frag] = target.split('#');
          expect([from, file]).toEqual([from, otherFile]);
          expect(there.get(frag)).toContain(`${thisFile}#${id}`);
          count++;
        }
      }
    }
    expect(count).toBe(2 * (3 + 10));
  });

  test('with the entity tagger run first, the seed still aligns perfectly (register ids and dates as anchors)', () => {
    const e = evaluateGold(path.join(ROOT, 'test', 'fixtures', 'align', 'leningrad-letter-1925', 'gold.json'), (d) => tagDocument(d, register).doc);
    expect(e.result.original.divisions[0].blocks.some((b) => b.kind === 'p' && JSON.stringify(b).includes('"kind":"entity"'))).toBe(true);
    expect(e.score.paragraphs.accuracy).toBe(1);
    expect(e.score.sentenceLinks.f1).toBe(1);
    expect(readGoldAlignment(e.goldFile).sentences).toHaveLength(10);
  });
});
