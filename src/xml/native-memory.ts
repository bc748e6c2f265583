/**
 * libxml2 documents (libxmljs2) live outside V8's heap, and V8 does not see
 * their size: a loop that parses thousands of documents keeps every one of
 * them until a garbage collection that their size never triggers (the export
 * of a 2,000-document edition held ~550 MB that way). Such loops call
 * `parsedNativeDocument()` once per document; every `every` documents it
 * collects until the documents no longer referenced are freed.
 *
 * One collection is not enough: libxmljs2 frees a document only once the JS
 * objects of all its nodes are gone, and each node's object holds (counts a
 * reference to) the object of its nearest ancestor that has one. A collection
 * frees the innermost of them; their ancestors' objects become collectable only
 * then, in the next collection. A document whose nodes were visited down to a
 * depth of d takes about d collections (teikit's TEI: 8 to 10). With one
 * collection every 250 documents, the export of 2,000 documents held 2,000
 * (109 MB of libxml2's memory still in use after its last collection, 265 MB
 * at its peak), and its peak grew by about 137 KB a letter with the edition.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

let collect: (() => void) | null | undefined;

function collector(): (() => void) | null {
  if (collect === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as () => void;
    } catch {
      collect = null; // no collector to call: memory is then only as bounded as V8 makes it
    }
  }
  return collect;
}

let parsed = 0;

/** Count one parsed libxml2 document; every `every` of them, free the ones no longer referenced (collectNativeDocuments). */
export function parsedNativeDocument(every = 250): void {
  parsed += 1;
  if (parsed % every === 0) collectNativeDocuments();
}

/** libxml2's bytes in use, as libxmljs2 counts them (it is loaded: a document was parsed). */
function libxmlBytes(): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('libxmljs2') as { memoryUsage(): number }).memoryUsage();
}

/**
 * Collect until the libxml2 documents no longer referenced are freed: collections one after the other (see above) while
 * libxml2's memory goes down, stopping at the first that frees nothing once one has, at most `rounds` of them. The
 * first collections may free nothing: documents all parsed since the last of them need one collection for each level
 * of their visited nodes before any is freed (up to 10 such collections are waited for). Returns the collections run.
 */
export function collectNativeDocuments(rounds = 24): number {
  const gc = collector();
  if (!gc) return 0;
  let before = libxmlBytes();
  let freed = false;
  for (let i = 0; i < rounds; i++) {
    gc();
    const now = libxmlBytes();
    if (now < before) freed = true;
    else if (freed || i >= STALL_ROUNDS - 1) return i + 1;
    before = now;
  }
  return rounds;
}

/** Collections run before giving up when none frees anything (the depth of the visited nodes: about 10 in teikit's TEI). */
const STALL_ROUNDS = 12;

/**
 * Run a full collection now (when the collector can be had): for a caller
 * that has just let go of a large part of the heap (a long build, its
 * documents' texts) and is about to start threads, so that the garbage is
 * freed before they add their own memory rather than when V8 gets to it.
 */
export function collectGarbageNow(): void {
  collector()?.();
}
