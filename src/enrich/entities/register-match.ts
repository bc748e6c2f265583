import type { EntityType } from '../../model/document';
import { KIND_TO_TYPE, REGISTER_KINDS, type Register } from '../../register/types';
import { sameWord } from './morph';
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
}

const compiled = new WeakMap<Register, Map<string, Pattern[]>>();

function patternsFor(register: Register, lang: string): Pattern[] {
  let byLang = compiled.get(register);
  if (!byLang) {
    byLang = new Map();
    compiled.set(register, byLang);
  }
  let list = byLang.get(lang);
  if (!list) {
    list = [];
    for (const kind of REGISTER_KINDS) {
      for (const entry of register[kind]) {
        for (const name of entry.names[lang] ?? []) {
          const tokens = tokenize(name);
          if (tokens.length) list.push({ type: KIND_TO_TYPE[kind], ref: entry.id, tokens });
        }
      }
    }
    byLang.set(lang, list);
  }
  return list;
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
  const patterns = patternsFor(register, lang);
  const out: RegisterSpan[] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (const p of patterns) {
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
