import * as fs from 'node:fs';
import * as path from 'node:path';
import { readSourceText } from '../../src/io/read-source';
import { TeikitError } from '../../src/model/diagnostics';
import { inlineText, type Block, type Inline, type TeiDocument } from '../../src/model/document';
import { readMiaText } from '../../src/readers/mia-txt';
import { parseDate } from '../../src/readers/mia-txt-dates';

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURES = 'test/fixtures/mia-txt';
const SEED = 'editions/leningrad-letter-1925/sources/en.txt';

/** Input/expected pairs: every fixture text with an `.expected.json`, plus the seed. */
const PAIRS: Array<[string, string]> = [
  [SEED, `${FIXTURES}/leningrad-letter-1925.en.expected.json`],
  ...fs
    .readdirSync(path.join(ROOT, FIXTURES))
    .filter((f) => f.endsWith('.txt') && !f.startsWith('error-'))
    .sort()
    .map((f): [string, string] => [`${FIXTURES}/${f}`, `${FIXTURES}/${f.replace(/\.txt$/, '.expected.json')}`]),
];
const ERRORS = fs
  .readdirSync(path.join(ROOT, FIXTURES))
  .filter((f) => f.startsWith('error-') && f.endsWith('.txt'))
  .sort()
  .map((f) => `${FIXTURES}/${f}`);

const readFixture = (rel: string): TeiDocument => readMiaText(readSourceText(path.join(ROOT, rel)), { file: rel, lang: 'en' });
const read = (text: string): TeiDocument => readMiaText(text, { file: 't.txt', lang: 'en' });
const blocks = (d: TeiDocument): Block[] => d.divisions[0].blocks;

function errorOf(fn: () => unknown): { rule: string; line?: number; column?: number; message: string } {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TeikitError);
    const d = (e as TeikitError).diagnostics[0];
    return { rule: d.rule, line: d.line, column: d.column, message: d.message };
  }
  throw new Error('expected a TeikitError');
}

/** Plain text of a block, with note refs shown as ⟨n⟩. */
function show(nodes: Inline[]): string {
  return nodes.map((n) => (n.kind === 'text' ? n.text : n.kind === 'noteRef' ? `⟨${n.n}⟩` : inlineText([n]))).join('');
}
function showBlock(b: Block): string {
  switch (b.kind) {
    case 'head':
      return `head${b.level}: ${show(b.content)}`;
    case 'p':
      return `p: ${show(b.content)}`;
    case 'bibl':
      return `bibl: ${show(b.content)}`;
    case 'opener':
      return `opener: ${b.dateline ? `${show(b.dateline)} | ` : ''}${show(b.salute ?? [])}`;
    case 'closer':
      return `closer: ${b.parts.map((p) => `${p.type}=${show(p.content)}`).join(' | ')}`;
  }
}

describe('mia-txt fixtures (input/expected pairs)', () => {
  it('has the seed and at least three more fixture texts', () => {
    expect(PAIRS.length).toBeGreaterThanOrEqual(4);
  });
  it.each(PAIRS)('%s', (src, expected) => {
    const want = JSON.parse(fs.readFileSync(path.join(ROOT, expected), 'utf8'));
    expect(readFixture(src)).toEqual(want);
  });
});

describe('mia-txt error fixtures: rule, line and column', () => {
  it('has an error fixture for each rule', () => {
    const rules = ERRORS.map((f) => JSON.parse(fs.readFileSync(path.join(ROOT, f.replace(/\.txt$/, '.expected.json')), 'utf8')).rule).sort();
    expect(rules).toEqual(['mia-txt/duplicate-note', 'mia-txt/missing-note', 'mia-txt/no-body', 'mia-txt/unreferenced-note']);
  });
  it.each(ERRORS)('%s', (src) => {
    const want = JSON.parse(fs.readFileSync(path.join(ROOT, src.replace(/\.txt$/, '.expected.json')), 'utf8'));
    const got = errorOf(() => readFixture(src));
    expect({ rule: got.rule, line: got.line, column: got.column }).toEqual(want);
    expect(got.message.length).toBeGreaterThan(20);
  });
  it('formats the diagnostic as file:line:column', () => {
    expect(() => readFixture(`${FIXTURES}/error-missing-note.txt`)).toThrow(
      /^test\/fixtures\/mia-txt\/error-missing-note\.txt:13:24: error: note marker 3 has no endnote .*\[mia-txt\/missing-note\]$/,
    );
  });
});

