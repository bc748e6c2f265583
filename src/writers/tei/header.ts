import type { TeiBuilder } from './tree';
import type { EditionManifest, Party, SourceEntry } from '../../edition/manifest';
import type { HeaderField, SourceFormat, TeiDocument } from '../../model/document';

export interface HeaderOptions {
  docId: string;
  /** The edition this document belongs to, when built from a manifest. */
  manifest?: EditionManifest;
  source?: SourceEntry;
  tool: { name: string; version: string };
  /** Further languages the document uses (e.g. the register's names in the standOff). */
  otherLanguages?: string[];
  /** Register ids that resolve in this document's standOff; other refs are left out. */
  knownIds?: ReadonlySet<string>;
}

const LANGUAGE_NAMES: Record<string, string> = {
  ru: 'Russian', en: 'English', de: 'German', fr: 'French', uk: 'Ukrainian', it: 'Italian', es: 'Spanish', pl: 'Polish',
};

const FORMAT_DESCRIPTIONS: Record<SourceFormat, string> = {
  'word-md':
    'Converted by teikit from Markdown exported from Word. The Markdown syntax (heading marks, emphasis marks, ' +
    'note reference and note body markers, thematic breaks, backslash escapes) was removed; emphasis is encoded as hi ' +
    'with rend; soft line breaks inside a paragraph were joined with one space; each note is placed at its reference ' +
    'point; page references at the end of notes are encoded as bibl/biblScope. No-break spaces (U+00A0), no-break ' +
    'hyphens (U+2011), dashes and typographic quotes are kept as in the source. The text is in Unicode NFC.',
  'mia-txt':
    'Converted by teikit from a plain text in the style of the Marxists Internet Archive. The header lines (author, ' +
    'title, date, labelled fields) are encoded in this header; hard-wrapped lines were joined with one space; note ' +
    'markers glued to a word or standing after it were replaced by the note itself, moved from the endnotes to its ' +
    'reference point; the endnote numbers were removed. The text is in Unicode NFC.',
};

function text(parent: TeiBuilder, name: string, value: string, attrs: Record<string, string> = {}): TeiBuilder {
  const el = parent.ele(name, attrs);
  if (value) el.txt(value);
  return el;
}

function fieldsOf(doc: TeiDocument, key: HeaderField['key']): HeaderField[] {
  return doc.meta.fields.filter((f) => f.key === key);
}

/**
 * "Works, Vol. 7, 1925" → title, volume, year; anything else stays one string.
 */
function writeSourceBibl(parent: TeiBuilder, value: string): void {
  const m = /^(.*?),\s*((?:Vol\.|Volume|т\.|Т\.|Bd\.)\s*[\dIVXLC]+)(?:,\s*(\d{4}))?\s*$/.exec(value);
  if (!m) {
    text(parent, 'title', value);
    return;
  }
  text(parent, 'title', m[1]);
  parent.txt(', ');
  text(parent, 'biblScope', m[2], { unit: 'volume' });
  if (m[3]) {
    parent.txt(', ');
    text(parent, 'date', m[3], { when: m[3] });
  }
}

/**
 * A first-publication line: "The magazine Krasnaya Letopis, No. 1 (58), 1934",
 * "Журнал “Красная Летопись” № 1 (58), 1934 г." → journal title, issue, year.
 */
export function writeFirstPublication(parent: TeiBuilder, line: string): void {
  const bibl = parent.ele('bibl', { type: 'firstPublication' });
  const m = /^(?:(The\s+(?:magazine|journal|newspaper)|Журнал|Газета|Newspaper|Magazine|Journal)\s+)?[“"«„]?([^”"»,№]+?)[”"»]?\s*,?\s*((?:№|No\.|Nr\.)\s*[^,]+?)?\s*,?\s*(\d{4})?\s*(г\.?)?\s*$/u.exec(line);
  if (!m || !m[2] || (!m[3] && !m[4])) {
    bibl.txt(line);
    return;
  }
  if (m[1]) bibl.txt(`${m[1]} `);
  text(bibl, 'title', m[2].trim(), { level: 'j' });
  if (m[3]) {
    bibl.txt(', ');
    text(bibl, 'biblScope', m[3].trim(), { unit: 'issue' });
  }
  if (m[4]) {
    bibl.txt(', ');
    text(bibl, 'date', m[4], { when: m[4] });
  }
  if (m[5]) bibl.txt(` ${m[5]}`);
}

function partyName(parent: TeiBuilder, party: Party, lang: string, fallbackType: 'person' | 'org' | 'place', knownIds?: ReadonlySet<string>): void {
  const type = party.type ?? fallbackType;
  const element = type === 'person' ? 'persName' : type === 'org' ? 'orgName' : 'placeName';
  const attrs: Record<string, string> = {};
  if (party.ref && knownIds?.has(party.ref)) attrs.ref = `#${party.ref}`;
  if (party.cert) attrs.cert = party.cert;
  const name = party.name[lang] ?? Object.values(party.name)[0];
  text(parent, element, name, attrs);
}

