import * as path from 'node:path';
import { loadEdition } from '../../edition/manifest';
import { readSource } from '../../readers';
import { loadRegister } from '../../register/load';
import { emptyRegister, type Register, type RegisterEntry, type RegisterKind } from '../../register/types';
import { nominative, nominativePhrase } from './morph';
import { type Candidate, tagDocument } from './tag';
import { tokenize } from './tokens';

/**
 * `teikit entities suggest`: the names the tagger found but could not link
 * to the register, grouped (Russian inflected forms together, by lemma),
 * counted, with their contexts, and with a ready register entry for each, so
 * an editor can copy the entries into register.json, pair the languages
 * (one id for one entity in both languages), and add notes and authority ids.
 */
export interface SuggestedName {
  type: Candidate['type'];
  lang: string;
  /** Lemmas of the words: inflected forms of one name share it. */
  key: string;
  count: number;
  /** Each form as written, with its count. */
  forms: Record<string, number>;
  /** Up to five contexts: file and surrounding text. */
  contexts: Array<{ file: string; text: string }>;
  /** Where the entry belongs in register.json, and the entry itself. */
  kind: RegisterKind;
  entry: RegisterEntry;
}

export interface Suggestions {
  edition: string;
  /** The register the texts were tagged with (path relative to the edition), or null for a cold run. */
  register: string | null;
  candidates: SuggestedName[];
  /** The suggested entries by kind: the shape of register.json's lists, ready to merge. */
  entries: Record<RegisterKind, RegisterEntry[]>;
}

const KIND: Record<Candidate['type'], RegisterKind> = { persName: 'persons', orgName: 'organisations', placeName: 'places' };

const TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o',
  п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'iu', я: 'ia',
};

/** An xml:id-safe id from a name ("Саркис" → "sarkis", "Political Bureau" → "political-bureau"). */
export function suggestId(name: string): string {
  const latin = [...name.toLowerCase()].map((c) => TRANSLIT[c] ?? c).join('');
  const id = latin
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(id) ? id : `x-${id || 'name'}`;
}

/** The form to propose as the name: a Russian one-word person or place in the nominative, otherwise the most frequent form. */
function proposedName(c: { type: Candidate['type']; lang: string; forms: Record<string, number> }): string {
  const [top] = Object.entries(c.forms).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const form = top[0].charAt(0).toUpperCase() + top[0].slice(1);
  if (c.lang !== 'ru') return form;
  if (c.type === 'orgName') return nominativePhrase(form);
  const words = tokenize(form).filter((t) => t.kind === 'word');
  const last = words[words.length - 1];
  if (!last || last.text.length < 2) return form;
  return form.slice(0, last.start) + nominative(last.text) + form.slice(last.end);
}

/** Group candidates and build register entries with ids unique against the register. */
export function groupCandidates(candidates: Candidate[], register: Register, editionDir = '.'): SuggestedName[] {
  const groups = new Map<string, SuggestedName>();
  for (const c of candidates) {
    const k = `${c.lang}\u0000${c.type}\u0000${c.key}`;
    let g = groups.get(k);
    if (!g) {
      g = { type: c.type, lang: c.lang, key: c.key, count: 0, forms: {}, contexts: [], kind: KIND[c.type], entry: { id: '', names: {} } };
      groups.set(k, g);
    }
    g.count++;
    g.forms[c.text] = (g.forms[c.text] ?? 0) + 1;
    if (g.contexts.length < 5) g.contexts.push({ file: path.relative(editionDir, c.file) || c.file, text: c.context });
  }
  const taken = new Set<string>([...register.persons, ...register.organisations, ...register.places].map((e) => e.id));
  const list = [...groups.values()].sort((a, b) => a.type.localeCompare(b.type) || b.count - a.count || a.lang.localeCompare(b.lang) || a.key.localeCompare(b.key));
  // suggested entries by id: a name in another language that transliterates to the same id ("Саркис", "Sarkis") joins that entry
  const suggested = new Map<string, { type: string; entry: RegisterEntry }>();
  for (const g of list) {
    const name = proposedName(g);
    const names = [name, ...Object.keys(g.forms).filter((f) => f !== name).sort()];
    const base = suggestId(name);
    const same = suggested.get(base);
    if (same && same.type === g.type && !same.entry.names[g.lang]) {
      same.entry.names[g.lang] = names;
      g.entry = same.entry;
      continue;
    }
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    g.entry = { id, names: { [g.lang]: names } };
    suggested.set(id, { type: g.type, entry: g.entry });
  }
  return list;
}

/**
 * Read every source of an edition, tag it with the edition's register (or
 * none when `cold` is set or the edition has no register), and list what was
 * found but not linked.
 */
export function suggestEntities(editionDir: string, opts: { cold?: boolean } = {}): Suggestions {
  const edition = loadEdition(editionDir);
  const regPath = edition.manifest.register;
  const register = !opts.cold && regPath ? loadRegister(path.join(editionDir, regPath)) : emptyRegister(edition.manifest.sources.map((s) => s.lang));
  const candidates: Candidate[] = [];
  for (const s of edition.manifest.sources) {
    const { doc } = readSource(path.join(editionDir, s.file), { format: s.format, lang: s.lang });
    candidates.push(...tagDocument(doc, register).candidates);
  }
  const grouped = groupCandidates(candidates, register, editionDir);
  const entries: Record<RegisterKind, RegisterEntry[]> = { persons: [], organisations: [], places: [] };
  for (const g of grouped) if (!entries[g.kind].includes(g.entry)) entries[g.kind].push(g.entry);
  return { edition: edition.manifest.id, register: !opts.cold && regPath ? regPath : null, candidates: grouped, entries };
}
