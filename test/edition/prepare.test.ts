/**
 * teikit build --watch, while it waits for the first change, loads what that
 * rebuild would load first (src/edition/build.ts prepareToBuildAgain).
 */
import { prepareToBuildAgain } from '../../src/edition/build';
import { stylesheetLoaded } from '../../src/render/sef';

describe('prepareToBuildAgain', () => {
  it('loads the compiled stylesheets in this thread (before: not loaded), writing nothing', async () => {
    expect(stylesheetLoaded()).toBe(false);
    await prepareToBuildAgain({ validate: false });
    expect(stylesheetLoaded()).toBe(true);
  });
});
