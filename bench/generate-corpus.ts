/**
 * Benchmark corpus generator: N letters, each an edition folder with a
 * Russian Word-export Markdown original (sources/ru.md), an English Marxists
 * Internet Archive plain-text translation (sources/en.txt), a register
 * (register.json) and a manifest (edition.json, valid against
 * schema/edition.schema.json), so `buildEdition` builds each folder.
 *
 * Every choice comes from a seeded PRNG (bench/rng.ts): lengths, names from
 * the register in varied Russian cases, dates and date ranges, notes with
 * page references. Letter i depends only on (seed, i), so the first 10
 * letters of a 1000-letter corpus are the 10 letters of a 10-letter corpus,
 * and the same seed gives byte-identical files.
 *
 *     node dist-lib/bench/generate-corpus.js <outDir> [n=10] [seed=1925]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomicIfChanged } from '../src/io/atomic-write';
import type { EditionManifest } from '../src/edition/manifest';
import { fail } from '../src/model/diagnostics';
import { PROJECT_ROOT } from '../src/paths';
import { inflectNoun, inflectSurname } from './inflect';
import { mulberry32, subSeed, type Rng } from './rng';
import {
  JOURNALS,
  MONTHS,
  NOTES,
  ORGANISATIONS,
  PERSONS,
  PLACES,
  ROLES,
  SALUTATIONS,
  SENTENCES,
  TITLES,
  TITLE_NOTES,
  TRANSCRIBERS,
  type Case,
  type NamedEntry,
  type Pair,
  type PersonEntry,
} from './tables';

export const DEFAULT_SEED = 1925;

/** The names the generator draws from. */
export interface Lexicon {
  persons: PersonEntry[];
  places: NamedEntry[];
  organisations: NamedEntry[];
  /** Where the names came from ("built-in tables" or a register path). */
  from: string;
}

/** A register entry as written to register.json (schema/register.schema.json). */
interface RegisterOut {
  id: string;
  names: Record<string, string[]>;
}

interface RegisterFile {
  edition: string;
  languages: string[];
  persons: RegisterOut[];
  organisations: RegisterOut[];
  places: RegisterOut[];
}

/** One name as it was written into the Russian text. */
export interface Mention {
  kind: 'person' | 'place' | 'org';
  id: string;
  case: Case;
  ru: string;
  en: string;
}

export interface GeneratedLetter {
  id: string;
  manifest: EditionManifest;
  register: RegisterFile;
  ruMd: string;
  enTxt: string;
  /** What went in, for tests and sanity checks. */
  facts: {
    paragraphs: number;
    notes: number;
    mentions: Mention[];
    dates: { ru: string[]; en: string[] };
    sender: string;
  };
}

// ---------------------------------------------------------------- lexicon

interface RawRegisterEntry {
  id?: unknown;
  names?: Record<string, unknown>;
}

/**
 * Names from a register file (editions/<id>/register.json) when it exists:
 * entries the tables know keep the tables' case forms; other entries are
 * declined by the regular rules (bench/inflect.ts) or left out when they
 * cannot be. Without a register file: the built-in tables.
 */
