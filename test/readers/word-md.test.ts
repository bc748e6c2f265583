import * as fs from 'node:fs';
import * as path from 'node:path';
import { readSourceText } from '../../src/io/read-source';
import { type Block, type Inline, type TeiDocument, inlineText } from '../../src/model/document';
import { TeikitError } from '../../src/model/diagnostics';
import { readWordMarkdown } from '../../src/readers/word-md';

const ROOT = path.resolve(__dirname, '../..');
const FIXTURES = 'test/fixtures/word-md';
const SEED = 'editions/leningrad-letter-1925/sources/ru.md';

/** Fixture pairs: source → expected model (JSON). Language from the name's prefix. */
const CASES: Array<{ source: string; expected: string; lang: string }> = [
  { source: SEED, expected: `${FIXTURES}/seed-leningrad-ru.expected.json`, lang: 'ru' },
  ...fs
    .readdirSync(path.join(ROOT, FIXTURES))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => ({
      source: `${FIXTURES}/${f}`,
      expected: `${FIXTURES}/${f.replace(/\.md$/, '.expected.json')}`,
      lang: f.slice(0, 2),
    })),
];

function read(rel: string, lang: string): TeiDocument {
  return readWordMarkdown(readSourceText(path.join(ROOT, rel)), { file: rel, lang });
}

function md(text: string, lang = 'ru'): TeiDocument {
  return readWordMarkdown(text, { file: 'inline.md', lang });
}

function blocks(doc: TeiDocument): Block[] {
  return doc.divisions.flatMap((d) => d.blocks);
}

function firstContent(doc: TeiDocument): Inline[] {
  const b = blocks(doc)[0];
  if (b.kind !== 'p' && b.kind !== 'head') throw new Error(`expected a paragraph, got ${b.kind}`);
  return b.content;
}

function thrown(fn: () => unknown): TeikitError {
  try {
    fn();
  } catch (err) {
    if (err instanceof TeikitError) return err;
    throw err;
  }
  throw new Error('expected a TeikitError');
}

describe('word-md fixtures (input/expected pairs)', () => {
  it('has the seed and at least three fixtures of our own', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(4);
  });
  it.each(CASES)('$source reads into the expected model', ({ source, expected, lang }) => {
    const doc = read(source, lang);
    const want = JSON.parse(fs.readFileSync(path.join(ROOT, expected), 'utf8'));
    expect(doc).toEqual(want);
  });
});

