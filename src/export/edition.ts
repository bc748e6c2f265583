import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as libxml from 'libxmljs2';
import { type EditionManifest, MANIFEST_NAME, loadEdition } from '../edition/manifest';
import { fail } from '../model/diagnostics';
import { type CorpusPiece, CorpusSpill, type KeptCorpusAhead, buildCorpus, corpusPieceOf, readKeptCorpusAhead } from './corpus';
import { type WriteBagResult, writeBag } from './bagit';
import { findTeiFiles } from './dts/model';
import { type DtsIndexAhead, type WriteDtsResult, readDtsIndexAhead, writeDts } from './dts/static';
import { NS, type LoadedTei, type TeiFile, loadTei, normalizeSpace } from './tei-input';

/**
 * The exports of a built edition, for `teikit build` and the CLI:
 * `exportEdition` writes the teiCorpus and the static DTS tree next to the
 * TEI; `exportBag` packs the built edition as a BagIt bag.
 */
export interface ExportEditionOptions {
  editionId: string;
  /** dist/<edition> */
  distDir: string;
  manifest?: EditionManifest;
  /** The edition's TEI documents (not the corpus), in corpus order. Default: those in <distDir>/tei/. */
  teiFiles?: TeiFile[];
  /** An XML register to put in the corpus instead of the documents' standOffs. */
  registerFile?: string;
  /** URL path where <distDir>/dts is published (default "/dts"). */
  dtsBaseUrl?: string;
  /**
   * TEI paths changed since the last export into distDir (a rebuild): only
   * their DTS responses and the edition-level ones are rewritten (and checked
   * against the DTS schemas when their bytes change), and the corpus parses
   * again only them (the others' parts are taken from the last corpus, as
   * `<distDir>/.teikit-corpus/` says; a document whose file changed without
   * being named here is found by its size and times). Default: everything is
   * made anew.
   */
  changed?: Set<string>;
  /** What a rebuild's export reads first, read ahead (readExportAhead) for the same distDir; used with `changed`. */
  ahead?: ExportAhead;
}

/** What exportEdition with `changed` reads before it makes anything: the kept corpus (and its index) and the DTS index. */
export interface ExportAhead {
  corpus: KeptCorpusAhead;
  dts: DtsIndexAhead;
}

/**
 * Read ahead what exportEdition with `changed` reads first, in steps that let other work in between: a
 * rebuild reads it while its units are built, and the export then makes only what changed. What was read is
 * used only while its files are as they were (their signatures), so reading it early never changes the result.
 */
export async function readExportAhead(opts: { editionId: string; distDir: string }): Promise<ExportAhead> {
  const corpus = await readKeptCorpusAhead(path.join(opts.distDir, CORPUS_CACHE), corpusPath(opts.distDir, opts.editionId));
  const dts = await readDtsIndexAhead(opts.distDir);
  return { corpus, dts };
}

const corpusPath = (distDir: string, editionId: string): string => path.join(distDir, 'tei', `${editionId}.corpus.xml`);

export interface ExportEditionResult {
  corpusFile: string;
  /** Whether the corpus file's bytes changed. */
  corpusWritten: boolean;
  dts: WriteDtsResult;
}

/** Kept parts of the corpus, by document (hidden: never bagged or published). */
const CORPUS_CACHE = '.teikit-corpus';

export function exportEdition(opts: ExportEditionOptions): ExportEditionResult {
  const teiFiles = opts.teiFiles ?? findTeiFiles(opts.distDir, opts.manifest);
  // each document is parsed once: the DTS tree is made first, and what a document it parsed gives the corpus is kept
  // for the corpus (its TEI element put aside on disk, its register entries shared; the parsed trees are dropped one by one)
  const pieces = new Map<string, CorpusPiece>();
  const spill = new CorpusSpill();
  try {
    const dtsOpts = {
      editionId: opts.editionId,
      distDir: opts.distDir,
      teiFiles,
      manifest: opts.manifest,
      baseUrl: opts.dtsBaseUrl,
      onParsed: (f: TeiFile, tei: LoadedTei) => pieces.set(path.resolve(f.path), spill.put(corpusPieceOf(tei))),
      indexAhead: opts.changed ? opts.ahead?.dts : undefined,
    };
    const dts = writeDts(opts.changed ? { ...dtsOpts, changed: opts.changed } : dtsOpts);
    const corpus = buildCorpus({
      editionId: opts.editionId,
      teiFiles,
      manifest: opts.manifest,
      registerFile: opts.registerFile,
      out: corpusPath(opts.distDir, opts.editionId),
      cacheDir: path.join(opts.distDir, CORPUS_CACHE),
      changed: opts.changed,
      ahead: opts.changed ? opts.ahead?.corpus : undefined,
      pieceFor: (f) => {
        const key = path.resolve(f.path);
        const piece = pieces.get(key);
        pieces.delete(key);
        return piece;
      },
    });
    return { corpusFile: corpus.path!, corpusWritten: corpus.written ?? false, dts };
  } finally {
    spill.close();
  }
}