export function loadLexicon(registerFile?: string): Lexicon {
  const builtIn: Lexicon = { persons: PERSONS, places: PLACES, organisations: ORGANISATIONS, from: 'built-in tables' };
  if (!registerFile || !fs.existsSync(registerFile)) return builtIn;
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(fs.readFileSync(registerFile, 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
  } catch (err) {
    fail(registerFile, 'bench/register', `cannot read the register: ${(err as Error).message}; expected a register.json`);
  }
  const list = (key: string): RawRegisterEntry[] => (Array.isArray(raw[key]) ? (raw[key] as RawRegisterEntry[]) : []);
  const firstName = (e: RawRegisterEntry, lang: string): string | undefined => {
    const v = e.names?.[lang];
    return Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;
  };
  const persons: PersonEntry[] = [];
  for (const e of list('persons')) {
    if (typeof e.id !== 'string') continue;
    const known = PERSONS.find((p) => p.id === e.id);
    const ru = firstName(e, 'ru');
    const en = firstName(e, 'en');
    if (known) {
      persons.push(known);
      continue;
    }
    if (!ru || !en) continue;
    const ruParts = splitName(ru);
    const enParts = splitName(en);
    if (!/^\p{Lu}\p{Ll}+$/u.test(ruParts.surname)) continue;
    const { forms, gender } = inflectSurname(ruParts.surname);
    persons.push({ id: e.id, gender, ru: forms, en: enParts.surname, initials: { ru: ruParts.initials, en: enParts.initials } });
  }
  const named = (key: string, table: NamedEntry[]): NamedEntry[] => {
    const out: NamedEntry[] = [];
    for (const e of list(key)) {
      if (typeof e.id !== 'string') continue;
      const known = table.find((t) => t.id === e.id);
      if (known) {
        out.push(known);
        continue;
      }
      const ru = firstName(e, 'ru');
      const en = firstName(e, 'en');
      const forms = ru ? inflectNoun(ru) : undefined;
      if (forms && en) out.push({ id: e.id, ru: forms, en });
    }
    return out;
  };
  const places = named('places', PLACES);
  const organisations = named('organisations', ORGANISATIONS);
  // a register too small to vary the letters is topped up from the tables
  const topUp = <T extends { id: string }>(have: T[], table: T[], min: number): T[] =>
    have.length >= min ? have : [...have, ...table.filter((t) => !have.some((h) => h.id === t.id))];
  return {
    persons: topUp(persons, PERSONS, 6),
    places: topUp(places, PLACES, 4),
    organisations: topUp(organisations, ORGANISATIONS, 4),
    from: registerFile,
  };
}

/** "И. В. Сталин" → initials "И. В.", surname "Сталин"; "Stalin, Joseph" → surname "Stalin", initials "J.". */
function splitName(name: string): { initials: string; surname: string } {
  const comma = name.split(',');
  if (comma.length > 1) {
    const given = comma[1].trim().split(/\s+/).filter(Boolean);
    return { surname: comma[0].trim(), initials: given.map((g) => `${g.replace(/\.$/, '').charAt(0)}.`).join(' ') };
  }
  const tokens = name.trim().split(/\s+/);
  const surname = tokens[tokens.length - 1];
  const initials = tokens.slice(0, -1).map((t) => (t.endsWith('.') ? t : `${t.charAt(0)}.`)).join(' ');
  return { surname, initials };
}

// ---------------------------------------------------------------- dates

interface GenDate {
  y: number;
  m: number;
  d: number;
  /** End day of a range in the same month. */
  d2?: number;
}

function randomDate(rng: Rng, year: number, range: boolean): GenDate {
  const m = rng.int(1, 12);
  const days = new Date(Date.UTC(year, m, 0)).getUTCDate();
  if (!range) return { y: year, m, d: rng.int(1, days) };
  const d = rng.int(1, days - 3);
  return { y: year, m, d, d2: rng.int(d + 1, Math.min(days, d + 14)) };
}

function ruDate(rng: Rng, g: GenDate): string {
  const month = MONTHS[g.m - 1].ru;
  const days = g.d2 === undefined ? `${g.d}` : `${g.d}${rng.pick(['\u2011', '–', '-'])}${g.d2}`;
  return `${days} ${month} ${g.y} ${g.d2 === undefined ? rng.pick(['года', 'г.']) : 'года'}`;
}

function enDate(rng: Rng, g: GenDate): string {
  const month = MONTHS[g.m - 1].en;
  if (g.d2 === undefined) return `${month} ${g.d}, ${g.y}`;
  return `${month} ${g.d}${rng.pick(['-', '–'])}${g.d2}${rng.pick([',', ','])} ${g.y}`;
}

function isoDate(g: GenDate): string {
  return `${g.y}-${String(g.m).padStart(2, '0')}-${String(g.d).padStart(2, '0')}`;
}

// ---------------------------------------------------------------- templates

const SLOT = /\{([PLO])(?:\.(nom|gen|dat|ins|prep))?\}|\{D\.(date|range)\}|\{g:([^|}]*)\|([^}]*)\}/gu;