/** The full teiHeader: everything the source's own header says, plus the edition's metadata. */
export function writeHeader(tei: TeiBuilder, doc: TeiDocument, opts: HeaderOptions): void {
  const { manifest, source } = opts;
  const lang = doc.lang;
  const header = tei.ele('teiHeader');
  const fileDesc = header.ele('fileDesc');

  // titleStmt
  const titleStmt = fileDesc.ele('titleStmt');
  text(titleStmt, 'title', doc.meta.title ?? manifest?.title[lang] ?? opts.docId, { type: 'main' });
  if (manifest && manifest.title[lang] && manifest.title[lang] !== doc.meta.title) {
    text(titleStmt, 'title', manifest.title[lang], { type: 'sub' });
  }
  const author = doc.meta.author ?? source?.author;
  if (author) text(titleStmt, 'author', author);
  for (const ed of manifest?.editors ?? []) {
    const el = text(titleStmt, 'editor', ed.name, ed.role ? { role: ed.role.replace(/\s+/g, '_') } : {});
    if (ed.orcid) el.att('ref', `https://orcid.org/${ed.orcid}`);
  }
  for (const f of fieldsOf(doc, 'transcription').concat(fieldsOf(doc, 'translated'))) {
    const resp = titleStmt.ele('respStmt');
    text(resp, 'resp', f.label);
    text(resp, 'name', f.value);
  }
  const enc = titleStmt.ele('respStmt');
  text(enc, 'resp', 'TEI encoding');
  text(enc, 'name', `${opts.tool.name} ${opts.tool.version}`);

  // publicationStmt
  const pub = fileDesc.ele('publicationStmt');
  text(pub, 'publisher', manifest?.publisher ?? opts.tool.name);
  if (manifest?.date) text(pub, 'date', manifest.date, { when: manifest.date });
  const avail = pub.ele('availability');
  if (manifest) text(avail, 'licence', manifest.licence.name, { target: manifest.licence.url });
  const rights = fieldsOf(doc, 'rights');
  for (const f of rights) text(avail, 'p', `${f.label}: ${f.value}`);
  if (!manifest && rights.length === 0) text(avail, 'p', 'The source states no licence.');
  text(pub, 'idno', opts.docId, { type: 'teikit' });

  // notesStmt: header lines with no better place
  const others = fieldsOf(doc, 'other');
  if (others.length > 0 || source?.note) {
    const notesStmt = fileDesc.ele('notesStmt');
    for (const f of others) text(notesStmt, 'note', f.value, { type: 'sourceField', n: f.label });
    if (source?.note) text(notesStmt, 'note', source.note, { type: 'editorial' });
  }

  // sourceDesc
  const sourceDesc = fileDesc.ele('sourceDesc');
  const sources = fieldsOf(doc, 'source');
  const publishers = fieldsOf(doc, 'publisher');
  if (sources.length > 0 || publishers.length > 0) {
    const bibl = sourceDesc.ele('bibl', { type: 'source' });
    if (author) {
      text(bibl, 'author', author);
      bibl.txt('. ');
    }
    sources.forEach((f, i) => {
      if (i > 0) bibl.txt('; ');
      writeSourceBibl(bibl, f.value);
    });
    for (const f of publishers) {
      bibl.txt('. ');
      text(bibl, 'publisher', f.value);
    }
  }
  if (source?.bibl) text(sourceDesc, 'bibl', source.bibl, { type: 'source' });
  const firstPubs = fieldsOf(doc, 'firstPublished').map((f) => f.value);
  if (doc.meta.firstPublication) firstPubs.push(doc.meta.firstPublication);
  for (const line of firstPubs) writeFirstPublication(sourceDesc, line);
  if (sourceDesc.node.childNodes.length === 0) {
    text(sourceDesc, 'p', `Born digital: converted by ${opts.tool.name} from ${doc.file.split(/[\\/]/).pop()}.`);
  }

  // encodingDesc
  const encodingDesc = header.ele('encodingDesc');
  const projectDesc = encodingDesc.ele('projectDesc');
  text(projectDesc, 'p', manifest?.description?.[lang] ?? manifest?.description?.en ?? `A TEI P5 encoding of ${doc.file.split(/[\\/]/).pop()} made with ${opts.tool.name}.`);
  text(encodingDesc.ele('editorialDecl'), 'p', FORMAT_DESCRIPTIONS[doc.format]);

  // profileDesc
  const profileDesc = header.ele('profileDesc');
  const langUsage = profileDesc.ele('langUsage');
  for (const l of [lang, ...(opts.otherLanguages ?? []).filter((x, i, all) => x !== lang && all.indexOf(x) === i)]) {
    text(langUsage, 'language', LANGUAGE_NAMES[l] ?? l, { ident: l });
  }
  if (doc.meta.date) {
    const iso = doc.meta.dateIso;
    text(profileDesc.ele('creation'), 'date', doc.meta.date, iso ? { when: iso } : {});
  }
  const isLetter = manifest?.type === 'letter' || doc.divisions.some((d) => d.type === 'letter');
  if (isLetter) {
    const correspDesc = profileDesc.ele('correspDesc');
    const sent = correspDesc.ele('correspAction', { type: 'sent' });
    const letter = manifest?.letter;
    if (letter?.sender) partyName(sent, letter.sender, lang, 'person', opts.knownIds);
    else if (author) text(sent, 'persName', author);
    if (letter?.place) partyName(sent, letter.place, lang, 'place', opts.knownIds);
    const when = letter?.date ?? doc.meta.dateIso;
    if (when || doc.meta.date) {
      const d = sent.ele('date', when ? { when } : {});
      if (doc.meta.date) d.txt(doc.meta.date);
    }
    if (sent.node.childNodes.length === 0) text(sent, 'p', 'Sender not stated.');
    if (letter?.addressee) partyName(correspDesc.ele('correspAction', { type: 'received' }), letter.addressee, lang, 'org', opts.knownIds);
  }
}
