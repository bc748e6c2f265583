import * as fs from 'node:fs';
import { parsedNativeDocument } from '../xml/native-memory';
import * as path from 'node:path';
import * as libxml from 'libxmljs2';
import { fail } from '../model/diagnostics';
import { decodeSource } from '../io/read-source';

/**
 * Reading the TEI documents teikit wrote (docs/encoding.md) for the
 * exporters: the corpus, DTS, the bag and BaseX all start here. Parsing never
 * reaches the network and never expands external entities.
 */
export const TEI_NS = 'http://www.tei-c.org/ns/1.0';
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const NS = { t: TEI_NS };

/** One TEI document of an edition: its language and where it is. */
export interface TeiFile {
  lang: string;
  path: string;
}

export interface LoadedTei {
  lang: string;
  path: string;
  /** File name without folder ("leningrad-letter-1925.en.xml"). */
  fileName: string;
  /** The TEI root's xml:id, or the file name without ".xml". */
  id: string;
  /** The main title (titleStmt/title[@type='main'], else the first title). */
  title: string;
  /** The file's text as read (UTF-8 decoded, NFC). */
  text: string;
  doc: libxml.Document;
  root: libxml.Element;
}

const PARSE_OPTIONS: libxml.ParserOptions = {
  nonet: true,
  noent: false,
  dtdload: false,
  dtdvalid: false,
  dtdattr: false,
  xinclude: false,
  noblanks: false,
};

/** Parse XML text; a syntax error becomes a diagnostic with line and column. */
export function parseXmlText(text: string, file: string): libxml.Document {
  parsedNativeDocument();
  try {
    return libxml.parseXml(text, PARSE_OPTIONS);
  } catch (err) {
    const e = err as { message?: string; line?: number; column?: number };
    fail(file, 'export/xml-syntax', `not well-formed XML: ${(e.message ?? String(err)).trim()}`, e.line || undefined, e.column ? e.column : undefined);
  }
}

/** Read and parse one TEI document; it must have a TEI root in the TEI namespace. */
export function loadTei(input: TeiFile): LoadedTei {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(input.path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    fail(input.path, 'export/tei-missing', code === 'ENOENT' ? 'no such TEI file (run `teikit build` first)' : `cannot read TEI file (${code})`);
  }
  const text = decodeSource(input.path, bytes);
  const doc = parseXmlText(text, input.path);
  const root = doc.root();
  if (!root || root.name() !== 'TEI' || root.namespace()?.href() !== TEI_NS) {
    const got = root ? `<${root.name()}>${root.namespace() ? ` in ${root.namespace()!.href()}` : ' in no namespace'}` : 'nothing';
    fail(input.path, 'export/not-tei', `expected a <TEI> root element in ${TEI_NS}, found ${got}`, root?.line());
  }
  const fileName = path.basename(input.path);
  const id = xmlId(root) ?? fileName.replace(/\.xml$/, '');
  const titleEl =
    (root.get("t:teiHeader/t:fileDesc/t:titleStmt/t:title[@type='main']", NS) as libxml.Element | null) ??
    (root.get('t:teiHeader/t:fileDesc/t:titleStmt/t:title', NS) as libxml.Element | null);
  const title = titleEl ? normalizeSpace(titleEl.text()) : id;
  return { lang: input.lang, path: input.path, fileName, id, title, text, doc, root };
}

export function xmlId(el: libxml.Element): string | undefined {
  for (const a of el.attrs()) {
    if (a.name() === 'id' && a.namespace()?.href() === XML_NS) return a.value();
  }
  return undefined;
}

export function normalizeSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** Is `s` an XML NCName (usable as xml:id)? */
export function isNcName(s: string): boolean {
  return /^[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*$/.test(s);
}
