/** The renderers: TEI → HTML reading/parallel/index/landing pages, print HTML and PDF, through XSLT 3 (xslt/). */
export {
  renderTei,
  renderEdition,
  renderFiles,
  renderTeiToPdf,
  loadTei,
  editionPages,
  planEdition,
  type EditionPlan,
  type EditionDocPlan,
  type EditionPairPlan,
  type TeiView,
  type TeiInput,
  type RenderTeiOptions,
  type EditionTeiFile,
  type RenderEditionOptions,
  type RenderEditionResult,
  type RenderFileView,
  type RenderFilesResult,
} from './render';
export { printToPdf, findChromium, chromiumMissingMessage, normalisePdf } from './pdf';
export { compileStylesheets, loadStylesheet } from './sef';
export { parseXmlSafely, readXmlSafely, type SafeXml } from './parse';