describe('mia-txt positions point into the source', () => {
  it.each(PAIRS.map(([src]) => [src]))('%s', (src) => {
    const lines = readSourceText(path.join(ROOT, src)).split('\n');
    const at = (pos: { line: number; column: number } | undefined): string => {
      expect(pos).toBeDefined();
      return lines[pos!.line - 1].slice(pos!.column - 1);
    };
    const doc = readFixture(src);
    const refs: Array<{ n: string; pos?: { line: number; column: number } }> = [];
    const collect = (nodes: Inline[] | undefined): void => nodes?.forEach((n) => n.kind === 'noteRef' && refs.push(n));
    collect(doc.meta.titleContent);
    for (const b of blocks(doc)) {
      if (b.kind === 'closer') b.parts.forEach((p) => {
        collect(p.content);
        expect(at(p.pos).startsWith(inlineText(p.content).slice(0, 5))).toBe(true);
      });
      else if (b.kind === 'opener') collect(b.salute);
      else {
        if (b.kind !== 'head' || b.level > 1) collect(b.content);
        expect(at(b.pos).startsWith(inlineText(b.content).slice(0, 5))).toBe(true);
      }
    }
    for (const r of refs) expect(at(r.pos).startsWith(r.n)).toBe(true);
    expect(refs.map((r) => r.n).sort()).toEqual(doc.notes.map((n) => n.n).sort());
    for (const f of doc.meta.fields) expect(at(f.pos).startsWith(f.label)).toBe(true);
    for (const n of doc.notes) expect(at(n.pos)).toMatch(new RegExp(`^(?:${n.n}\\.|\\[${n.n}\\])`));
  });
});

/**
 * Nothing lost, by a method independent of the reader: cut the source into
 * blank-line-separated blocks; the trailing blocks starting "N." or "[N]" are
 * endnotes (minus their numbers; an optional "Notes"/"Footnotes"/"Endnotes"
 * line before them goes); the first line is the author, the rest of the first
 * block or else the second block the title; the following blocks that start
 * with `Label:` or are one short line with a year are the header (labels go);
 * the rest is the body. Markers: for each endnote number in ascending order,
 * the first later occurrence of that number glued to a letter/punctuation or
 * after one space is removed. The words (letter/digit runs) left must equal,
 * in order, the words of the model: author, title, date, field values, body
 * blocks (the head that repeats the title excepted), notes.
 */
function sourceWords(src: string): string[] {
  const blocksOf: string[][] = [];
  let cur: string[] = [];
  for (const line of src.split('\n')) {
    if (line.trim() === '') {
      if (cur.length) blocksOf.push(cur);
      cur = [];
    } else cur.push(line.trim());
  }
  if (cur.length) blocksOf.push(cur);
  const noteStart = /^(?:\[(\d+)\]|(\d+)\.)/;
  let end = blocksOf.length;
  while (end > 0 && noteStart.test(blocksOf[end - 1][0])) end--;
  const noteNums: number[] = [];
  const notes = blocksOf.slice(end).map((b) =>
    b
      .map((l) => l.replace(noteStart, (_m, a, c) => {
        noteNums.push(Number(a ?? c));
        return ' ';
      }))
      .join(' '),
  );
  if (end > 0 && blocksOf[end - 1].length === 1 && /^(notes|footnotes|endnotes)$/i.test(blocksOf[end - 1][0])) end--;
  const author = blocksOf[0][0];
  let title = blocksOf[0].slice(1);
  let k = 1;
  const headerBlock = (b: string[]): boolean => /^[A-Z][A-Za-z /\\]{0,40}:/.test(b[0]) || (b.length === 1 && /\b\d{4}\b/.test(b[0]) && b[0].split(' ').length <= 6);
  if (title.length === 0 && !headerBlock(blocksOf[1])) title = blocksOf[k++];
  const header: string[] = [];
  while (k < end && headerBlock(blocksOf[k])) header.push(...blocksOf[k++].map((l) => l.replace(/^[A-Z][A-Za-z /\\]{0,40}:/, ' ')));
  let text = [title.join(' '), ...blocksOf.slice(k, end).map((b) => b.join(' '))].join('\n');
  let cursor = 0;
  for (const n of [...noteNums].sort((a, b) => a - b)) {
    const re = new RegExp(`(?<=[\\p{L}.,;:!?)\\]’”"»] ?)${n}(?!\\p{N})`, 'gu');
    re.lastIndex = cursor;
    const m = re.exec(text);
    if (!m) throw new Error(`oracle: no marker for note ${n}`);
    text = `${text.slice(0, m.index)} ${text.slice(m.index + m[0].length)}`;
    cursor = m.index;
  }
  const words = (s: string): string[] => s.match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...words(author), ...words(text.split('\n')[0]), ...words(header.join(' ')), ...words(text.split('\n').slice(1).join(' ')), ...words(notes.join(' '))];
}

