/**
 * libxml2 documents are outside V8's heap, so loops that parse thousands of
 * them ask for a collection every so many documents (src/xml/native-memory.ts):
 * an object no longer referenced is gone after the counted parse that
 * triggers it, not only when V8's own heap fills.
 */
import { collectGarbageNow, parsedNativeDocument } from '../../src/xml/native-memory';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

test('every n-th counted document runs a collection that frees what is no longer referenced', async () => {
  let ref: WeakRef<object> | undefined;
  (() => {
    ref = new WeakRef({ payload: new Array(10000).fill('x') });
  })();
  await tick();
  expect(ref!.deref()).toBeDefined(); // nothing has collected it yet
  await tick();
  parsedNativeDocument(1);
  await tick();
  expect(ref!.deref()).toBeUndefined();
});

test('a collection on demand frees what the caller let go of (a long build, its texts, before the rendering threads start)', async () => {
  let ref: WeakRef<object> | undefined;
  (() => {
    ref = new WeakRef({ texts: Array.from({ length: 1000 }, (_, i) => `<TEI n="${i}">${'ж'.repeat(1000)}</TEI>`) });
  })();
  await tick();
  expect(ref!.deref()).toBeDefined();
  await tick();
  collectGarbageNow();
  await tick();
  expect(ref!.deref()).toBeUndefined();
});
