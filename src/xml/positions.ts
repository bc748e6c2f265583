/**
 * Where each element of an XML text starts (line and column of its `<`), and
 * where each of its attributes starts, in document order. libxml2 records only
 * the line on which a start tag ends; validators need the exact start, so
 * this scans the (already well-formed) text once.
 */

export interface AttrPosition {
  line: number;
  column: number;
}

export interface ElementPosition {
  /** The qualified name as written (with its prefix). */
  qname: string;
  line: number;
  column: number;
  attributes: Map<string, AttrPosition>;
}

/**
 * Start positions of every element in document order (index 0 is the root).
 * Elements that come from entity expansion are not in the text and so not
 * listed: compare the count with the parsed tree's before relying on indexes.
 */
export function elementPositions(text: string): ElementPosition[] {
  const out: ElementPosition[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const n = text.length;
  // advance line bookkeeping from position `from` up to (not including) `to`
  let scanned = 0;
  const advance = (to: number): void => {
    for (let k = scanned; k < to; k++) {
      if (text.charCodeAt(k) === 10) {
        line++;
        lineStart = k + 1;
      }
    }
    scanned = Math.max(scanned, to);
  };
  const skipTo = (marker: string, from: number): number => {
    const e = text.indexOf(marker, from);
    return e < 0 ? n : e + marker.length;
  };
  while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      i = skipTo('-->', lt + 4);
      continue;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      i = skipTo(']]>', lt + 9);
      continue;
    }
    if (text.startsWith('<?', lt)) {
      i = skipTo('?>', lt + 2);
      continue;
    }
    if (text.startsWith('<!DOCTYPE', lt)) {
      // skip the DOCTYPE, including an internal subset with quoted strings and comments
      let k = lt + 9;
      let depth = 0;
      while (k < n) {
        const c = text[k];
        if (c === '"' || c === "'") {
          const e = text.indexOf(c, k + 1);
          k = e < 0 ? n : e + 1;
          continue;
        }
        if (text.startsWith('<!--', k)) {
          k = skipTo('-->', k + 4);
          continue;
        }
        if (c === '[') depth++;
        else if (c === ']') depth--;
        else if (c === '>' && depth <= 0) {
          k++;
          break;
        }
        k++;
      }
      i = k;
      continue;
    }
    if (text[lt + 1] === '/') {
      i = skipTo('>', lt + 2);
      continue;
    }
    // a start tag
    advance(lt);
    const el: ElementPosition = { qname: '', line, column: lt - lineStart + 1, attributes: new Map() };
    let k = lt + 1;
    while (k < n && !/[\s/>]/.test(text[k])) k++;
    el.qname = text.slice(lt + 1, k);
    // attributes
    for (;;) {
      while (k < n && /\s/.test(text[k])) k++;
      if (k >= n || text[k] === '>' || text[k] === '/') break;
      const nameStart = k;
      while (k < n && !/[\s=/>]/.test(text[k])) k++;
      const name = text.slice(nameStart, k);
      advance(nameStart);
      el.attributes.set(name, { line, column: nameStart - lineStart + 1 });
      while (k < n && /\s/.test(text[k])) k++;
      if (text[k] !== '=') break;
      k++;
      while (k < n && /\s/.test(text[k])) k++;
      const q = text[k];
      if (q === '"' || q === "'") {
        const e = text.indexOf(q, k + 1);
        k = e < 0 ? n : e + 1;
      }
    }
    out.push(el);
    i = k;
  }
  return out;
}