function modelWords(doc: TeiDocument): string[] {
  const parts: string[] = [doc.meta.author ?? '', doc.meta.title ?? '', doc.meta.date ?? '', ...doc.meta.fields.map((f) => f.value)];
  const bs = blocks(doc);
  bs.forEach((b, i) => {
    if (i === 0 && b.kind === 'head' && doc.meta.titleContent) {
      expect(b.content).toEqual(doc.meta.titleContent);
      return;
    }
    if (b.kind === 'opener') parts.push(inlineText(b.dateline ?? []), inlineText(b.salute ?? []));
    else if (b.kind === 'closer') parts.push(...b.parts.map((p) => inlineText(p.content)));
    else parts.push(inlineText(b.content));
  });
  for (const n of doc.notes) parts.push(...n.paragraphs.map((p) => inlineText(p)));
  return parts.join(' ').match(/[\p{L}\p{N}]+/gu) ?? [];
}

describe('mia-txt: nothing lost (independent syntax removal)', () => {
  it.each(PAIRS.map(([src]) => [src]))('%s', (src) => {
    const text = readSourceText(path.join(ROOT, src));
    const want = sourceWords(text);
    expect(want.length).toBeGreaterThan(50);
    expect(modelWords(readFixture(src))).toEqual(want);
  });
});

describe('mia-txt header', () => {
  const body = '\n\nDear comrades,\n\nThe text.\n';
  it('reads the field label variants and keys', () => {
    const d = read(
      'A. B. Author\n\nTitle\n\n1925\n\nSource: Works\nPublisher : House\nFirst Published: Pravda, 1925\nTranslated: T. Person\n' +
        'Transcription\\Markup: X\nTranscription/Markup : Y\nPublic Domain : Free\nCopyleft: MIA\nOnline Version: MIA 2001\nProofread: Z' +
        body,
    );
    expect(d.meta.fields.map((f) => [f.label, f.key, f.value])).toEqual([
      ['Source', 'source', 'Works'],
      ['Publisher', 'publisher', 'House'],
      ['First Published', 'firstPublished', 'Pravda, 1925'],
      ['Translated', 'translated', 'T. Person'],
      ['Transcription\\Markup', 'transcription', 'X'],
      ['Transcription/Markup', 'transcription', 'Y'],
      ['Public Domain', 'rights', 'Free'],
      ['Copyleft', 'rights', 'MIA'],
      ['Online Version', 'other', 'MIA 2001'],
      ['Proofread', 'other', 'Z'],
    ]);
    expect(d.meta.fields.map((f) => f.pos)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14].map((n) => ({ line: n + 2, column: 1 })));
  });
  it('joins a wrapped field value and a value on the next line; fields may come in several blocks', () => {
    const d = read('Author\n\nTitle\n\nSource : Collected Works,\nVolume 7, Moscow\nPublisher:\nProgress\n\nPublic Domain : yes' + body);
    expect(d.meta.fields.map((f) => [f.label, f.value])).toEqual([
      ['Source', 'Collected Works, Volume 7, Moscow'],
      ['Publisher', 'Progress'],
      ['Public Domain', 'yes'],
    ]);
  });
  it.each([
    ['December 8, 1925', '1925-12-08'],
    ['8 December 1925', '1925-12-08'],
    ['Dec. 8, 1925', '1925-12-08'],
    ['December 1925', '1925-12'],
    ['1925', '1925'],
    ['8 декабря 1925 г.', '1925-12-08'],
    ['8. Dezember 1925', '1925-12-08'],
    ['December 1-10, 1925', undefined],
    ['February 30, 1925', undefined],
  ])('date line %s → %s', (line, iso) => {
    const d = read(`Author\n\nTitle\n\n${line}\n\nSource : S` + body);
    expect(d.meta.date).toBe(line);
    expect(d.meta.dateIso).toBe(iso);
  });
  it('reads "Written:" as the date, its label as syntax', () => {
    const d = read('Author\n\nTitle\n\nWritten: 8 December 1925\nSource : S' + body);
    expect([d.meta.date, d.meta.dateIso]).toEqual(['8 December 1925', '1925-12-08']);
    expect(d.meta.fields.map((f) => f.label)).toEqual(['Source']);
  });
  it('joins a second title block before the header fields to the title', () => {
    const d = read('Author\n\nOn the Tasks\n\nSpeech at the Conference\nof Workers\n\nMay 1, 1920\n\nSource : S' + body);
    expect(d.meta.title).toBe('On the Tasks Speech at the Conference of Workers');
    expect(d.meta.dateIso).toBe('1920-05-01');
    expect(blocks(d)[0]).toMatchObject({ kind: 'head', level: 1, pos: { line: 3, column: 1 } });
    expect(blocks(d).map(showBlock).slice(1)).toEqual(['opener: Dear comrades,', 'p: The text.']);
  });
  it('reads a title that comes after the date line', () => {
    const d = read('Author\n\n1 May 1920\n\nOn the Tasks\n\nSource : S' + body);
    expect([d.meta.title, d.meta.date, d.meta.dateIso]).toEqual(['On the Tasks', '1 May 1920', '1920-05-01']);
    expect(blocks(d)[0]).toMatchObject({ kind: 'head', level: 1, pos: { line: 5, column: 1 } });
  });
  it('takes the title from the first block when it follows the author line directly, with a glued marker', () => {
    const d = read('Author\nA Long\nTitle2\n\nSource : S\n\nText.\n\n2. The note.\n');
    expect(d.meta.author).toBe('Author');
    expect(d.meta.title).toBe('A Long Title');
    expect(show(d.meta.titleContent ?? [])).toBe('A Long Title⟨2⟩');
    expect(showBlock(blocks(d)[0])).toBe('head1: A Long Title⟨2⟩');
    expect(d.meta.date).toBeUndefined();
  });
});

