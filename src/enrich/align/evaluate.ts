import * as path from 'node:path';
import type { TeiDocument } from '../../model/document';
import { readSource } from '../../readers';
import { alignEdition, type AlignResult } from './align';
import { readGoldAlignment, scoreAlignment, type AlignmentScore } from './score';

export interface GoldEvaluation {
  goldFile: string;
  result: AlignResult;
  score: AlignmentScore;
}

/**
 * Read a gold alignment file and the two sources it names (paths relative to
 * the gold file; format and language detected), align them, and score the
 * result. `prepare` may enrich each document first (e.g. the entity tagger,
 * whose register ids and dates become anchors).
 */
export function evaluateGold(goldFile: string, prepare: (doc: TeiDocument) => TeiDocument = (d) => d): GoldEvaluation {
  const gold = readGoldAlignment(goldFile);
  const dir = path.dirname(goldFile);
  const original = prepare(readSource(path.join(dir, gold.original)).doc);
  const translation = prepare(readSource(path.join(dir, gold.translation)).doc);
  const base = (file: string, lang: string): string => `${path.basename(file).replace(/\.[^.]*$/u, '')}.${lang}.xml`;
  const result = alignEdition(original, translation, {
    originalFile: base(path.dirname(path.resolve(dir, gold.original)), original.lang),
    translationFile: base(path.dirname(path.resolve(dir, gold.translation)), translation.lang),
  });
  return { goldFile, result, score: scoreAlignment(result, gold, goldFile) };
}

/** Pooled scores over several evaluations (links and paragraph beads summed, then divided). */
export function poolScores(scores: AlignmentScore[]): AlignmentScore {
  const sum = (f: (s: AlignmentScore) => number): number => scores.reduce((a, s) => a + f(s), 0);
  const predicted = sum((s) => s.sentenceLinks.predicted);
  const gold = sum((s) => s.sentenceLinks.gold);
  const correct = sum((s) => s.sentenceLinks.correct);
  const precision = predicted === 0 ? (correct === 0 ? 1 : 0) : correct / predicted;
  const recall = gold === 0 ? 1 : correct / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const pg = sum((s) => s.paragraphs.gold);
  const pc = sum((s) => s.paragraphs.correct);
  return {
    sentenceLinks: { predicted, gold, correct, precision, recall, f1 },
    paragraphs: { gold: pg, correct: pc, accuracy: pg === 0 ? 1 : pc / pg },
    sentences: { gold: sum((s) => s.sentences.gold), found: sum((s) => s.sentences.found) },
  };
}

const pct = (x: number): string => x.toFixed(3);

/** A plain-text table of scores, one row per gold file and a pooled row. */
export function formatAlignmentReport(evaluations: Array<{ name: string; score: AlignmentScore }>): string {
  const rows = [...evaluations, { name: 'pooled', score: poolScores(evaluations.map((e) => e.score)) }];
  const head = ['pair', 'paragraph beads', 'sentences found', 'links (pred/gold/correct)', 'precision', 'recall', 'F1'];
  const body = rows.map(({ name, score: s }) => [
    name,
    `${s.paragraphs.correct}/${s.paragraphs.gold}`,
    `${s.sentences.found}/${s.sentences.gold}`,
    `${s.sentenceLinks.predicted}/${s.sentenceLinks.gold}/${s.sentenceLinks.correct}`,
    pct(s.sentenceLinks.precision),
    pct(s.sentenceLinks.recall),
    pct(s.sentenceLinks.f1),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(head), ...body.map(line)].join('\n');
}
