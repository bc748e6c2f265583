/**
 * Page references at the end of a note: "… конференции. – _257_ .", "… – _257._",
 * "… - 257", "… С. 257", "… p. 12–13". The page number becomes a PageRef (rend italic
 * when it was in italics); the dash or "С."/"p." and the punctuation around it stay text.
 *
 * Recognised only at the very end of a note's last paragraph, after
 * - a dash (– — ‑ - -- ---) that follows a non-digit (so "1925 – 1926" is not a page), or
 * - a page abbreviation: С. / с. / Стр. / стр. / p. / pp. / S.
 * and followed by nothing but spaces and . , ; : ) ].
 */
import type { Emphasis, Inline, PageRef, TextRun } from '../model/document';

const PAGE_AT_END =
  /(?:(?<=[^\d\s])\s+(?:[–—‑]|-{1,3})\s*|(?:^|\s)(?:[СсCcS]\.|[Сс]тр\.|pp?\.)\s*)(\d+(?:[–‑-]\d+)?)([\s.,;:)\]]*)$/u;

function plainOf(node: Inline): string | null {
  if (node.kind === 'text') return node.text;
  if (node.kind === 'emph' && node.rend === 'italic' && node.children.every((c) => c.kind === 'text')) {
    return (node.children as TextRun[]).map((c) => c.text).join('');
  }
  return null;
}

function flatText(nodes: Inline[]): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += n.text;
    else if (n.kind === 'noteRef' || n.kind === 'lb') out += '';
    else if (n.kind === 'pageRef') out += n.page;
    else out += flatText(n.children);
  }
  return out;
}

/** Replace the page number at the end of `para` with a PageRef (in place). Returns true when one was found. */
export function extractPageRef(para: Inline[]): boolean {
  const spans: Array<{ start: number; end: number }> = [];
  let full = '';
  for (const node of para) {
    const start = full.length;
    full += node.kind === 'text' ? node.text : flatText([node]);
    spans.push({ start, end: full.length });
  }
  const m = PAGE_AT_END.exec(full);
  if (!m) return false;
  const page = m[1];
  const a = m.index + m[0].length - m[2].length - page.length;
  const b = a + page.length;
  const idx = spans.findIndex((s) => a >= s.start && a < s.end);
  if (idx < 0 || b > spans[idx].end) return false;
  const node = para[idx];
  const plain = plainOf(node);
  if (plain === null) return false;
  const local = a - spans[idx].start;
  const before = plain.slice(0, local);
  const after = plain.slice(local + page.length);
  const replacement: Inline[] = [];
  const ref: PageRef = { kind: 'pageRef', page };
  if (node.kind === 'text') {
    if (before) replacement.push({ kind: 'text', text: before });
    replacement.push(ref);
  } else {
    ref.rend = 'italic';
    if (before) replacement.push({ kind: 'emph', rend: 'italic', children: [{ kind: 'text', text: before }] } as Emphasis);
    replacement.push(ref);
  }
  if (after) replacement.push({ kind: 'text', text: after });
  para.splice(idx, 1, ...replacement);
  mergeText(para);
  return true;
}

function mergeText(list: Inline[]): void {
  for (let i = list.length - 1; i > 0; i--) {
    const a = list[i - 1];
    const b = list[i];
    if (a.kind === 'text' && b.kind === 'text') {
      a.text += b.text;
      list.splice(i, 1);
    }
  }
}
