import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { fail, TeikitError, type Diagnostic } from '../model/diagnostics';
import { writeFileAtomic, writeFileAtomicIfChanged } from '../io/atomic-write';
import { parseXmlSafely, readXmlSafely, type SafeXml } from './parse';
import { runStylesheet, toXdm, toXdmFromString, xpathString, type XdmDocument } from './saxon';
import { XSLT_DIR, compileStylesheets, currentDigest, stylesheetLoaded } from './sef';
import { letterThreads, renderLetterPages, renderLetters, renderLettersFromViews, type LetterJob, type LetterResult } from './letters';
import { letterViewsSaxonHe, saxonHeFor, type SaxonHeJob, type XsltEngine } from './saxon-he';
import type { JavaTool } from '../io/jvm';
import { EditionParts, keptLetterKeys } from './parts-store';
import { fillSlots, slotToken, SlotLeftError, writeAssembledPages, type SlotFill } from './slots';
import { chromiumMissingMessage, findChromium, printToPdf } from './pdf';
import { BASELINE_TIER_MAX_LETTERS, restoreFullTier } from '../io/v8-tier';

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

/** See prepareEditionRender. */
export type PreparedRender = {
  plan: EditionPlan;
  many: boolean;
  checkedText: (f: EditionTeiFile) => SafeXml;
  framePlans: EditionDocPlan[];
  frameDocs: () => XdmDocument[];
  willPdf: boolean;
  editionXml: (inScope: EditionDocPlan[], pairs: EditionPairPlan[], navLetter: number | undefined) => string;
  common: Record<string, string>;
  digest: string;
  keys: string[];
  letterId: (li: number) => string;
  jobs: Array<{ job: LetterJob; index: number }>;
  kept: Array<{ job: LetterJob; index: number }>;
};

/** One TEI file of an edition. */
export interface EditionTeiFile {
  lang: string;
  role: 'original' | 'translation';
  path: string;
  /** The document's id (the manifest source id, e.g. "l001.ru"); default: the file name without ".xml". Names its pages when an edition has several documents in one language. */
  docId?: string;
  /** For a translation: the docId of its original. Default: the edition's only original, when it has exactly one. */
  originalId?: string;
  /** The document's text when the caller holds it already checked (teikit's own TEI, just written and validated): its file's bytes, from which the TEI copy beside the pages is made too (the file may still be being written); otherwise `path` is read with the safe parser. */
  xml?: string;
  /** A digest that changes whenever the document's TEI does (the build's hash of its inputs): keys the cache without reading the file. */
  digest?: string;
  /**
   * The file is teikit's own TEI as the caller wrote it and checked it in this run (a long build): read as it is when
   * its letter is rendered, without the safe parser, and its bytes are the TEI copy's beside the pages. The caller
   * then holds no text (see `xml`).
   */
  written?: boolean;
}

