import Ajv from 'ajv';
import { allBlocks, inlineText, type Inline, type Sentence, type TeiDocument } from '../../model/document';
import { fail, TeikitError } from '../../model/diagnostics';
import { readSourceText } from '../../io/read-source';
import type { AlignResult } from './align';

/**
 * Gold alignments and the scorer.
 *
 * A gold alignment names paragraphs and sentences by their text, not by id,
 * so it does not depend on how the splitter numbered them: a paragraph by
 * the start of its text (a prefix unique in its document), a sentence by its
 * full text. Texts are compared with all whitespace removed; note markers
 * are not part of a text.
 */
export interface GoldBead {
  original: string[];
  translation: string[];
}

export interface GoldAlignment {
  /** Source of the original, relative to the gold file. */
  original: string;
  /** Source of the translation, relative to the gold file. */
  translation: string;
  /** Every paragraph bead, in order, 1–0 and 0–1 beads included. */
  paragraphs: GoldBead[];
  /** Every sentence bead, in order, 1–0 and 0–1 beads included. */
  sentences: GoldBead[];
}

const beadSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['original', 'translation'],
  properties: {
    original: { type: 'array', items: { type: 'string', minLength: 1 } },
    translation: { type: 'array', items: { type: 'string', minLength: 1 } },
  },
};

const goldSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['original', 'translation', 'paragraphs', 'sentences'],
  properties: {
    $comment: { type: 'string' },
    original: { type: 'string', minLength: 1 },
    translation: { type: 'string', minLength: 1 },
    paragraphs: { type: 'array', items: beadSchema },
    sentences: { type: 'array', items: beadSchema },
  },
};

const validateGold = new Ajv({ allErrors: true }).compile<GoldAlignment>(goldSchema);

/** Read and check a gold alignment file (JSON). Bad files give a TeikitError naming the file. */
export function readGoldAlignment(file: string): GoldAlignment {
  const text = readSourceText(file);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const pos = /position (\d+)/.exec(msg);
    if (pos) {
      const offset = Number(pos[1]);
      const before = text.slice(0, offset).split('\n');
      fail(file, 'align/gold-json', `not JSON: ${msg}`, before.length, before[before.length - 1].length + 1);
    }
    fail(file, 'align/gold-json', `not JSON: ${msg}`);
  }
  if (!validateGold(data)) {
    throw new TeikitError(
      (validateGold.errors ?? []).map((e) => ({
        file,
        severity: 'error' as const,
        message: `gold alignment ${e.instancePath || '(root)'} ${e.message ?? 'is invalid'} (expected {original, translation, paragraphs: [{original: [...], translation: [...]}], sentences: [...]})`,
        rule: 'align/gold-schema',
      })),
    );
  }
  return data;
}