describe('mia-txt endnotes', () => {
  const head = 'Author\n\nTitle\n\n1925\n\nSource : S\n\n';
  it('reads "1. ", "2.The", "[3] ", "[4]The", continuation lines, notes out of order', () => {
    const d = read(head + 'One1 two2 three3 four4.\n\n[4]The fourth.\n2.The second\ngoes on.\n[3] The third.\n1. The first.\n');
    expect(d.notes.map((n) => [n.n, n.paragraphs.map(show)])).toEqual([
      ['4', ['The fourth.']],
      ['2', ['The second goes on.']],
      ['3', ['The third.']],
      ['1', ['The first.']],
    ]);
    expect(d.notes.map((n) => n.pos)).toEqual([11, 12, 14, 15].map((line) => ({ line, column: 1 })));
    expect(showBlock(blocks(d)[1])).toBe('p: One⟨1⟩ two⟨2⟩ three⟨3⟩ four⟨4⟩.');
  });
  it('drops a "Notes" line and a rule line before the notes; with the heading a note may have several paragraphs', () => {
    const d = read(head + 'Text1 here.\n\n-----\n\nNotes\n\n1. First paragraph.\n\nSecond paragraph of note 1.\n');
    expect(blocks(d).map(showBlock)).toEqual(['head1: Title', 'p: Text⟨1⟩ here.']);
    expect(d.notes[0].paragraphs.map(show)).toEqual(['First paragraph.', 'Second paragraph of note 1.']);
  });
  it('keeps a trailing numbered list that no marker points to as body text', () => {
    const d = read(head + 'Our demands:\n\n1. Bread.\n\n2. Peace.\n');
    expect(d.notes).toEqual([]);
    expect(blocks(d).map(showBlock)).toEqual(['head1: Title', 'opener: Our demands:', 'p: 1. Bread.', 'p: 2. Peace.']);
  });
  it('reports a note referenced twice', () => {
    expect(errorOf(() => read(head + 'One1 and again1.\n\n1. Note.\n'))).toMatchObject({ rule: 'mia-txt/note-referenced-twice', line: 9, column: 15 });
  });
  it('reports a glued marker when the text has no endnotes at all', () => {
    expect(errorOf(() => read(head + 'The report3 was read.\n'))).toMatchObject({ rule: 'mia-txt/missing-note', line: 9, column: 11 });
  });
  it('reports an empty text and a text with notes but no body', () => {
    expect(errorOf(() => read(''))).toMatchObject({ rule: 'mia-txt/no-body', line: 1, column: 1 });
    expect(errorOf(() => read('Author\n\nTitle\n\nSource : S\n'))).toMatchObject({ rule: 'mia-txt/no-body' });
  });
});

