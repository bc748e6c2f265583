import * as path from 'node:path';
import { alignEdition } from '../enrich/align/align';
import { type Candidate, tagDocument } from '../enrich/entities/tag';
import type { TeiDocument } from '../model/document';
import { usedRefs } from '../enrich/entities/used-refs';
import { readSource } from '../readers';
import { appendStandOff } from '../register/standoff';
import type { Register } from '../register/types';
import { writeTei } from '../writers/tei';
import { type EditionManifest, type SourceEntry, originalOf, sourceId } from './manifest';
import type { Diagnostic } from '../model/diagnostics';
import { elementPositions } from '../xml/positions';
import { loadCompiledSchematron, runSchematron } from '../validate/schematron-run';

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
}

export interface UnitDocument {
  docId: string;
  lang: string;
  role: 'original' | 'translation';
  /** Doc id of the original, for translations. */
  originalId?: string;
  fileName: string;
  xml: string;
}

export interface UnitOutput {
  key: string;
  documents: UnitDocument[];
  candidates: Candidate[];
  /** What the rules found (when `rules` was given), per document in order; empty when all passed. */
  diagnostics?: Diagnostic[];
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

/**
 * buildUnit, then the edition rules over each document it wrote (when asked):
 * the work of one unit in a worker thread, so both cores share the checking.
 */
export function buildAndCheckUnit(input: UnitInput): UnitOutput {
  const out = buildUnit(input);
  const rules = input.rules;
  if (!rules) return out;
  // a DOCTYPE (never written by teikit) would need the main thread's entity handling: left to it
  if (out.documents.some((d) => d.xml.includes('<!DOCTYPE'))) return out;
  const compiled = loadCompiledSchematron(rules.source, rules.sefFile);
  out.diagnostics = [];
  for (const d of out.documents) {
    // teikit's writer declares UTF-8 and no DOCTYPE: the text is what SaxonJS reads, positions are exact
    const text = d.xml.replace(/^(\ufeff?<\?xml\s+version\s*=\s*["'])1\.1/, '$11.0');
    out.diagnostics.push(...runSchematron(compiled, text, path.join(rules.teiDir, d.fileName), () => elementPositions(d.xml)));
  }
  return out;
}

/**
 * Read, tag, align and write one unit: pure computation, no file is written
 * (the caller validates and writes). Runs in a worker thread for large builds.
 */
export function buildUnit(input: UnitInput): UnitOutput {
  const { manifest, unit, register } = input;
  const docs = new Map<SourceEntry, TeiDocument>();
  const candidates: Candidate[] = [];
  for (const source of unit.sources) {
    const { doc } = readSource(path.join(input.editionDir, source.file), { format: source.format, lang: source.lang });
    // explicit document ids (editions of many letters) prefix the xml:ids, keeping them unique in the corpus
    if (source.id) doc.idPrefix = source.id;
    const tagged = tagDocument(doc, register);
    docs.set(source, tagged.doc);
    candidates.push(...tagged.candidates);
  }
  // align each translation with its original
  for (const source of unit.sources) {
    const original = originalOf(manifest, source);
    if (!original || !docs.has(original)) continue;
    const { original: o, translation: t } = alignEdition(docs.get(original)!, docs.get(source)!, {
      originalFile: `${sourceId(manifest, original)}.xml`,
      translationFile: `${sourceId(manifest, source)}.xml`,
    });
    docs.set(original, o);
    docs.set(source, t);
  }
  const knownIds = new Set<string>();
  if (register) for (const list of [register.persons, register.organisations, register.places]) for (const e of list) knownIds.add(e.id);
  const documents = unit.sources.map((source): UnitDocument => {
    const doc = docs.get(source)!;
    const docId = sourceId(manifest, source);
    const used = usedRefs(doc);
    for (const party of [manifest.letter?.sender, manifest.letter?.addressee, manifest.letter?.place]) {
      if (party?.ref && knownIds.has(party.ref)) used.add(party.ref);
    }
    const xml = writeTei(doc, {
      docId,
      manifest,
      source,
      schemaHref: input.schemaHref,
      knownIds,
      otherLanguages: register && used.size > 0 ? register.languages : undefined,
      standOff: register && used.size > 0 ? (tei) => appendStandOff(tei, register, source.lang, { only: used }) : undefined,
    });
    const original = originalOf(manifest, source);
    return {
      docId,
      lang: source.lang,
      role: source.role,
      originalId: original ? sourceId(manifest, original) : undefined,
      fileName: `${docId}.xml`,
      xml,
    };
  });
  return { key: unit.key, documents, candidates };
}
