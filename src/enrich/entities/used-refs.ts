import type { Inline, TeiDocument } from '../../model/document';
import { allBlocks } from '../../model/document';

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