/** Words of a Markdown source with its syntax stripped by simple, independent regexes. */
function sourceWords(text: string): string[] {
  const stripped = text
    .replace(/\{[^{}]*\}/g, '') // pandoc attribute blocks, also over two lines
    .replace(/\[[^\s()]*?\]\(#_(?:ftn|edn)(?:ref)?\d+\)/g, '') // Word note labels: a link to #_ftn…/#_edn…
    .replace(/\[\^[^\]\s]+\]:?/g, '') // pandoc note labels
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(parseInt(d, 10)))
    .replace(/&[a-z]+;/gi, ' ') // named entities: punctuation and spaces only
    .replace(/^ {0,3}#{1,6}(?=\s)/gm, ' ') // heading markers
    .replace(/^ {0,3}([-*_=])(?:[ \t]*\1){2,}[ \t]*$/gm, ' ') // rules and setext underlines
    .replace(/[*_\\]/g, ' '); // emphasis markers and escapes
  return stripped.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Words of the model: body blocks in order, then notes in order. */
function modelWords(doc: TeiDocument): string[] {
  const texts: string[] = [];
  for (const b of blocks(doc)) {
    if (b.kind === 'opener') texts.push(inlineText(b.salute ?? []), inlineText(b.dateline ?? []));
    else if (b.kind === 'closer') texts.push(...b.parts.map((p) => inlineText(p.content)));
    else texts.push(inlineText(b.content));
  }
  for (const n of doc.notes) texts.push(...n.paragraphs.map(inlineText));
  return texts.flatMap((t) => t.match(/[\p{L}\p{N}]+/gu) ?? []);
}

describe('nothing lost', () => {
  it.each(CASES)('$source: every word of the source is in the model once, in order', ({ source, lang }) => {
    const words = sourceWords(readSourceText(path.join(ROOT, source)));
    expect(words.length).toBeGreaterThan(20);
    expect(modelWords(read(source, lang))).toEqual(words);
  });
  it('the seed keeps its no-break spaces, no-break hyphen, quotes and dashes as characters', () => {
    const doc = read(SEED, 'ru');
    const all = JSON.stringify(doc);
    expect(all).toContain('когда\u2011либо');
    expect(all).toContain('ленинцев,\u00a0– даже');
    expect(all).toContain('“Красная Летопись” №');
    expect(all).toContain('1\u201110 декабря');
  });
});

describe('nothing lost on generated texts', () => {
  /** Deterministic pseudo-random generator (LCG), so the test is the same on every run. */
  function lcg(seed: number): () => number {
    let x = seed >>> 0;
    return () => {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      return x / 2 ** 32;
    };
  }
  const ALPHABET = ['a', 'b', 'б', 'ж', 'Z', '7', ' ', ' ', ' ', '\n', '\n\n', '*', '**', '_', '__', '\\', '[', ']', '(', ')', '#', '-', '\u00a0', '\u2011', '!', ',', '.', '«', '»', '–'];
  const letters = (t: string): string => (t.match(/[\p{L}\p{N}]/gu) ?? []).join('');
  it('every letter and digit of 500 generated Markdown texts reaches the model once, in order', () => {
    const rand = lcg(20251208);
    for (let k = 0; k < 500; k++) {
      let text = '';
      const len = 1 + Math.floor(rand() * 120);
      for (let c = 0; c < len; c++) text += ALPHABET[Math.floor(rand() * ALPHABET.length)];
      const doc = md(text);
      const got = letters(modelWords(doc).join(''));
      if (got !== letters(text)) throw new Error(`text ${k} lost or duplicated characters: ${JSON.stringify(text)}`);
    }
  });
});

describe('word-md errors', () => {
  const errorCase = (name: string) => {
    const rel = `${FIXTURES}/errors/${name}`;
    return thrown(() => read(rel, 'en')).diagnostics;
  };
  it('a note marker with no note text', () => {
    const [d, ...rest] = errorCase('orphan-marker.md');
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ file: `${FIXTURES}/errors/orphan-marker.md`, rule: 'word-md/orphan-note-ref', line: 5, column: 50, severity: 'error' });
    expect(d.message).toBe('note marker [3] at 5:50 has no note text; expected a line starting with [[3]](#_ftnref3)');
  });
  it('a note text with no marker', () => {
    const [d, ...rest] = errorCase('orphan-note.md');
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ rule: 'word-md/orphan-note', line: 9, column: 1 });
    expect(d.message).toContain('[[2]](#_ftn2)');
  });
  it('a note text given twice', () => {
    const [d, ...rest] = errorCase('duplicate-note.md');
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ rule: 'word-md/duplicate-note', line: 5, column: 1 });
    expect(d.message).toContain('given at 3:1');
  });
  it('a marker whose printed label and anchor disagree', () => {
    const ds = errorCase('label-mismatch.md');
    expect(ds.map((d) => [d.rule, d.line, d.column])).toEqual([
      ['word-md/note-label-mismatch', 1, 5],
      ['word-md/note-label-mismatch', 3, 1],
    ]);
  });
  it('pandoc notes: every problem is reported, in source order', () => {
    const ds = errorCase('pandoc-orphan.md');
    expect(ds.map((d) => [d.rule, d.line, d.column])).toEqual([
      ['word-md/orphan-note-ref', 3, 24],
      ['word-md/orphan-note', 5, 1],
    ]);
    expect(ds[0].message).toContain('expected a line starting with [^2]:');
    expect(thrown(() => read(`${FIXTURES}/errors/pandoc-orphan.md`, 'ru')).message).toContain(
      `${FIXTURES}/errors/pandoc-orphan.md:3:24: error: note marker [2]`,
    );
  });
  it('a marker used twice', () => {
    const err = thrown(() => md('A[[1]](#_ftn1) and again[[1]](#_ftn1).\n\n[[1]](#_ftnref1) Note.\n'));
    expect(err.diagnostics.map((d) => [d.rule, d.line, d.column])).toEqual([['word-md/duplicate-note-ref', 1, 25]]);
  });
  it('a note-text label inside running text', () => {
    const err = thrown(() => md('A[[1]](#_ftn1) text [[1]](#_ftnref1) more.\n\n[[1]](#_ftnref1) Note.\n'));
    expect(err.diagnostics.map((d) => [d.rule, d.line, d.column])).toEqual([['word-md/misplaced-note-text', 1, 21]]);
  });
});

