import { fail, type Diagnostic } from '../model/diagnostics';
import { lineColumn } from '../io/read-source';
import { expandInternalEntities, parseXmlSafeDetailed, readXmlFile } from '../xml';

/** A TEI document checked by the safe parser and prepared for the XSLT processor. */
export interface SafeXml {
  /** The file name used in diagnostics (or "<input>"). */
  file: string;
  /** The text SaxonJS reads: no XML declaration, no DOCTYPE, internal entities expanded. */
  xml: string;
  /** The XML version the document declared ("1.0" or "1.1"). */
  declaredVersion: string;
  /** Non-fatal findings (an XML 1.1 document read with XML 1.0 rules). */
  warnings: Diagnostic[];
}

const PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/**
 * Check an XML text with teikit's safe parser (src/xml: no network, no DTD
 * loading, no XInclude, no external entity, entity bombs refused) and prepare
 * it for SaxonJS: internal entities are expanded, the DOCTYPE is blanked and
 * the XML declaration dropped. An XML 1.1 document is read as XML 1.0 when
 * its content permits (libxml2 rejects content only XML 1.1 allows, with the
 * line and column). A reference to an entity declared only in an external
 * DTD cannot be resolved without reading it: an error.
 */
export function parseXmlSafely(text: string, file = '<input>'): SafeXml {
  const { warnings, xmlVersion } = parseXmlSafeDetailed(text, file);
  const expanded = expandInternalEntities(text);
  const xml = expanded.replace(/^\ufeff?<\?xml\s[^>]*\?>/, (m) => ' '.repeat(m.length));
  const scanned = xml
    .replace(/<!--[\s\S]*?-->/g, (m) => ' '.repeat(m.length))
    .replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, (m) => ' '.repeat(m.length))
    .replace(/<\?[\s\S]*?\?>/g, (m) => ' '.repeat(m.length));
  const entity = /&([A-Za-z_:][\w.:-]*);/g;
  let m: RegExpExecArray | null;
  while ((m = entity.exec(scanned)) !== null) {
    if (PREDEFINED.has(m[1])) continue;
    const at = text.indexOf(`&${m[1]};`);
    const pos = at >= 0 ? lineColumn(text, at) : undefined;
    fail(file, 'render/entity', `reference to the entity &${m[1]}; which is declared outside the document (in an external DTD); teikit reads no external DTD: expected the character itself or an internal entity`, pos?.line, pos?.column);
  }
  return { file, xml, declaredVersion: xmlVersion, warnings };
}

/** Read a TEI file (its declared encoding) and parse it safely. */
export function readXmlSafely(file: string): SafeXml {
  return parseXmlSafely(readXmlFile(file), file);
}
