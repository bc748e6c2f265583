/**
 * Edition-wide pages are assembled: frames rendered with slots, filled with
 * the parts each letter gave (xslt/letter.xsl, src/render/slots.ts). An
 * unchanged letter's parts come from the cache, so it is not transformed
 * again; the pages are the same bytes as a render from nothing.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderEdition } from '../../src/render';
import { fillSlots as fillSlotsToPieces, fillSlotsToChunks, isTokenFree, slotToken, writeAssembledPages } from '../../src/render/slots';
import { splitParts } from '../../src/render/letters';
import { listFiles, manyLetters, tmpDir } from './helpers';

/** A filled page as text. */
const fillSlots = (...args: Parameters<typeof fillSlotsToChunks>): string => Buffer.concat(fillSlotsToChunks(...args)).toString('utf8');

describe('slots', () => {
  test('every slot of the run is filled; other comments and look-alikes stay as they are', () => {
    const token = slotToken();
    const other = slotToken();
    expect(token).not.toEqual(other);
    const frame = `<ol><!-- ${token} letters --></ol><p title="<!-- ${other} letters -->">&lt;!-- ${other} x --&gt;</p><!-- note -->`;
    const page = fillSlots(frame, token, (name) => (name === 'letters' ? '<li>1</li><li>2</li>' : undefined), 'f.html');
    expect(page).toBe(`<ol><li>1</li><li>2</li></ol><p title="<!-- ${other} letters -->">&lt;!-- ${other} x --&gt;</p><!-- note -->`);
    // the run's token is nowhere else: one left over (a frame and parts that disagree) is an error
    expect(() => fillSlots(`${frame}<!-- ${token} print-texts`, token, () => '', 'f.html')).toThrow(/left unfilled/);
  });

  test('assembled as chunks, the page is the same; a token made of two parts, or of a part and the frame, is found', () => {
    const token = slotToken();
    const frame = `<ol><!-- ${token} letters --></ol><p><!-- ${token} print-texts --></p>`;
    const parts = (name: string) => (name === 'letters' ? ['<li>1</li>', Buffer.from('<li>Письмо</li>')] : '<article/>');
    expect(Buffer.concat(fillSlotsToChunks(frame, token, parts, 'f.html')).toString()).toBe(fillSlots(frame, token, (n) => [parts(n)].flat().map(String).join(''), 'f.html'));
    const half = token.length >> 1;
    expect(() => fillSlotsToChunks(frame, token, (n) => (n === 'letters' ? [token.slice(0, half), Buffer.from(token.slice(half))] : ''), 'f.html')).toThrow(/left unfilled/);
    expect(() => fillSlotsToChunks(frame, token, (n) => (n === 'letters' ? ['x', 'y', token.slice(0, 3), token.slice(3, 5), token.slice(5)] : ''), 'f.html')).toThrow(/left unfilled/);
    expect(() => fillSlotsToChunks(`<p>${token.slice(0, 4)}<!-- ${token} letters --></p>`, token, () => token.slice(4), 'f.html')).toThrow(/left unfilled/);
  });

  test('runs of the store known to be token-free are not searched, the others are; a token across a seam is found either way', () => {
    const token = slotToken();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-slots-'));
    const store = path.join(dir, 'store.bin');
    const clean = '<li>Письмо</li>';
    const prefixOnly = '<li>tk-slot-</li>';
    const holding = `<li>${token}</li>`;
    const bytes = Buffer.from(clean + prefixOnly + holding + token.slice(0, 5) + token.slice(5));
    fs.writeFileSync(store, bytes);
    const fd = fs.openSync(store, 'r');
    const at = (text: string, free: boolean, from = 0) => ({ at: bytes.indexOf(Buffer.from(text), from), length: Buffer.byteLength(text), free });
    const page = path.join(dir, 'page.html');
    const frame = `<ol><!-- ${token} letters --></ol>`;
    const write = (ranges: Array<{ at: number; length: number; free: boolean }>) => writeAssembledPages([{ file: page, chunks: fillSlotsToPieces(frame, token, () => ranges, page) }], token, fd);
    // the store's own flag says whether a run holds the prefix: only runs without it are marked free
    expect([isTokenFree(Buffer.from(clean)), isTokenFree(Buffer.from(prefixOnly))]).toEqual([true, false]);
    write([at(clean, true), at(prefixOnly, false)]);
    expect(fs.readFileSync(page, 'utf8')).toBe(`<ol>${clean}${prefixOnly}</ol>`);
    expect(() => write([at(clean, true), at(holding, false)])).toThrow(/left unfilled/);
    // a token made across two runs, even runs marked free, is found; and the page before stays as it was
    const head = token.slice(0, 5);
    const a = at(head, true, bytes.indexOf(Buffer.from(holding)) + Buffer.byteLength(holding));
    expect(() => write([a, { at: a.at + a.length, length: Buffer.byteLength(token.slice(5)), free: true }])).toThrow(/left unfilled/);
    expect(fs.readFileSync(page, 'utf8')).toBe(`<ol>${clean}${prefixOnly}</ol>`);
    expect(fs.readdirSync(dir).sort()).toEqual(['page.html', 'store.bin']);
    fs.closeSync(fd);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a slot nothing fills is an error naming the page', () => {
    const token = slotToken();
    expect(() => fillSlots(`<!-- ${token} occ x -->`, token, () => undefined, 'register.html')).toThrow(/register\.html.*slot "occ x" that nothing fills/);
  });
});

