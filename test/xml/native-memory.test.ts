/**
 * libxml2 documents are outside V8's heap, so loops that parse thousands of
 * them ask for a collection every so many documents (src/xml/native-memory.ts):
 * an object no longer referenced is gone after the counted parse that
 * triggers it, not only when V8's own heap fills.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as libxml from 'libxmljs2';
import { collectGarbageNow, collectNativeDocuments, parsedNativeDocument } from '../../src/xml/native-memory';

const LETTER_TEI = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'render', 'letter', 'leningrad-letter-1925.en.xml'), 'utf8');
const libxmlBytes = (): number => (libxml as unknown as { memoryUsage(): number }).memoryUsage();

/** Parse the letter's TEI `n` times and visit every element, as the export does (each element gets its JS object); keep none. */
function parseAndVisit(n: number, count = false): void {
  for (let i = 0; i < n; i++) {
    if (count) parsedNativeDocument(25);
    const doc = libxml.parseXml(LETTER_TEI);
    for (const e of doc.find('//*') as libxml.Element[]) e.name();
  }
}

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

test('the documents let go of are freed, however deep their visited nodes (each node\'s object holds its ancestor\'s)', () => {
  collectNativeDocuments();
  const base = libxmlBytes();
  parseAndVisit(100);
  const held = libxmlBytes() - base;
  expect(held).toBeGreaterThan(100 * 20000); // the 100 documents, parsed
  const rounds = collectNativeDocuments();
  // one collection frees only the innermost nodes' objects: it takes one for each level of the tree
  expect(rounds).toBeGreaterThan(3);
  expect(libxmlBytes() - base).toBeLessThan(held / 50);
});

test('a loop that counts its documents holds a few batches of them, however many it parses', () => {
  collectNativeDocuments();
  const base = libxmlBytes();
  parseAndVisit(1);
  const one = libxmlBytes() - base;
  const heldAfter = (n: number): number => {
    collectNativeDocuments();
    parseAndVisit(n, true);
    return libxmlBytes() - base;
  };
  // collected every 25 documents: the last batches, that earlier collections had not finished freeing (about 100
  // documents here, all as deep); without the rounds of collections, every one of them
  const short = heldAfter(200);
  const long = heldAfter(800);
  expect(short).toBeGreaterThan(0);
  expect(short).toBeLessThanOrEqual(150 * one);
  expect(long).toBeLessThanOrEqual(150 * one);
});
