import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EntityMention, EntityType, Inline, TeiDocument } from '../../model/document';
import { allBlocks, inlineText } from '../../model/document';
import { fail } from '../../model/diagnostics';
import { readSource } from '../../readers';
import { loadRegister } from '../../register/load';
import type { Register } from '../../register/types';
import { tagDocument } from './tag';

/**
 * Scoring the tagger against hand-written gold annotations
 * (test/enrich/gold/*.json). A gold file names its source text (and the
 * register it is linked to) relative to itself and lists every mention of
 * the body and the notes in document order: type, text, register id (none
 * for a name not in the register), normalised date, and `in` (the text of
 * the enclosing mention) for a nested one.
 *
 * Mentions are compared as multisets per document: a predicted mention is
 * right when a gold mention has the same type and exactly the same text,
 * the same when/from/to (dates), and, when scoring with the register, the
 * same ref. Precision, recall and F1 per type are summed over all documents.
 * The title in the header (`meta.titleContent`) repeats the head and is not
 * scored.
 */
export interface GoldMention {
  type: EntityType;
  text: string;
  ref?: string;
  when?: string;
  from?: string;
  to?: string;
  in?: string;
}

export interface GoldFile {
  source: string;
  format: 'word-md' | 'mia-txt';
  lang: string;
  register?: string;
  comment?: string;
  mentions: GoldMention[];
}

export interface FoundMention extends GoldMention {
  /** Nesting depth (0: top level). */
  depth: number;
}

export interface TypeScore {
  type: EntityType;
  gold: number;
  predicted: number;
  correct: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface ScoreReport {
  mode: 'register' | 'cold';
  documents: string[];
  byType: TypeScore[];
  /** Gold dates found with the right span, and how many of them carry the right ISO value. */
  dates: { found: number; normalisedRight: number; gold: number };
}

export const TYPES: EntityType[] = ['persName', 'orgName', 'placeName', 'date'];

/** Every EntityMention of the body and the notes, in document order, flattened (nesting in `in`/`depth`). */
export function mentionsOf(doc: TeiDocument): FoundMention[] {
  const out: FoundMention[] = [];
  const walk = (nodes: Inline[], parent: EntityMention | undefined, depth: number): void => {
    for (const n of nodes) {
      if (n.kind === 'entity') {
        const m: FoundMention = { type: n.type, text: inlineText(n.children), depth };
        if (n.ref !== undefined) m.ref = n.ref;
        if (n.when !== undefined) m.when = n.when;
        if (n.from !== undefined) m.from = n.from;
        if (n.to !== undefined) m.to = n.to;
        if (parent) m.in = inlineText(parent.children);
        out.push(m);
        walk(n.children, n, depth + 1);
      } else if (n.kind === 'emph' || n.kind === 's') walk(n.children, parent, depth);
    }
  };
  for (const b of allBlocks(doc)) {
    switch (b.kind) {
      case 'head':
      case 'p':
      case 'bibl':
        walk(b.content, undefined, 0);
        break;
      case 'opener':
        walk(b.salute ?? [], undefined, 0);
        walk(b.dateline ?? [], undefined, 0);
        break;
      case 'closer':
        for (const p of b.parts) walk(p.content, undefined, 0);
        break;
    }
  }
  for (const note of doc.notes) for (const p of note.paragraphs) walk(p, undefined, 0);
  return out;
}

function key(m: GoldMention, withRefs: boolean): string {
  return [m.type, m.text, withRefs ? (m.ref ?? '') : '', m.when ?? '', m.from ?? '', m.to ?? ''].join('\u0000');
}

export interface DocScore {
  counts: Record<EntityType, { gold: number; predicted: number; correct: number }>;
  dates: { found: number; normalisedRight: number; gold: number };
}

/** Compare one document's predicted mentions with its gold. */
export function scoreDocument(gold: GoldMention[], predicted: GoldMention[], withRefs: boolean): DocScore {
  const counts = Object.fromEntries(TYPES.map((t) => [t, { gold: 0, predicted: 0, correct: 0 }])) as DocScore['counts'];
  const pool = new Map<string, number>();
  for (const g of gold) {
    counts[g.type].gold++;
    pool.set(key(g, withRefs), (pool.get(key(g, withRefs)) ?? 0) + 1);
  }
  for (const p of predicted) {
    counts[p.type].predicted++;
    const k = key(p, withRefs);
    const left = pool.get(k) ?? 0;
    if (left > 0) {
      counts[p.type].correct++;
      pool.set(k, left - 1);
    }
  }
  // dates: found by span, then is the value right
  const spans = new Map<string, GoldMention[]>();
  for (const p of predicted.filter((m) => m.type === 'date')) spans.set(p.text, [...(spans.get(p.text) ?? []), p]);
  const dates = { found: 0, normalisedRight: 0, gold: 0 };
  for (const g of gold.filter((m) => m.type === 'date')) {
    dates.gold++;
    const list = spans.get(g.text);
    if (!list || !list.length) continue;
    dates.found++;
    const i = list.findIndex((p) => p.when === g.when && p.from === g.from && p.to === g.to);
    if (i >= 0) {
      dates.normalisedRight++;
      list.splice(i, 1);
    } else list.shift();
  }
  return { counts, dates };
}

const ratio = (a: number, b: number): number => (b === 0 ? (a === 0 ? 1 : 0) : a / b);

export function summarise(mode: 'register' | 'cold', documents: string[], scores: DocScore[]): ScoreReport {
  const byType = TYPES.map((type) => {
    const gold = scores.reduce((s, d) => s + d.counts[type].gold, 0);
    const predicted = scores.reduce((s, d) => s + d.counts[type].predicted, 0);
    const correct = scores.reduce((s, d) => s + d.counts[type].correct, 0);
    const precision = ratio(correct, predicted);
    const recall = ratio(correct, gold);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { type, gold, predicted, correct, precision, recall, f1 };
  });
  const dates = scores.reduce((s, d) => ({ found: s.found + d.dates.found, normalisedRight: s.normalisedRight + d.dates.normalisedRight, gold: s.gold + d.dates.gold }), { found: 0, normalisedRight: 0, gold: 0 });
  return { mode, documents, byType, dates };
}

/** Read and check a gold file (shape, types, source present). */
export function loadGold(file: string): GoldFile {
  let data: GoldFile;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8')) as GoldFile;
  } catch (err) {
    fail(file, 'gold/unreadable', `cannot read gold annotations: ${(err as Error).message}`);
  }
  if (!data || typeof data.source !== 'string' || typeof data.lang !== 'string' || !Array.isArray(data.mentions)) {
    fail(file, 'gold/shape', 'expected an object with "source", "lang", "format" and "mentions"');
  }
  data.mentions.forEach((m, i) => {
    if (!TYPES.includes(m.type) || typeof m.text !== 'string' || !m.text) fail(file, 'gold/shape', `$.mentions[${i}]: expected a type (${TYPES.join(', ')}) and a text`);
  });
  return data;
}

