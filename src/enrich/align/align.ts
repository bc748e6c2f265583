import { allBlocks, inlineText, type Paragraph, type Sentence, type TeiDocument } from '../../model/document';
import { fail } from '../../model/diagnostics';
import { anchorsOf, type SentenceAnchors, sentenceAnchors } from './anchors';
import { DEFAULT_OPTIONS, galeChurch, type AlignUnit, type GaleChurchOptions } from './gale-church';
import { wrapSentences } from './wrap';

/** One bead of the alignment: ids on each side (one side empty for an omission). */
export interface AlignmentLink {
  /** xml:ids in the original (empty: the translation's part has no counterpart). */
  original: string[];
  /** xml:ids in the translation (empty: the original's part was not translated). */
  translation: string[];
  /** The aligner's cost for this bead (lower is surer). */
  cost: number;
}

export interface Alignment {
  originalFile: string;
  translationFile: string;
  /** Paragraph beads, in document order, covering every paragraph of both documents. */
  paragraphs: AlignmentLink[];
  /** Sentence beads, in document order, covering every sentence of both documents. */
  sentences: AlignmentLink[];
}

export interface AlignOptions {
  /** File name of the original's TEI, as the translation's @corresp points to it ("x.ru.xml"). */
  originalFile: string;
  /** File name of the translation's TEI, as the original's @corresp points to it ("x.en.xml"). */
  translationFile: string;
  /** Tuning of the length model and anchor weights (defaults: see DEFAULT_OPTIONS). */
  model?: Partial<Omit<GaleChurchOptions, 'ratio'>>;
}

export interface AlignResult {
  original: TeiDocument;
  translation: TeiDocument;
  alignment: Alignment;
}

interface ParaInfo {
  para: Paragraph;
  sentences: Sentence[];
  unit: AlignUnit;
}

/**
 * Characters of translation per character of original, estimated from the
 * texts but drawn towards 1 by a pseudo-count of RATIO_PRIOR_CHARS
 * characters, so that a short text (or one with an omission) cannot make
 * any bead look right.
 */
const RATIO_PRIOR_CHARS = 1000;
function shrunkRatio(lenO: number, lenT: number): number {
  return (lenT + RATIO_PRIOR_CHARS) / (lenO + RATIO_PRIOR_CHARS);
}

function textLength(s: string): number {
  return s.replace(/\s+/gu, '').length;
}

