import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as libxml from 'libxmljs2';
import type { EditionManifest } from '../../edition/manifest';
import { fail } from '../../model/diagnostics';
import { NS, type LoadedTei, type TeiFile, loadTei, normalizeSpace, xmlId } from '../tei-input';

/**
 * The DTS view of an edition: one Collection (the edition) holding one
 * Resource per TEI document; each Resource's citation tree is made of its
 * citable units, the elements of <text> carrying an xml:id that a reader
 * cites: divisions (`<div type="letter">`), paragraphs (`<p>`) and notes
 * (`<note>`). A unit's parent is the nearest citable ancestor, so a note
 * inside a paragraph sits one level below it and a note in the heading sits
 * directly below the letter.
 */
export interface CitableUnit {
  identifier: string;
  citeType: string;
  /** 1 for top-level units. */
  level: number;
  parent: string | null;
  /** Index in document order. */
  index: number;
  /** Index of the last descendant unit (== index when it has none). */
  lastDescendant: number;
  /** A heading for divisions, the label for notes. */
  title?: string;
  element: libxml.Element;
}

export interface CiteStructureNode {
  citeType: string;
  citeStructure: CiteStructureNode[];
}

export interface DtsResourceModel {
  id: string;
  lang: string;
  title: string;
  author?: string;
  tei: LoadedTei;
  units: CitableUnit[];
  byId: Map<string, CitableUnit>;
  citeStructure: CiteStructureNode[];
  maxLevel: number;
}

export interface DtsEditionModel {
  id: string;
  title: string;
  titles: Array<{ lang: string; value: string }>;
  description?: string;
  descriptions: Array<{ lang: string; value: string }>;
  publisher?: string;
  date?: string;
  licence?: string;
  resources: DtsResourceModel[];
  byId: Map<string, DtsResourceModel>;
}

export interface DtsModelOptions {
  editionId: string;
  teiFiles: TeiFile[];
  manifest?: EditionManifest;
  /** Accept no documents (a model of the edition's metadata only; the title then comes from the manifest or the id). */
  allowEmpty?: boolean;
}

const CITE_TYPES: Record<string, (e: libxml.Element) => string> = {
  div: (e) => e.attr('type')?.value() ?? 'div',
  p: () => 'paragraph',
  note: () => 'note',
};

function citeTypeOf(e: libxml.Element): string | undefined {
  if (e.namespace()?.href() !== NS.t) return undefined;
  const f = CITE_TYPES[e.name()];
  return f ? f(e) : undefined;
}

export function buildResourceModel(tei: LoadedTei): DtsResourceModel {
  const text = tei.root.get('t:text', NS) as libxml.Element | null;
  if (!text) fail(tei.path, 'dts/no-text', 'the TEI document has no <text>: expected text/body with citable units', tei.root.line());
  const candidates = text.find('.//*[@xml:id]') as libxml.Element[];
  const units: CitableUnit[] = [];
  const byId = new Map<string, CitableUnit>();
  for (const e of candidates) {
    const citeType = citeTypeOf(e);
    if (!citeType) continue;
    const identifier = xmlId(e)!;
    if (byId.has(identifier)) fail(tei.path, 'dts/duplicate-id', `xml:id "${identifier}" is used twice; expected unique citable identifiers`, e.line());
    // nearest citable ancestor (xml:ids are unique in a document)
    let parentUnit: CitableUnit | undefined;
    for (let a = e.parent() as libxml.Element | libxml.Document; a && a !== text && 'attrs' in a; a = a.parent()) {
      const aid = citeTypeOf(a) ? xmlId(a) : undefined;
      if (aid && byId.has(aid)) {
        parentUnit = byId.get(aid);
        break;
      }
    }
    const unit: CitableUnit = {
      identifier,
      citeType,
      level: parentUnit ? parentUnit.level + 1 : 1,
      parent: parentUnit ? parentUnit.identifier : null,
      index: units.length,
      lastDescendant: units.length,
      element: e,
    };
    if (e.name() === 'div') {
      const head = e.get('t:head', NS) as libxml.Element | null;
      if (head) unit.title = headText(head);
    } else if (e.name() === 'note') {
      const n = e.attr('n')?.value();
      if (n) unit.title = n;
    }
    units.push(unit);
    byId.set(identifier, unit);
  }
  // last descendants (units are in document order, children right after their parent)
  for (let i = units.length - 1; i >= 0; i--) {
    const u = units[i];
    if (u.parent) {
      const p = byId.get(u.parent)!;
      p.lastDescendant = Math.max(p.lastDescendant, u.lastDescendant);
    }
  }
  const author = tei.root.get('t:teiHeader/t:fileDesc/t:titleStmt/t:author', NS) as libxml.Element | null;
  return {
    id: tei.id,
    lang: tei.lang,
    title: tei.title,
    author: author ? normalizeSpace(author.text()) : undefined,
    tei,
    units,
    byId,
    citeStructure: citeStructureOf(units, byId),
    maxLevel: units.reduce((m, u) => Math.max(m, u.level), 0),
  };
}

