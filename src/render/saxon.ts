import { TeikitError } from '../model/diagnostics';
import { loadStylesheet } from './sef';
import { keepSaxonCode, saxonJs } from '../xml/saxon-js';
import type { SafeXml } from './parse';

/** The part of SaxonJS's API teikit uses (saxon-js ships no type definitions). */
interface SaxonJsApi {
  transform(
    options: {
      stylesheetInternal: unknown;
      sourceNode?: unknown;
      destination: 'serialized' | 'raw';
      stylesheetParams?: Record<string, unknown>;
    },
    mode: 'sync',
  ): { principalResult: unknown };
  XPath: { evaluate(xpath: string, context: unknown, options?: { params?: Record<string, unknown> }): unknown };
}

const saxon = (): SaxonJsApi => saxonJs() as SaxonJsApi;

/** An XDM document node, parsed by SaxonJS. */
export type XdmDocument = { readonly __xdmDocument: unique symbol };

/** Parse safe XML (see parse.ts) into an XDM document node. */
export function toXdm(x: SafeXml): XdmDocument {
  try {
    return saxon().XPath.evaluate('parse-xml($xml)', null, { params: { xml: x.xml } }) as XdmDocument;
  } catch (err) {
    throw new TeikitError({ file: x.file, severity: 'error', message: `the XSLT processor cannot read the document: ${messageOf(err)}`, rule: 'render/parse' });
  }
}

export function toXdmFromString(xml: string, file: string): XdmDocument {
  return toXdm({ file, xml, declaredVersion: '1.0', warnings: [] });
}

/** The string value of an XPath expression on a document. */
export function xpathString(xpath: string, doc: XdmDocument): string {
  return String(saxon().XPath.evaluate(`string(${xpath})`, doc) ?? '');
}

function transform(source: XdmDocument, params: Record<string, unknown>, file: string, destination: 'serialized' | 'raw'): unknown {
  const sef = loadStylesheet();
  try {
    const result = saxon().transform({ stylesheetInternal: sef, sourceNode: source, destination, stylesheetParams: params }, 'sync').principalResult;
    keepSaxonCode();
    return result;
  } catch (err) {
    throw new TeikitError({ file, severity: 'error', message: `rendering failed: ${messageOf(err)}`, rule: 'render/xslt' });
  }
}

/** Run the one compiled stylesheet (kept parsed across calls) on a document with parameters: the serialized page. */
export function runStylesheet(source: XdmDocument, params: Record<string, unknown>, file: string): string {
  return String(transform(source, params, file, 'serialized'));
}

/** Run the stylesheet for a value rather than a page: maps of strings come back as plain objects (the letter view, letter.xsl). */
export function runStylesheetRaw(source: XdmDocument, params: Record<string, unknown>, file: string): unknown {
  return transform(source, params, file, 'raw');
}

function messageOf(err: unknown): string {
  if (err && typeof err === 'object' && 'message' in err) return String((err as { message: unknown }).message);
  return String(err);
}