export interface LinkScore {
  /** Links the aligner proposed. */
  predicted: number;
  /** Links in the gold alignment. */
  gold: number;
  /** Proposed links that are in the gold alignment. */
  correct: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface AlignmentScore {
  /** Sentence links: every (original sentence, translation sentence) pair inside a bead. */
  sentenceLinks: LinkScore;
  /** Gold paragraph beads (1–0 and 0–1 included) the aligner reproduced exactly. */
  paragraphs: { gold: number; correct: number; accuracy: number };
  /** Gold sentences the splitter reproduced exactly (original and translation together). */
  sentences: { gold: number; found: number };
}

const norm = (s: string): string => s.replace(/\s+/gu, '');

function paragraphKeys(doc: TeiDocument): Map<string, string> {
  const byId = new Map<string, string>();
  for (const b of allBlocks(doc)) if (b.kind === 'p' && b.id) byId.set(b.id, norm(inlineText(b.content)));
  return byId;
}

function sentenceTexts(doc: TeiDocument): Map<string, string> {
  const byId = new Map<string, string>();
  const visit = (nodes: Inline[]): void => {
    for (const n of nodes) {
      if (n.kind === 's') byId.set(n.id, norm(inlineText((n as Sentence).children)));
      else if (n.kind === 'emph' || n.kind === 'entity') visit(n.children);
    }
  };
  for (const b of allBlocks(doc)) if (b.kind === 'p') visit(b.content);
  return byId;
}

/** Resolve a gold paragraph prefix to the one paragraph id it names. */
function resolveParagraph(prefix: string, paragraphs: Map<string, string>, goldFile: string, side: string): string {
  const key = norm(prefix);
  const hits = [...paragraphs].filter(([, text]) => text.startsWith(key)).map(([id]) => id);
  if (hits.length !== 1) {
    fail(goldFile, 'align/gold-paragraph', `${side} paragraph ${JSON.stringify(prefix)} matches ${hits.length} paragraphs (expected exactly one)`);
  }
  return hits[0];
}

function ratio(a: number, b: number): number {
  return b === 0 ? (a === 0 ? 1 : 0) : a / b;
}

/**
 * Score an alignment against a gold alignment. `goldFile` names the gold in
 * diagnostics (a gold paragraph prefix that matches no paragraph, or several,
 * is an error in the gold).
 */
export function scoreAlignment(result: AlignResult, gold: GoldAlignment, goldFile = 'gold'): AlignmentScore {
  // paragraphs
  const po = paragraphKeys(result.original);
  const pt = paragraphKeys(result.translation);
  const beadKey = (o: string[], t: string[]): string => `${o.join(' ')}|${t.join(' ')}`;
  const predictedParas = new Set(result.alignment.paragraphs.map((b) => beadKey(b.original, b.translation)));
  let parasCorrect = 0;
  for (const g of gold.paragraphs) {
    const o = g.original.map((p) => resolveParagraph(p, po, goldFile, 'original'));
    const t = g.translation.map((p) => resolveParagraph(p, pt, goldFile, 'translation'));
    if (predictedParas.has(beadKey(o, t))) parasCorrect++;
  }

  // sentences: links as pairs of texts (with the occurrence number, for repeated sentences)
  const so = sentenceTexts(result.original);
  const st = sentenceTexts(result.translation);
  const occurrenceKeys = (texts: string[]): string[] => {
    const seen = new Map<string, number>();
    return texts.map((t) => {
      const k = (seen.get(t) ?? 0) + 1;
      seen.set(t, k);
      return `${t}#${k}`;
    });
  };
  const predO = new Map<string, string>();
  const predT = new Map<string, string>();
  const idsO = result.alignment.sentences.flatMap((b) => b.original);
  const idsT = result.alignment.sentences.flatMap((b) => b.translation);
  occurrenceKeys(idsO.map((id) => so.get(id) ?? '')).forEach((k, i) => predO.set(idsO[i], k));
  occurrenceKeys(idsT.map((id) => st.get(id) ?? '')).forEach((k, i) => predT.set(idsT[i], k));
  const predicted = new Set<string>();
  for (const b of result.alignment.sentences) {
    for (const o of b.original) for (const t of b.translation) predicted.add(`${predO.get(o)}\u0000${predT.get(t)}`);
  }
  const goldO = occurrenceKeys(gold.sentences.flatMap((b) => b.original.map(norm)));
  const goldT = occurrenceKeys(gold.sentences.flatMap((b) => b.translation.map(norm)));
  const goldLinks = new Set<string>();
  let io = 0;
  let it = 0;
  for (const b of gold.sentences) {
    const o = goldO.slice(io, io + b.original.length);
    const t = goldT.slice(it, it + b.translation.length);
    io += b.original.length;
    it += b.translation.length;
    for (const x of o) for (const y of t) goldLinks.add(`${x}\u0000${y}`);
  }
  let correct = 0;
  for (const l of predicted) if (goldLinks.has(l)) correct++;
  const precision = ratio(correct, predicted.size);
  const recall = ratio(correct, goldLinks.size);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);

  const predSentencesO = new Set(predO.values());
  const predSentencesT = new Set(predT.values());
  const found = goldO.filter((k) => predSentencesO.has(k)).length + goldT.filter((k) => predSentencesT.has(k)).length;

  return {
    sentenceLinks: { predicted: predicted.size, gold: goldLinks.size, correct, precision, recall, f1 },
    paragraphs: { gold: gold.paragraphs.length, correct: parasCorrect, accuracy: ratio(parasCorrect, gold.paragraphs.length) },
    sentences: { gold: goldO.length + goldT.length, found },
  };
}