interface Filled {
  ru: string;
  en: string;
  mentions: Mention[];
  dates: { ru: string[]; en: string[] };
}

interface Picked {
  persons: PersonEntry[];
  places: NamedEntry[];
  orgs: NamedEntry[];
  dates: GenDate[];
}

/**
 * Fill a template pair: the n-th person/place/organisation/date slot of the
 * Russian template and of the English one get the same entity, written in
 * the case the Russian slot asks for.
 */
function fill(rng: Rng, pair: Pair, lex: Lexicon, year: number, fixed: Partial<Picked> = {}): Filled {
  const count = (kind: string): number => [...pair.ru.matchAll(SLOT)].filter((m) => m[1] === kind).length;
  const dateKinds = [...pair.ru.matchAll(SLOT)].filter((m) => m[3]).map((m) => m[3]);
  const picked: Picked = {
    persons: fixed.persons ?? rng.sample(lex.persons, count('P')),
    places: fixed.places ?? rng.sample(lex.places, count('L')),
    orgs: fixed.orgs ?? rng.sample(lex.organisations, count('O')),
    dates: fixed.dates ?? dateKinds.map((k) => randomDate(rng, year, k === 'range')),
  };
  const mentions: Mention[] = [];
  const dates = { ru: [] as string[], en: [] as string[] };
  const render = (template: string, lang: 'ru' | 'en'): string => {
    const idx = { P: 0, L: 0, O: 0, D: 0 };
    let lastGender: 'm' | 'f' = 'm';
    return template.replace(SLOT, (_all, kind: string | undefined, cas: Case | undefined, dateKind: string | undefined, masc: string | undefined, fem: string | undefined) => {
      if (masc !== undefined) {
        // a gendered word agrees with the person named next (Russian word order) or last
        const nextP = picked.persons[idx.P] ?? picked.persons[idx.P - 1];
        return (nextP?.gender ?? lastGender) === 'f' ? (fem ?? '') : masc;
      }
      if (dateKind) {
        const g = picked.dates[idx.D++];
        const text = lang === 'ru' ? ruDate(rng, g) : enDate(rng, g);
        dates[lang].push(text);
        return text;
      }
      const k = kind as 'P' | 'L' | 'O';
      const entry = k === 'P' ? picked.persons[idx.P++] : k === 'L' ? picked.places[idx.L++] : picked.orgs[idx.O++];
      if (k === 'P') lastGender = (entry as PersonEntry).gender;
      const c: Case = cas ?? 'nom';
      if (lang === 'en') return entry.en;
      const ru = entry.ru[c];
      mentions.push({ kind: k === 'P' ? 'person' : k === 'L' ? 'place' : 'org', id: entry.id, case: c, ru, en: entry.en });
      return ru;
    });
  };
  // a date written with "г." ending a sentence takes no second full stop
  return { ru: render(pair.ru, 'ru').replace(/ г\.\./gu, ' г.'), en: render(pair.en, 'en'), mentions, dates };
}

const RU_MONTHS = new Set(MONTHS.map((m) => m.ru));
const EN_FUNCTION_WORDS = new Set(['on', 'in', 'of', 'the', 'to', 'with', 'at', 'by', 'from', 'and', 'for', 'was', 'were', 'its', 'their', 'this', 'that', 'about']);

/**
 * Insert a note marker after the last lowercase content word of a sentence:
 * Russian gets a Word footnote link ("года[[2]](#_ftn2)"), English a number
 * glued to the word ("report2"), as the two formats print them.
 */
