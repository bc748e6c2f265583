/** Alignment of a translation with its original: sentences, Gale–Church beads, anchors, scoring. */
export { alignEdition, type AlignOptions, type AlignResult, type Alignment, type AlignmentLink } from './align';
export { splitSentences, isSentenceBoundary, type SentenceSpan } from './sentence-split';
export { wrapSentences, unwrapSentences } from './wrap';
export { anchorsOf, numberAnchors } from './anchors';
export { galeChurch, lengthCost, DEFAULT_BEADS, DEFAULT_OPTIONS, type AlignUnit, type BeadType, type IndexBead, type GaleChurchOptions } from './gale-church';
export { readGoldAlignment, scoreAlignment, type GoldAlignment, type GoldBead, type AlignmentScore, type LinkScore } from './score';
export { evaluateGold, poolScores, formatAlignmentReport, type GoldEvaluation } from './evaluate';