describe('mia-txt note markers', () => {
  const doc = (body: string, notes: string): TeiDocument => read(`Author\n\nTitle\n\n1925\n\nSource : S\n\n${body}\n\n${notes}\n`);
  const p = (d: TeiDocument): string => showBlock(blocks(d)[1]);
  it('reads glued markers after a word, a full stop, a comma, a closing quote or bracket', () => {
    expect(p(doc('Conference1 and work.2 and said,3 and “quote”4 and R.C.P.(B.)5 end.', '1. a\n2. b\n3. c\n4. d\n5. e'))).toBe(
      'p: Conference⟨1⟩ and work.⟨2⟩ and said,⟨3⟩ and “quote”⟨4⟩ and R.C.P.(B.)⟨5⟩ end.',
    );
  });
  it('reads a spaced marker, dropping the space before it', () => {
    expect(p(doc('the report 1 is directed, and the report 2.', '1. a\n2. b'))).toBe('p: the report⟨1⟩ is directed, and the report⟨2⟩.');
  });
  it('keeps numbers that are not markers: abbreviations, quantities, dates, numbering nouns, years', () => {
    const d = doc('Vol. 1 and Vol.1, No. 1 (58), of 1 delegate, December 1, 1 December, chapter 1, 1925, 12th, 1.5 and 1 000, then the report 1 ends.', '1. a');
    expect(p(d)).toBe('p: Vol. 1 and Vol.1, No. 1 (58), of 1 delegate, December 1, 1 December, chapter 1, 1925, 12th, 1.5 and 1 000, then the report⟨1⟩ ends.');
  });
  it('takes a spaced number as a marker only in sequence and only when its note exists', () => {
    // "the list 3" comes before marker 2: out of sequence, it stays text; "group 7" has no note
    const d = doc('First1 the list 3 and then the group 7 and the second 2 and the third 3.', '1. a\n2. b\n3. c');
    expect(p(d)).toBe('p: First⟨1⟩ the list 3 and then the group 7 and the second⟨2⟩ and the third⟨3⟩.');
  });
  it('takes a number glued to a capital letter only in sequence (B52 stays text)', () => {
    expect(p(doc('The B52 and the USSR1 report.', '1. a'))).toBe('p: The B52 and the USSR⟨1⟩ report.');
  });
  it('reads bracketed and superscript markers, glued or spaced', () => {
    expect(p(doc('One[1] two [2] three³ four ⁴ end.', '1. a\n2. b\n3. c\n4. d'))).toBe('p: One⟨1⟩ two⟨2⟩ three⟨3⟩ four⟨4⟩ end.');
    expect(errorOf(() => doc('One[1] two [5] end.', '1. a'))).toMatchObject({ rule: 'mia-txt/missing-note', line: 9, column: 12 });
  });
  it('reads a marker after a year that ends a sentence', () => {
    expect(p(doc('It met in 1925.1 Then it closed.', '1. a'))).toBe('p: It met in 1925.⟨1⟩ Then it closed.');
  });
  it('joins hard-wrapped lines with one space and places markers across line ends', () => {
    const d = doc('the report\n1 is read', '1. a');
    expect(p(d)).toBe('p: the report⟨1⟩ is read');
    const ref = blocks(d)[1].kind === 'p' ? (blocks(d)[1] as { content: Inline[] }).content[1] : undefined;
    expect(ref).toEqual({ kind: 'noteRef', n: '1', pos: { line: 10, column: 1 } });
  });
});

