import type nlpType from 'compromise';

/**
 * compromise's part-of-speech tags of an English text, by the character
 * offset of each term: what `nlp(text).json({ offset: true })` gives, for
 * English discovery (discover.ts).
 *
 * compromise is the largest cost of tagging, so it does as little as it
 * can, without changing a tag:
 *
 * - Per sentence. compromise splits a text into sentences first, splits each
 *   sentence's string into terms on its own, and tags each sentence on its
 *   own (every tagging step, from the lexicon to the post-tagger's patterns,
 *   reads and writes the terms of one sentence). A sentence's tags are
 *   therefore the same wherever it occurs. So a sentence is tagged only when
 *   discovery asks for the tags of a word in it (many sentences have no word
 *   whose tags matter), and only once for all the texts it occurs in
 *   (letters share formulas, headings and notes).
 * - Offsets are laid out as compromise's `offset` step does: a term starts
 *   after all the pre-text, text and post-text of the terms before it.
 *   Tagging never changes a sentence's sum of those (a contraction split in
 *   two keeps the original's pre-text, text and post-text on its parts), so
 *   a sentence's place is known from splitting alone.
 * - Where compromise would split the text or a sentence differently on its
 *   own (the sentences do not join to the text, or a sentence alone is not
 *   one sentence), the text is tagged whole, as before.
 * - compromise's 'chunks' step is skipped: the chunker only sets terms'
 *   `chunk` and never a tag.
 *
 * Tag sets are shared between terms with the same tags: callers only read them.
 * test/enrich/compromise-tags.test.ts compares all this with compromise on whole texts.
 */

interface CompromiseTerm {
  pre: string;
  text: string;
  post: string;
  tags: Set<string>;
  offset: { start: number };
}
interface CompromiseWorld {
  hooks: string[];
  model: unknown;
  methods: {
    one: {
      tokenize: {
        splitSentences(text: string, world: CompromiseWorld): string[];
        splitTerms(text: string, model: unknown): string[];
        splitWhitespace(term: string, model: unknown): { pre: string; text: string; post: string };
      };
    };
  };
}

/** compromise, loaded when first used (~0.2 s): a thread that tags no English text, or none at all, never loads it. */
let loaded: { nlp: typeof nlpType; world: CompromiseWorld } | undefined;
function compromise(): { nlp: typeof nlpType; world: CompromiseWorld } {
  if (!loaded) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const m = require('compromise') as typeof nlpType | { default: typeof nlpType };
    const nlp = 'default' in m ? m.default : m;
    loaded = { nlp, world: nlp.world() as CompromiseWorld };
  }
  return loaded;
}

/** The sentences compromise splits a text into. */
function splitSentences(text: string): string[] {
  const { world } = compromise();
  return world.methods.one.tokenize.splitSentences(text, world);
}

/** Sets of tags, one object per distinct set, numbered. */
const tagSets: Array<ReadonlySet<string>> = [];
const tagSetIndex = new Map<string, number>();

function internTags(tags: Set<string>): number {
  const key = [...tags].sort().join(' ');
  let i = tagSetIndex.get(key);
  if (i === undefined) {
    i = tagSets.length;
    tagSets.push(new Set(tags));
    tagSetIndex.set(key, i);
  }
  return i;
}

/** One sentence as compromise tags it: its terms' offsets in it and tag sets, and its length as compromise's offsets count it. */
interface Tagged {
  /** Offset, tag set number, offset, tag set number, … in term order. */
  terms: Int32Array;
  /** Pre-text, text and post-text of all its terms. */
  length: number;
}

/** A text tagged by compromise (without chunks), per sentence. */
function run(text: string): Tagged[] {
  const { nlp, world } = compromise();
  const hooks = world.hooks;
  world.hooks = hooks.filter((h) => h !== 'chunks');
  let doc: ReturnType<typeof nlpType>;
  try {
    doc = nlp(text);
  } finally {
    world.hooks = hooks;
  }
  const docs = (doc as unknown as { docs: CompromiseTerm[][] }).docs;
  return docs.map((terms) => {
    const pairs: number[] = [];
    let length = 0;
    for (const term of terms) {
      pairs.push(length + term.pre.length, internTags(term.tags));
      length += term.pre.length + term.text.length + term.post.length;
    }
    return { terms: Int32Array.from(pairs), length };
  });
}

/** Two generations: when the newer is full it becomes the older, so recent entries survive a turn. */
class Cache<V> {
  private newer = new Map<string, V>();
  private older = new Map<string, V>();
  constructor(private readonly size: number) {}
  get(key: string): V | undefined {
    return this.newer.get(key) ?? this.older.get(key);
  }
  set(key: string, value: V): void {
    if (this.newer.size >= this.size) {
      this.older = this.newer;
      this.newer = new Map();
    }
    this.newer.set(key, value);
  }
}

