/**
 * libxml2 documents are outside V8's heap, so loops that parse thousands of
 * them ask for a collection every so many documents (src/xml/native-memory.ts):
 * an object no longer referenced is gone after the counted parse that
 * triggers it, not only when V8's own heap fills.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { collectGarbageNow, parsedNativeDocument } from '../../src/xml/native-memory';
import { ROOT } from '../helpers/jing';

const LETTER_TEI = path.join(ROOT, 'test', 'fixtures', 'render', 'letter', 'leningrad-letter-1925.en.xml');

/**
 * Run `body` in a Node process of its own (libxml2's memory is the process's: documents other tests left would be
 * freed in the middle of these), with the built native-memory module as `nm`, libxmljs2 as `libxml`, `bytes()` its
 * memory in use, and `parseAndVisit(n, count)`: the letter's TEI parsed `n` times, every element visited as the export
 * does (each gets its JS object), none kept, each parse counted (every 25) when `count`. Returns what `body` returns.
 */
function inOwnProcess<T>(body: string): T {
  const script = `
    const nm = require(${JSON.stringify(path.join(ROOT, 'dist-lib', 'src', 'xml', 'native-memory.js'))});
    const libxml = require('libxmljs2');
    const text = require('node:fs').readFileSync(${JSON.stringify(LETTER_TEI)}, 'utf8');
    const bytes = () => libxml.memoryUsage();
    const parseAndVisit = (n, count) => {
      for (let i = 0; i < n; i++) {
        if (count) nm.parsedNativeDocument(25);
        const doc = libxml.parseXml(text);
        for (const e of doc.find('//*')) e.name();
      }
    };
    process.stdout.write(JSON.stringify((() => { ${body} })()));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' })) as T;
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
  const r = inOwnProcess<{ held: number; rounds: number; left: number }>(`
    nm.collectNativeDocuments();
    const base = bytes();
    parseAndVisit(100);
    const held = bytes() - base;
    const rounds = nm.collectNativeDocuments();
    return { held, rounds, left: bytes() - base };`);
  expect(r.held).toBeGreaterThan(100 * 20000); // the 100 documents, parsed
  // one collection frees only the innermost nodes' objects: it takes one for each level of the tree
  expect(r.rounds).toBeGreaterThan(3);
  expect(r.left).toBeLessThan(r.held / 50);
});

test('a loop that counts its documents holds a few batches of them, however many it parses', () => {
  const r = inOwnProcess<{ one: number; short: number; long: number }>(`
    nm.collectNativeDocuments();
    const base = bytes();
    parseAndVisit(1);
    const one = bytes() - base;
    const heldAfter = (n) => {
      nm.collectNativeDocuments();
      parseAndVisit(n, true);
      return bytes() - base;
    };
    return { one, short: heldAfter(200), long: heldAfter(800) };`);
  // collected every 25 documents: the last batches, that earlier collections had not finished freeing (about 100
  // documents here, all as deep); without the rounds of collections, every one of them
  expect(r.short).toBeGreaterThan(0);
  expect(r.short).toBeLessThanOrEqual(150 * r.one);
  expect(r.long).toBeLessThanOrEqual(150 * r.one);
});