describe('mia-txt letter structure', () => {
  const head = 'Author\n\nA Letter\n\n1925\n\nSource : S\n\n';
  it('reads salutation, closing salute, signature and a dateline after it', () => {
    const d = read(head + 'Dear friend,\n\nThe text.\n\nWith communist greetings,\n\nV. I. Lenin\n\nMoscow, 8 December 1925\n');
    expect(blocks(d).map(showBlock)).toEqual([
      'head1: A Letter',
      'opener: Dear friend,',
      'p: The text.',
      'closer: salute=With communist greetings, | signed=V. I. Lenin | dateline=Moscow, 8 December 1925',
    ]);
    expect(d.divisions[0].type).toBe('letter');
  });
  it('reads a dateline before the salutation into the opener, a role after the signature', () => {
    const d = read(head + 'Moscow, December 8, 1925\n\nComrades!\n\nThe text.\n\nJ. Stalin\n\nSecretary of the C.C.\n');
    expect(blocks(d).map(showBlock)).toEqual([
      'head1: A Letter',
      'opener: Moscow, December 8, 1925 | Comrades!',
      'p: The text.',
      'closer: signed=J. Stalin | role=Secretary of the C.C.',
    ]);
  });
  it('without a signature, a first-publication line is a bibl block and meta.firstPublication', () => {
    const d = read('Author\n\nAn Article\n\n1925\n\nSource : S\n\nThe text of the article.\n\nFirst published in Pravda, No. 12, 1925\n');
    expect(blocks(d).map(showBlock)).toEqual(['head1: An Article', 'p: The text of the article.', 'bibl: First published in Pravda, No. 12, 1925']);
    expect(d.meta.firstPublication).toBe('First published in Pravda, No. 12, 1925');
    expect(d.divisions[0].type).toBe('text');
  });
  it('does not take a role line that is not next to a signature, nor a last sentence as a signature', () => {
    const d = read(head + 'Dear friend,\n\nThe text.\n\nMember of the Presidium\n\nIt is all.\n');
    expect(blocks(d).map(showBlock)).toEqual(['head1: A Letter', 'opener: Dear friend,', 'p: The text.', 'p: Member of the Presidium', 'p: It is all.']);
  });
  it('reads body headings: Roman numerals and all-capital lines', () => {
    const d = read('Author\n\nTitle\n\n1925\n\nSource : S\n\nI\n\nThe text.\n\nTHE SECOND PART\n\nMore text.\n');
    expect(blocks(d).map(showBlock)).toEqual(['head1: Title', 'head2: I', 'p: The text.', 'head2: THE SECOND PART', 'p: More text.']);
  });
});

describe('mia-txt dates', () => {
  it('parses whole dates only', () => {
    expect(parseDate('8 de diciembre de 1925')).toBe('1925-12-08');
    expect(parseDate('1925-12-08')).toBe('1925-12-08');
    expect(parseDate('February 29, 1924')).toBe('1924-02-29');
    expect(parseDate('February 29, 1925')).toBeUndefined();
    expect(parseDate('in December 1925')).toBeUndefined();
  });
});

describe('mia-txt robustness', () => {
  it('any arrangement of format lines gives a document or a located TeikitError', () => {
    const lines = PAIRS.concat(ERRORS.map((f): [string, string] => [f, ''])).flatMap(([f]) => readSourceText(path.join(ROOT, f)).split('\n'));
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const outcomes = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const text = Array.from({ length: Math.floor(rnd() * 30) }, () => (rnd() < 0.3 ? '' : lines[Math.floor(rnd() * lines.length)])).join('\n');
      try {
        const d = read(text);
        expect(d.divisions[0].blocks.length).toBeGreaterThan(0);
        outcomes.add('ok');
      } catch (e) {
        expect(e).toBeInstanceOf(TeikitError);
        const diag = (e as TeikitError).diagnostics[0];
        expect(diag.rule).toMatch(/^mia-txt\//);
        expect(diag.line).toBeGreaterThanOrEqual(1);
        expect(diag.column).toBeGreaterThanOrEqual(1);
        outcomes.add(diag.rule);
      }
    }
    const known = ['mia-txt/duplicate-note', 'mia-txt/missing-note', 'mia-txt/no-body', 'mia-txt/note-referenced-twice', 'mia-txt/unreferenced-note', 'ok'];
    expect(known).toEqual(expect.arrayContaining([...outcomes]));
    expect(outcomes.has('ok')).toBe(true);
    expect(outcomes.size).toBeGreaterThanOrEqual(4);
  });
});
