import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../io/atomic-write';
import { alignEdition } from '../enrich/align/align';
import { type Candidate, type TagResult, tagDocument } from '../enrich/entities/tag';
import { loadKeptWords } from '../enrich/entities/kept-words';
import { takeAnalysedWords } from '../enrich/entities/morph';
import type { TeiDocument } from '../model/document';
import { usedRefs } from '../enrich/entities/used-refs';
import { readSource } from '../readers';
import { appendStandOff } from '../register/standoff';
import { writeTei } from '../writers/tei';
import { type SourceEntry, originalOf, sourceId } from './manifest';
import type { UnitDocument, UnitInput, UnitOutput } from './unit-plan';

export { planUnits, unitInputForWorker, type Unit, type UnitDocument, type UnitInput, type UnitOutput } from './unit-plan';

/**
 * buildUnit, then the edition rules over each document it wrote (when asked):
 * the work of one unit in a worker thread, so both cores share the checking.
 */
export function buildAndCheckUnit(input: UnitInput): UnitOutput {
  const out = buildUnit(input);
  // loaded only when asked: the rules need SaxonJS, which a unit built beside a rebuild's main thread does without
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (input.rules) (require('./unit-rules') as typeof import('./unit-rules')).checkUnitRules(out, input.rules);
  if (input.stage) for (const d of out.documents) stageDocument(d, input.stage);
  return out;
}

/**
 * Put a document's TEI in the staging folder (written, not flushed: the build flushes the staged files while it checks
 * them, and renames each into place once the edition is checked), keeping its hash instead of its text.
 */
function stageDocument(d: UnitDocument, stage: string): void {
  const file = path.join(stage, d.fileName);
  fs.mkdirSync(stage, { recursive: true });
  fs.writeFileSync(file, d.xml);
  d.staged = { file, hash: crypto.createHash('sha256').update(d.xml).digest('hex') };
  d.xml = '';
}

/**
 * Read, tag, align and write one unit: pure computation, no file is written
 * (the caller validates and writes). Runs in a worker thread for large builds.
 */
export function buildUnit(input: UnitInput): UnitOutput {
  const { manifest, unit, register } = input;
  const docs = new Map<SourceEntry, TeiDocument>();
  const candidates: Candidate[] = [];
  let taggedAnew = 0;
  for (const source of unit.sources) {
    const keep = input.tagged?.[source.file];
    const kept = keep?.reuse ? keptTagging(keep) : undefined;
    if (kept) {
      docs.set(source, kept.doc);
      candidates.push(...kept.candidates);
      continue;
    }
    const { doc } = readSource(path.join(input.editionDir, source.file), { format: source.format, lang: source.lang });
    // explicit document ids (editions of many letters) prefix the xml:ids, keeping them unique in the corpus
    if (source.id) doc.idPrefix = source.id;
    // words seen by earlier builds are not analysed again (nor Az.Morph's dictionaries loaded for them)
    if (input.words) loadKeptWords(input.words);
    const tagged = tagDocument(doc, register);
    taggedAnew++;
    docs.set(source, tagged.doc);
    candidates.push(...tagged.candidates);
    if (keep) keepTagging(keep, tagged);
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
  const out: UnitOutput = { key: unit.key, documents, candidates, tagged: taggedAnew };
  if (input.words) out.words = takeAnalysedWords();
  return out;
}

/** The format of a kept tagging (the tagged document model as JSON): a file of another format is not read. */
const TAGGING_FORMAT = 'teikit-tagged 1';

/** A source's tagged document as an earlier build kept it, when kept under `key`; undefined when missing, stale or damaged. */
export function keptTagging(keep: { file: string; key: string }): TagResult | undefined {
  let text: string;
  try {
    text = fs.readFileSync(keep.file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const v = JSON.parse(text) as { format?: unknown; key?: unknown; doc?: unknown; candidates?: unknown };
    if (v.format !== TAGGING_FORMAT || v.key !== keep.key || !v.doc || typeof v.doc !== 'object' || !Array.isArray(v.candidates)) return undefined;
    return { doc: v.doc as TeiDocument, candidates: v.candidates as Candidate[] };
  } catch {
    return undefined;
  }
}

/** Keep a source's tagged document for later builds (a cache: written atomically, not flushed to disk; checked by its key when read). */
export function keepTagging(keep: { file: string; key: string }, tagged: TagResult): void {
  try {
    writeFileAtomic(keep.file, JSON.stringify({ format: TAGGING_FORMAT, key: keep.key, doc: tagged.doc, candidates: tagged.candidates }), { fsync: false });
  } catch {
    // a cache that cannot be written is no error: the source is tagged again next time
  }
}
