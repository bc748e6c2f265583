/**
 * libxml2 documents are outside V8's heap, so loops that parse thousands of
 * them ask for a collection every so many documents (src/xml/native-memory.ts):
 * an object no longer referenced is gone after the counted parse that
 * triggers it, not only when V8's own heap fills.
 */
import { parsedNativeDocument } from '../../src/xml/native-memory';

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