function withMarker(sentence: string, marker: string, lang: 'ru' | 'en'): string {
  const words = [...sentence.matchAll(lang === 'ru' ? /(?<![\p{L}\u2011-])[а-яё]+(?![\p{L}\u2011-])/gu : /(?<![A-Za-z’'-])[a-z]+(?![A-Za-z’'-])/gu)];
  const content = words.filter(
    (w) => w[0].length >= 3 && !(lang === 'en' && EN_FUNCTION_WORDS.has(w[0])) && !(lang === 'ru' && RU_MONTHS.has(w[0])),
  );
  const m = content.length ? content[content.length - 1] : words[words.length - 1];
  if (!m || m.index === undefined) return sentence + marker;
  const at = m.index + m[0].length;
  return sentence.slice(0, at) + marker + sentence.slice(at);
}

/** Split an English title over one to three lines, as MIA pages print it. */
function titleLines(rng: Rng, title: string): string[] {
  const words = title.split(' ');
  const lines = Math.min(rng.int(1, 3), Math.max(1, Math.floor(words.length / 2)));
  const per = Math.ceil(words.length / lines);
  const out: string[] = [];
  for (let i = 0; i < words.length; i += per) out.push(words.slice(i, i + per).join(' '));
  return out;
}

// ---------------------------------------------------------------- one letter

export function letterId(i: number): string {
  return `bench-letter-${String(i + 1).padStart(5, '0')}`;
}

