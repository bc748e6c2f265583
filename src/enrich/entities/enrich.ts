import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import type { Inline, TeiDocument } from '../../model/document';
import { allBlocks } from '../../model/document';
import { loadRegister } from '../../register/load';
import { appendStandOff } from '../../register/standoff';
import type { Register } from '../../register/types';
import { type Candidate, tagDocument } from './tag';

export interface Enriched {
  doc: TeiDocument;
  candidates: Candidate[];
  register?: Register;
  /** Register ids the document's mentions point to. */
  used: Set<string>;
  /** Writes the `<standOff>` with the entries used (for `TeiWriteOptions.standOff`); undefined without a register or when none is used. */
  standOff?: (tei: XMLBuilder) => void;
}

/** Every `ref` of the document's mentions (body, notes, title). */
export function usedRefs(doc: TeiDocument): Set<string> {
  const used = new Set<string>();
  const walk = (nodes: Inline[]): void => {
    for (const n of nodes) {
      if (n.kind === 'entity' && n.ref) used.add(n.ref);
      if ('children' in n) walk(n.children);
    }
  };
  walk(doc.meta.titleContent ?? []);
  for (const b of allBlocks(doc)) {
    if (b.kind === 'opener') [b.salute ?? [], b.dateline ?? []].forEach(walk);
    else if (b.kind === 'closer') b.parts.forEach((p) => walk(p.content));
    else walk(b.content);
  }
  for (const note of doc.notes) note.paragraphs.forEach(walk);
  return used;
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
