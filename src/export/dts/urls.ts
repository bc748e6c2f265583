import type { DtsResourceModel } from './model';
import type { DtsUrls, NavigationQuery } from './responses';

/**
 * The two URL schemes of teikit's DTS responses.
 *
 * Query URLs (the server, DTS Level 1): `<base>/collection?id=…`,
 * `<base>/navigation?resource=…&ref=…&down=…`, `<base>/document?resource=…&ref=…`.
 *
 * Static URLs (files, DTS Level 0: no start/end), with RFC 6570 templates as
 * DTS 1.0 suggests for static sites:
 *   collection  `<base>/collection{/id}.jsonld`
 *   navigation  `<base>/navigation/{resource}{;down}.jsonld`
 *   document    `<base>/document/{resource}{/ref}.xml`
 * e.g. `navigation/x.en;down=-1.jsonld`, `document/x.en/en-p1.xml`. A static
 * tree answers only some navigation queries: per document `down=1` (the top
 * units) and `down=-1` (the whole citation tree, every unit with its level
 * and parent); the navigation template has no `ref`, as no per-unit
 * navigation file is written (`teikit serve` answers every query).
 */
const enc = encodeURIComponent;

export function queryUrls(base: string, teiBase: string): DtsUrls {
  const b = base.replace(/\/$/, '');
  return {
    entry: `${b}/`,
    collectionTemplate: `${b}/collection{?id,page,nav}`,
    navigationTemplate: `${b}/navigation{?resource,ref,start,end,down,tree,page}`,
    documentTemplate: `${b}/document{?resource,ref,start,end,tree,mediaType}`,
    memberCollection: (id) => `${b}/collection?id=${enc(id)}{&page,nav}`,
    resourceNavigationTemplate: (id) => `${b}/navigation?resource=${enc(id)}{&ref,start,end,down,tree,page}`,
    resourceDocumentTemplate: (id) => `${b}/document?resource=${enc(id)}{&ref,start,end,tree,mediaType}`,
    navigation: (id, q) => {
      let s = `${b}/navigation?resource=${enc(id)}`;
      if (q.ref !== undefined) s += `&ref=${enc(q.ref)}`;
      if (q.start !== undefined) s += `&start=${enc(q.start)}&end=${enc(q.end ?? '')}`;
      if (q.down !== undefined) s += `&down=${q.down}`;
      return s;
    },
    download: (res: DtsResourceModel) => `${teiBase.replace(/\/$/, '')}/${enc(res.tei.fileName)}`,
  };
}

/** Relative path (inside the dts folder) of a static navigation response. */
export function staticNavigationPath(resourceId: string, q: NavigationQuery): string {
  let s = `navigation/${enc(resourceId)}`;
  if (q.down !== undefined) s += `;down=${q.down}`;
  if (q.ref !== undefined) s += `/${enc(q.ref)}`;
  return s + '.jsonld';
}

export function staticDocumentPath(resourceId: string, ref?: string): string {
  return `document/${enc(resourceId)}${ref !== undefined ? `/${enc(ref)}` : ''}.xml`;
}

export function staticCollectionPath(id?: string): string {
  return id === undefined ? 'collection.jsonld' : `collection/${enc(id)}.jsonld`;
}

export function staticUrls(base: string, teiBase: string): DtsUrls {
  const b = base.replace(/\/$/, '');
  return {
    entry: `${b}/index.jsonld`,
    collectionTemplate: `${b}/collection{/id}.jsonld`,
    navigationTemplate: `${b}/navigation/{resource}{;down}.jsonld`,
    documentTemplate: `${b}/document/{resource}{/ref}.xml`,
    memberCollection: (id) => `${b}/${staticCollectionPath(id)}`,
    resourceNavigationTemplate: (id) => `${b}/navigation/${enc(id)}{;down}.jsonld`,
    resourceDocumentTemplate: (id) => `${b}/document/${enc(id)}{/ref}.xml`,
    navigation: (id, q) => `${b}/${staticNavigationPath(id, q)}`,
    download: (res: DtsResourceModel) => `${teiBase.replace(/\/$/, '')}/${enc(res.tei.fileName)}`,
  };
}
