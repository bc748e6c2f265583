/**
 * Editions of many letters: a reading page per document, a parallel page per
 * original/translation pair, the landing page listing the letters, one index
 * of names and one print view over all documents, and incremental rendering
 * (only the pages of changed documents), counted.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Element } from 'libxmljs2';
import { renderEdition, type EditionTeiFile } from '../../src/render';
import { EDITION_ID, attr, html, letterTeiFiles, letterId as id, listFiles, manyLetters, texts, tmpDir } from './helpers';

const LETTERS = 3;

describe('renderEdition: an edition of several letters', () => {
  let src: string;
  let out: string;
  let teiFiles: EditionTeiFile[];
  let first: Awaited<ReturnType<typeof renderEdition>>;
  beforeAll(async () => {
    src = tmpDir('many-src');
    out = tmpDir('many-out');
    teiFiles = manyLetters(src, LETTERS);
    first = await renderEdition({ editionId: 'many', teiFiles, manifest: { title: 'Letters' }, outDir: out, pdf: false });
  });

  test('a reading page per document, a parallel page per pair, one landing, register and print page', () => {
    const pages = [1, 2, 3].flatMap((k) => [`${id(k)}.ru.html`, `${id(k)}.en.html`, `parallel-${id(k)}.ru.html`, `tei/${id(k)}.ru.xml`, `tei/${id(k)}.en.xml`]);
    expect(listFiles(out)).toEqual([...pages, 'index.html', 'register.html', 'print.html', 'teikit.css', 'teikit.js'].sort());
    expect(first.files).toEqual(listFiles(out));
    expect(first.rendered).toEqual({ reading: 6, parallel: 3, edition: 3 });
  });

  test('a reading page shows its own letter: its text, navigation to its versions and parallel page, its TEI files', () => {
    const doc = html(path.join(out, `${id(2)}.en.html`));
    expect(attr(doc, '/html', 'lang')).toEqual(['en']);
    expect(texts(doc, '//h1')).toEqual(['Letter 2: A Letter to the Presidium of the Twenty-Second Leningrad Gubernia Party Conference']);
    expect(attr(doc, '//p[@class="tei-p"]', 'id')).toEqual([`${id(2)}.en-p1`, `${id(2)}.en-p2`, `${id(2)}.en-p3`]);
    expect(attr(doc, '//nav//a', 'href')).toEqual(['index.html', `${id(2)}.ru.html`, `${id(2)}.en.html`, `parallel-${id(2)}.ru.html`, 'register.html']);
    expect(attr(doc, '//nav//a[@aria-current="page"]', 'href')).toEqual([`${id(2)}.en.html`]);
    expect(attr(doc, '//footer//a', 'href')).toEqual([`tei/${id(2)}.ru.xml`, `tei/${id(2)}.en.xml`]);
    // notes and names work as on a single letter's page
    expect(attr(doc, '//a[@class="noteref"]', 'href')).toEqual([`#${id(2)}.en-n1`, `#${id(2)}.en-n2`]);
    expect(attr(doc, '//a[contains(@class,"ent-pers")][.="Sarkis"]', 'href')).toEqual(['register.html#reg-sarkis']);
    expect(attr(doc, '//a[contains(@class,"ent-pers")][.="Sarkis"]', 'data-tip')[0]).toContain('a Leningrad party official');
  });

  test('each parallel page pairs the paragraphs of its own letter', () => {
    for (const k of [1, 3]) {
      const doc = html(path.join(out, `parallel-${id(k)}.ru.html`));
      const rows = (doc.find('//div[@class="par-row"]') as Element[]).map((r) =>
        ['par-orig', 'par-trans'].map((side) => (r.find(`div[contains(@class,"${side}")]/p[@id]`) as Element[]).map((e) => e.attr('id')?.value()).join(' ')),
      );
      expect(rows.filter(([l]) => /-p\d/.test(l))).toEqual([1, 2, 3].map((p) => [`${id(k)}.ru-p${p}`, `${id(k)}.en-p${p}`]));
      expect(attr(doc, '//nav//a[@aria-current="page"]', 'href')).toEqual([`parallel-${id(k)}.ru.html`]);
    }
  });

  test('the landing page lists the letters with their titles, reading and parallel pages and TEI files', () => {
    const doc = html(path.join(out, 'index.html'));
    expect(texts(doc, '//h1')).toEqual(['Letters']);
    expect(texts(doc, '//ol[@class="letters"]/li/span[@class="letter-title"]')).toEqual([1, 2, 3].map((k) => `Letter ${k}: Письмо президиуму XXII Ленинградской губернской партийной конференции`));
    expect(attr(doc, '//ol[@class="letters"]/li/span[@class="letter-title"]', 'lang')).toEqual(['ru', 'ru', 'ru']);
    expect(attr(doc, '//ol[@class="letters"]/li[2]//a', 'href')).toEqual([`${id(2)}.ru.html`, `${id(2)}.en.html`, `parallel-${id(2)}.ru.html`, `tei/${id(2)}.ru.xml`, `tei/${id(2)}.en.xml`]);
    // the edition's shared metadata, not one letter's sources
    expect(texts(doc, '//main')[0]).toContain('teikit developers');
    expect(attr(doc, '//a[@rel="license"]', 'href')).toContain('https://creativecommons.org/licenses/by/4.0/');
    // the navigation does not list every document
    expect(attr(doc, '//nav//a', 'href')).toEqual(['index.html', 'register.html']);
  });

  test('the index of names lists the occurrences in every letter, each linked to its page and paragraph', () => {
    const doc = html(path.join(out, 'register.html'));
    expect(attr(doc, '//section[@id="reg-sarkis"]//a', 'href')).toEqual([1, 2, 3].flatMap((k) => [`${id(k)}.ru.html#${id(k)}.ru-p2`, `${id(k)}.en.html#${id(k)}.en-p2`]));
    expect(attr(doc, '//section[@id="reg-rcp-b"]//a', 'href')).toEqual(
      [1, 2, 3].flatMap((k) => [`${id(k)}.ru.html#${id(k)}.ru-n1`, `${id(k)}.ru.html#${id(k)}.ru-p1`, `${id(k)}.en.html#${id(k)}.en-n1`, `${id(k)}.en.html#${id(k)}.en-p1`]),
    );
    // each group of occurrences says which letter and which version
    expect(texts(doc, '//section[@id="reg-sarkis"]//dt')[3]).toBe('2. Letter 2: A Letter to the Presidium of the Twenty-Second Leningrad Gubernia Party Conference — English translation');
    // one entry per register id, however many documents carry it
    expect(doc.find('//section[@id="reg-sarkis"]').length).toBe(1);
    expect(texts(doc, '//section[@id="reg-leningrad"]//p[@class="occurrences-none"]')).toEqual(['Not mentioned in the text.']);
  });

  test('the print view holds every text and one index whose occurrences link within the print view', () => {
    const doc = html(path.join(out, 'print.html'));
    expect(attr(doc, '//article', 'class')).toEqual([1, 2, 3, 4, 5, 6].map((i) => `print-text print-text-${i}`));
    expect(texts(doc, '//article/h1[@class="text-title"]')[5]).toBe('Letter 3: A Letter to the Presidium of the Twenty-Second Leningrad Gubernia Party Conference');
    expect(attr(doc, '//div[@class="print-register"]//section[@id="reg-sarkis"]//a', 'href')).toEqual([1, 2, 3].flatMap((k) => [`#${id(k)}.ru-p2`, `#${id(k)}.en-p2`]));
    // every in-page link has its target, exactly once
    const ids = attr(doc, '//*[@id]', 'id');
    expect(ids.length).toBe(new Set(ids).size);
    for (const href of new Set(attr(doc, '//a[starts-with(@href,"#")]', 'href'))) expect([href, ids.includes(href.slice(1))]).toEqual([href, true]);
  });

  test('with `changed`, only the pages of the changed documents are rendered again; the edition-wide pages always', async () => {
    const again = tmpDir('many-again');
    for (const f of listFiles(out)) {
      fs.mkdirSync(path.dirname(path.join(again, f)), { recursive: true });
      fs.copyFileSync(path.join(out, f), path.join(again, f));
    }
    const untouched = `${id(1)}.ru.html`;
    fs.writeFileSync(path.join(again, untouched), 'as it was');
    const changedFile = teiFiles.find((f) => f.docId === `${id(2)}.en`)!.path;
    fs.writeFileSync(changedFile, fs.readFileSync(changedFile, 'utf8').replace('Information has reached', 'News has reached'));
    fs.rmSync(path.join(again, `${id(3)}.ru.html`)); // a missing page is rendered too

    const r = await renderEdition({ editionId: 'many', teiFiles, manifest: { title: 'Letters' }, outDir: again, pdf: false, changed: new Set([`${id(2)}.en`]) });
    expect(r.rendered).toEqual({ reading: 2, parallel: 1, edition: 3 });
    expect(r.files).toEqual(
      [`${id(2)}.en.html`, `tei/${id(2)}.en.xml`, `${id(3)}.ru.html`, `parallel-${id(2)}.ru.html`, 'index.html', 'register.html', 'print.html'].sort(),
    );
    expect(fs.readFileSync(path.join(again, untouched), 'utf8')).toBe('as it was');
    expect(fs.readFileSync(path.join(again, `${id(2)}.en.html`), 'utf8')).toContain('News has reached');
    expect(fs.readFileSync(path.join(again, `parallel-${id(2)}.ru.html`), 'utf8')).toContain('News has reached');
    expect(fs.readFileSync(path.join(again, `${id(3)}.ru.html`), 'utf8')).toEqual(fs.readFileSync(path.join(out, `${id(3)}.ru.html`), 'utf8'));
    expect(fs.readFileSync(path.join(again, 'print.html'), 'utf8')).toContain('News has reached');

    // nothing changed: only the edition-wide pages
    const none = await renderEdition({ editionId: 'many', teiFiles, manifest: { title: 'Letters' }, outDir: again, pdf: false, changed: new Set() });
    expect(none.rendered).toEqual({ reading: 0, parallel: 0, edition: 3 });
  });
});

describe('renderEdition: how documents are placed', () => {
  test('one original with two translations: pages by language, a parallel page per translation', async () => {
    const src = tmpDir('three-src');
    const [ru, en] = letterTeiFiles();
    const de = path.join(src, `${EDITION_ID}.de.xml`);
    fs.writeFileSync(de, fs.readFileSync(en.path, 'utf8').replace('xml:lang="en"', 'xml:lang="de"').replace(/(xml:id="|#)en-/g, '$1de-'));
    const out = tmpDir('three-out');
    const r = await renderEdition({ editionId: EDITION_ID, teiFiles: [ru, en, { lang: 'de', role: 'translation', path: de }], outDir: out, pdf: false });
    expect(r.files.filter((f) => f.endsWith('.html')).sort()).toEqual(
      ['index.html', 'print.html', 'register.html', `${EDITION_ID}.ru.html`, `${EDITION_ID}.en.html`, `${EDITION_ID}.de.html`, `parallel-${EDITION_ID}.ru-${EDITION_ID}.en.html`, `parallel-${EDITION_ID}.ru-${EDITION_ID}.de.html`].sort(),
    );
    expect(r.rendered).toEqual({ reading: 3, parallel: 2, edition: 3 });
    const nav = html(path.join(out, `${EDITION_ID}.de.html`));
    expect(texts(nav, '//nav//a')).toEqual(['About', 'Russian original', 'English translation', 'German translation', 'Side by side (English translation)', 'Side by side (German translation)', 'Index of names']);
  });

  test('two documents with one id, an unknown original and an unusable id are errors naming the file', async () => {
    const src = tmpDir('bad-ids');
    const files = manyLetters(src, 2);
    const out = tmpDir('bad-ids-out');
    await expect(renderEdition({ editionId: 'many', teiFiles: [files[0], { ...files[2], docId: files[0].docId }], outDir: out, pdf: false })).rejects.toThrow(
      new RegExp(`${files[2].path.replace(/\./g, '\\.')}: error: document id "l001\\.ru" is used twice .*\\[render/doc-id\\]`),
    );
    await expect(renderEdition({ editionId: 'many', teiFiles: [files[0], { ...files[1], originalId: 'l009.ru' }], outDir: out, pdf: false })).rejects.toThrow(
      /l001\.en\.xml: error: translation l001\.en is of "l009\.ru", which is not an original of edition many: expected one of l001\.ru \[render\/original\]/,
    );
    await expect(renderEdition({ editionId: 'many', teiFiles: [{ ...files[0], docId: '../escape' }], outDir: out, pdf: false })).rejects.toThrow(/document id "\.\.\/escape" cannot name a page.*\[render\/doc-id\]/);
    expect(fs.readdirSync(out)).toEqual([]);
  });
});
