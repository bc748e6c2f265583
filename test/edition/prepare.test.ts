/**
 * teikit build --watch, while it waits for the first change, loads what that
 * rebuild would load first (src/edition/build.ts prepareToBuildAgain).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { prepareToBuildAgain } from '../../src/edition/build';
import { stylesheetLoaded } from '../../src/render/sef';

describe('prepareToBuildAgain', () => {
  it('loads the compiled stylesheets in this thread (before: not loaded), writing nothing', async () => {
    expect(stylesheetLoaded()).toBe(false);
    await prepareToBuildAgain(path.join(__dirname, '..', '..', 'editions', 'leningrad-letter-1925'), { validate: false, outDir: fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-prepare-')) });
    expect(stylesheetLoaded()).toBe(true);
  });
});