/** An edition as the export commands find it. */
export interface ResolvedEdition {
  editionId: string;
  distDir: string;
  manifest?: EditionManifest;
  /** The edition folder (holding edition.json), when known. */
  editionDir?: string;
}

/**
 * `<edition>` on the command line: an edition folder (with edition.json), an
 * edition id (editions/<id>), or a built edition folder (dist/<id>). The
 * built files are looked for in `<distRoot>/<id>` (distRoot default "dist").
 */
export function resolveEdition(arg: string, distRoot = 'dist'): ResolvedEdition {
  const asEditionDir = [arg, path.join('editions', arg)].find((d) => fs.existsSync(path.join(d, MANIFEST_NAME)));
  if (asEditionDir) {
    const { manifest } = loadEdition(asEditionDir);
    return { editionId: manifest.id, distDir: path.join(distRoot, manifest.id), manifest, editionDir: asEditionDir };
  }
  const asDist = [arg, path.join(distRoot, arg)].find((d) => fs.existsSync(path.join(d, 'tei')));
  if (asDist) {
    const editionId = path.basename(path.resolve(asDist));
    const editionDir = path.join('editions', editionId);
    if (fs.existsSync(path.join(editionDir, MANIFEST_NAME))) return { editionId, distDir: asDist, manifest: loadEdition(editionDir).manifest, editionDir };
    return { editionId, distDir: asDist };
  }
  fail(arg, 'export/no-edition', `not an edition: expected an edition folder with ${MANIFEST_NAME}, an edition id under editions/, or a built edition folder with tei/`);
}

export interface ExportBagOptions extends ResolvedEdition {
  outDir: string;
  /** Bagging-Date (YYYY-MM-DD); default: the manifest's date, so the bag is the same on every run. */
  date?: string;
  /** Source-Organization; default: the manifest's publisher, else the TEI publisher. */
  organization?: string;
}

function listFiles(dir: string, base: string): string[] {
  const out: string[] = [];
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    if (d.name.startsWith('.')) continue; // temporary files of atomic writes
    const full = path.join(dir, d.name);
    if (d.isDirectory()) out.push(...listFiles(full, base));
    else if (d.isFile()) out.push(path.relative(base, full));
  }
  return out;
}

/**
 * A BagIt bag of a built edition. Payload: everything in dist/<edition>
 * (TEI, corpus, HTML, PDF, DTS tree…, under data/ with the same paths) and,
 * when the edition folder is known, its manifest, register and sources under
 * data/edition/. The teiCorpus and the DTS tree are made first when the build
 * did not make them.
 */
export function exportBag(opts: ExportBagOptions): WriteBagResult {
  const { distDir, manifest } = opts;
  if (!fs.existsSync(path.join(distDir, 'tei'))) fail(distDir, 'bag/not-built', 'no tei/ folder: build the edition first (`teikit build`)');
  const teiFiles = findTeiFiles(distDir, manifest);
  if (!fs.existsSync(path.join(distDir, 'tei', `${opts.editionId}.corpus.xml`)) || !fs.existsSync(path.join(distDir, 'dts', 'index.jsonld'))) {
    exportEdition({ editionId: opts.editionId, distDir, manifest, teiFiles });
  }
  const date = opts.date ?? manifest?.date;
  if (!date) fail(distDir, 'bag/date', 'no Bagging-Date: give --date YYYY-MM-DD (or a manifest with a "date")');
  let organization = opts.organization ?? manifest?.publisher;
  if (!organization) {
    const publisher = loadTei(teiFiles[0]).root.get('t:teiHeader/t:fileDesc/t:publicationStmt/t:publisher', NS) as libxml.Element | null;
    if (publisher) organization = normalizeSpace(publisher.text());
  }
  if (!organization) fail(distDir, 'bag/organization', 'no Source-Organization: give --organization or a manifest with a "publisher"');

  const payload = new Map<string, string>();
  for (const rel of listFiles(distDir, distDir).sort()) payload.set(rel.split(path.sep).join('/'), path.join(distDir, rel));
  if (opts.editionDir && manifest) {
    const add = (rel: string): void => {
      const src = path.join(opts.editionDir!, rel);
      if (fs.existsSync(src) && fs.statSync(src).isFile()) payload.set(`edition/${rel.split(path.sep).join('/')}`, src);
    };
    add(MANIFEST_NAME);
    if (manifest.register) add(manifest.register);
    for (const s of manifest.sources) add(s.file);
  }
  const descriptions = manifest?.description ? Object.entries(manifest.description) : [];
  const titles = manifest ? Object.entries(manifest.title) : [];
  const extra: Array<[string, string]> = [];
  for (const [lang, t] of titles) extra.push(['Title', `${t} [${lang}]`]);
  for (const [lang, d] of descriptions.slice(1)) extra.push(['External-Description', `${d} [${lang}]`]);
  return writeBag({
    payload,
    outDir: opts.outDir,
    info: {
      sourceOrganization: organization,
      baggingDate: date,
      externalIdentifier: opts.editionId,
      description: descriptions.length ? `${descriptions[0][1]} [${descriptions[0][0]}]` : undefined,
      extra,
    },
  });
}
