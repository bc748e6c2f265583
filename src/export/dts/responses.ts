import type * as libxml from 'libxmljs2';
import { TEI_NS, escapeAttr } from '../tei-input';
import type { CitableUnit, CiteStructureNode, DtsEditionModel, DtsResourceModel } from './model';

/**
 * DTS 1.0 responses (https://dtsapi.org/versions/v1.0/) built from the
 * edition model: Entry, Collection, Navigation (JSON-LD) and Document (TEI).
 * The same builders serve the static tree (`writeDts`) and the HTTP server
 * (`serveEdition`); only the URLs differ (`DtsUrls`).
 */
export const DTS_CONTEXT = 'https://dtsapi.org/context/v1.0.json';
export const DTS_VERSION = '1.0';
export const DTS_WRAPPER_NS = 'https://w3id.org/api/dts#';
export const MEDIA_JSONLD = 'application/ld+json';
export const MEDIA_TEI = 'application/tei+xml';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export interface NavigationQuery {
  ref?: string;
  start?: string;
  end?: string;
  /** undefined: absent; -1: to the bottom of the tree. */
  down?: number;
}

/** How responses name each other: URI templates and the @id of each response. */
export interface DtsUrls {
  entry: string;
  collectionTemplate: string;
  navigationTemplate: string;
  documentTemplate: string;
  /** The `collection` link of a member (Collection or Resource) with this id: a URL or URI template. */
  memberCollection(id: string): string;
  resourceNavigationTemplate(resourceId: string): string;
  resourceDocumentTemplate(resourceId: string): string;
  /** The @id of a Navigation response. */
  navigation(resourceId: string, q: NavigationQuery): string;
  /** Where the whole TEI file can be downloaded. */
  download(res: DtsResourceModel): string;
}

/** An error response: HTTP status and what was wrong. */
export class DtsError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
    this.name = 'DtsError';
  }
}

export function entryPoint(urls: DtsUrls): JsonObject {
  return {
    '@context': DTS_CONTEXT,
    dtsVersion: DTS_VERSION,
    '@id': urls.entry,
    '@type': 'EntryPoint',
    collection: urls.collectionTemplate,
    navigation: urls.navigationTemplate,
    document: urls.documentTemplate,
  };
}

function citeStructureJson(nodes: CiteStructureNode[]): JsonObject[] {
  return nodes.map((n) => {
    const o: JsonObject = { '@type': 'CiteStructure', citeType: n.citeType };
    if (n.citeStructure.length) o.citeStructure = citeStructureJson(n.citeStructure);
    return o;
  });
}

/** A Resource object (Collection and Navigation endpoints). */
export function resourceJson(model: DtsEditionModel, res: DtsResourceModel, urls: DtsUrls, full: boolean): JsonObject {
  const o: JsonObject = {
    '@id': res.id,
    '@type': 'Resource',
    title: res.title,
  };
  if (full) {
    o.totalParents = 1;
    o.totalChildren = 0;
    const dc: JsonObject = {
      title: [{ lang: res.lang, value: res.title }],
      language: [res.lang],
      identifier: [res.id],
      isPartOf: [model.id],
    };
    if (res.author) dc.creator = [{ lang: res.lang, value: res.author }];
    if (model.publisher) dc.publisher = [model.publisher];
    if (model.date) dc.date = [model.date];
    if (model.licence) dc.license = [model.licence];
    o.dublinCore = dc;
  }
  o.collection = urls.memberCollection(res.id);
  o.navigation = urls.resourceNavigationTemplate(res.id);
  o.document = urls.resourceDocumentTemplate(res.id);
  if (full) {
    o.download = urls.download(res);
    o.mediaTypes = [MEDIA_TEI];
  }
  o.citationTrees = [{ '@type': 'CitationTree', citeStructure: citeStructureJson(res.citeStructure) }];
  return o;
}

function editionDublinCore(model: DtsEditionModel, languages: string[]): JsonObject {
  const dc: JsonObject = { title: model.titles.map((t) => ({ lang: t.lang, value: t.value })) };
  if (model.descriptions.length) dc.description = model.descriptions.map((t) => ({ lang: t.lang, value: t.value }));
  dc.language = [...new Set(languages)];
  if (model.publisher) dc.publisher = [model.publisher];
  if (model.date) dc.date = [model.date];
  if (model.licence) dc.license = [model.licence];
  return dc;
}