export interface RenderEditionOptions {
  /**
   * A worker thread that speaks the unit worker's protocol (edition/unit-worker.ts), lent to render the letters
   * (a rebuild's unit worker, idle after its unit, with SaxonJS loaded for the edition rules); the caller ends it.
   */
  renderThread?: Worker;
  /**
   * The letters were sent to renderThread ahead (a `render-ahead` request): their views are being made there, so
   * this thread leaves the letters to it rather than transform one cold meanwhile.
   */
  renderedAhead?: boolean;
  /** Write the letters' pages through a thread of their own beside each rendering thread (letters.ts); default: from PAGE_WRITER_MIN_LETTERS letters to render on. Same files either way. */
  pagesAside?: boolean;
  /** Letters handed to the rendering threads ahead of their claims (letters.ts LETTERS_AHEAD); default 32. Same files either way. */
  lettersHandedAhead?: number;
  editionId: string;
  /** The edition's TEI documents. Pages follow the letters: each original, then its translations (order is kept otherwise). */
  teiFiles: EditionTeiFile[];
  /** The edition manifest (edition.json): its `title` (string or language map, the original's language first), `description` and `date` are used when present. */
  manifest?: unknown;
  /** The HTML folder to write, e.g. dist/<edition>/html. */
  outDir: string;
  /** Make the PDF with headless Chromium (skipped with a message when Chromium is missing). */
  pdf: boolean;
  /**
   * The docIds whose TEI changed since the last rendering into outDir
   * (undefined = all). Only the reading and parallel pages (and TEI copies) of
   * changed documents are rendered; those of the others are kept as they are
   * on disk (rendered when missing). The edition-wide pages (landing,
   * register, print, PDF) are always rendered.
   */
  changed?: ReadonlySet<string>;
  /** A folder where each letter's parts of the edition-wide pages are kept between runs, keyed by the stylesheets, the letter's place in the edition and its TEI files' bytes (an unchanged letter is then not transformed again); default: none, every letter is transformed. */
  cacheDir?: string;
  /** Work for this thread beside the rendering: while worker threads render the letters (before this thread renders any), or, when none does, while the edition-wide pages are written (an error in it stops the rendering, those pages unwritten). */
  alongside?: () => void;
  /**
   * Work for this thread while Saxon-HE's JVM makes the letters' views (see xsltEngine), which leaves this thread
   * free; not run when SaxonJS renders (`RenderEditionResult.besideJvmRan` says which): the caller runs it then.
   */
  besideJvm?: () => void;
  /** This thread will render again (a `teikit build --watch` process): a few letters are rendered here, where the stylesheet then stays loaded, rather than in a worker thread started for them. */
  renderAgain?: boolean;
  /** Threads at most, this one included (default: the number of CPUs). Worker threads render the letters' pages when the compiled library runs and the edition has enough letters; the output is the same. */
  jobs?: number;
  /**
   * Take each document's `xml` out of its EditionTeiFile once its letter is handed to a thread or rendered (the
   * documents the edition-wide frames show keep theirs), so that a long run holds the texts of the letters in hand,
   * not of every letter: for a caller that hands its texts over and keeps none itself (the build).
   */
  releaseTexts?: boolean;
  /**
   * The XSLT processor that makes the letters' views: `auto` (default) takes Saxon-HE (Java) for a run of
   * SAXON_HE_MIN_LETTERS letters or more when it is installed, SaxonJS otherwise; `saxon-he` always (an error when it
   * is not installed); `saxon-js` never. The pages are the same bytes either way (saxon-he.ts).
   */
  xsltEngine?: XsltEngine;
}

export interface RenderEditionResult {
  /** Every file written by this run, relative to outDir, sorted. */
  files: string[];
  /** The PDF's path when it was made. */
  pdf?: string;
  /** Why the PDF was not made (Chromium missing), with how to get it. */
  pdfSkipped?: string;
  /** Pages rendered by this run (counted, for incremental builds): reading pages, parallel pages, edition-wide pages (landing, register, print). */
  rendered: { reading: number; parallel: number; edition: number };
  /** Worker threads used besides this one (0: all pages rendered in this thread). */
  workers: number;
  /** Letters transformed by this run (xslt/letter.xsl); the others' parts of the edition-wide pages came from the cache. */
  letters: number;
  /** Of those, the letters whose view a worker thread made ahead, before they were due (renderedAhead). */
  lettersAhead: number;
  /** Of those, the letters transformed in worker threads. */
  lettersInWorkers: number;
  /** Of those, the letters transformed by Saxon-HE (xsltEngine). */
  lettersBySaxonHe: number;
  /** Whether `besideJvm` was run (while Saxon-HE made the views). */
  besideJvmRan: boolean;
  /** Whether the frames of the edition-wide pages were rendered by this run (false: kept from an earlier run, their inputs unchanged). */
  frames: boolean;
}

/** A document of an edition, placed: its id, pages, and letter. */
export interface EditionDocPlan {
  file: EditionTeiFile;
  docId: string;
  /** Reading page file name. */
  page: string;
  /** Path of the TEI copy, relative to the HTML folder. */
  tei: string;
  /** "Russian original", "English translation". */
  label: string;
  /** Index of its letter in `letters` (an original with its translations). */
  letter: number;
}

/** An original and one of its translations, shown side by side. */
export interface EditionPairPlan {
  original: EditionDocPlan;
  translation: EditionDocPlan;
  page: string;
}