describe('word-md inline syntax', () => {
  it('joins soft line breaks with one space; two trailing spaces or a backslash give a line break', () => {
    expect(firstContent(md('one\n  two   \nthree\\\nfour'))).toEqual([
      { kind: 'text', text: 'one two' },
      { kind: 'lb' },
      { kind: 'text', text: 'three' },
      { kind: 'lb' },
      { kind: 'text', text: 'four' },
    ]);
  });
  it('keeps intraword underscores and unmatched markers as text', () => {
    expect(firstContent(md('snake_case_name and 2 * 3 and *open'))).toEqual([{ kind: 'text', text: 'snake_case_name and 2 * 3 and *open' }]);
  });
  it('nests bold and italic both ways', () => {
    expect(firstContent(md('**a _b_ c** and *d __e__*'))).toEqual([
      { kind: 'emph', rend: 'bold', children: [{ kind: 'text', text: 'a ' }, { kind: 'emph', rend: 'italic', children: [{ kind: 'text', text: 'b' }] }, { kind: 'text', text: ' c' }] },
      { kind: 'text', text: ' and ' },
      { kind: 'emph', rend: 'italic', children: [{ kind: 'text', text: 'd ' }, { kind: 'emph', rend: 'bold', children: [{ kind: 'text', text: 'e' }] }] },
    ]);
  });
  it('keeps Word-split italic runs as separate emphases with the space between as text', () => {
    const doc = md('Текст абзаца.\n\n_Журнал №_\u00a0_1 (58)_ _г._');
    const b = blocks(doc)[1];
    expect(b.kind === 'bibl' && b.content).toEqual([
      { kind: 'emph', rend: 'italic', children: [{ kind: 'text', text: 'Журнал №' }] },
      { kind: 'text', text: '\u00a0' },
      { kind: 'emph', rend: 'italic', children: [{ kind: 'text', text: '1 (58)' }] },
      { kind: 'text', text: ' ' },
      { kind: 'emph', rend: 'italic', children: [{ kind: 'text', text: 'г.' }] },
    ]);
  });
  it('unescapes backslash escapes and decodes entities; unknown entities stay', () => {
    expect(firstContent(md('\\*a\\* \\_b\\_ \\[c\\] \\q &amp; &lt;x&gt; a&nbsp;b &#8212; &#x2011; &unknown;'))).toEqual([
      { kind: 'text', text: '*a* _b_ [c] \\q & <x> a\u00a0b — \u2011 &unknown;' },
    ]);
  });
  it('reads escaped-bracket and bold Word markers, drops bookmark spans', () => {
    const doc = md('A[\\[1\\]](#_ftn1) b[**[2]**](#_ftn2)[]{#_GoBack .anchor} c.\n\n[\\[1\\]](#_ftnref1) One.\n\n[**[2]**](#_ftnref2) Two.');
    expect(firstContent(doc)).toEqual([
      { kind: 'text', text: 'A' },
      { kind: 'noteRef', n: '1', pos: { line: 1, column: 2 } },
      { kind: 'text', text: ' b' },
      { kind: 'noteRef', n: '2', pos: { line: 1, column: 19 } },
      { kind: 'text', text: ' c.' },
    ]);
    expect(doc.notes.map((n) => [n.n, inlineText(n.paragraphs[0])])).toEqual([
      ['1', 'One.'],
      ['2', 'Two.'],
    ]);
  });
  it('keeps the text of pandoc spans and drops their attributes', () => {
    expect(firstContent(md('by [15\u00a0*мая*]{lang="RU"} and [x]{.underline}[]{#_GoBack .anchor}.'))).toEqual([
      { kind: 'text', text: 'by 15\u00a0' },
      { kind: 'emph', rend: 'italic', children: [{ kind: 'text', text: 'мая' }] },
      { kind: 'text', text: ' and x.' },
    ]);
  });
  it('treats lines of spaces and no-break spaces as blank', () => {
    const doc = md('First.\n\u00a0 \u00a0\nSecond.');
    expect(blocks(doc).map((b) => (b.kind === 'p' ? inlineText(b.content) : b.kind))).toEqual(['First.', 'Second.']);
  });
});