export interface GoldRun {
  goldFile: string;
  gold: GoldFile;
  doc: TeiDocument;
  register?: Register;
}

/** Read each gold file's source with the real reader, and its register. */
export function prepareGold(files: string[]): GoldRun[] {
  return files.map((goldFile) => {
    const gold = loadGold(goldFile);
    const dir = path.dirname(goldFile);
    const { doc } = readSource(path.resolve(dir, gold.source), { format: gold.format, lang: gold.lang });
    const register = gold.register ? loadRegister(path.resolve(dir, gold.register)) : undefined;
    return { goldFile, gold, doc, register };
  });
}

/** Score (a) with each gold file's register and (b) cold, with no register. */
export function scoreRuns(runs: GoldRun[], mode: 'register' | 'cold'): ScoreReport {
  const scores = runs.map((r) => {
    const { doc } = tagDocument(r.doc, mode === 'register' ? r.register : undefined);
    return scoreDocument(r.gold.mentions, mentionsOf(doc), mode === 'register');
  });
  return summarise(mode, runs.map((r) => r.goldFile), scores);
}

const f3 = (x: number): string => x.toFixed(3);

/** A Markdown table of a report. */
export function formatReport(r: ScoreReport): string {
  const lines = [
    `${r.mode === 'register' ? '(a) with the register' : '(b) cold start, empty register'}: ${r.documents.length} documents`,
    '',
    '| type | gold | predicted | correct | precision | recall | F1 |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.byType.map((t) => `| ${t.type} | ${t.gold} | ${t.predicted} | ${t.correct} | ${f3(t.precision)} | ${f3(t.recall)} | ${f3(t.f1)} |`),
    '',
    `dates: ${r.dates.found} of ${r.dates.gold} gold dates found, ${r.dates.normalisedRight} of them normalised right`,
  ];
  return lines.join('\n');
}