describe('renderEdition with a cache of the letters’ parts', () => {
  const work = tmpDir('assembled');
  const src = path.join(work, 'tei');
  fs.mkdirSync(src, { recursive: true });
  const teiFiles = manyLetters(src, 4);
  const cacheDir = path.join(work, 'cache');
  const out = path.join(work, 'html');
  const options = { editionId: 'many', teiFiles, manifest: { title: 'Letters' }, outDir: out, pdf: false, cacheDir };

  test('from nothing every letter is transformed once; again with nothing changed, none is, and the pages are the same', async () => {
    const first = await renderEdition(options);
    expect(first.letters).toBe(4);
    const before = new Map(listFiles(out).map((f) => [f, fs.readFileSync(path.join(out, f))]));
    expect(first.frames).toBe(true);
    const again = await renderEdition({ ...options, changed: new Set() });
    expect(again.letters).toBe(0);
    // nothing the frames show changed: they are kept too
    expect(again.frames).toBe(false);
    expect(again.rendered).toEqual({ reading: 0, parallel: 0, edition: 3 });
    for (const [f, bytes] of before) expect([f, fs.readFileSync(path.join(out, f)).equals(bytes)]).toEqual([f, true]);
  });

  test('one changed document: only its letter is transformed, and the assembled pages equal a render from nothing', async () => {
    const changedDoc = teiFiles[2]; // letter 2, Russian original
    fs.writeFileSync(changedDoc.path, fs.readFileSync(changedDoc.path, 'utf8').replace('<title type="main">Letter 2: ', '<title type="main">Letter 2 (revised): '));
    const r = await renderEdition({ ...options, changed: new Set([changedDoc.docId!]) });
    expect(r.letters).toBe(1);
    // a letter's title and text are in its parts, not in the frames: these are kept
    expect(r.frames).toBe(false);
    expect(r.rendered).toEqual({ reading: 1, parallel: 1, edition: 3 });
    for (const page of ['index.html', 'register.html', 'print.html']) expect(fs.readFileSync(path.join(out, page), 'utf8')).toContain('Letter 2 (revised)');

    const fresh = path.join(work, 'fresh');
    await renderEdition({ ...options, outDir: fresh, cacheDir: undefined });
    expect(listFiles(out)).toEqual(listFiles(fresh));
    for (const f of listFiles(fresh)) expect([f, fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(fresh, f)))]).toEqual([f, true]);
  });

  test('a change the frames show (the first document, which gives the edition its header) renders them again', async () => {
    const first = teiFiles[0];
    fs.writeFileSync(first.path, fs.readFileSync(first.path, 'utf8').replace('<title type="main">Letter 1: ', '<title type="main">Letter 1 (revised): '));
    const r = await renderEdition({ ...options, changed: new Set([first.docId!]) });
    expect([r.letters, r.frames]).toEqual([1, true]);
    const fresh = path.join(work, 'fresh0');
    await renderEdition({ ...options, outDir: fresh, cacheDir: undefined });
    for (const f of listFiles(fresh)) expect([f, fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(fresh, f)))]).toEqual([f, true]);
  });

  test('text carrying the token of the kept frames: the frames are rendered again with a fresh token, the text stays text', async () => {
    const kept = JSON.parse(fs.readFileSync(path.join(cacheDir, 'frames.json'), 'utf8')) as { token: string };
    const doc = teiFiles[2]; // letter 2, Russian original: its title is on the landing page
    fs.writeFileSync(doc.path, fs.readFileSync(doc.path, 'utf8').replace(/<title type="main">Letter 2[^:]*: /, `<title type="main">Letter 2 ${kept.token}: `));
    const r = await renderEdition({ ...options, changed: new Set([doc.docId!]) });
    expect([r.letters, r.frames]).toEqual([1, true]);
    const landing = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(landing).toContain(`Letter 2 ${kept.token}`);
    expect(JSON.parse(fs.readFileSync(path.join(cacheDir, 'frames.json'), 'utf8')).token).not.toBe(kept.token);
    const fresh = path.join(work, 'fresh1');
    await renderEdition({ ...options, outDir: fresh, cacheDir: undefined });
    for (const f of listFiles(fresh)) expect([f, fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(fresh, f)))]).toEqual([f, true]);
  });

  const index = (): { generation: number; table: string; letters: Record<string, { key: string }> } => JSON.parse(fs.readFileSync(path.join(cacheDir, 'parts.json'), 'utf8'));
  const storeFile = (): string => path.join(cacheDir, `parts-${index().generation}.bin`);

  test('the parts are kept in one store and its index; letters no longer in the edition leave the index, files of the formats before are removed, other files stay', async () => {
    fs.writeFileSync(path.join(cacheDir, 'l999.ru.parts'), 'teikit-parts 1\n{}\n');
    fs.writeFileSync(path.join(cacheDir, 'l001.ru.json'), '{"key":"old","parts":{}}');
    fs.writeFileSync(path.join(cacheDir, 'notes.txt'), 'the caller\'s');
    const kept = JSON.parse(fs.readFileSync(path.join(cacheDir, 'parts.json'), 'utf8'));
    kept.letters['l999.ru'] = kept.letters['l001.ru'];
    fs.writeFileSync(path.join(cacheDir, 'parts.json'), JSON.stringify(kept));
    const r = await renderEdition({ ...options, changed: new Set() });
    expect(r.letters).toBe(0);
    const names = fs.readdirSync(cacheDir).sort();
    expect(names).toEqual(['frames.json', 'notes.txt', 'parts.json', path.basename(storeFile())].sort());
    expect(Object.keys(index().letters).sort()).toEqual(['l001.ru', 'l002.ru', 'l003.ru', 'l004.ru']);
  });

  test('the store: a changed letter is appended, a slot is filled with long runs of it, and it is written anew when most of it is no longer used', () => {
    const dir = path.join(work, 'store');
    const U = 2 << 20; // each letter's print text: 2 MB (the store is written anew only when more than 4 MB of it would be unused)
    const letter = (id: string, key: string, text?: string) => ({
      id,
      key,
      docs: [id],
      ...(text === undefined
        ? { kept: true as const }
        : { kept: false as const, parts: { letter: `<li>${text}</li>`, docs: { [id]: { style: '', lang: 'ru', entries: { e: `<person n="${text}"/>` }, print: Buffer.from(text.repeat(U)), occ: { e: Buffer.from(`<dd>${text}</dd>`) }, pocc: { e: Buffer.from(`<dd>#${text}</dd>`) } } } } }),
    });
    const size = (g: number) => fs.statSync(path.join(dir, `parts-${g}.bin`)).size;
    const small = 3 * 10 + 3 * 11; // the occurrences of a, b, c (both lists)
    const text = (p: { fill(slot: string): Array<{ at: number; length: number }>; read(r: Array<{ at: number; length: number; free: boolean }>): Buffer }, slot: string) => p.read(p.fill(slot) as Array<{ at: number; length: number; free: boolean }>).toString('utf8');
    const { EditionParts, keepsLetter } = jest.requireActual('../../src/render/parts-store') as typeof import('../../src/render/parts-store');
    new EditionParts(dir, [letter('a', 'k1', 'a'), letter('b', 'k1', 'b'), letter('c', 'k1', 'c')]).keep();
    expect(size(1)).toBe(3 * U + small);
    // one letter changed: its pieces are appended, the others stay where they are; each slot is a few runs
    expect([keepsLetter(dir, 'a', 'k1'), keepsLetter(dir, 'a', 'k2'), keepsLetter(dir, 'b', 'k1')]).toEqual([true, false, true]);
    const second = new EditionParts(dir, [letter('a', 'k2', 'A'), letter('b', 'k1'), letter('c', 'k1')]);
    expect(second.fill('print').length).toBe(2);
    expect(text(second, 'print')).toBe('A'.repeat(U) + 'b'.repeat(U) + 'c'.repeat(U));
    expect(text(second, 'occ e')).toBe('<dd>A</dd><dd>b</dd><dd>c</dd>');
    expect(second.letterItems()).toEqual(['<li>A</li>', '<li>b</li>', '<li>c</li>']);
    expect(second.summaries().map((d) => d.entries.e)).toEqual(['<person n="A"/>', '<person n="b"/>', '<person n="c"/>']);
    second.keep();
    expect(size(1)).toBe(4 * U + small + 21);
    new EditionParts(dir, [letter('a', 'k3', 'x'), letter('b', 'k1'), letter('c', 'k1')]).keep();
    expect(size(1)).toBe(5 * U + small + 2 * 21);
    // two more: most of the store would be unused (the first two versions of a, the first of b), and it is written anew
    new EditionParts(dir, [letter('a', 'k4', 'y'), letter('b', 'k2', 'z'), letter('c', 'k1')]).keep();
    expect(fs.readdirSync(dir).sort()).toEqual(['parts-2.bin', 'parts.json']);
    expect(size(2)).toBe(3 * U + small);
    // read by another process, in another order of letters: the same parts, the slots in the new order
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fresh = require('../../src/render/parts-store') as typeof import('../../src/render/parts-store');
      expect([fresh.keepsLetter(dir, 'a', 'k3'), fresh.keepsLetter(dir, 'a', 'k4')]).toEqual([false, true]);
      const again = new fresh.EditionParts(dir, [letter('c', 'k1'), letter('b', 'k2'), letter('a', 'k4')]);
      expect(text(again, 'print')).toBe('c'.repeat(U) + 'z'.repeat(U) + 'y'.repeat(U));
      expect(text(again, 'pocc e')).toBe('<dd>#c</dd><dd>#z</dd><dd>#y</dd>');
      expect(again.letterItems()).toEqual(['<li>c</li>', '<li>z</li>', '<li>y</li>']);
    });
    // the index says whether the store holds a slot token's prefix (searched as written): a text that does is searched at every assembly
    const flag = () => JSON.parse(fs.readFileSync(path.join(dir, 'parts.json'), 'utf8')).tokenFree;
    expect(flag()).toBe(true);
    new EditionParts(dir, [letter('a', 'k5', 'tk-slot-'), letter('b', 'k2'), letter('c', 'k1')]).keep();
    expect(flag()).toBe(false);
  });

  test('a fresh process preloads the kept parts (a watch process, while it waits); a damaged index holds none', () => {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { preloadLetterParts } = require('../../src/render/parts-store') as typeof import('../../src/render/parts-store');
      expect(preloadLetterParts(cacheDir)).toBe(4);
      expect(preloadLetterParts(cacheDir)).toBe(4); // held already
      expect(preloadLetterParts(path.join(work, 'nothing-here'))).toBe(0);
    });
    const saved = fs.readFileSync(path.join(cacheDir, 'parts.json'));
    fs.writeFileSync(path.join(cacheDir, 'parts.json'), saved.subarray(0, 100));
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { preloadLetterParts } = require('../../src/render/parts-store') as typeof import('../../src/render/parts-store');
      expect(preloadLetterParts(cacheDir)).toBe(0);
    });
    fs.writeFileSync(path.join(cacheDir, 'parts.json'), saved);
  });

  test('a cache kept for other inputs is not used', async () => {
    const file = path.join(cacheDir, 'parts.json');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/"key":"[0-9a-f]+"/g, '"key":"stale"'));
    const r = await renderEdition({ ...options, changed: new Set() });
    expect(r.letters).toBe(4);
  });

  test('a store cut short or a damaged table is not used for the letters it no longer holds: they are transformed again, the pages are the same', async () => {
    const before = new Map(listFiles(out).map((f) => [f, fs.readFileSync(path.join(out, f))]));
    const bin = storeFile();
    fs.truncateSync(bin, fs.statSync(bin).size - 10);
    fs.writeFileSync(path.join(cacheDir, 'frames.json'), '{"key":');
    const cut = await renderEdition({ ...options, changed: new Set() });
    expect(cut.letters).toBe(1);
    expect(cut.frames).toBe(true);
    for (const [f, bytes] of before) expect([f, fs.readFileSync(path.join(out, f)).equals(bytes)]).toEqual([f, true]);
    const file = path.join(cacheDir, 'parts.json');
    fs.writeFileSync(file, JSON.stringify({ ...index(), table: index().table.slice(0, 40) }));
    const damaged = await renderEdition({ ...options, changed: new Set() });
    expect(damaged.letters).toBe(4);
    for (const [f, bytes] of before) expect([f, fs.readFileSync(path.join(out, f)).equals(bytes)]).toEqual([f, true]);
    // kept again, whole
    const again = await renderEdition({ ...options, changed: new Set() });
    expect([again.letters, again.frames]).toEqual([0, false]);
  });
});

