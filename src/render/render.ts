import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fail, TeikitError, type Diagnostic } from '../model/diagnostics';
import { writeFileAtomic } from '../io/atomic-write';
import { parseXmlSafely, readXmlSafely, type SafeXml } from './parse';
import { runStylesheet, toXdm, toXdmFromString, xpathString, type XdmDocument } from './saxon';
import { XSLT_DIR } from './sef';
import { chromiumMissingMessage, findChromium, printToPdf } from './pdf';

/** The views of one TEI document: a reading page or print HTML (the PDF is made from print HTML, see pdf.ts). */
export type TeiView = 'html' | 'print';

/** A TEI document to render: a file path, or XML text (with a name for diagnostics). */
export type TeiInput = string | { file: string } | { xml: string; file?: string };

export interface RenderTeiOptions {
  /** href of the stylesheet the HTML links to (default "teikit.css"). */
  cssHref?: string;
  /** Link to the TEI file shown in the page footer (default: none). */
  teiHref?: string;
}

/** Read a TEI input safely (no DTD, no entity expansion, no XInclude, no network). */
export function loadTei(input: TeiInput): SafeXml {
  if (typeof input === 'string') return readXmlSafely(input);
  if ('xml' in input) return parseXmlSafely(input.xml, input.file ?? '<input>');
  return readXmlSafely(input.file);
}

/** The assets shipped with the HTML: the screen CSS, the print CSS and the small script. */
export function assetText(name: 'teikit.css' | 'print.css' | 'teikit.js'): string {
  return fs.readFileSync(path.join(XSLT_DIR(), 'assets', name), 'utf8');
}

/**
 * Render one TEI document (any TEI, not only teikit's) to a standalone HTML
 * reading page or to print HTML. Returns the serialised HTML. Entity mentions
 * link to a register on the same page; notes become numbered footnotes.
 */
export function renderTei(input: TeiInput, view: TeiView = 'html', opts: RenderTeiOptions = {}): string {
  const safe = loadTei(input);
  const doc = toXdm(safe);
  if (view === 'html') {
    return runStylesheet(doc, { view: 'reading', 'css-href': opts.cssHref ?? 'teikit.css', 'tei-href': opts.teiHref ?? '' }, safe.file);
  }
  if (view === 'print') {
    return runStylesheet(doc, { view: 'print', 'print-css': assetText('print.css') }, safe.file);
  }
  return fail(safe.file, 'render/view', `unknown view "${String(view)}"; expected html or print`);
}

/** One TEI file of an edition. */
export interface EditionTeiFile {
  lang: string;
  role: 'original' | 'translation';
  path: string;
}

export interface RenderEditionOptions {
  editionId: string;
  /** The edition's TEI documents, the original first by convention (order is kept within each role). */
  teiFiles: EditionTeiFile[];
  /** The edition manifest (edition.json): its `title` (string or language map, the original's language first), `description` and `date` are used when present. */
  manifest?: unknown;
  /** The HTML folder to write, e.g. dist/<edition>/html. */
  outDir: string;
  /** Make the PDF with headless Chromium (skipped with a message when Chromium is missing). */
  pdf: boolean;
}

export interface RenderEditionResult {
  /** Every file written, relative to outDir, sorted. */
  files: string[];
  /** The PDF's path when it was made. */
  pdf?: string;
  /** Why the PDF was not made (Chromium missing), with how to get it. */
  pdfSkipped?: string;
}

/** Page names inside the HTML folder. */
export function editionPages(editionId: string, teiFiles: EditionTeiFile[]) {
  return {
    landing: 'index.html',
    register: 'register.html',
    parallel: 'parallel.html',
    print: 'print.html',
    pdf: `${editionId}.pdf`,
    reading: (lang: string) => `${editionId}.${lang}.html`,
    tei: (f: EditionTeiFile) => `tei/${path.basename(f.path)}`,
    count: teiFiles.length,
  };
}