/** Generate letter number `index` (0-based) of the corpus for `seed`. */
export function generateLetter(seed: number, index: number, lex: Lexicon = loadLexicon()): GeneratedLetter {
  const rng = mulberry32(subSeed(seed, index));
  const id = letterId(index);
  const year = rng.int(1921, 1929);
  const letterDate = randomDate(rng, year, false);
  const sender = rng.pick(lex.persons);
  const place = rng.pick(lex.places);
  const mentions: Mention[] = [];
  const dates = { ru: [] as string[], en: [] as string[] };
  const keep = (f: Filled): Filled => {
    mentions.push(...f.mentions);
    dates.ru.push(...f.dates.ru);
    dates.en.push(...f.dates.en);
    return f;
  };

  const title = keep(fill(rng, rng.pick(TITLES), lex, year));
  const salutation = keep(fill(rng, rng.pick(SALUTATIONS), lex, year));

  // body: paragraphs of sentences
  const paragraphs: Filled[][] = [];
  const nParas = rng.int(2, 6);
  for (let p = 0; p < nParas; p++) {
    const sentences: Filled[] = [];
    const nSent = rng.int(1, 5);
    for (let s = 0; s < nSent; s++) sentences.push(keep(fill(rng, rng.pick(SENTENCES), lex, year)));
    paragraphs.push(sentences);
  }

  // notes: 1 on the title, then 1–4 on body sentences, numbered in reading order
  const flat: Array<{ p: number; s: number }> = [];
  paragraphs.forEach((ss, p) => ss.forEach((_x, s) => flat.push({ p, s })));
  const nBodyNotes = Math.min(rng.int(1, 4), flat.length);
  const noteAt = rng
    .sample(flat, nBodyNotes)
    .sort((a, b) => a.p - b.p || a.s - b.s);
  const noteBodies: Filled[] = [keep(fill(rng, rng.pick(TITLE_NOTES), lex, year))];
  for (let k = 0; k < nBodyNotes; k++) noteBodies.push(keep(fill(rng, rng.pick(NOTES), lex, year)));
  const pages = noteBodies.map(() => rng.int(3, 640));
  const noteNumber = new Map<string, number>(noteAt.map((pos, k) => [`${pos.p}/${pos.s}`, k + 2]));

  const role = rng.chance(0.6) ? rng.pick(ROLES) : undefined;
  const journal = rng.chance(0.7) ? rng.pick(JOURNALS) : undefined;
  const issue = { no: rng.int(1, 300), whole: rng.int(10, 120), year: rng.int(1930, 1952) };
  const senderMention: Mention = { kind: 'person', id: sender.id, case: 'nom', ru: sender.ru.nom, en: sender.en };
  mentions.push(senderMention);

  // ---- Russian: Word export Markdown
  const ru: string[] = [];
  ru.push(`### ${title.ru}[**[1]**](#_ftn1)`, '');
  ru.push(salutation.ru, '');
  paragraphs.forEach((ss, p) => {
    const text = ss
      .map((f, s) => {
        const n = noteNumber.get(`${p}/${s}`);
        return n === undefined ? f.ru : withMarker(f.ru, `[[${n}]](#_ftn${n})`, 'ru');
      })
      .join(' ');
    ru.push(text, '');
  });
  if (role) ru.push(role.ru, '');
  ru.push(`_${sender.initials.ru.split(' ')[0]} ${sender.ru.nom}_`, '');
  ru.push(ruDate(rng, letterDate).replace(/ года$/u, ' г.'), '');
  if (journal) {
    const head = `${journal.kind.ru} “${journal.ru}” №`;
    ru.push(`_${head}_ _${issue.no} (${issue.whole}), ${issue.year}_ _г._`, '');
  }
  ru.push('  ', '', '---', '');
  noteBodies.forEach((f, k) => {
    const pageRef = rng.chance(0.5) ? ` – _${pages[k]}_ .` : ` – _${pages[k]}._`;
    ru.push(`[[${k + 1}]](#_ftnref${k + 1}) ${f.ru}${pageRef}`, '');
  });
  const ruMd = ru.join('\n').replace(/\n+$/u, '\n');

  // ---- English: MIA plain text
  const en: string[] = [];
  en.push(`${sender.initials.en} ${sender.en}`, '');
  const tl = titleLines(rng, title.en);
  tl[tl.length - 1] += '1';
  en.push(...tl, '');
  en.push(enDate(rng, letterDate), '');
  const transcriber = rng.pick(TRANSCRIBERS);
  const markupYear = rng.int(1999, 2012);
  en.push(
    `Source : Works, Vol. ${rng.int(5, 13)}, ${year}`,
    `Publisher : Foreign Languages Publishing House, Moscow, ${rng.int(1952, 1955)}`,
    `Transcription/Markup : ${transcriber} for MIA, ${markupYear}`,
    `Public Domain : Marxists Internet Archive (${markupYear}). You may freely copy, distribute, display and perform this work; as well as make derivative and commercial works. Please credit "Marxists Internet Archive" as your source.`,
    '',
  );
  en.push(salutation.en, '');
  paragraphs.forEach((ss, p) => {
    const text = ss
      .map((f, s) => {
        const n = noteNumber.get(`${p}/${s}`);
        return n === undefined ? f.en : withMarker(f.en, String(n), 'en');
      })
      .join(' ');
    en.push(text, '');
  });
  if (role) en.push(role.en, '');
  en.push(`${sender.initials.en.split(' ')[0]} ${sender.en}`, '', '');
  if (journal) en.push(`${journal.kind.en} ${journal.en}, No. ${issue.no} (${issue.whole}), ${issue.year}`, '', '');
  noteBodies.forEach((f, k) => {
    en.push(`${k + 1}.${rng.chance(0.8) ? ' ' : ''}${f.en}`, '');
  });
  const enTxt = en.join('\n').replace(/\n+$/u, '\n');

  // ---- register: every entity the letter names
  const register: RegisterFile = { edition: id, languages: ['ru', 'en'], persons: [], organisations: [], places: [] };
  const seen = new Set<string>();
  const byId = (kind: Mention['kind'], entryId: string): PersonEntry | NamedEntry | undefined =>
    kind === 'person' ? lex.persons.find((x) => x.id === entryId) : kind === 'place' ? lex.places.find((x) => x.id === entryId) : lex.organisations.find((x) => x.id === entryId);
  const ensure = (kind: Mention['kind'], entryId: string): void => {
    if (seen.has(entryId)) return;
    seen.add(entryId);
    const e = byId(kind, entryId);
    if (!e) return;
    if (kind === 'person') {
      const pe = e as PersonEntry;
      register.persons.push({ id: pe.id, names: { ru: [`${pe.initials.ru} ${pe.ru.nom}`, pe.ru.nom], en: [`${pe.initials.en} ${pe.en}`, pe.en] } });
    } else {
      (kind === 'place' ? register.places : register.organisations).push({ id: e.id, names: { ru: [e.ru.nom], en: [e.en] } });
    }
  };
  ensure('place', place.id);
  for (const m of mentions) ensure(m.kind, m.id);
  for (const key of ['persons', 'organisations', 'places'] as const) register[key].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const senderName = { ru: `${sender.initials.ru} ${sender.ru.nom}`, en: `${sender.initials.en} ${sender.en}` };
  const manifest: EditionManifest = {
    id,
    type: 'letter',
    title: { ru: title.ru, en: title.en },
    editors: [{ name: 'teikit benchmark generator', role: 'synthetic corpus' }],
    publisher: 'teikit',
    licence: { name: 'CC0 1.0', url: 'https://creativecommons.org/publicdomain/zero/1.0/' },
    date: '2026-11-24',
    letter: {
      sender: { type: 'person', ref: sender.id, name: senderName },
      date: isoDate(letterDate),
      place: { type: 'place', ref: place.id, name: { ru: place.ru.nom, en: place.en }, cert: 'low', note: 'Synthetic letter: place chosen by the generator.' },
    },
    register: 'register.json',
    sources: [
      { file: 'sources/ru.md', lang: 'ru', format: 'word-md', role: 'original', author: senderName.ru },
      { file: 'sources/en.txt', lang: 'en', format: 'mia-txt', role: 'translation', translationOf: 'ru', author: senderName.en },
    ],
  };

  return {
    id,
    manifest,
    register,
    ruMd,
    enTxt,
    facts: { paragraphs: nParas, notes: noteBodies.length, mentions, dates, sender: sender.id },
  };
}

