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
export { loadEdition, findEditions, type Edition, type EditionManifest, type SourceEntry } from './edition/manifest';
export { buildEdition, teiFileName, type BuildOptions, type BuildResult } from './edition/build';
export { readJsonChecked, parseJsonChecked } from './json/check-json';
export { PROJECT_ROOT, SCHEMA_DIR, XSLT_DIR, TEI_ALL_RNG } from './paths';
export { parseXmlSafe, parseXmlSafeDetailed, readXmlFile, type XmlDocument } from './xml';
export { createValidator, validateEditionTei, collectXmlFiles, EDITION_RNG, EDITION_SCH, type Validator, type ValidatorOptions, type FileReport, type Verdict } from './validate';
export { renderTei, renderEdition, renderFiles, renderTeiToPdf, printToPdf, findChromium, compileStylesheets, type TeiView, type TeiInput, type EditionTeiFile, type RenderEditionOptions, type RenderEditionResult, type RenderFileView, type RenderFilesResult } from './render';
