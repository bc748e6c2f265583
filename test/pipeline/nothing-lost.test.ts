/**
 * Nothing lost: the words of each source, after removing the format's own
 * syntax with a method independent of the readers, appear in its TEI in the
 * same order, each exactly once. Body text is compared with the TEI's
 * <text> minus notes; the notes (which TEI moves to their anchors) with the
 * TEI notes in the order of their bodies in the source; the header lines of
 * a MIA text with the teiHeader.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readSource } from '../../src/readers';
import { writeTei } from '../../src/writers/tei';
import { parseTei, teiHeaderText, teiNotes, teiTextWithoutNotes, words } from '../helpers/tei-text';

const ROOT = path.resolve(__dirname, '..', '..');

function listSources(ext: string, fixtureDir: string): string[] {
  const dir = path.join(ROOT, 'test', 'fixtures', fixtureDir);
  const fixtures = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(ext) && !/error|invalid|bad/i.test(f)).map((f) => path.join(dir, f)) : [];
  return fixtures.sort();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', laquo: '«', raquo: '»', mdash: '—', ndash: '–', hellip: '…', shy: '\u00ad' };
/** A Markdown link to a Word footnote/endnote anchor, with the label in up to three levels of brackets, and pandoc's {…} attributes. */
const NOTE_LINK = String.raw`\[(?:[^\[\]]|\[(?:[^\[\]]|\[[^\[\]]*\])*\])*\]\(#_(?:ftn|edn)(ref)?\d+\)(?:\{[^}]*\})?`;

/** Word-export Markdown: note bodies start with a link to `#_ftnrefN`/`#_ednrefN` or `[^n]:`; markers and Markdown syntax go. */
function wordMdProjection(src: string): { body: string; notes: Array<{ n: string; text: string }> } {
  // join pandoc attribute blocks that wrap over lines, then split into paragraphs
  const text = src
    .replace(/\r\n?/g, '\n')
    .replace(/\{[^}]*\}/g, (m) => m.replace(/\n/g, ' '))
    // pandoc fenced divs (`::: {…}`) and hard line breaks (a lone backslash) are syntax
    .replace(/^\s*(:::.*|\\)\s*$/gm, '');
  const paras = text.split(/\n\s*\n/);
  const body: string[] = [];
  const notes: Array<{ n: string; text: string }> = [];
  const noteStart = new RegExp(String.raw`^\s*(?:(${NOTE_LINK})|\[\^([^\]]+)\]:)`);
  for (const para of paras) {
    const m = noteStart.exec(para);
    if (m && (m[2] === 'ref' || m[3] !== undefined)) {
      const label = m[3] ?? m[1].replace(/\]\(.*$/s, '').replace(/\{[^}]*\}/g, '').replace(/[\[\]*\\]/g, '');
      notes.push({ n: label, text: para.slice(m[0].length) });
    } else if (/^\s*(-{3,}|\*{3,}|_{3,})\s*$/.test(para)) {
      continue;
    } else if (notes.length > 0 && /^\s{2,}\S/.test(para)) {
      notes[notes.length - 1].text += ` ${para}`;
    } else if (notes.length > 0) {
      // a paragraph after the notes began belongs to the last note (Word puts multi-paragraph notes there)
      notes[notes.length - 1].text += ` ${para}`;
    } else body.push(para);
  }
  const strip = (s: string) =>
    s
      .replace(new RegExp(NOTE_LINK, 'g'), ' ')
      .replace(/\[\^[^\]]+\]/g, ' ')
      .replace(/\[([^\[\]]*)\]\{[^}]*\}/g, '$1')
      .replace(/^\s*#{1,6}\s/gm, ' ')
      .replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1')
      .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) =>
        e[0] === '#' ? String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : (ENTITIES[e] ?? m),
      );
  return { body: strip(body.join('\n\n')), notes: notes.map((n) => ({ n: n.n, text: strip(n.text) })) };
}

