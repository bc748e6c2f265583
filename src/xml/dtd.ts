/**
 * A small reader for the document type declaration of an XML text: where it
 * is, its external identifier and the entities its internal subset declares.
 * teikit never loads a DTD; this only lets the safe parser refuse entity
 * bombs and external entities before libxml2 sees the text, and lets the
 * validators hand other parsers (jing, SaxonJS) a copy with nothing to fetch.
 */

export interface EntityDecl {
  name: string;
  parameter: boolean;
  /** Replacement text of an internal entity (undefined for external ones). */
  value?: string;
  /** SYSTEM literal of an external entity. */
  systemId?: string;
  /** NDATA: an unparsed entity (never read as XML). */
  unparsed: boolean;
  /** Offsets of the whole declaration in the text. */
  start: number;
  end: number;
}

export interface Doctype {
  /** Offsets of `<!DOCTYPE … >` in the text. */
  start: number;
  end: number;
  rootName: string;
  /** Offsets of the external identifier (`SYSTEM "…"` or `PUBLIC "…" "…"`), if any. */
  externalId?: { start: number; end: number; systemId: string };
  /** Offsets of the internal subset's content (between `[` and `]`), if any. */
  subset?: { start: number; end: number };
  entities: EntityDecl[];
  /** Offsets of parameter-entity references (`%name;`) in the internal subset. */
  peRefs: Array<{ name: string; start: number; end: number }>;
}