describe('word-md blocks and notes', () => {
  it('reads ATX headings with closing hashes and setext headings', () => {
    const doc = md('## Title ##\n\nText.\n\nSub\n---\n\nMore.');
    expect(blocks(doc).filter((b) => b.kind === 'head')).toEqual([
      { kind: 'head', level: 2, content: [{ kind: 'text', text: 'Title' }], pos: { line: 1, column: 1 } },
      { kind: 'head', level: 2, content: [{ kind: 'text', text: 'Sub' }], pos: { line: 5, column: 1 } },
    ]);
    expect(doc.meta.title).toBe('Title');
  });
  it('pandoc notes: lazy lines continue, indented paragraphs after a blank line belong to the note, others do not', () => {
    const doc = md('Text[^n].\n\n[^n]: First line\ncontinued.\n\n    Second para.\n\nBody again.');
    expect(doc.notes).toEqual([
      { n: 'n', paragraphs: [[{ kind: 'text', text: 'First line continued.' }], [{ kind: 'text', text: 'Second para.' }]], pos: { line: 3, column: 1 } },
    ]);
    expect(blocks(doc).map((b) => b.kind === 'p' && inlineText(b.content))).toEqual(['Text.', 'Body again.']);
  });
  it('Word notes: paragraphs with no label continue the note before them', () => {
    const doc = md('A[[1]](#_ftn1).\n\n[[1]](#_ftnref1)\n\nPara one.\n\nPara two.');
    expect(doc.notes[0].paragraphs.map(inlineText)).toEqual(['Para one.', 'Para two.']);
  });
  it.each([
    ['… партии. – _257_ .', [{ kind: 'text', text: '… партии. – ' }, { kind: 'pageRef', page: '257', rend: 'italic' }, { kind: 'text', text: ' .' }]],
    ['… партии. – _257._', [{ kind: 'text', text: '… партии. – ' }, { kind: 'pageRef', page: '257', rend: 'italic' }, { kind: 'text', text: '.' }]],
    ['Text - 257', [{ kind: 'text', text: 'Text - ' }, { kind: 'pageRef', page: '257' }]],
    ['Соч., т. 7. С. 257–258.', [{ kind: 'text', text: 'Соч., т. 7. С. ' }, { kind: 'pageRef', page: '257–258' }, { kind: 'text', text: '.' }]],
    ['_Сочинения, с. 12_', [{ kind: 'emph', rend: 'italic', children: [{ kind: 'text', text: 'Сочинения, с. ' }] }, { kind: 'pageRef', page: '12', rend: 'italic' }]],
    ['Held in 1925 – 1926', [{ kind: 'text', text: 'Held in 1925 – 1926' }]],
    ['Held on 1‑10 December', [{ kind: 'text', text: 'Held on 1‑10 December' }]],
  ])('page reference at the end of a note: %s', (note, want) => {
    const doc = md(`Text[^1].\n\n[^1]: ${note}`);
    expect(doc.notes[0].paragraphs).toEqual([want]);
  });
  it('a dateline before the salutation goes into the opener and meta.date', () => {
    const doc = md('# Письмо\n\nМосква, 3 мая 1926 г.\n\nДорогой товарищ!\n\nТекст письма[[1]](#_ftn1).\n\n    [[1]](#_ftnref1) Сноска с отступом.');
    expect(blocks(doc)[1]).toEqual({
      kind: 'opener',
      dateline: [{ kind: 'text', text: 'Москва, 3 мая 1926 г.' }],
      salute: [{ kind: 'text', text: 'Дорогой товарищ!' }],
      pos: { line: 3, column: 1 },
    });
    expect([doc.divisions[0].type, doc.meta.date, doc.meta.dateIso]).toEqual(['letter', 'Москва, 3 мая 1926 г.', '1926-05-03']);
    expect(doc.notes).toEqual([{ n: '1', paragraphs: [[{ kind: 'text', text: 'Сноска с отступом.' }]], pos: { line: 9, column: 5 } }]);
    expect(blocks(doc).map((b) => b.kind)).toEqual(['head', 'opener', 'p']);
  });
  it('a signature block typed with hard line breaks splits into closer parts; body line breaks stay', () => {
    const doc = md('# Письмо\n\nДорогие товарищи!\n\nПервая строка\\\nвторая строка.\n\nЧлен президиума\\\n_И. Сталин_  \n8 декабря 1925 г.');
    expect(blocks(doc).slice(2)).toEqual([
      { kind: 'p', content: [{ kind: 'text', text: 'Первая строка' }, { kind: 'lb' }, { kind: 'text', text: 'вторая строка.' }], pos: { line: 5, column: 1 } },
      {
        kind: 'closer',
        pos: { line: 8, column: 1 },
        parts: [
          { type: 'role', content: [{ kind: 'text', text: 'Член президиума' }], pos: { line: 8, column: 1 } },
          { type: 'signed', content: [{ kind: 'emph', rend: 'italic', children: [{ kind: 'text', text: 'И. Сталин' }] }], pos: { line: 9, column: 1 } },
          { type: 'dateline', content: [{ kind: 'text', text: '8 декабря 1925 г.' }], pos: { line: 10, column: 1 } },
        ],
      },
    ]);
    expect([doc.meta.author, doc.meta.dateIso]).toEqual(['И. Сталин', '1925-12-08']);
  });
  it('a text with no salutation and no closer is a division of type text', () => {
    const doc = md('# Title\n\nJust text.\n\nThe end.');
    expect(doc.divisions.map((d) => d.type)).toEqual(['text']);
    expect(doc.meta.firstPublication).toBeUndefined();
  });
  it('records the format, file and language', () => {
    const doc = md('Text.', 'en');
    expect([doc.format, doc.file, doc.lang]).toEqual(['word-md', 'inline.md', 'en']);
  });
});