/** Heading text without the notes anchored in it. */
function headText(head: libxml.Element): string {
  let s = '';
  const walk = (n: libxml.Node): void => {
    if (n.type() === 'text') s += (n as libxml.Text).text();
    else if (n.type() === 'element' && (n as libxml.Element).name() !== 'note') for (const c of (n as libxml.Element).childNodes()) walk(c);
  };
  walk(head);
  return normalizeSpace(s);
}

/** The citation tree: every path of citeTypes that occurs, children in order of first occurrence. */
function citeStructureOf(units: CitableUnit[], byId: Map<string, CitableUnit>): CiteStructureNode[] {
  const root: CiteStructureNode[] = [];
  for (const u of units) {
    const chain: string[] = [];
    for (let x: CitableUnit | undefined = u; x; x = x.parent ? byId.get(x.parent) : undefined) chain.unshift(x.citeType);
    let level = root;
    for (const t of chain) {
      let node = level.find((n) => n.citeType === t);
      if (!node) {
        node = { citeType: t, citeStructure: [] };
        level.push(node);
      }
      level = node.citeStructure;
    }
  }
  return root;
}

function firstOf(map: Record<string, string> | undefined): string | undefined {
  return map ? Object.values(map)[0] : undefined;
}

export function buildDtsModel(opts: DtsModelOptions): DtsEditionModel {
  if (opts.teiFiles.length === 0 && !opts.allowEmpty) fail(opts.editionId, 'dts/no-documents', 'no TEI documents given: expected at least one');
  const resources = opts.teiFiles.map((f) => buildResourceModel(loadTei(f)));
  const byId = new Map<string, DtsResourceModel>();
  for (const r of resources) {
    if (byId.has(r.id)) fail(r.tei.path, 'dts/duplicate-resource', `two TEI documents have the id "${r.id}"; expected one id per document`);
    byId.set(r.id, r);
  }
  const m = opts.manifest;
  const titles = m ? Object.entries(m.title).map(([lang, value]) => ({ lang, value })) : resources.map((r) => ({ lang: r.lang, value: r.title }));
  const descriptions = m?.description ? Object.entries(m.description).map(([lang, value]) => ({ lang, value })) : [];
  return {
    id: opts.editionId,
    title: firstOf(m?.title) ?? resources[0]?.title ?? opts.editionId,
    titles,
    description: firstOf(m?.description),
    descriptions,
    publisher: m?.publisher,
    date: m?.date,
    licence: m?.licence?.url,
    resources,
    byId,
  };
}

/**
 * The TEI documents of a built edition folder (`dist/<edition>/tei/*.xml`,
 * the corpus file left out), sorted by file name; the language is the root's
 * xml:lang, else the part of the name before ".xml" ("x.en.xml" → "en").
 * With a manifest, in the order of its sources (the original first).
 */
export function findTeiFiles(distDir: string, manifest?: EditionManifest): TeiFile[] {
  const dir = path.join(distDir, 'tei');
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    fail(dir, 'export/no-tei', 'no tei/ folder: expected a built edition (run `teikit build` first)');
  }
  const files = names.filter((n) => n.endsWith('.xml') && !n.endsWith('.corpus.xml')).sort();
  if (files.length === 0) fail(dir, 'export/no-tei', 'no TEI documents (*.xml): expected a built edition (run `teikit build` first)');
  const found = files.map((n) => {
    const p = path.join(dir, n);
    const head = fs.readFileSync(p, 'utf8').slice(0, 4096);
    const m = /<TEI\b[^>]*\bxml:lang="([^"]+)"/.exec(head);
    const lang = m ? m[1] : (n.replace(/\.xml$/, '').split('.').pop() ?? 'und');
    return { lang, path: p };
  });
  if (!manifest) return found;
  const rank = (f: TeiFile): number => {
    const i = manifest.sources.findIndex((s) => s.lang === f.lang);
    return i < 0 ? manifest.sources.length : i;
  };
  return found.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map((x) => x.f);
}