const NAME = /[^\s"'<>%&;[\]()|,*+?]+/y;

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

function readQuoted(text: string, i: number): { value: string; end: number } | undefined {
  const q = text[i];
  if (q !== '"' && q !== "'") return undefined;
  const close = text.indexOf(q, i + 1);
  if (close < 0) return undefined;
  return { value: text.slice(i + 1, close), end: close + 1 };
}

function readName(text: string, i: number): { name: string; end: number } | undefined {
  NAME.lastIndex = i;
  const m = NAME.exec(text);
  return m ? { name: m[0], end: i + m[0].length } : undefined;
}

/**
 * Find and read the DOCTYPE of an XML text (only in the prolog: before the
 * first element). Returns undefined when there is none or it is malformed
 * (libxml2 will then report the syntax error).
 */
export function readDoctype(text: string): Doctype | undefined {
  let i = 0;
  // walk the prolog: XML declaration, PIs, comments, whitespace
  for (;;) {
    i = skipSpace(text, i);
    if (text.startsWith('\ufeff', i)) {
      i++;
      continue;
    }
    if (text.startsWith('<?', i)) {
      const e = text.indexOf('?>', i + 2);
      if (e < 0) return undefined;
      i = e + 2;
    } else if (text.startsWith('<!--', i)) {
      const e = text.indexOf('-->', i + 4);
      if (e < 0) return undefined;
      i = e + 3;
    } else break;
  }
  if (!text.startsWith('<!DOCTYPE', i)) return undefined;
  const start = i;
  i = skipSpace(text, i + 9);
  const root = readName(text, i);
  if (!root) return undefined;
  const dt: Doctype = { start, end: -1, rootName: root.name, entities: [], peRefs: [] };
  i = skipSpace(text, root.end);
  if (text.startsWith('SYSTEM', i) || text.startsWith('PUBLIC', i)) {
    const idStart = i;
    const isPublic = text.startsWith('PUBLIC', i);
    i = skipSpace(text, i + 6);
    let lit = readQuoted(text, i);
    if (!lit) return undefined;
    let systemId = lit.value;
    i = lit.end;
    if (isPublic) {
      const j = skipSpace(text, i);
      lit = readQuoted(text, j);
      if (lit) {
        systemId = lit.value;
        i = lit.end;
      }
    }
    dt.externalId = { start: idStart, end: i, systemId };
    i = skipSpace(text, i);
  }
  if (text[i] === '[') {
    const subStart = i + 1;
    i = subStart;
    // scan the internal subset: declarations, comments, PIs, PE references
    for (;;) {
      i = skipSpace(text, i);
      if (i >= text.length) return undefined;
      if (text[i] === ']') {
        dt.subset = { start: subStart, end: i };
        i++;
        break;
      }
      if (text.startsWith('<!--', i)) {
        const e = text.indexOf('-->', i + 4);
        if (e < 0) return undefined;
        i = e + 3;
      } else if (text.startsWith('<?', i)) {
        const e = text.indexOf('?>', i + 2);
        if (e < 0) return undefined;
        i = e + 2;
      } else if (text[i] === '%') {
        const n = readName(text, i + 1);
        if (!n || text[n.end] !== ';') return undefined;
        dt.peRefs.push({ name: n.name, start: i, end: n.end + 1 });
        i = n.end + 1;
      } else if (text.startsWith('<!ENTITY', i)) {
        const declStart = i;
        let j = skipSpace(text, i + 8);
        let parameter = false;
        if (text[j] === '%') {
          parameter = true;
          j = skipSpace(text, j + 1);
        }
        const n = readName(text, j);
        if (!n) return undefined;
        j = skipSpace(text, n.end);
        const decl: EntityDecl = { name: n.name, parameter, unparsed: false, start: declStart, end: -1 };
        if (text.startsWith('SYSTEM', j) || text.startsWith('PUBLIC', j)) {
          const isPublic = text.startsWith('PUBLIC', j);
          j = skipSpace(text, j + 6);
          let lit = readQuoted(text, j);
          if (!lit) return undefined;
          decl.systemId = lit.value;
          j = lit.end;
          if (isPublic) {
            lit = readQuoted(text, skipSpace(text, j));
            if (!lit) return undefined;
            decl.systemId = lit.value;
            j = lit.end;
          }
          j = skipSpace(text, j);
          if (text.startsWith('NDATA', j)) {
            decl.unparsed = true;
            const nn = readName(text, skipSpace(text, j + 5));
            if (!nn) return undefined;
            j = nn.end;
          }
        } else {
          const lit = readQuoted(text, j);
          if (!lit) return undefined;
          decl.value = lit.value;
          j = lit.end;
        }
        j = skipSpace(text, j);
        if (text[j] !== '>') return undefined;
        decl.end = j + 1;
        dt.entities.push(decl);
        i = j + 1;
      } else if (text.startsWith('<!', i)) {
        // ELEMENT, ATTLIST, NOTATION: skip to the closing '>' outside quotes
        let j = i + 2;
        while (j < text.length && text[j] !== '>') {
          if (text[j] === '"' || text[j] === "'") {
            const lit = readQuoted(text, j);
            if (!lit) return undefined;
            j = lit.end;
          } else j++;
        }
        if (j >= text.length) return undefined;
        i = j + 1;
      } else return undefined;
    }
    i = skipSpace(text, i);
  }
  if (text[i] !== '>') return undefined;
  dt.end = i + 1;
  return dt;
}

const PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
const ENTITY_REF = /&([^\s&;#<>"']+);/g;

/**
 * The expanded length of each internal general entity, computed on the
 * declarations alone (memoised, so a billion-laughs chain costs a few
 * microseconds). A reference cycle gives Infinity.
 */
export function expandedLengths(entities: EntityDecl[]): Map<string, number> {
  const decls = new Map<string, EntityDecl>();
  for (const e of entities) if (!e.parameter && !decls.has(e.name)) decls.set(e.name, e);
  const memo = new Map<string, number>();
  const visiting = new Set<string>();
  const lengthOf = (name: string): number => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    const d = decls.get(name);
    if (!d || d.value === undefined) return 0;
    if (visiting.has(name)) return Infinity;
    visiting.add(name);
    let total = 0;
    let rest = d.value.length;
    for (const m of d.value.matchAll(ENTITY_REF)) {
      rest -= m[0].length;
      if (PREDEFINED.has(m[1])) total += 1;
      else total += lengthOf(m[1]);
    }
    visiting.delete(name);
    const len = total + rest;
    memo.set(name, len);
    return len;
  };
  for (const name of decls.keys()) lengthOf(name);
  return memo;
}

/** Replace a span of the text by spaces, keeping its line breaks (so every later line and column stays put). */
export function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + text.slice(start, end).replace(/[^\r\n]/g, ' ') + text.slice(end);
}
