import * as fs from 'node:fs';
import * as libxml from 'libxmljs2';
import { fail } from '../model/diagnostics';
import { decodeSource, lineColumn } from '../io/read-source';

/** A TEI document read safely and reduced to its root element, ready for the XSLT processor. */
export interface SafeXml {
  /** The file name used in diagnostics (or "<input>"). */
  file: string;
  /** The root element serialised on its own: no XML declaration, DOCTYPE or prolog processing instructions. */
  xml: string;
  /** The XML version the document declared ("1.0" or "1.1"). */
  declaredVersion: string;
}

const PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/**
 * Parse XML without touching the network or the file system beyond the file
 * itself: no DTD is loaded, no entity is expanded, no XInclude is processed.
 * A document declaring XML 1.1 is read as XML 1.0 (libxml2 does so); content
 * that only XML 1.1 allows (e.g. C0 control characters as character
 * references) is reported as an error naming the declaration. A reference to
 * an entity other than the five predefined ones cannot be resolved without
 * reading a DTD, so it is an error too.
 */
export function parseXmlSafely(text: string, file = '<input>'): SafeXml {
  const decl = /^\s*<\?xml\s+version\s*=\s*["']([^"']*)["']/.exec(text);
  const declaredVersion = decl ? decl[1] : '1.0';
  let doc: libxml.Document;
  try {
    doc = libxml.parseXml(text, {
      nonet: true,
      noent: false,
      dtdload: false,
      dtdattr: false,
      dtdvalid: false,
      xinclude: false,
      recover: false,
      huge: true,
      noblanks: false,
      big_lines: true,
    });
  } catch (err) {
    const e = err as { message?: string; line?: number; column?: number };
    const msg = String(e.message ?? err).trim();
    const v11 = declaredVersion === '1.1' ? ' (the document declares XML 1.1 and is read as XML 1.0: it uses something only XML 1.1 allows)' : '';
    fail(file, 'render/not-well-formed', `not well-formed XML: ${msg}${v11}; expected a well-formed TEI document`, e.line || undefined, e.column || undefined);
  }
  const root = doc.root();
  if (!root) fail(file, 'render/no-root', 'the document has no root element; expected a TEI document');
  const xml = root.toString(false);
  const entity = /&([A-Za-z_:][\w.:-]*);/g;
  let m: RegExpExecArray | null;
  while ((m = entity.exec(xml)) !== null) {
    if (PREDEFINED.has(m[1])) continue;
    const at = text.indexOf(`&${m[1]};`);
    const pos = at >= 0 ? lineColumn(text, at) : undefined;
    fail(file, 'render/entity', `reference to the entity &${m[1]}; which is defined in a DTD; teikit reads no DTD and expands no entity: expected the character itself`, pos?.line, pos?.column);
  }
  return { file, xml, declaredVersion };
}

/** Read a TEI file (strict UTF-8) and parse it safely. */
export function readXmlSafely(file: string): SafeXml {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    fail(file, 'io/unreadable', code === 'ENOENT' ? 'no such file; expected a TEI XML file' : `cannot be read (${code})`);
  }
  return parseXmlSafely(decodeSource(file, bytes), file);
}