function languageLabel(lang: string, role: string): string {
  let name = lang;
  try {
    name = new Intl.DisplayNames(['en'], { type: 'language' }).of(lang) ?? lang;
  } catch {
    /* an unknown code stays as written */
  }
  return `${name} ${role}`;
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

/** A manifest field that is a string or a language map ({ "ru": "…", "en": "…" }), as (lang, text) pairs; '' = language unknown. */
function langTexts(value: unknown, langOrder: string[]): Array<{ lang: string; text: string }> {
  if (typeof value === 'string' && value.trim()) return [{ lang: '', text: value.trim() }];
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  const entries = Object.entries(value as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== '');
  const rank = (l: string) => (langOrder.includes(l) ? langOrder.indexOf(l) : langOrder.length);
  return entries.sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0])).map(([lang, text]) => ({ lang, text: text.trim() }));
}

function manifestField(manifest: unknown, key: string): unknown {
  return manifest && typeof manifest === 'object' && key in manifest ? (manifest as Record<string, unknown>)[key] : undefined;
}

/**
 * Render a whole edition into `outDir`: the landing page (index.html), a
 * reading page per language, the parallel page (when there is an original
 * and a translation), the index of names (register.html), print HTML, the
 * PDF (when asked and Chromium is present), the CSS and script, and copies
 * of the TEI files (tei/). Output is deterministic.
 */
export async function renderEdition(opts: RenderEditionOptions): Promise<RenderEditionResult> {
  if (opts.teiFiles.length === 0) fail(opts.outDir, 'render/no-tei', `edition ${opts.editionId} has no TEI files to render`);
  const files = [...opts.teiFiles.filter((f) => f.role === 'original'), ...opts.teiFiles.filter((f) => f.role !== 'original')];
  const pages = editionPages(opts.editionId, files);
  const safe = files.map((f) => readXmlSafely(f.path));
  const docs: XdmDocument[] = safe.map((s) => toXdm(s));
  const original = files.findIndex((f) => f.role === 'original');
  const translation = files.findIndex((f) => f.role === 'translation');
  const hasParallel = original >= 0 && translation >= 0;

  const willPdf = opts.pdf && findChromium() !== undefined;
  const langOrder = files.map((f) => f.lang);
  const fromManifest = langTexts(manifestField(opts.manifest, 'title'), langOrder)[0];
  const fromTei = xpathString('normalize-space((//*:teiHeader/*:fileDesc/*:titleStmt/*:title[@type = "main"], //*:teiHeader/*:fileDesc/*:titleStmt/*:title)[1])', docs[0]);
  const title = fromManifest?.text ?? (fromTei || opts.editionId);
  const titleLang = fromManifest ? fromManifest.lang : fromTei ? files[0].lang : '';
  const date = manifestField(opts.manifest, 'date');
  const descriptions = langTexts(manifestField(opts.manifest, 'description'), langOrder)
    .map((d) => `<description lang="${escapeAttr(d.lang)}">${escapeAttr(d.text)}</description>`)
    .join('');
  const editionXml =
    `<edition id="${escapeAttr(opts.editionId)}" title="${escapeAttr(title)}" title-lang="${escapeAttr(titleLang)}" lang="en" landing="${pages.landing}" register="${pages.register}"` +
    ` date="${typeof date === 'string' ? escapeAttr(date) : ''}"` +
    ` parallel="${hasParallel ? pages.parallel : ''}" pdf="${willPdf ? pages.pdf : ''}">` +
    files.map((f) => `<doc lang="${escapeAttr(f.lang)}" role="${f.role}" page="${escapeAttr(pages.reading(f.lang))}" tei="${escapeAttr(pages.tei(f))}" label="${escapeAttr(languageLabel(f.lang, f.role))}"/>`).join('') +
    descriptions +
    `</edition>`;
  const edition = toXdmFromString(editionXml, path.join(opts.outDir, 'edition'));
  const common = { edition, docs, 'register-docs': docs, 'index-page': pages.register, 'css-href': 'teikit.css', 'js-href': 'teikit.js' };

  const out: Record<string, string | Uint8Array> = {};
  files.forEach((f, i) => {
    out[pages.reading(f.lang)] = runStylesheet(docs[i], { ...common, view: 'reading', page: pages.reading(f.lang) }, f.path);
    out[pages.tei(f)] = fs.readFileSync(f.path);
  });
  out[pages.landing] = runStylesheet(edition, { ...common, view: 'landing', page: pages.landing }, opts.outDir);
  out[pages.register] = runStylesheet(edition, { ...common, view: 'register', page: pages.register }, opts.outDir);
  if (hasParallel) {
    out[pages.parallel] = runStylesheet(edition, { ...common, docs: [docs[original], docs[translation]], view: 'parallel', page: pages.parallel }, opts.outDir);
  }
  out[pages.print] = runStylesheet(edition, { ...common, 'index-page': '', view: 'print', 'print-css': assetText('print.css') }, opts.outDir);
  out['teikit.css'] = assetText('teikit.css');
  out['teikit.js'] = assetText('teikit.js');

  for (const [name, data] of Object.entries(out)) writeFileAtomic(path.join(opts.outDir, name), data);
  const result: RenderEditionResult = { files: Object.keys(out).sort() };
  if (opts.pdf) {
    if (willPdf) {
      const pdfPath = path.join(opts.outDir, pages.pdf);
      await printToPdf(path.join(opts.outDir, pages.print), pdfPath);
      result.pdf = pdfPath;
      result.files = [...result.files, pages.pdf].sort();
    } else {
      result.pdfSkipped = chromiumMissingMessage();
    }
  }
  return result;
}

