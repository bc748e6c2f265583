/**
 * Edition-wide pages (landing, index of names, print view) are assembled: the
 * stylesheet renders the page as a frame with slots (xslt/letter.xsl
 * tk:slot), and the slots are filled with the parts each letter gave
 * (rendered by the same stylesheet, kept between runs). A slot is a comment
 * carrying a token chosen afresh for each run, so no text of a TEI document
 * (which the stylesheet writes escaped, or not at all for comments) can pose
 * as one; the filled page does not contain the token.
 */
import * as crypto from 'node:crypto';
import { TeikitError } from '../model/diagnostics';

/** A fresh token for the slots of one run. */
export function slotToken(): string {
  return `tk-slot-${crypto.randomBytes(12).toString('hex')}`;
}

/**
 * Replace every slot `<!-- <token> <name> -->` of a frame with `fill(name)`.
 * A slot name `fill` does not know, or a token left in the page, is an error
 * (it would mean the frame and the parts disagree).
 */
export function fillSlots(frame: string, token: string, fill: (name: string) => string | undefined, file: string): string {
  const open = `<!-- ${token} `;
  const out: string[] = [];
  let at = 0;
  for (;;) {
    const start = frame.indexOf(open, at);
    if (start < 0) break;
    const end = frame.indexOf(' -->', start + open.length);
    if (end < 0) break;
    const name = frame.slice(start + open.length, end);
    const value = fill(name);
    if (value === undefined) throw new TeikitError({ file, severity: 'error', message: `internal: the page has a slot "${name}" that nothing fills`, rule: 'render/slot' });
    out.push(frame.slice(at, start), value);
    at = end + 4;
  }
  out.push(frame.slice(at));
  const page = out.join('');
  if (page.includes(token)) throw new TeikitError({ file, severity: 'error', message: 'internal: a slot of the page was left unfilled', rule: 'render/slot' });
  return page;
}