/** Collection endpoint: `id` absent or the edition id → the edition; a resource id → that resource. */
export function collectionResponse(model: DtsEditionModel, urls: DtsUrls, id?: string, nav: string = 'children'): JsonObject {
  if (nav !== 'children' && nav !== 'parents') throw new DtsError(400, `nav must be "children" or "parents", not "${nav}"`);
  if (id === undefined || id === model.id) {
    return editionCollection(
      model,
      urls,
      nav === 'children' ? model.resources.map((r) => resourceJson(model, r, urls, true)) : [],
      model.resources.length,
      model.resources.map((r) => r.lang),
    );
  }
  const res = model.byId.get(id);
  if (!res) throw new DtsError(404, `no collection or resource "${id}"`);
  const o: JsonObject = { '@context': DTS_CONTEXT, dtsVersion: DTS_VERSION, ...resourceJson(model, res, urls, true) };
  if (nav === 'parents') {
    o.member = [
      {
        '@id': model.id,
        '@type': 'Collection',
        title: model.title,
        totalParents: 0,
        totalChildren: model.resources.length,
        collection: urls.memberCollection(model.id),
      },
    ];
  }
  return o;
}

/**
 * The edition's Collection response from its members' Resource objects
 * (`resourceJson(…, true)`) and their languages, in order: what the static
 * tree rewrites when only some documents changed (their members kept).
 */
export function editionCollection(model: DtsEditionModel, urls: DtsUrls, member: JsonObject[], totalChildren: number, languages: string[]): JsonObject {
  const o: JsonObject = {
    '@context': DTS_CONTEXT,
    dtsVersion: DTS_VERSION,
    '@id': model.id,
    '@type': 'Collection',
    title: model.title,
  };
  if (model.description) o.description = model.description;
  o.totalParents = 0;
  o.totalChildren = totalChildren;
  o.dublinCore = editionDublinCore(model, languages);
  o.collection = urls.collectionTemplate;
  o.member = member;
  return o;
}

export function unitJson(res: DtsResourceModel, u: CitableUnit): JsonObject {
  const o: JsonObject = { identifier: u.identifier, '@type': 'CitableUnit', level: u.level, parent: u.parent, citeType: u.citeType };
  if (u.title) o.dublinCore = { title: [{ lang: res.lang, value: u.title }] };
  return o;
}

function parseDown(down: string | undefined): number | undefined {
  if (down === undefined) return undefined;
  if (!/^-?\d+$/.test(down) || Number(down) < -1) throw new DtsError(400, `down must be an integer >= -1, not "${down}"`);
  return Number(down);
}

export interface RawNavigationQuery {
  resource?: string;
  ref?: string;
  start?: string;
  end?: string;
  down?: string;
  tree?: string;
  page?: string;
}

function lookup(res: DtsResourceModel, id: string, what: string): CitableUnit {
  const u = res.byId.get(id);
  if (!u) throw new DtsError(404, `${what} "${id}" is not a citable unit of ${res.id}`);
  return u;
}

function resolveResource(model: DtsEditionModel, resource: string | undefined): DtsResourceModel {
  if (resource === undefined || resource === '') throw new DtsError(400, 'the resource parameter is required');
  const res = model.byId.get(resource);
  if (!res) throw new DtsError(404, `no resource "${resource}"`);
  return res;
}

/** Check a Navigation/Document query the way DTS 1.0 says (400 and 404 cases). */
export function checkQuery(model: DtsEditionModel, q: RawNavigationQuery, endpoint: 'navigation' | 'document') {
  const res = resolveResource(model, q.resource);
  if (q.tree !== undefined) throw new DtsError(404, `${res.id} has only its default citation tree; there is no tree "${q.tree}"`);
  if (q.page !== undefined && endpoint === 'navigation' && !/^[1-9]\d*$/.test(q.page)) throw new DtsError(400, `page must be a positive integer, not "${q.page}"`);
  if (q.page !== undefined && q.page !== '1' && endpoint === 'navigation') throw new DtsError(404, `navigation responses are not paginated: there is no page ${q.page}`);
  if (q.ref !== undefined && (q.start !== undefined || q.end !== undefined)) throw new DtsError(400, 'ref cannot be used with start or end');
  if ((q.start === undefined) !== (q.end === undefined)) throw new DtsError(400, 'start and end must be given together');
  const down = endpoint === 'navigation' ? parseDown(q.down) : undefined;
  const ref = q.ref !== undefined ? lookup(res, q.ref, 'ref') : undefined;
  const start = q.start !== undefined ? lookup(res, q.start, 'start') : undefined;
  const end = q.end !== undefined ? lookup(res, q.end, 'end') : undefined;
  if (start && end && start.index > end.index) throw new DtsError(400, `start "${start.identifier}" comes after end "${end.identifier}"`);
  return { res, down, ref, start, end };
}