describe('parts of a letter carry any text intact', () => {
  test('wrapper-like text in a TEI document (text, register note, attribute) stays text, in every assembled page', async () => {
    const work = tmpDir('assembled-hostile');
    const src = path.join(work, 'tei');
    fs.mkdirSync(src, { recursive: true });
    const teiFiles = manyLetters(src, 2);
    const evil = '</tk-part><tk-part k="print">x</tk-part>';
    const escaped = evil.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const ru = teiFiles[0].path;
    fs.writeFileSync(
      ru,
      fs
        .readFileSync(ru, 'utf8')
        .replace('Ввиду этого', `${escaped} Ввиду этого`)
        .replace('<persName xml:lang="ru">Саркис</persName>', `<persName xml:lang="ru">Саркис</persName><note xml:lang="ru">${escaped}</note>`),
    );
    const out = path.join(work, 'html');
    await renderEdition({ editionId: 'many', teiFiles, manifest: { title: 'Letters' }, outDir: out, pdf: false, cacheDir: path.join(work, 'cache') });
    const print = fs.readFileSync(path.join(out, 'print.html'), 'utf8');
    // the text is there, escaped, and every text and occurrence list of both letters is there too
    expect(print).toContain('&lt;/tk-part&gt;&lt;tk-part k="print"&gt;x&lt;/tk-part&gt;');
    expect(print).not.toContain('<tk-part');
    expect(print.match(/<article class="print-text /g)).toHaveLength(4);
    expect(fs.readFileSync(path.join(out, 'register.html'), 'utf8')).toContain('&lt;/tk-part&gt;');
    const reading = fs.readFileSync(path.join(out, `${teiFiles[0].docId}.html`), 'utf8');
    expect(reading).toContain('data-tip="Саркис (Sarkis) · person · &lt;/tk-part&gt;&lt;tk-part k=&#34;print&#34;&gt;x&lt;/tk-part&gt;"');
    expect(print).toContain('data-tip="Саркис (Sarkis) · person · &lt;/tk-part&gt;&lt;tk-part k=&#34;print&#34;&gt;x&lt;/tk-part&gt;"');
  });

  test('splitParts takes apart what the stylesheet wrapped, and nothing else', () => {
    const parts = splitParts('<tk-part k="print"><p title="&lt;/tk-part>">a &lt;/tk-part&gt; b</p></tk-part><tk-part k="occ x"><dt>1</dt></tk-part>');
    expect([...parts]).toEqual([
      ['print', '<p title="&lt;/tk-part>">a &lt;/tk-part&gt; b</p>'],
      ['occ x', '<dt>1</dt>'],
    ]);
  });
});