/** Make a PDF of one TEI document (print view through headless Chromium). */
export async function renderTeiToPdf(input: TeiInput, pdfFile: string): Promise<void> {
  const html = renderTei(input, 'print');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-print-'));
  try {
    const htmlFile = path.join(tmp, 'print.html');
    fs.writeFileSync(htmlFile, html);
    await printToPdf(htmlFile, pdfFile);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

export type RenderFileView = 'html' | 'print' | 'pdf';

export interface RenderFilesResult {
  /** Files written. */
  written: string[];
  /** Problems, one per file that could not be rendered (the others are still rendered), and warnings. */
  diagnostics: Diagnostic[];
}

/**
 * Render TEI files from anywhere into a folder: `<name>.html` (+ teikit.css),
 * `<name>.print.html` or `<name>.pdf`, where <name> is the file name without
 * its extension. A file that cannot be rendered gives a diagnostic; the
 * others are rendered all the same.
 */
export async function renderFiles(files: string[], outDir: string, view: RenderFileView = 'html'): Promise<RenderFilesResult> {
  const written: string[] = [];
  const diagnostics: Diagnostic[] = [];
  if (view === 'pdf' && !findChromium()) {
    return { written, diagnostics: [{ file: files[0] ?? outDir, severity: 'error', message: chromiumMissingMessage(), rule: 'render/no-chromium' }] };
  }
  for (const file of files) {
    const name = path.basename(file).replace(/\.[^.]*$/, '');
    try {
      const safe = readXmlSafely(file);
      diagnostics.push(...safe.warnings);
      if (view === 'html') {
        const target = path.join(outDir, `${name}.html`);
        writeFileAtomic(target, renderTei({ xml: safe.xml, file }, 'html'));
        written.push(target);
      } else if (view === 'print') {
        const target = path.join(outDir, `${name}.print.html`);
        writeFileAtomic(target, renderTei({ xml: safe.xml, file }, 'print'));
        written.push(target);
      } else {
        const target = path.join(outDir, `${name}.pdf`);
        await renderTeiToPdf({ xml: safe.xml, file }, target);
        written.push(target);
      }
    } catch (err) {
      if (err instanceof TeikitError) diagnostics.push(...err.diagnostics);
      else throw err;
    }
  }
  if (view === 'html' && written.length > 0) {
    const css = path.join(outDir, 'teikit.css');
    writeFileAtomic(css, assetText('teikit.css'));
    written.push(css);
  }
  return { written, diagnostics };
}