// ---------------------------------------------------------------- corpus

export interface CorpusOptions {
  /** Number of letters (each one edition with two sources). */
  n: number;
  seed?: number;
  /** Folder the edition folders go into (`<outDir>/<letter id>/`). */
  outDir: string;
  /** Register to draw names from; default editions/leningrad-letter-1925/register.json when present. */
  registerFile?: string;
}

export interface CorpusResult {
  /** Edition folders, in letter order. */
  dirs: string[];
  /** Source files: Markdown then plain text of each letter. */
  markdown: string[];
  plainText: string[];
  /** Total bytes of the sources. */
  sourceBytes: number;
  lexicon: string;
}

/** Write N letters as edition folders. Unchanged files are not rewritten. */
export function generateCorpus(opts: CorpusOptions): CorpusResult {
  const seed = opts.seed ?? DEFAULT_SEED;
  const lex = loadLexicon(opts.registerFile);
  const result: CorpusResult = { dirs: [], markdown: [], plainText: [], sourceBytes: 0, lexicon: lex.from };
  for (let i = 0; i < opts.n; i++) {
    const letter = generateLetter(seed, i, lex);
    const dir = path.join(opts.outDir, letter.id);
    const md = path.join(dir, 'sources', 'ru.md');
    const txt = path.join(dir, 'sources', 'en.txt');
    writeFileAtomicIfChanged(md, letter.ruMd);
    writeFileAtomicIfChanged(txt, letter.enTxt);
    writeFileAtomicIfChanged(path.join(dir, 'register.json'), `${JSON.stringify(letter.register, null, 2)}\n`);
    writeFileAtomicIfChanged(path.join(dir, 'edition.json'), `${JSON.stringify(letter.manifest, null, 2)}\n`);
    result.dirs.push(dir);
    result.markdown.push(md);
    result.plainText.push(txt);
    result.sourceBytes += Buffer.byteLength(letter.ruMd) + Buffer.byteLength(letter.enTxt);
  }
  return result;
}

