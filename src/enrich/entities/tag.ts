import { type EntityMention, type EntityType, type Inline, type TeiDocument, type TextRun, inlineText } from '../../model/document';
import { emptyRegister, type Register } from '../../register/types';
import { findDates } from '../dates/detect';
import { discover, EN_DETERMINERS, type FoundSpan } from './discover';
import { matchRegister } from './register-match';
import { isCapitalised, tokenize, type Token } from './tokens';
import { wordInfo } from './morph';

/**
 * The tagger: finds persons, organisations, places and dates in a document
 * and wraps them in EntityMention nodes, without changing a character.
 *
 * Where it looks: the inline content of heads, paragraphs, opener and closer
 * parts, bibliographic lines, note paragraphs and the source's title
 * (`meta.titleContent`), descending into emphasis and sentences. A mention
 * lives within one run of consecutive text nodes of one parent: it never
 * crosses an emphasis boundary, a note marker or a page reference. Existing
 * EntityMention nodes are kept as they are (tagging twice changes nothing).
 *
 * How it chooses: register matches first (longest first), then dates, then
 * discovery (longest first). A span is kept unless it crosses a kept one or
 * repeats its extent. Nesting (docs/register.md): only an organisation
 * inside an organisation ("ЦК РКП(б)" inside "Секретариат ЦК РКП(б)"), and
 * never the same register entry inside itself; a place or person inside an
 * organisation's name ("Moscow" in "Moscow conference") is part of that
 * name, not a mention. A discovered name inside a register match is dropped.
 */
export interface Candidate {
  type: Exclude<EntityType, 'date'>;
  /** The mention as written. */
  text: string;
  /** Grouping key: lower-cased lemmas of its words (Russian inflections collapse). */
  key: string;
  lang: string;
  file: string;
  /** The text around the mention (up to 60 characters either side), from its segment. */
  context: string;
}

export interface TagResult {
  /** A new document (the input is not modified). */
  doc: TeiDocument;
  /** Names found by discovery and not linked to the register, in document order. */
  candidates: Candidate[];
}

interface Span {
  start: number;
  end: number;
  type: EntityType;
  ref?: string;
  when?: string;
  from?: string;
  to?: string;
  tier: number; // 0 register, 1 date, 2 discovery
  /** A discovered name that took a register entry's ref (inheritRefs): discovered names inside it stay. */
  inherited?: boolean;
}

const contains = (a: Span, b: Span): boolean => a.start <= b.start && b.end <= a.end;
const disjoint = (a: Span, b: Span): boolean => a.end <= b.start || b.end <= a.start;
const same = (a: Span, b: Span): boolean => a.start === b.start && a.end === b.end;

function compatible(s: Span, kept: Span[]): boolean {
  for (const k of kept) {
    if (disjoint(s, k)) continue;
    if (same(s, k)) return false;
    const inner = contains(k, s) ? s : contains(s, k) ? k : undefined;
    if (!inner) return false; // crossing
    const outer = inner === s ? k : s;
    if (inner.type !== 'orgName' || outer.type !== 'orgName') return false;
    if (inner.ref !== undefined && inner.ref === outer.ref) return false;
    if (inner === s && s.tier === 2 && k.tier === 0 && !k.inherited) return false;
  }
  return true;
}

/**
 * A discovered organisation that is a register organisation followed by the
 * organisation it belongs to ("Ленинградскую организацию ВКП(б)", "ЦК
 * ВКП(б)", "Central Committee of the C.P.S.U.(B.)", where the register knows
 * "Ленинградская организация", "ЦК", "Central Committee") is that register
 * entry: it takes its ref, and the shorter match is not kept beside it.
 */