/** Navigation endpoint, following the table "Usage of down, ref, start and end" of DTS 1.0. */
export function navigationResponse(model: DtsEditionModel, urls: DtsUrls, q: RawNavigationQuery): JsonObject {
  const { res, down, ref, start, end } = checkQuery(model, q, 'navigation');
  if (down === undefined && !ref && !start) throw new DtsError(400, 'give ref, start and end, or down');
  if (down === 0 && !ref) throw new DtsError(400, 'down=0 needs a ref');
  const o: JsonObject = {
    '@context': DTS_CONTEXT,
    dtsVersion: DTS_VERSION,
    '@type': 'Navigation',
    '@id': urls.navigation(res.id, { ref: ref?.identifier, start: start?.identifier, end: end?.identifier, down }),
    resource: resourceJson(model, res, urls, false),
  };
  if (ref) o.ref = unitJson(res, ref);
  if (start && end) {
    o.start = unitJson(res, start);
    o.end = unitJson(res, end);
  }
  if (down === undefined) return o;
  let members: CitableUnit[];
  if (down === 0) members = res.units.filter((u) => u.parent === ref!.parent);
  else if (ref) {
    const max = down === -1 ? Infinity : ref.level + down;
    members = res.units.slice(ref.index, ref.lastDescendant + 1).filter((u) => u.level <= max);
  } else if (start && end) {
    const max = down === -1 ? Infinity : Math.max(start.level, end.level) + down;
    members = res.units.slice(start.index, end.lastDescendant + 1).filter((u) => u.level <= max);
  } else {
    members = res.units.filter((u) => down === -1 || u.level <= down);
  }
  o.member = members.map((u) => unitJson(res, u));
  return o;
}

/**
 * Document endpoint: the whole TEI document, or for ref / start+end a TEI
 * document whose body holds the passage in a <dts:wrapper>, with the
 * document's teiHeader for context.
 */
export function documentResponse(model: DtsEditionModel, q: RawNavigationQuery & { mediaType?: string }): { mediaType: string; body: string } {
  const { res, ref, start, end } = checkQuery(model, q, 'document');
  if (q.mediaType !== undefined && q.mediaType !== MEDIA_TEI) throw new DtsError(404, `media type "${q.mediaType}" is not available; ${res.id} is served as ${MEDIA_TEI}`);
  if (!ref && !start) return { mediaType: MEDIA_TEI, body: res.tei.text };
  let passage: CitableUnit[];
  if (ref) passage = [ref];
  else {
    // the top-most units of the range: a unit inside an earlier selected one comes with it
    passage = [];
    let covered = -1;
    for (const u of res.units.slice(start!.index, end!.index + 1)) {
      if (u.index <= covered) continue;
      passage.push(u);
      covered = u.lastDescendant;
    }
  }
  const header = res.tei.root.get('t:teiHeader', { t: TEI_NS }) as libxml.Element | null;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<TEI xmlns="${TEI_NS}" xml:lang="${escapeAttr(res.lang)}">`];
  if (header) lines.push('  ' + header.toString(false));
  const attrs = ref ? ` ref="${escapeAttr(xpathOf(ref))}"` : ` start="${escapeAttr(xpathOf(start!))}" end="${escapeAttr(xpathOf(end!))}"`;
  lines.push('  <text>', '    <body>', `      <dts:wrapper xmlns:dts="${DTS_WRAPPER_NS}"${attrs}>`);
  for (const u of passage) lines.push('        ' + u.element.toString(false));
  lines.push('      </dts:wrapper>', '    </body>', '  </text>', '</TEI>');
  return { mediaType: MEDIA_TEI, body: lines.join('\n') + '\n' };
}

function xpathOf(u: CitableUnit): string {
  return `//*[@xml:id='${u.identifier}']`;
}
