import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import type { TeiDocument } from '../../model/document';
import { newBodyContext, writeDivision } from './body';
import { type HeaderOptions, writeHeader } from './header';
import { serializeXml } from './serialize';
import { TEIKIT_VERSION } from '../../paths';

export { serializeXml } from './serialize';

const TEI_NS = 'http://www.tei-c.org/ns/1.0';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export interface TeiWriteOptions extends Omit<HeaderOptions, 'tool'> {
  /** href of the xml-model processing instruction (the project schema), relative to the output file. */
  schemaHref?: string;
  /** Writes the <standOff> (the register) into the <TEI> element, after the header. */
  standOff?: (tei: XMLBuilder) => void;
  tool?: HeaderOptions['tool'];
}

export const TOOL = { name: 'teikit', version: TEIKIT_VERSION };

/** Build the TEI document as an xmlbuilder2 tree (for callers that add to it). */
export function buildTei(doc: TeiDocument, opts: TeiWriteOptions): XMLBuilder {
  const root = create();
  if (opts.schemaHref) {
    root.ins('xml-model', `href="${opts.schemaHref}" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"`);
  }
  const tei = root.ele(TEI_NS, 'TEI');
  tei.att(XML_NS, 'xml:id', opts.docId);
  tei.att(XML_NS, 'xml:lang', doc.lang);
  writeHeader(tei, doc, { ...opts, tool: opts.tool ?? TOOL });
  if (opts.standOff) opts.standOff(tei);
  const ctx = newBodyContext(doc);
  const body = tei.ele('text').ele('body');
  doc.divisions.forEach((div, i) => writeDivision(body, div, i, ctx));
  if (doc.divisions.length === 0) body.ele('p');
  return root;
}

/** The TEI P5 document for one source, as a UTF-8 XML string in NFC, deterministic. */
export function writeTei(doc: TeiDocument, opts: TeiWriteOptions): string {
  return serializeXml(buildTei(doc, opts)).normalize('NFC');
}
