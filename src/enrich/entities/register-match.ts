import type { EntityType } from '../../model/document';
import { KIND_TO_TYPE, REGISTER_KINDS, type Register } from '../../register/types';
import { sameWord, wordInfo } from './morph';
import { isAllCaps, isCapitalised, punctKey, tokenize, type Token } from './tokens';

/**
 * Matching the register's names in running text. Each name of an entry in
 * the document's language is tokenised; a run of text tokens matches it when
 * token by token: punctuation is the same sign (any hyphen or dash is one
 * sign), numbers are equal, abbreviations and initials (all capitals, or one
 * capital letter) are equal letter for letter, and other words share a lemma
 * or stem (morph.ts), so the register's nominative "Саркис", "Ленинградская
 * организация", "Московская конференция" match "Саркиса", "ленинградской
 * организации", "Московской конференции". White space between tokens is not
 * compared ("И.В. Сталина" matches "И. В. Сталин"). Names of persons and
 * places must be capitalised in the text where they are in the register.
 */
export interface RegisterSpan {
  start: number;
  end: number;
  type: EntityType;
  ref: string;
}

interface Pattern {
  type: EntityType;
  ref: string;
  tokens: Token[];
  /** Position in the register's order (kind, entry, name): matches come out in this order. */
  order: number;
}

/**
 * The patterns of one language, indexed by what their first token can match:
 * a text token can only start a pattern listed under its own sign (punctuation),
 * digits (numbers), letters (abbreviations and initials, compared letter for
 * letter) or one of its word keys (other words: sameWord holds exactly when
 * the two words' key sets meet, each set holding the lower-cased word). Each
 * token is thus compared with the few patterns that can match it.
 */
interface Compiled {
  punct: Map<string, Pattern[]>;
  num: Map<string, Pattern[]>;
  exact: Map<string, Pattern[]>;
  word: Map<string, Pattern[]>;
  empty: boolean;
}

/** Does a pattern token compare letter for letter (abbreviations, initials) rather than by lemma or stem? */
function exactWord(p: Token): boolean {
  return isAllCaps(p.text) || (p.text.length === 1 && isCapitalised(p.text));
}

function add(index: Map<string, Pattern[]>, key: string, p: Pattern): void {
  const list = index.get(key);
  if (!list) index.set(key, [p]);
  else if (list[list.length - 1] !== p) list.push(p);
}

function compile(register: Register, lang: string): Compiled {
  const patterns: Pattern[] = [];
  for (const kind of REGISTER_KINDS) {
    for (const entry of register[kind]) {
      for (const name of entry.names[lang] ?? []) {
        const tokens = tokenize(name);
        if (tokens.length) patterns.push({ type: KIND_TO_TYPE[kind], ref: entry.id, tokens, order: patterns.length });
      }
    }
  }
  const c: Compiled = { punct: new Map(), num: new Map(), exact: new Map(), word: new Map(), empty: patterns.length === 0 };
  for (const p of patterns) {
    const first = p.tokens[0];
    if (first.kind === 'punct') add(c.punct, punctKey(first.text), p);
    else if (first.kind === 'num') add(c.num, first.text, p);
    else if (exactWord(first)) add(c.exact, first.text, p);
    else for (const k of wordInfo(first.text).keys) add(c.word, k, p);
  }
  return c;
}

/** The patterns a text token may start, in register order. */
function candidatesFor(t: Token, c: Compiled): Pattern[] | undefined {
  if (t.kind === 'punct') return c.punct.get(punctKey(t.text));
  if (t.kind === 'num') return c.num.get(t.text);
  let out = c.exact.get(t.text);
  let merged = false;
  for (const k of wordInfo(t.text).keys) {
    const list = c.word.get(k);
    if (!list) continue;
    if (!out) {
      out = list;
      continue;
    }
    if (!merged) {
      out = out.slice();
      merged = true;
    }
    for (const p of list) if (!out.includes(p)) out.push(p);
  }
  if (merged) out!.sort((a, b) => a.order - b.order);
  return out;
}

/** What compile reads from a register for one language: equal fingerprints, equal patterns. */
function fingerprint(register: Register, lang: string): string {
  return JSON.stringify(REGISTER_KINDS.map((kind) => register[kind].map((e) => [e.id, e.names[lang] ?? []])));
}

const byObject = new WeakMap<Register, Map<string, Compiled>>();
/** By content too: worker threads receive a fresh copy of the register with every unit. */
const byContent = new Map<string, Compiled>();

function compiledFor(register: Register, lang: string): Compiled {
  let byLang = byObject.get(register);
  if (!byLang) {
    byLang = new Map();
    byObject.set(register, byLang);
  }
  let c = byLang.get(lang);
  if (!c) {
    const key = `${lang}\u0000${fingerprint(register, lang)}`;
    c = byContent.get(key);
    if (!c) {
      c = compile(register, lang);
      if (byContent.size >= 8) byContent.clear();
      byContent.set(key, c);
    }
    byLang.set(lang, c);
  }
  return c;
}

function tokenMatches(t: Token, p: Token, type: EntityType): boolean {
  if (t.kind !== p.kind) return false;
  if (p.kind === 'punct') return punctKey(t.text) === punctKey(p.text);
  if (p.kind === 'num') return t.text === p.text;
  if (isAllCaps(p.text) || (p.text.length === 1 && isCapitalised(p.text))) return t.text === p.text;
  if ((type === 'persName' || type === 'placeName') && isCapitalised(p.text) && !isCapitalised(t.text)) return false;
  return sameWord(t.text, p.text);
}

/** Every occurrence of every register name in the segment (they may overlap; the tagger chooses). */
export function matchRegister(tokens: Token[], register: Register, lang: string): RegisterSpan[] {
  const compiled = compiledFor(register, lang);
  const out: RegisterSpan[] = [];
  if (compiled.empty) return out;
  for (let i = 0; i < tokens.length; i++) {
    const candidates = candidatesFor(tokens[i], compiled);
    if (!candidates) continue;
    for (const p of candidates) {
      const n = p.tokens.length;
      if (i + n > tokens.length) continue;
      let ok = true;
      for (let k = 0; k < n && ok; k++) ok = tokenMatches(tokens[i + k], p.tokens[k], p.type);
      if (!ok) continue;
      // do not end inside an abbreviation's bracket or a dotted abbreviation: "РКП" of "РКП(б)" is not a match of "РКП"
      const next = tokens[i + n];
      const last = tokens[i + n - 1];
      if (next && !next.spaceBefore && last.kind === 'word' && (next.text === '(' || (next.text === '.' && last.text.length === 1))) continue;
      out.push({ start: tokens[i].start, end: tokens[i + n - 1].end, type: p.type, ref: p.ref });
    }
  }
  return out;
}
