import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import type { TeiDocument } from '../../model/document';
import { loadRegister } from '../../register/load';
import { appendStandOff } from '../../register/standoff';
import type { Register } from '../../register/types';
import { type Candidate, tagDocument } from './tag';
import { usedRefs } from './used-refs';

export { usedRefs } from './used-refs';

export interface Enriched {
  doc: TeiDocument;
  candidates: Candidate[];
  register?: Register;
  /** Register ids the document's mentions point to. */
  used: Set<string>;
  /** Writes the `<standOff>` with the entries used (for `TeiWriteOptions.standOff`); undefined without a register or when none is used. */
  standOff?: (tei: XMLBuilder) => void;
}

/**
 * Tag one document for `teikit convert`: with a register file, mentions are
 * linked and the standOff lists the entries they use; without one the tagger
 * runs cold (discovery only) and no standOff is written.
 */
export function enrichDocument(doc: TeiDocument, registerFile?: string): Enriched {
  const register = registerFile ? loadRegister(registerFile) : undefined;
  const { doc: tagged, candidates } = tagDocument(doc, register);
  const used = usedRefs(tagged);
  const standOff = register && used.size > 0 ? (tei: XMLBuilder) => appendStandOff(tei, register, doc.lang, { only: used }) : undefined;
  return { doc: tagged, candidates, register, used, standOff };
}