/** MIA plain text: author, title, date, `Label : value` fields, body, endnotes `1.`/`[1]`. */
function miaProjection(src: string): { header: string[]; body: string; notes: Array<{ n: string; text: string }> } {
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  // endnotes: the trailing blank-line-separated blocks that start with "1." or "[1]"
  const noteStart = /^\s*(?:\[(\d+)\]|(\d+)\.)\s*(\S.*)$/;
  const blocks: Array<{ start: number; end: number }> = [];
  for (let k = 0; k < lines.length; ) {
    while (k < lines.length && lines[k].trim() === '') k++;
    const start = k;
    while (k < lines.length && lines[k].trim() !== '') k++;
    if (k > start) blocks.push({ start, end: k });
  }
  let end = lines.length;
  const notes: Array<{ n: string; text: string }> = [];
  for (let b = blocks.length - 1; b >= 0; b--) {
    const blk = blocks[b];
    if (!noteStart.test(lines[blk.start])) {
      if (notes.length > 0 && blk.end - blk.start === 1 && /^(notes|footnotes|endnotes)\s*:?$/i.test(lines[blk.start].trim())) end = blk.start;
      break;
    }
    const inBlock: Array<{ n: string; text: string }> = [];
    for (let k = blk.start; k < blk.end; k++) {
      const m = noteStart.exec(lines[k]);
      if (m) inBlock.push({ n: m[1] ?? m[2], text: m[3] });
      else inBlock[inBlock.length - 1].text += ` ${lines[k]}`;
    }
    notes.unshift(...inBlock);
    end = blk.start;
  }
  const fieldRe = /^\s*([A-Z][A-Za-z /\\-]{2,40}?)\s*:\s*(.*)$/;
  let i = 0;
  const header: string[] = [];
  while (lines[i]?.trim() === '') i++;
  header.push(lines[i++]); // author
  while (lines[i]?.trim() === '') i++;
  const titleLines: string[] = [];
  while (i < lines.length && lines[i].trim() !== '') titleLines.push(lines[i++]);
  while (lines[i]?.trim() === '') i++;
  // the date line, unless the fields start right away
  if (!fieldRe.test(lines[i] ?? '')) header.push(lines[i++]);
  while (lines[i]?.trim() === '') i++;
  while (i < end) {
    const m = fieldRe.exec(lines[i]);
    if (!m) break;
    let value = m[2];
    i++;
    while (i < end && lines[i].trim() !== '' && !fieldRe.test(lines[i])) value += ` ${lines[i++]}`;
    header.push(value);
    while (lines[i]?.trim() === '') i++;
  }
  const body = [titleLines.join(' '), ...lines.slice(i, end)].join('\n');
  // note markers: for each note number, a number glued to a word or standing alone after one
  let marked = body;
  for (const n of notes.map((x) => x.n)) {
    marked = marked.replace(new RegExp(`(?<=[\\p{L}.,;:!?)”"'’])\\s?${n}(?![\\p{N}])`, 'u'), ' ');
  }
  return { header, body: marked, notes };
}

function checkSameWords(label: string, expected: string[], actual: string[]): void {
  if (expected.join(' ') !== actual.join(' ')) {
    let k = 0;
    while (k < expected.length && expected[k] === actual[k]) k++;
    throw new Error(`${label}: words differ at word ${k}: source has «${expected.slice(k, k + 8).join(' ')}», TEI has «${actual.slice(k, k + 8).join(' ')}»`);
  }
  expect(actual).toEqual(expected);
}

describe('nothing lost: Word-export Markdown → TEI', () => {
  const files = [path.join(ROOT, 'editions/leningrad-letter-1925/sources/ru.md'), ...listSources('.md', 'word-md')];
  it.each(files.map((f) => [path.relative(ROOT, f), f]))('%s', (_label, file) => {
    const src = fs.readFileSync(file, 'utf8').normalize('NFC');
    const { doc } = readSource(file, { format: 'word-md' });
    const tei = parseTei(writeTei(doc, { docId: 'test' }));
    const proj = wordMdProjection(src);
    checkSameWords('body', words(proj.body), words(teiTextWithoutNotes(tei)));
    const teiNotesByN = new Map(teiNotes(tei).map((n) => [n.n, n.text]));
    expect(teiNotes(tei).length).toBe(proj.notes.length);
    for (const note of proj.notes) checkSameWords(`note ${note.n}`, words(note.text), words(teiNotesByN.get(note.n) ?? ''));
  });
});

describe('nothing lost: MIA plain text → TEI', () => {
  const files = [path.join(ROOT, 'editions/leningrad-letter-1925/sources/en.txt'), ...listSources('.txt', 'mia-txt')];
  it.each(files.map((f) => [path.relative(ROOT, f), f]))('%s', (_label, file) => {
    const src = fs.readFileSync(file, 'utf8').normalize('NFC');
    const { doc } = readSource(file, { format: 'mia-txt' });
    const tei = parseTei(writeTei(doc, { docId: 'test' }));
    const proj = miaProjection(src);
    checkSameWords('body', words(proj.body), words(teiTextWithoutNotes(tei)));
    const got = teiNotes(tei);
    expect(got.length).toBe(proj.notes.length);
    const byN = new Map(got.map((n) => [n.n, n.text]));
    for (const note of proj.notes) checkSameWords(`note ${note.n}`, words(note.text), words(byN.get(note.n) ?? ''));
    const header = words(teiHeaderText(tei)).join(' ');
    for (const line of proj.header) expect(header).toContain(words(line).join(' '));
  });
});