export interface CorpusEditionResult {
  /** The edition folder (holding edition.json). */
  dir: string;
  /** Markdown sources, in letter order. */
  markdown: string[];
  sourceBytes: number;
}

/**
 * The same N letters as one edition of many letters: one edition.json whose
 * sources carry ids (`<letter id>.ru`, `<letter id>.en`, the translation
 * pointing at its original), one register with every entry the letters name.
 * This is the shape `buildEdition` builds in parallel, unit by unit.
 */
export function generateCorpusEdition(opts: CorpusOptions): CorpusEditionResult {
  const seed = opts.seed ?? DEFAULT_SEED;
  const lex = loadLexicon(opts.registerFile);
  const id = `bench-corpus-${opts.n}`;
  const dir = path.join(opts.outDir, id);
  const sources: EditionManifest['sources'] = [];
  const register: RegisterFile = { edition: id, languages: ['ru', 'en'], persons: [], organisations: [], places: [] };
  const seen = new Set<string>();
  const result: CorpusEditionResult = { dir, markdown: [], sourceBytes: 0 };
  for (let i = 0; i < opts.n; i++) {
    const letter = generateLetter(seed, i, lex);
    const md = path.join(dir, 'sources', `${letter.id}.ru.md`);
    const txt = path.join(dir, 'sources', `${letter.id}.en.txt`);
    writeFileAtomicIfChanged(md, letter.ruMd);
    writeFileAtomicIfChanged(txt, letter.enTxt);
    result.markdown.push(md);
    result.sourceBytes += Buffer.byteLength(letter.ruMd) + Buffer.byteLength(letter.enTxt);
    const [ru, en] = letter.manifest.sources;
    sources.push(
      { ...ru, id: `${letter.id}.ru`, file: `sources/${letter.id}.ru.md` },
      { ...en, id: `${letter.id}.en`, file: `sources/${letter.id}.en.txt`, translationOf: `${letter.id}.ru` },
    );
    for (const key of ['persons', 'organisations', 'places'] as const) {
      for (const e of letter.register[key]) {
        if (seen.has(e.id)) continue;
        seen.add(e.id);
        register[key].push(e);
      }
    }
  }
  for (const key of ['persons', 'organisations', 'places'] as const) register[key].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const manifest: EditionManifest = {
    id,
    type: 'letter',
    title: { ru: `Синтетические письма (${opts.n})`, en: `Synthetic letters (${opts.n})` },
    editors: [{ name: 'teikit benchmark generator', role: 'synthetic corpus' }],
    publisher: 'teikit',
    licence: { name: 'CC0 1.0', url: 'https://creativecommons.org/publicdomain/zero/1.0/' },
    date: '2026-11-24',
    register: 'register.json',
    sources,
  };
  writeFileAtomicIfChanged(path.join(dir, 'register.json'), `${JSON.stringify(register, null, 2)}\n`);
  writeFileAtomicIfChanged(path.join(dir, 'edition.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return result;
}

if (require.main === module) {
  const [outDir, n = '10', seed = String(DEFAULT_SEED)] = process.argv.slice(2);
  if (!outDir || !/^\d+$/.test(n) || !/^\d+$/.test(seed)) {
    process.stderr.write('usage: node dist-lib/bench/generate-corpus.js <outDir> [n] [seed]\n');
    process.exit(2);
  }
  const r = generateCorpus({ n: Number(n), seed: Number(seed), outDir, registerFile: defaultRegisterFile() });
  process.stdout.write(`${r.dirs.length} letters (${r.sourceBytes} bytes of sources, names from ${r.lexicon}) in ${outDir}\n`);
}

/** editions/leningrad-letter-1925/register.json, the bundled edition's register. */
export function defaultRegisterFile(): string {
  return path.join(PROJECT_ROOT, 'editions', 'leningrad-letter-1925', 'register.json');
}
