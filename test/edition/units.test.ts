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