const bySentence = new Cache<Tagged>(8192);

/** Pre-text, text and post-text of a sentence's terms, as compromise splits it (see parse in compromise's tokenizer). */
function splitLength(sentence: string): number {
  const { world } = compromise();
  const { splitTerms, splitWhitespace } = world.methods.one.tokenize;
  let n = 0;
  for (const t of splitTerms(sentence, world.model)) {
    const w = splitWhitespace(t, world.model);
    n += w.pre.length + w.text.length + w.post.length;
  }
  return n;
}

/** What splitting tells of a sentence string: whether compromise reads it alone as one sentence, and its splitLength. */
interface SentenceFacts {
  alone: boolean;
  length?: number;
}

/** Per sentence string: letters share sentences (formulas, headings, notes), and each text is split once. */
const sentenceFacts = new Cache<SentenceFacts>(8192);

function factsOf(sentence: string): SentenceFacts {
  let f = sentenceFacts.get(sentence);
  if (!f) {
    const split = splitSentences(sentence);
    f = { alone: split.length === 1 && split[0] === sentence };
    sentenceFacts.set(sentence, f);
  }
  return f;
}

/** The tags of one text, found sentence by sentence as they are asked for. */
class TextTags {
  /** Per sentence: its string, where its terms' offsets start, their length, and its tags once asked for. */
  private readonly parts: Array<{ text: string; base: number; length: number; tags?: Map<number, ReadonlySet<string>> }> = [];
  /** The whole text's tags, when it is not read sentence by sentence. */
  private whole?: Map<number, ReadonlySet<string>>;

  constructor(private readonly text: string) {
    const sentences = splitSentences(text);
    if (sentences.join('') !== text || !sentences.every((s) => factsOf(s).alone)) {
      this.whole = offsets(run(text));
      return;
    }
    let base = 0;
    for (const s of sentences) {
      const facts = factsOf(s);
      facts.length ??= splitLength(s);
      this.parts.push({ text: s, base, length: facts.length });
      base += facts.length;
    }
  }

  /** The tags of the term at this offset, as in the whole text's tags (a later term at the same offset wins). */
  get(offset: number): ReadonlySet<string> | undefined {
    if (this.whole) return this.whole.get(offset);
    let found: ReadonlySet<string> | undefined;
    // a term starts within its sentence's extent (at its end when it is only pre-text); the sentences
    // containing an offset are consecutive (bases and ends never decrease): from the first whose end reaches it
    const parts = this.parts;
    let lo = 0;
    let hi = parts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (parts[mid].base + parts[mid].length < offset) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < parts.length && parts[k].base <= offset; k++) {
      const p = parts[k];
      if (!p.tags) {
        const tagged = tagSentence(p.text);
        if (tagged?.length !== p.length) {
          // compromise tagged the sentence alone unlike its place in the text (never seen): the whole text then
          this.whole = offsets(run(this.text));
          return this.whole.get(offset);
        }
        p.tags = offsets([tagged], p.base);
      }
      found = p.tags.get(offset) ?? found;
    }
    return found;
  }
}

/** A sentence's tags (cached): compromise on the sentence alone. */
function tagSentence(sentence: string): Tagged | undefined {
  let tagged = bySentence.get(sentence);
  if (!tagged) {
    const all = run(sentence);
    if (all.length !== 1) return undefined;
    tagged = all[0];
    bySentence.set(sentence, tagged);
  }
  return tagged;
}

/** Terms' tags by offset, sentences laid end to end from `base`. */
function offsets(tagged: Tagged[], base = 0): Map<number, ReadonlySet<string>> {
  const out = new Map<number, ReadonlySet<string>>();
  for (const t of tagged) {
    for (let k = 0; k < t.terms.length; k += 2) out.set(base + t.terms[k], tagSets[t.terms[k + 1]]);
    base += t.length;
  }
  return out;
}

/** Per text: the tagger reads each text twice (two passes). */
const byText = new Cache<TextTags>(512);

/** compromise's tags by character offset (a term's start), as for the whole text: a lookup that tags sentences as they are asked for. */
export function compromiseTags(text: string): (offset: number) => ReadonlySet<string> | undefined {
  let t = byText.get(text);
  if (!t) {
    t = new TextTags(text);
    byText.set(text, t);
  }
  const tags = t;
  return (offset) => tags.get(offset);
}