function checkFileName(doc: TeiDocument, name: string, which: string): void {
  if (name === '' || /[\s#]/u.test(name)) {
    fail(doc.file, 'align/target-file', `${which} must be a file name without spaces or '#' (used in @corresp pointers), got ${JSON.stringify(name)}`);
  }
}

/**
 * Set paragraph ids `{lang}-p{N}` and wrap sentences `{lang}-p{N}-s{M}`.
 * Pointers into `otherFile` from an earlier run are dropped; pointers into
 * other files (a second translation of the same original) are kept, on the
 * paragraph and on the sentence with the same id.
 */
function prepare(doc: TeiDocument, otherFile: string, sentenceMemo: SentenceAnchors): ParaInfo[] {
  const keep = (corresp: string[] | undefined): string[] | undefined => {
    const rest = (corresp ?? []).filter((c) => !c.startsWith(`${otherFile}#`));
    return rest.length > 0 ? rest : undefined;
  };
  const infos: ParaInfo[] = [];
  let n = 0;
  for (const block of allBlocks(doc)) {
    if (block.kind !== 'p') continue;
    n++;
    block.id = `${doc.idPrefix ?? doc.lang}-p${n}`;
    const paraCorresp = keep(block.corresp);
    if (paraCorresp) block.corresp = paraCorresp;
    else delete block.corresp;
    const earlier = new Map<string, string[]>();
    for (const node of block.content) {
      const kept = node.kind === 's' ? keep(node.corresp) : undefined;
      if (node.kind === 's' && kept) earlier.set(node.id, kept);
    }
    const { content, sentences } = wrapSentences(block.content, doc.lang, block.id);
    for (const s of sentences) {
      const kept = earlier.get(s.id);
      if (kept) s.corresp = kept;
    }
    block.content = content;
    infos.push({
      para: block,
      sentences,
      unit: { length: textLength(inlineText(content)), anchors: anchorsOf(content, new Set(), sentenceMemo) },
    });
  }
  return infos;
}

function sentenceUnit(s: Sentence, sentenceMemo: SentenceAnchors): AlignUnit {
  return { length: textLength(inlineText(s.children)), anchors: sentenceAnchors(s.children, sentenceMemo) };
}

function link<T extends { id?: string; corresp?: string[] }>(from: T[], to: T[], toFile: string): void {
  if (from.length === 0 || to.length === 0) return;
  const targets = to.map((t) => `${toFile}#${t.id}`);
  for (const f of from) f.corresp = [...(f.corresp ?? []), ...targets];
}

/**
 * Align a translation with its original: paragraphs first, then sentences
 * within each group of aligned paragraphs. Returns copies of both documents
 * with every paragraph given its id `{lang}-p{N}` (N counts Paragraph blocks
 * from 1 in document order), every paragraph's sentences wrapped in Sentence
 * nodes with ids `{lang}-p{N}-s{M}`, and `corresp` set on paragraphs and
 * sentences on both sides as `<other file>#<id>`. Parts without a
 * counterpart get no corresp. The inputs are not changed. Aligning the same
 * original with a second translation keeps the pointers into the first
 * (corresp then lists both files' counterparts).
 */
export function alignEdition(original: TeiDocument, translation: TeiDocument, opts: AlignOptions): AlignResult {
  checkFileName(original, opts.originalFile, 'originalFile');
  checkFileName(translation, opts.translationFile, 'translationFile');
  const orig = structuredClone(original);
  const trans = structuredClone(translation);
  const sentenceMemo: SentenceAnchors = new WeakMap();
  const po = prepare(orig, opts.translationFile, sentenceMemo);
  const pt = prepare(trans, opts.originalFile, sentenceMemo);

  const lenO = po.reduce((s, p) => s + p.unit.length, 0);
  const lenT = pt.reduce((s, p) => s + p.unit.length, 0);
  const model: Partial<GaleChurchOptions> = {
    ...DEFAULT_OPTIONS,
    ...opts.model,
    ratio: shrunkRatio(lenO, lenT),
  };

  const alignment: Alignment = {
    originalFile: opts.originalFile,
    translationFile: opts.translationFile,
    paragraphs: [],
    sentences: [],
  };

  // Two passes: the length ratio of the whole texts is skewed by whatever one
  // side leaves out, so it is estimated again from the one-to-one paragraph
  // beads of a first pass.
  let paraBeads = galeChurch(
    po.map((p) => p.unit),
    pt.map((p) => p.unit),
    model,
  );
  const ones = paraBeads.filter((b) => b.a.length === 1 && b.b.length === 1);
  const oneO = ones.reduce((s, b) => s + po[b.a[0]].unit.length, 0);
  const oneT = ones.reduce((s, b) => s + pt[b.b[0]].unit.length, 0);
  if (oneO > 0 && oneT > 0 && shrunkRatio(oneO, oneT) !== model.ratio) {
    model.ratio = shrunkRatio(oneO, oneT);
    paraBeads = galeChurch(
      po.map((p) => p.unit),
      pt.map((p) => p.unit),
      model,
    );
  }
  for (const bead of paraBeads) {
    const ps = bead.a.map((k) => po[k]);
    const qs = bead.b.map((k) => pt[k]);
    alignment.paragraphs.push({ original: ps.map((p) => p.para.id ?? ''), translation: qs.map((q) => q.para.id ?? ''), cost: bead.cost });
    link(
      ps.map((p) => p.para),
      qs.map((q) => q.para),
      opts.translationFile,
    );
    link(
      qs.map((q) => q.para),
      ps.map((p) => p.para),
      opts.originalFile,
    );

    const so = ps.flatMap((p) => p.sentences);
    const st = qs.flatMap((q) => q.sentences);
    const sentBeads = galeChurch(so.map((s) => sentenceUnit(s, sentenceMemo)), st.map((s) => sentenceUnit(s, sentenceMemo)), model);
    for (const sb of sentBeads) {
      const a = sb.a.map((k) => so[k]);
      const b = sb.b.map((k) => st[k]);
      alignment.sentences.push({ original: a.map((s) => s.id), translation: b.map((s) => s.id), cost: sb.cost });
      link(a, b, opts.translationFile);
      link(b, a, opts.originalFile);
    }
  }
  return { original: orig, translation: trans, alignment };
}
