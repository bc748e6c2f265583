import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import type { TeiDocument } from '../../model/document';
import { newBodyContext, writeDivision } from './body';
import { type HeaderOptions, writeHeader } from './header';
import { serializeXml } from './serialize';
import type { TeiBuilder } from './tree';
import { TEIKIT_VERSION } from '../../paths';

export { serializeXml } from './serialize';
export type { TeiBuilder } from './tree';

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

const XML_MODEL = (href: string): string => `href="${href}" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"`;

/** Build the TEI document as an xmlbuilder2 tree (writeTei serialises it; callers may add to it). */
export function buildTei(doc: TeiDocument, opts: TeiWriteOptions): XMLBuilder {
  // loaded when first asked for (a command that writes no TEI does not load it)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { create } = require('xmlbuilder2') as typeof import('xmlbuilder2');
  const root = create();
  if (opts.schemaHref) root.ins('xml-model', XML_MODEL(opts.schemaHref));
  const tei = root.ele(TEI_NS, 'TEI');
  const standOff = opts.standOff;
  writeTeiElement(tei, doc, opts, standOff && (() => standOff(tei)));
  return root;
}

/** The TEI P5 document for one source, as a UTF-8 XML string in NFC, deterministic. */
export function writeTei(doc: TeiDocument, opts: TeiWriteOptions): string {
  return serializeXml(buildTei(doc, opts)).normalize('NFC');
}

/** The TEI element's attributes and content: header, standOff, text. */
function writeTeiElement(tei: TeiBuilder, doc: TeiDocument, opts: TeiWriteOptions, standOff: (() => void) | undefined): void {
  tei.att(XML_NS, 'xml:id', opts.docId);
  tei.att(XML_NS, 'xml:lang', doc.lang);
  writeHeader(tei, doc, { ...opts, tool: opts.tool ?? TOOL });
  if (standOff) standOff();
  const ctx = newBodyContext(doc);
  const body = tei.ele('text').ele('body');
  doc.divisions.forEach((div, i) => writeDivision(body, div, i, ctx));
  if (doc.divisions.length === 0) body.ele('p');
}
