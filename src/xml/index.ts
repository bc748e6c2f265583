export { parseXmlSafe, parseXmlSafeDetailed, readXmlFile, decodeXmlBytes, neutralizeForExternalParser, expandInternalEntities, SAFE_PARSER_OPTIONS } from './parse';
export type { XmlDocument, SafeParseResult } from './parse';
export { elementPositions } from './positions';
export type { ElementPosition, AttrPosition } from './positions';
export { readDoctype } from './dtd';
export type { Doctype, EntityDecl } from './dtd';