/** The pages of an edition: one reading page per document, one parallel page per original/translation pair, and the edition-wide pages. */
export interface EditionPlan {
  landing: string;
  register: string;
  print: string;
  pdf: string;
  /** Documents in page order: letter by letter, each original before its translations. */
  docs: EditionDocPlan[];
  pairs: EditionPairPlan[];
  /** The letters: an original with its translations (a translation without an original stands alone). */
  letters: Array<{ docs: EditionDocPlan[]; pairs: EditionPairPlan[] }>;
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Place an edition's documents: reading pages are `<edition>.<lang>.html`
 * when there is one document per language, else `<docId>.html`; the parallel
 * page is `parallel.html` for a single pair, else `parallel-<originalDocId>.html`
 * (`parallel-<originalDocId>-<translationDocId>.html` when an original has
 * several translations). Bad ids, unknown originals and clashing names are
 * errors naming the TEI file.
 */
export function planEdition(editionId: string, teiFiles: EditionTeiFile[]): EditionPlan {
  const ids = new Map<string, EditionTeiFile>();
  const withIds = teiFiles.map((f) => {
    const docId = f.docId ?? path.basename(f.path).replace(/\.xml$/i, '').replace(/[^A-Za-z0-9._-]/g, '_');
    if (!SAFE_NAME.test(docId)) fail(f.path, 'render/doc-id', `document id "${docId}" cannot name a page: expected letters, digits, ".", "_" or "-", starting with a letter or digit`);
    if (!SAFE_NAME.test(f.lang)) fail(f.path, 'render/lang', `language "${f.lang}" cannot name a page: expected a language code such as "ru" or "en"`);
    const seen = ids.get(docId);
    if (seen) fail(f.path, 'render/doc-id', `document id "${docId}" is used twice (also by ${seen.path}): expected one id per document`);
    ids.set(docId, f);
    return { file: f, docId };
  });
  const originals = withIds.filter((d) => d.file.role === 'original');
  const letters: Array<{ members: typeof withIds }> = originals.map((o) => ({ members: [o] }));
  const letterOf = new Map(originals.map((o, i) => [o.docId, i]));
  for (const t of withIds.filter((d) => d.file.role !== 'original')) {
    const orig = t.file.originalId ?? (originals.length === 1 ? originals[0].docId : undefined);
    if (orig === undefined) {
      letters.push({ members: [t] });
      continue;
    }
    const i = letterOf.get(orig);
    if (i === undefined) {
      fail(t.file.path, 'render/original', `translation ${t.docId} is of "${orig}", which is not an original of edition ${editionId}: expected one of ${originals.map((o) => o.docId).join(', ') || '(none)'}`);
    }
    letters[i].members.push(t);
  }
  const onePerLanguage = new Set(teiFiles.map((f) => f.lang)).size === teiFiles.length;
  const docs: EditionDocPlan[] = [];
  const planned = letters.map((l, letter) => {
    const members = l.members.map((m) => {
      const d: EditionDocPlan = {
        file: m.file,
        docId: m.docId,
        page: onePerLanguage ? `${editionId}.${m.file.lang}.html` : `${m.docId}.html`,
        tei: `tei/${path.basename(m.file.path)}`,
        label: languageLabel(m.file.lang, m.file.role),
        letter,
      };
      docs.push(d);
      return d;
    });
    return members;
  });
  const pairCount = planned.reduce((n, m) => n + (m[0].file.role === 'original' ? m.length - 1 : 0), 0);
  const plannedLetters = planned.map((members) => {
    const [first, ...rest] = members;
    const pairs: EditionPairPlan[] =
      first.file.role === 'original'
        ? rest.map((t) => ({
            original: first,
            translation: t,
            page: pairCount === 1 ? 'parallel.html' : rest.length === 1 ? `parallel-${first.docId}.html` : `parallel-${first.docId}-${t.docId}.html`,
          }))
        : [];
    return { docs: members, pairs };
  });
  const plan: EditionPlan = {
    landing: 'index.html',
    register: 'register.html',
    print: 'print.html',
    pdf: `${editionId}.pdf`,
    docs,
    pairs: plannedLetters.flatMap((l) => l.pairs),
    letters: plannedLetters,
  };
  // no two outputs may share a name
  const owner = new Map<string, string>();
  const claim = (name: string, who: string): void => {
    const other = owner.get(name);
    if (other !== undefined) fail(who, 'render/page-name', `the page name ${name} is taken twice (also by ${other}): expected distinct document ids and TEI file names`);
    owner.set(name, who);
  };
  for (const n of [plan.landing, plan.register, plan.print, plan.pdf, 'teikit.css', 'teikit.js']) claim(n, `the edition's ${n}`);
  for (const d of docs) {
    claim(d.page, d.file.path);
    claim(d.tei, d.file.path);
  }
  for (const p of plan.pairs) claim(p.page, p.translation.file.path);
  return plan;
}

/** Page names inside the HTML folder (see planEdition for the pages of each document and pair). */
export function editionPages(editionId: string, teiFiles: EditionTeiFile[]) {
  const plan = planEdition(editionId, teiFiles);
  return {
    landing: plan.landing,
    register: plan.register,
    parallel: plan.pairs.length === 1 ? plan.pairs[0].page : '',
    print: plan.print,
    pdf: plan.pdf,
    /** The reading page of the document in a language (the first, when several share it). */
    reading: (lang: string) => plan.docs.find((d) => d.file.lang === lang)?.page ?? `${editionId}.${lang}.html`,
    tei: (f: EditionTeiFile) => `tei/${path.basename(f.path)}`,
    count: teiFiles.length,
    plan,
  };
}

let languageNames: Intl.DisplayNames | undefined;
const languageNameMemo = new Map<string, string>();

function languageLabel(lang: string, role: string): string {
  let name = languageNameMemo.get(lang);
  if (name === undefined) {
    name = lang;
    try {
      name = (languageNames ??= new Intl.DisplayNames(['en'], { type: 'language' })).of(lang) ?? lang;
    } catch {
      /* an unknown code stays as written */
    }
    languageNameMemo.set(lang, name);
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
 * What renderEdition works out before it renders a letter: the plan of pages,
 * the edition description, each letter's key for its kept parts, and which
 * letters are transformed. A caller with time to spare (a rebuild waiting for
 * its unit) makes it ahead (`ahead`, with the TEI files as they will be, their
 * texts not needed yet): undefined then if it needs a TEI text not written yet.
 */
export function prepareEditionRender(opts: RenderEditionOptions, ahead = false): PreparedRender | undefined {
  if (opts.teiFiles.length === 0) fail(opts.outDir, 'render/no-tei', `edition ${opts.editionId} has no TEI files to render`);
  const plan = planEdition(opts.editionId, opts.teiFiles);
  const many = plan.letters.length > 1;
  // the documents the edition-wide frames show: all of them for one letter, else the first (its editors, publisher, licence)
  const checkedText = (f: EditionTeiFile): SafeXml => {
    if (f.xml !== undefined || f.written) return { file: f.path, xml: f.xml ?? fs.readFileSync(f.path, 'utf8'), declaredVersion: '1.0', warnings: [] };
    return readXmlSafely(f.path);
  };
  const framePlans = many ? plan.docs.slice(0, 1) : plan.docs;
  let parsedFrameDocs: XdmDocument[] | undefined;
  /** Parsed only when needed: for a title the manifest does not give, or to render the frames (not when they are kept). */
  const frameDocs = (): XdmDocument[] => (parsedFrameDocs ??= framePlans.map((d) => toXdm(checkedText(d.file))));

  const willPdf = opts.pdf && findChromium() !== undefined;
  const langOrder = plan.docs.map((d) => d.file.lang);
  const fromManifest = langTexts(manifestField(opts.manifest, 'title'), langOrder)[0];
  // (ahead of the TEI being written, a title from a changed document is not known yet)
  if (ahead && !fromManifest && opts.changed?.has(plan.docs[0].docId) !== false) return undefined;
  const fromTei = fromManifest ? '' : xpathString('normalize-space((//*:teiHeader/*:fileDesc/*:titleStmt/*:title[@type = "main"], //*:teiHeader/*:fileDesc/*:titleStmt/*:title)[1])', frameDocs()[0]);
  const title = fromManifest?.text ?? (fromTei || opts.editionId);
  const titleLang = fromManifest ? fromManifest.lang : fromTei ? plan.docs[0].file.lang : '';
  const date = manifestField(opts.manifest, 'date');
  const descriptions = langTexts(manifestField(opts.manifest, 'description'), langOrder)
    .map((d) => `<description lang="${escapeAttr(d.lang)}">${escapeAttr(d.text)}</description>`)
    .join('');
  const position = new Map(plan.docs.map((d, i) => [d, i + 1]));
  const docXml = (d: EditionDocPlan, nav: boolean): string =>
    `<doc id="${escapeAttr(d.docId)}" lang="${escapeAttr(d.file.lang)}" role="${d.file.role}" page="${escapeAttr(d.page)}" tei="${escapeAttr(d.tei)}" label="${escapeAttr(d.label)}" letter="${d.letter + 1}" pos="${position.get(d)}" nav="${nav ? 'yes' : 'no'}"/>`;
  const pairXml = (p: EditionPairPlan, nav: boolean): string =>
    `<pair page="${escapeAttr(p.page)}" original="${escapeAttr(p.original.docId)}" translation="${escapeAttr(p.translation.docId)}" label="${escapeAttr(p.translation.label)}" letter="${p.original.letter + 1}" nav="${nav ? 'yes' : 'no'}"/>`;
  /** The edition as the stylesheets see it: `inScope` documents and pairs, those of `navLetter` in the navigation (all of them when there is one letter). */
  const editionXml = (inScope: EditionDocPlan[], pairs: EditionPairPlan[], navLetter: number | undefined): string =>
    `<edition id="${escapeAttr(opts.editionId)}" title="${escapeAttr(title)}" title-lang="${escapeAttr(titleLang)}" lang="en" landing="${plan.landing}" register="${plan.register}"` +
    ` date="${typeof date === 'string' ? escapeAttr(date) : ''}" letters="${plan.letters.length}"` +
    ` parallel="${escapeAttr(pairs.find((p) => navLetter === undefined || p.original.letter === navLetter)?.page ?? '')}" pdf="${willPdf ? plan.pdf : ''}">` +
    inScope.map((d) => docXml(d, !many || d.letter === navLetter)).join('') +
    pairs.map((p) => pairXml(p, !many || p.original.letter === navLetter)).join('') +
    descriptions +
    `</edition>`;
  const common = { 'index-page': plan.register, 'css-href': 'teikit.css', 'js-href': 'teikit.js' };
  // the pages there are (one listing, not a check per page: an edition of a thousand letters has 5,000 of them)
  let present: Set<string> | undefined;
  const exists = (page: string): boolean => {
    if (!present) {
      try {
        present = new Set(fs.readdirSync(opts.outDir, { recursive: true }).map((f) => String(f).split(path.sep).join('/')));
      } catch {
        present = new Set();
      }
    }
    return present.has(page);
  };
  const due = (docIds: string[], page: string): boolean => opts.changed === undefined || docIds.some((id) => opts.changed!.has(id)) || !exists(page);

  // per letter, one transformation: its reading and parallel pages (written when due), its parts of the
  // edition-wide pages (kept in the cache, so an unchanged letter is not transformed again)
  const digest = currentDigest();
  /** Each letter's key for its kept parts (its documents, its edition description, the stylesheets). */
  const keys = new Array<string>(plan.letters.length);
  const letterId = (li: number): string => plan.letters[li].docs[0].docId;
  const jobs: Array<{ job: LetterJob; index: number }> = [];
  /** Letters whose parts should be in the cache: read while the letters to transform are rendered (in a worker thread), transformed after when they are not. */
  const kept: Array<{ job: LetterJob; index: number }> = [];
  plan.letters.forEach((letter, li) => {
    const xml = editionXml(letter.docs, letter.pairs, li);
    const docs = letter.docs.map((d) => ({ docId: d.docId, path: d.file.path, page: d.page, tei: d.tei, reading: due([d.docId], d.page), copy: due([d.docId], d.tei) }));
    const pairs = letter.pairs.map((p) => ({ page: p.page, due: due([p.original.docId, p.translation.docId], p.page) }));
    if (opts.cacheDir) {
      const h = crypto.createHash('sha256').update(digest).update(xml).update(JSON.stringify(common));
      for (const d of letter.docs) h.update(`${d.docId}\0`).update(d.file.digest !== undefined ? `digest ${d.file.digest}` : fs.readFileSync(d.file.path)).update('\0');
      keys[li] = h.digest('hex');
    }
    const job: LetterJob = { outDir: opts.outDir, editionXml: xml, params: common, docs, pairs };
    const changedHere = opts.changed === undefined || letter.docs.some((d) => opts.changed!.has(d.docId));
    const pagesDue = docs.some((d) => d.reading || d.copy) || pairs.some((p) => p.due);
    if (opts.cacheDir && !changedHere && !pagesDue) kept.push({ job, index: li });
    else jobs.push({ job, index: li });
  });
  // many letters to transform: a run that lowered V8's tier for a short run is a long one (io/v8-tier.ts)
  if (jobs.length > BASELINE_TIER_MAX_LETTERS) restoreFullTier();
  return { plan, many, checkedText, framePlans, frameDocs, willPdf, editionXml, common, digest, keys, letterId, jobs, kept };
}

/**
 * Render a whole edition into `outDir`: the landing page (index.html; with
 * several letters it lists them), a reading page per document, a parallel
 * page per original/translation pair, the index of names over all documents
 * (register.html), print HTML of the whole edition, the PDF (when asked and
 * Chromium is present), the CSS and script, and copies of the TEI files
 * (tei/). Each TEI is parsed once; a reading or parallel page is given only
 * the documents of its own letter, so the cost per page does not grow with
 * the edition. With `changed`, only the pages of changed documents are
 * rendered again. Output is deterministic. `prepared`: what
 * prepareEditionRender worked out for these options ahead.
 */
export async function renderEdition(opts: RenderEditionOptions, prepared?: PreparedRender): Promise<RenderEditionResult> {
  const { plan, many, checkedText, framePlans, frameDocs, willPdf, editionXml, common, digest, keys, letterId, jobs, kept } = prepared ?? prepareEditionRender(opts)!;
  const rendered = { reading: 0, parallel: 0, edition: 0 };
  let lettersAhead = 0;
  let lettersInWorkers = 0;
  let lettersBySaxonHe = 0;
  const written: string[] = [];
  compileStylesheets(); // compiled once, before any thread needs it (a thread that renders parses it)
  // a few letters go to a worker only when this thread has other work and would have to load the stylesheet first,
  // once (a process that renders again, `teikit build --watch`, renders them faster itself)
  // a thread the caller lent (started beforehand, SaxonJS loaded) renders them while this one does the rest
  const lent = jobs.length > 0 ? opts.renderThread : undefined;
  // the views by Saxon-HE (Java) for a long run when installed (not while a lent thread makes them ahead): the pages are the same
  const saxonHe = (n: number): JavaTool | undefined => (opts.renderedAhead ? undefined : saxonHeFor(opts.xsltEngine ?? 'auto', n));
  const he = saxonHe(jobs.length);
  const threads = he ? 0 : lent ? Math.max(1, letterThreads(jobs.length, opts.jobs)) : letterThreads(jobs.length, opts.jobs, opts.alongside !== undefined && !opts.renderAgain && !stylesheetLoaded());
  const byPath = new Map(opts.teiFiles.map((f) => [f.path, f]));
  // (the frames' documents keep their texts: the frames are rendered after the letters)
  const frameFiles = new Set(framePlans.map((d) => d.file));
  /** The documents whose text the caller gave: their file's bytes (teikit's own TEI, just written), from which the TEI copy beside the pages is made too. */
  const given = new Set(opts.teiFiles.filter((f) => f.xml !== undefined || f.written).map((f) => f.path));
  /** A job with its documents' checked texts, made when it is handed over or rendered (see releaseTexts). */
  const withText = (job: LetterJob): LetterJob => ({
    ...job,
    docs: job.docs.map((d) => {
      const file = byPath.get(d.path)!;
      // (a file read here is given as it was made safe)
      const xml = checkedText(file).xml;
      if (opts.releaseTexts && !frameFiles.has(file)) delete file.xml;
      return given.has(d.path) ? { ...d, xml, xmlIsFile: true } : { ...d, xml };
    }),
  });
  // the letters' parts of the edition-wide pages: each letter's bytes go to the store as it comes, not held until the end
  const editionParts = new EditionParts(
    opts.cacheDir,
    plan.letters.map((l, li) => ({ id: letterId(li), key: keys[li] ?? '', docs: l.docs.map((d) => d.docId) })),
  );
  try {
    const take = (list: typeof jobs) => (k: number, r: LetterResult): void => {
      written.push(...r.written);
      rendered.reading += r.reading;
      rendered.parallel += r.parallel;
      if (r.ahead) lettersAhead++;
      if (r.inWorker) lettersInWorkers++;
      if (r.bySaxonHe) lettersBySaxonHe++;
      editionParts.add(list[k].index, r.parts);
    };
    // this thread's own work beside the rendering: the caller's (the export), then the kept letters' parts
    const missing: typeof jobs = [];
    const readKept = (): void => {
      const keptKeys = kept.length > 0 ? keptLetterKeys(opts.cacheDir!) : new Map<string, string>();
      for (const k of kept) if (keptKeys.get(letterId(k.index)) !== keys[k.index]) missing.push(k);
    };
    // with a thread or Saxon-HE's JVM rendering, the caller's work runs here meanwhile; without, before the edition-wide pages are written (below)
    const alongsideNow = threads > 0 || he ? opts.alongside : undefined;
    const options = { writeAside: opts.pagesAside, ahead: opts.lettersHandedAhead, withText };
    // (teikit's own TEI checked in this run is read from its file; other documents from a copy of their checked text)
    const heJob = (job: LetterJob): SaxonHeJob => {
      const files = job.docs.map((d) => (byPath.get(d.path)?.written ? d.path : undefined));
      return { job: files.every((f) => f !== undefined) ? job : withText(job), files };
    };
    const heViews = (he: JavaTool, list: typeof jobs, beside?: () => void): Promise<void> =>
      renderLettersFromViews(list.map((j) => j.job), (onView) => letterViewsSaxonHe(he, list.map((j) => heJob(j.job)), onView, beside, opts.jobs ?? os.availableParallelism(), opts.outDir), take(list), opts.pagesAside);
    let besideJvmRan = false;
    if (he) await heViews(he, jobs, () => (alongsideNow?.(), opts.besideJvm?.(), (besideJvmRan = opts.besideJvm !== undefined), readKept()));
    else await renderLetters(jobs.map((j) => j.job), threads, (job) => renderLetterPages(job), () => (alongsideNow?.(), readKept()), take(jobs), { ...options, lent, mainTakes: !(lent && opts.renderedAhead) });
    // kept parts that were missing or stale (a cache removed, damaged or made by other stylesheets): those letters are transformed now
    if (missing.length > BASELINE_TIER_MAX_LETTERS) restoreFullTier();
    const heMissing = saxonHe(missing.length);
    if (heMissing) await heViews(heMissing, missing);
    else if (missing.length > 0) await renderLetters(missing.map((j) => j.job), letterThreads(missing.length, opts.jobs), (job) => renderLetterPages(job), () => undefined, take(missing), options);
    const transformed = jobs.length + missing.length;

    // the edition-wide pages: frames with slots, filled with the letters' parts (runs of the store, copied as the pages are written)
    const summaries = editionParts.summaries();
    const entries = new Map<string, string>();
    const mentionedIds = new Set<string>();
    for (const p of summaries) {
      for (const [id, xml] of Object.entries(p.entries)) if (!entries.has(id)) entries.set(id, xml);
      for (const id of p.occ) mentionedIds.add(id);
    }
    const register = registerXml(entries, summaries[summaries.length - 1].lang);
    const wholeXml = editionXml(plan.docs, plan.pairs, many ? undefined : 0);
    const mentioned = [...mentionedIds];
    const printCss = assetText('print.css');
    const names = { landing: plan.landing, register: plan.register, print: plan.print };
    const renderFrames = (): KeptFrames => {
      const token = slotToken();
      const registerDoc = toXdmFromString(register, path.join(opts.outDir, 'register'));
      const whole = toXdmFromString(wholeXml, path.join(opts.outDir, 'edition'));
      const docs = frameDocs();
      const frame = { ...common, edition: whole, docs, 'register-docs': docs, 'register-doc': registerDoc, mentioned, 'slot-token': token };
      const run = (name: string, params: Record<string, unknown>): string => runStylesheet(docs[0], { ...frame, ...params }, path.join(opts.outDir, name));
      return {
        token,
        landing: run(plan.landing, { view: 'landing', page: plan.landing }),
        register: run(plan.register, { view: 'register', page: plan.register }),
        print: run(plan.print, { 'index-page': '', view: 'print', 'print-css': printCss }),
      };
    };
    // the frames depend on the edition's description, its register entries and mentioned ids, and the documents they show,
    // not on the letters' texts: a rebuild after a change of text keeps them
    let frames: KeptFrames | undefined;
    let framesFile: { file: string; key: string } | undefined;
    if (opts.cacheDir) {
      const h = crypto.createHash('sha256').update(digest).update(JSON.stringify({ common, names, mentioned })).update(wholeXml).update('\0').update(register).update('\0').update(printCss);
      for (const d of framePlans) h.update(`\0${d.docId}\0`).update(d.file.digest !== undefined ? `digest ${d.file.digest}` : fs.readFileSync(d.file.path));
      framesFile = { file: path.join(opts.cacheDir, 'frames.json'), key: h.digest('hex') };
      // when every letter was transformed anew (a build from nothing, --force), so are the frames
      if (transformed < plan.letters.length) frames = keptFrames(framesFile);
    }
    let fresh = frames === undefined;
    frames ??= renderFrames();
    // the caller's work, when the rendering had no thread to do it beside (an error in it leaves the pages unwritten)
    if (alongsideNow === undefined) opts.alongside?.();
    // the parts kept for the next run (and the store written anew, slot by slot, when most of it is unused): the pages
    // are then copied from the store as kept
    editionParts.keep();
    const fill = (name: string): SlotFill | undefined => {
      if (name === 'letters') return editionParts.letterItems().join('');
      if (name === 'print-styles') return summaries.map((p) => p.style).join('');
      if (name === 'print-texts') return editionParts.fill('print');
      const [kind, id] = name.split(' ');
      if ((kind === 'occ' || kind === 'pocc') && mentionedIds.has(id)) return editionParts.fill(name);
      return undefined;
    };
    const pageNames = ['landing', 'register', 'print'] as const;
    const writePages = (f: KeptFrames): void =>
      writeAssembledPages(
        pageNames.map((k) => ({ file: path.join(opts.outDir, plan[k]), chunks: fillSlots(f[k], f.token, fill, path.join(opts.outDir, plan[k])) })),
        f.token,
        editionParts.storeFd(),
        { fsync: false },
      );
    try {
      writePages(frames);
    } catch (err) {
      // a kept frame's token found in a letter's text: the frames are rendered again, with a fresh token
      if (fresh || !(err instanceof SlotLeftError)) throw err;
      frames = renderFrames();
      fresh = true;
      writePages(frames);
    }
    if (framesFile && fresh) {
      writeFileAtomic(framesFile.file, JSON.stringify({ key: framesFile.key, ...frames }), { fsync: false });
    }
    for (const k of pageNames) written.push(plan[k]);
    rendered.edition += 3;
    // the stylesheet and script of the pages: written only when their bytes differ (a rebuild leaves them as they are)
    for (const asset of ['teikit.css', 'teikit.js'] as const) {
      if (writeFileAtomicIfChanged(path.join(opts.outDir, asset), assetText(asset), { fsync: false })) written.push(asset);
    }

    const result: RenderEditionResult = { files: [...written].sort(), rendered, workers: threads, letters: transformed, lettersAhead, lettersInWorkers, lettersBySaxonHe, besideJvmRan, frames: fresh };
    if (opts.pdf) {
      if (willPdf) {
        const pdfPath = path.join(opts.outDir, plan.pdf);
        await printToPdf(path.join(opts.outDir, plan.print), pdfPath);
        result.pdf = pdfPath;
        result.files = [...result.files, plan.pdf].sort();
      } else {
        result.pdfSkipped = chromiumMissingMessage();
      }
    }
    return result;
  } finally {
    editionParts.close();
  }
}

interface KeptFrames {
  token: string;
  landing: string;
  register: string;
  print: string;
}

/** The frames kept for `key`, if any. */
function keptFrames(at: { file: string; key: string }): KeptFrames | undefined {
  try {
    const kept = JSON.parse(fs.readFileSync(at.file, 'utf8')) as Partial<KeptFrames> & { key?: string };
    if (kept.key !== at.key || typeof kept.token !== 'string' || !/^tk-slot-[0-9a-f]{24}$/.test(kept.token)) return undefined;
    if (typeof kept.landing !== 'string' || typeof kept.register !== 'string' || typeof kept.print !== 'string') return undefined;
    return { token: kept.token, landing: kept.landing, register: kept.register, print: kept.print };
  } catch {
    return undefined;
  }
}

/** The register entries of the edition as a TEI document for the frames: the first version of each entry in document order, in the index's language. */
function registerXml(entries: Map<string, string>, lang: string): string {
  const lists: Record<string, string[]> = { listPerson: [], listOrg: [], listPlace: [] };
  for (const xml of entries.values()) {
    const name = /^<([A-Za-z]+)/.exec(xml)?.[1];
    const list = name === 'person' || name === 'personGrp' ? 'listPerson' : name === 'org' ? 'listOrg' : name === 'place' ? 'listPlace' : undefined;
    if (list) lists[list].push(xml);
  }
  const body = Object.entries(lists)
    .filter(([, items]) => items.length > 0)
    .map(([list, items]) => `<${list}>${items.join('')}</${list}>`)
    .join('');
  return `<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="${escapeAttr(lang)}"><standOff>${body}</standOff></TEI>`;
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
