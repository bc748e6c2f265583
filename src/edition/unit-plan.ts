import type { Candidate } from '../enrich/entities/tag';
import type { KeptWordsAt } from '../enrich/entities/kept-words';
import type { KeptAnalysis } from '../enrich/entities/morph';
import type { Register } from '../register/types';
import type { Diagnostic } from '../model/diagnostics';
import { type EditionManifest, type SourceEntry, originalOf, sourceId } from './manifest';

/*
 * Units as the build plans them and hands them to worker threads: plain
 * data, light to import (the reading, tagging and writing they lead to live
 * in units.ts, which loads the language libraries: a thread that only plans
 * and hands out units never loads them).
 */

/**
 * A unit of work: an original with its translations (one letter in all its
 * language versions), or a source standing alone. Units are independent of
 * each other, so they can be built in parallel and rebuilt one at a time.
 */
export interface Unit {
  /** The id of the unit's first document (the original). */
  key: string;
  sources: SourceEntry[];
}

/** Group the manifest's sources into units, in manifest order. */
export function planUnits(manifest: EditionManifest): Unit[] {
  const units = new Map<string, Unit>();
  for (const source of manifest.sources) {
    let root: SourceEntry = source;
    const seen = new Set<SourceEntry>();
    while (root.role === 'translation' && !seen.has(root)) {
      seen.add(root);
      const o = originalOf(manifest, root);
      if (!o) break;
      root = o;
    }
    const key = sourceId(manifest, root);
    const unit = units.get(key) ?? { key, sources: [] };
    unit.sources.push(source);
    units.set(key, unit);
  }
  return [...units.values()];
}

export interface UnitInput {
  /** The edition folder (holding edition.json). */
  editionDir: string;
  manifest: EditionManifest;
  unit: Unit;
  register?: Register;
  /** href of the xml-model PI in the TEI files, or none. */
  schemaHref?: string;
  /**
   * Check each document against these Schematron rules right after writing
   * it (compiled SEF in the disk cache, loaded once per thread); diagnostics
   * name the files as `<teiDir>/<file name>`.
   */
  rules?: { source: string; sefFile: string; teiDir: string };
  /**
   * Where each source's tagged document is kept between builds (by the
   * source's `file`), and the key it is valid for (the source's bytes, the
   * manifest, the register and teikit's code): a source unchanged since is
   * not read and tagged again (a letter whose original changed re-tags only
   * the original, and a thread that tags no English loads no English tagger).
   * With `reuse` false (`--force`) every source is tagged again and kept anew.
   */
  tagged?: Record<string, { file: string; key: string; reuse: boolean }>;
  /**
   * A folder (beside the TEI, on the same file system) where each document's TEI is written and flushed once built
   * and checked, instead of handing its text back: a long build, whose main thread then never holds every text.
   */
  stage?: string;
  /** Where Russian words' analyses are kept between builds (kept-words.ts): read before tagging; what is analysed anew comes back in UnitOutput.words. */
  words?: KeptWordsAt;
}

export interface UnitDocument {
  docId: string;
  lang: string;
  role: 'original' | 'translation';
  /** Doc id of the original, for translations. */
  originalId?: string;
  fileName: string;
  /** The TEI; empty when the worker put it in the staging folder (`staged`). */
  xml: string;
  /** Where the worker put the TEI (UnitInput.stage), flushed to disk, and the SHA-256 of its text. */
  staged?: { file: string; hash: string };
}

export interface UnitOutput {
  key: string;
  documents: UnitDocument[];
  candidates: Candidate[];
  /** Sources read and tagged anew (the others' tagged documents were kept, see UnitInput.tagged). */
  tagged: number;
  /** What the rules found (when `rules` was given), per document in order; empty when all passed. */
  diagnostics?: Diagnostic[];
  /** Words this thread analysed anew (when `words` was given), to keep. */
  words?: Array<[string, KeptAnalysis]>;
}

/**
 * The input as a worker thread needs it: the manifest with only the sources
 * the unit reads (its own and their originals, in manifest order). A unit
 * message is copied into the worker (structured clone); with the whole
 * manifest of a 1000-letter edition that copy cost more CPU than writing
 * the unit's TEI. buildUnit gives the same result for both: it reads
 * manifest.sources only to find originals (originalOf), and whichever
 * source originalOf picks from the whole list comes first among these too.
 */
export function unitInputForWorker(input: UnitInput): UnitInput {
  const { manifest, unit } = input;
  const needed = new Set<SourceEntry>(unit.sources);
  for (const s of unit.sources) {
    const o = originalOf(manifest, s);
    if (o) needed.add(o);
  }
  return { ...input, manifest: { ...manifest, sources: manifest.sources.filter((s) => needed.has(s)) } };
}
