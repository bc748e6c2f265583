/**
 * libxml2 documents (libxmljs2) live outside V8's heap, and V8 does not see
 * their size: a loop that parses thousands of documents keeps every one of
 * them until a garbage collection that their size never triggers (the export
 * of a 2,000-document edition held ~550 MB that way). Such loops call
 * `parsedNativeDocument()` once per document; every `every` documents it runs a
 * collection, which frees the documents no longer referenced.
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

/** Count one parsed libxml2 document; collect every `every` of them. */
export function parsedNativeDocument(every = 250): void {
  parsed += 1;
  if (parsed % every === 0) collector()?.();
}

/**
 * Run a full collection now (when the collector can be had): for a caller
 * that has just let go of a large part of the heap (a long build, its
 * documents' texts) and is about to start threads, so that the garbage is
 * freed before they add their own memory rather than when V8 gets to it.
 */
export function collectGarbageNow(): void {
  collector()?.();
}
