/**
 * teikit's library API. The CLI (src/cli) is a thin layer over these.
 */
export * from './model/document';
export * from './model/diagnostics';
export { readSourceText, decodeSource, lineColumn } from './io/read-source';
export { writeFileAtomic, writeFileAtomicIfChanged } from './io/atomic-write';
export { readSource, READERS, FORMATS, detectFormat, detectLanguage, type ReadResult, type Reader } from './readers';
export { readWordMarkdown } from './readers/word-md';
export { type WordMarkdownOptions } from './readers/word-md';
export * as letterStructure from './readers/letter-structure';
export { readMiaText } from './readers/mia-txt';
export { writeTei, buildTei, serializeXml, type TeiWriteOptions } from './writers/tei';
export { loadEdition, findEditions, sourceId, originalOf, type Edition, type EditionManifest, type SourceEntry } from './edition/manifest';
export { buildEdition, teiFileName, type BuildOptions, type BuildResult } from './edition/build';
export { readJsonChecked, parseJsonChecked } from './json/check-json';
export { PROJECT_ROOT, SCHEMA_DIR, XSLT_DIR, TEI_ALL_RNG } from './paths';
export { parseXmlSafe, parseXmlSafeDetailed, readXmlFile, type XmlDocument } from './xml';
export { createValidator, validateEditionTei, collectXmlFiles, EDITION_RNG, EDITION_SCH, type Validator, type ValidatorOptions, type FileReport, type Verdict } from './validate';
export { renderTei, renderEdition, renderFiles, renderTeiToPdf, printToPdf, findChromium, compileStylesheets, type TeiView, type TeiInput, type EditionTeiFile, type RenderEditionOptions, type RenderEditionResult, type RenderFileView, type RenderFilesResult } from './render';
export { loadRegister } from './register/load';
export { appendStandOff, type StandOffOptions } from './register/standoff';
export { emptyRegister, type Register, type RegisterEntry, type RegisterKind } from './register/types';
export { tagDocument, type Candidate, type TagResult } from './enrich/entities/tag';
export { enrichDocument, usedRefs, type Enriched } from './enrich/entities/enrich';
export { normaliseDate, findDates, type DateValue, type DateMatch } from './enrich/dates/detect';
export { suggestEntities, type Suggestions, type SuggestedName } from './enrich/entities/suggest';
export { scoreRuns, prepareGold, formatReport, mentionsOf, type GoldFile, type GoldMention, type ScoreReport } from './enrich/entities/score';
export { alignEdition, splitSentences, wrapSentences, galeChurch, anchorsOf, readGoldAlignment, scoreAlignment, evaluateGold, poolScores, formatAlignmentReport, type AlignOptions, type AlignResult, type Alignment, type AlignmentLink, type GoldAlignment, type AlignmentScore } from './enrich/align';
export { buildCorpus, type CorpusOptions, type CorpusResult } from './export/corpus';
export { writeDts, type WriteDtsOptions, type WriteDtsResult } from './export/dts/static';
export { buildDtsModel, findTeiFiles, type DtsEditionModel } from './export/dts/model';
export { dtsProblems } from './export/dts/validate';
export { writeBag, verifyBag, type BagInfo, type WriteBagOptions, type VerifyBagResult, type BagProblem } from './export/bagit';
export { exportEdition, exportBag, resolveEdition, type ExportEditionOptions, type ExportBagOptions, type ResolvedEdition } from './export/edition';
export { pushToBaseX, checkBaseX, BaseXSession, parseHostPort, type PushOptions, type BaseXTarget } from './export/basex';
export { serveEdition, type ServeOptions, type RunningServer } from './export/serve';