function inheritRefs(spans: Span[], text: string): Span[] {
  const drop = new Set<Span>();
  for (const d of spans) {
    if (d.tier !== 2 || d.type !== 'orgName') continue;
    const r = spans.find((x) => x.tier === 0 && x.type === 'orgName' && x.start === d.start && x.end < d.end);
    if (!r) continue;
    const tail = spans.find((x) => x.type === 'orgName' && x !== d && x.end === d.end && x.start >= r.end && /^\s*(?:of(?:\s+the)?\s+)?$/.test(text.slice(r.end, x.start)));
    if (!tail) continue;
    d.ref = r.ref;
    d.tier = 0;
    d.inherited = true;
    drop.add(r);
  }
  // a register place or person inside a discovered organisation's name is part of that name ("Moscow" in "Moscow Committee of the C.P.S.U.(B.)")
  for (const x of spans) {
    if (x.tier !== 0 || x.type === 'orgName' || x.type === 'date') continue;
    if (spans.some((d) => d.tier === 2 && d.type === 'orgName' && d.start <= x.start && x.end <= d.end && d.end - d.start > x.end - x.start)) drop.add(x);
  }
  return spans.filter((x) => !drop.has(x));
}

function choose(spans: Span[]): Span[] {
  const ordered = spans.slice().sort((a, b) => a.tier - b.tier || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Span[] = [];
  for (const s of ordered) if (compatible(s, kept)) kept.push(s);
  return kept.sort((a, b) => a.start - b.start || b.end - a.end);
}

function mention(s: Span, children: Inline[]): EntityMention {
  const m: EntityMention = { kind: 'entity', type: s.type, children };
  if (s.ref !== undefined) m.ref = s.ref;
  if (s.when !== undefined) m.when = s.when;
  if (s.from !== undefined) m.from = s.from;
  if (s.to !== undefined) m.to = s.to;
  return m;
}

/** Build inlines for text[start,end) with the spans (sorted, properly nested) inside it. */
function build(text: string, spans: Span[], start: number, end: number): Inline[] {
  const out: Inline[] = [];
  let pos = start;
  let i = 0;
  while (i < spans.length) {
    const s = spans[i];
    if (s.start > pos) out.push({ kind: 'text', text: text.slice(pos, s.start) });
    let j = i + 1;
    while (j < spans.length && spans[j].start < s.end) j++;
    out.push(mention(s, build(text, spans.slice(i + 1, j), s.start, s.end)));
    pos = s.end;
    i = j;
  }
  if (pos < end) out.push({ kind: 'text', text: text.slice(pos, end) });
  return out;
}

interface Context {
  register: Register;
  lang: string;
  file: string;
  candidates: Candidate[];
  /** Collect candidates (off for the title, which repeats the head). */
  collect: boolean;
  /** Words of persons' names found in a first pass over the document (see discover). */
  knownPersons: ReadonlySet<string>;
  /** Words of persons' names found in this pass. */
  seenPersons: Set<string>;
  /** Inside italics (discovery reads English italics as titles). */
  italic: boolean;
  /** What does not depend on the pass, per segment text: shared by the document's two passes. */
  segments: Map<string, Segment>;
}

/** Tokens, register matches and dates of one segment text (the same in both passes). */
interface Segment {
  tokens: Token[];
  register: Span[];
  dates: Span[];
  /** Discovery with no known persons (the first pass), roman or italic. */
  discovered?: [FoundSpan[] | undefined, FoundSpan[] | undefined];
}

/**
 * discover() for a segment, remembered from the first pass (no known
 * persons): discovery reads the known persons only by asking whether a
 * word's key (personKey) is among them, so when no word of the segment is,
 * the second pass finds what the first found.
 */
function discoverIn(seg: Segment, text: string, ctx: Context): FoundSpan[] {
  const slot = ctx.italic ? 1 : 0;
  const first = ctx.knownPersons.size === 0;
  if (!first && seg.discovered?.[slot] && !seg.tokens.some((t) => t.kind === 'word' && ctx.knownPersons.has(personKey(t.text, ctx.lang)))) {
    return seg.discovered[slot];
  }
  const found = discover(seg.tokens, text, ctx.lang, ctx.knownPersons, ctx.italic);
  if (first) (seg.discovered ??= [undefined, undefined])[slot] = found;
  return found;
}

function segmentOf(text: string, ctx: Context): Segment {
  let seg = ctx.segments.get(text);
  if (!seg) {
    const tokens = tokenize(text);
    const register: Span[] = matchRegister(tokens, ctx.register, ctx.lang).map((r) => ({ ...r, tier: 0 }));
    const dates: Span[] = findDates(text, ctx.lang).map((d) => ({ start: d.start, end: d.end, type: 'date', when: d.when, from: d.from, to: d.to, tier: 1 }));
    seg = { tokens, register, dates };
    ctx.segments.set(text, seg);
  }
  return seg;
}

function personKey(word: string, lang: string): string {
  return lang.toLowerCase().startsWith('ru') ? wordInfo(word).lemma : word.toLowerCase();
}

/** Character ranges inside «…»: in Russian texts, titles of books and periodicals, whose words are not names. */
function guillemets(text: string): Array<[number, number]> {
  return [...text.matchAll(/«[^«»]*»/g)].map((m) => [m.index ?? 0, (m.index ?? 0) + m[0].length]);
}

function candidateKey(text: string): string {
  return tokenize(text)
    .filter((t) => t.kind !== 'punct' || /[()]/.test(t.text))
    .map((t) => (t.kind === 'word' ? wordInfo(t.text).lemma : t.text))
    .join(' ');
}

/**
 * English: a place name right after an article or possessive and before a
 * lower-case word is a modifier of that word ("the Leningrad delegation",
 * "the Moscow comrades"), not a mention of the place; the Russian
 * counterpart is an adjective ("ленинградская делегация"), which is not
 * tagged either.
 */
function attributivePlace(s: Span, tokens: Token[], lang: string): boolean {
  if (s.type !== 'placeName' || lang.toLowerCase().startsWith('ru')) return false;
  const i = tokens.findIndex((t) => t.start === s.start);
  let j = i;
  while (j < tokens.length && tokens[j].end <= s.end) j++;
  const prev = tokens[i - 1];
  const next = tokens[j];
  return i > 0 && prev.kind === 'word' && EN_DETERMINERS.has(prev.text.toLowerCase()) && next !== undefined && next.kind === 'word' && !isCapitalised(next.text);
}

/**
 * Tag one run of text nodes and existing mentions of one parent. Existing
 * mentions are kept as they are and give their text as context; new mentions
 * never overlap them (so tagging a tagged document changes nothing).
 */
function tagSegment(pieces: Array<TextRun | EntityMention>, ctx: Context): Inline[] {
  let text = '';
  const locked: Array<{ start: number; end: number; node: EntityMention }> = [];
  for (const p of pieces) {
    if (p.kind === 'text') text += p.text;
    else {
      const t = inlineText(p.children);
      locked.push({ start: text.length, end: text.length + t.length, node: p });
      text += t;
    }
  }
  const seg = segmentOf(text, ctx);
  const tokens = seg.tokens;
  // copies: inheritRefs changes spans
  const spans: Span[] = [];
  for (const r of seg.register) spans.push({ ...r });
  for (const d of seg.dates) spans.push({ ...d });
  for (const f of discoverIn(seg, text, ctx)) spans.push({ ...f, tier: 2 });
  const titles = ctx.lang.toLowerCase().startsWith('ru') ? guillemets(text) : [];
  const inTitle = (s: Span): boolean => s.type !== 'date' && titles.some(([a, b]) => a < s.start && s.end < b);
  const free = (s: Span): boolean => locked.every((l) => s.end <= l.start || l.end <= s.start);
  const kept = choose(inheritRefs(spans.filter((s) => !attributivePlace(s, tokens, ctx.lang) && !inTitle(s)), text)).filter(free);
  const persons: Array<[number, number]> = [...kept.filter((s) => s.type === 'persName').map((s): [number, number] => [s.start, s.end])];
  for (const l of locked) if (l.node.type === 'persName') persons.push([l.start, l.end]);
  for (const [a, b] of persons) {
    for (const t of tokenize(text.slice(a, b))) {
      if (t.kind === 'word' && t.text.length > 2 && isCapitalised(t.text)) ctx.seenPersons.add(personKey(t.text, ctx.lang));
    }
  }
  for (const s of ctx.collect ? kept : []) {
    if (s.tier !== 2 || s.type === 'date') continue;
    const t = text.slice(s.start, s.end);
    const context = text.slice(Math.max(0, s.start - 60), Math.min(text.length, s.end + 60)).replace(/\s+/g, ' ').trim();
    ctx.candidates.push({ type: s.type, text: t, key: candidateKey(t), lang: ctx.lang, file: ctx.file, context });
  }
  if (!kept.length) return pieces;
  const out: Inline[] = [];
  let pos = 0;
  for (const l of [...locked, { start: text.length, end: text.length, node: undefined }]) {
    if (l.start > pos) out.push(...build(text, kept.filter((s) => s.start >= pos && s.end <= l.start), pos, l.start));
    if (l.node) out.push(l.node);
    pos = l.end;
  }
  return out;
}

function tagInlines(nodes: Inline[], ctx: Context): Inline[] {
  const out: Inline[] = [];
  let run: Array<TextRun | EntityMention> = [];
  const flush = (): void => {
    if (!run.length) return;
    const text = run.map((r) => (r.kind === 'text' ? r.text : '')).join('');
    if (text.trim()) out.push(...tagSegment(run, ctx));
    else out.push(...run);
    run = [];
  };
  for (const n of nodes) {
    if (n.kind === 'text' || n.kind === 'entity') {
      run.push(n);
      continue;
    }
    flush();
    if (n.kind === 'emph') {
      const outer = ctx.italic;
      ctx.italic = n.rend === 'italic';
      out.push({ ...n, children: tagInlines(n.children, ctx) });
      ctx.italic = outer;
    } else if (n.kind === 's') out.push({ ...n, children: tagInlines(n.children, ctx) });
    else out.push(n);
  }
  flush();
  return out;
}

/**
 * Tag a document. Pure: returns a new document and leaves the input as it
 * was. With a register, mentions of its entries carry `ref`; without one
 * (or with an empty one) the tagger runs cold, on discovery alone. Dates
 * carry `when` or `from`/`to` either way.
 */
export function tagDocument(input: TeiDocument, register?: Register): TagResult {
  const reg = register ?? emptyRegister();
  const segments = new Map<string, Segment>();
  // first pass: which words does the document use in persons' names?
  const first = tagPass(input, reg, new Set(), segments);
  // none: the second pass would be the first one again
  if (!first.seen.size) return first;
  return tagPass(input, reg, first.seen, segments);
}

function tagPass(input: TeiDocument, register: Register, knownPersons: ReadonlySet<string>, segments: Map<string, Segment>): TagResult & { seen: Set<string> } {
  const doc = structuredClone(input);
  const ctx: Context = { register, lang: doc.lang, file: doc.file, candidates: [], collect: false, knownPersons, seenPersons: new Set(), italic: false, segments };
  const tag = (nodes: Inline[]): Inline[] => tagInlines(nodes, ctx);
  if (doc.meta.titleContent) doc.meta.titleContent = tag(doc.meta.titleContent);
  ctx.collect = true;
  for (const div of doc.divisions) {
    for (const b of div.blocks) {
      switch (b.kind) {
        case 'head':
        case 'p':
        case 'bibl':
          b.content = tag(b.content);
          break;
        case 'opener':
          if (b.salute) b.salute = tag(b.salute);
          if (b.dateline) b.dateline = tag(b.dateline);
          break;
        case 'closer':
          for (const part of b.parts) part.content = tag(part.content);
          break;
      }
    }
  }
  for (const note of doc.notes) note.paragraphs = note.paragraphs.map(tag);
  return { doc, candidates: ctx.candidates, seen: ctx.seenPersons };
}
