import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderEdition } from '../../src/render';
import { EDITION_ID, attr, html, letterTeiFiles, renderLetter, texts, tmpDir } from './helpers';

describe('renderEdition: the HTML edition of the fixture letter', () => {
  let out: string;
  beforeAll(async () => {
    out = tmpDir('edition');
    const r = await renderLetter(out, false);
    expect(r.pdf).toBeUndefined();
  });

  test('writes the landing, reading, parallel, register and print pages, CSS, script and the TEI copies', () => {
    const listed = fs.readdirSync(out, { recursive: true }).map(String).filter((f) => !fs.statSync(path.join(out, f)).isDirectory()).sort();
    expect(listed).toEqual(
      [
        'index.html',
        `${EDITION_ID}.ru.html`,
        `${EDITION_ID}.en.html`,
        'parallel.html',
        'register.html',
        'print.html',
        'teikit.css',
        'teikit.js',
        `tei/${EDITION_ID}.ru.xml`,
        `tei/${EDITION_ID}.en.xml`,
      ].sort(),
    );
    for (const f of letterTeiFiles()) expect(fs.readFileSync(path.join(out, 'tei', path.basename(f.path)))).toEqual(fs.readFileSync(f.path));
  });

  test('the output is byte-identical on a second run', async () => {
    const again = tmpDir('edition2');
    await renderLetter(again, false);
    for (const f of fs.readdirSync(out, { recursive: true }).map(String)) {
      if (fs.statSync(path.join(out, f)).isDirectory()) continue;
      expect([f, fs.readFileSync(path.join(again, f)).equals(fs.readFileSync(path.join(out, f)))]).toEqual([f, true]);
    }
  });

  test('no page loads anything from another host', () => {
    for (const f of fs.readdirSync(out).filter((n) => n.endsWith('.html'))) {
      const doc = html(path.join(out, f));
      const loaded = [...attr(doc, '//script[@src]', 'src'), ...attr(doc, '//link[@href]', 'href'), ...attr(doc, '//img[@src]', 'src')];
      for (const u of loaded.filter((x) => x !== 'data:,')) expect([f, u]).toEqual([f, expect.not.stringMatching(/^[a-z][a-z0-9+.-]*:|^\/\//i)]); // data:, is the empty favicon that stops a /favicon.ico request
    }
  });

  test('the reading page: language, landmarks, notes linked both ways, permalinks', () => {
    const doc = html(path.join(out, `${EDITION_ID}.ru.html`));
    expect(attr(doc, '/html', 'lang')).toEqual(['ru']);
    expect(doc.find('//main').length).toBe(1);
    expect(doc.find('//nav[@aria-label]').length).toBe(1);
    expect(doc.find('//footer').length).toBe(1);
    // note markers point to the notes, the notes point back
    expect(attr(doc, '//a[@class="noteref"]', 'href')).toEqual(['#ru-n1', '#ru-n2']);
    expect(attr(doc, '//a[@class="noteref"]', 'id')).toEqual(['ru-n1-ref', 'ru-n2-ref']);
    expect(attr(doc, '//ol[@class="notes-list"]/li', 'id')).toEqual(['ru-n1', 'ru-n2']);
    expect(attr(doc, '//ol[@class="notes-list"]/li/a[@class="backlink"]', 'href')).toEqual(['#ru-n1-ref', '#ru-n2-ref']);
    expect(texts(doc, '//ol[@class="notes-list"]/li[1]')[0]).toContain('накануне XIV съезда партии');
    // every paragraph has its id and a permalink to it
    const ps = doc.find('//p[@class="tei-p"]') as import('libxmljs2').Element[];
    expect(ps.map((p) => p.attr('id')?.value())).toEqual(['ru-p1', 'ru-p2', 'ru-p3']);
    for (const p of ps) expect((p.get('a[@class="permalink"]') as import('libxmljs2').Element).attr('href')?.value()).toBe(`#${p.attr('id')?.value()}`);
    // a link to the TEI files
    expect(attr(doc, '//footer//a', 'href')).toEqual([`tei/${EDITION_ID}.ru.xml`, `tei/${EDITION_ID}.en.xml`]);
  });

  test('names are marked, link to their index entry and carry the register information in the page language', () => {
    const ru = html(path.join(out, `${EDITION_ID}.ru.html`));
    const sarkis = ru.get('//a[contains(@class,"ent-pers")][.="Саркиса"]') as import('libxmljs2').Element;
    expect(sarkis.attr('href')?.value()).toBe('register.html#reg-sarkis');
    expect(sarkis.attr('data-tip')?.value()).toContain('ленинградский партийный работник');
    expect(sarkis.attr('aria-describedby')?.value()).toBe('desc-sarkis');
    expect(texts(ru, '//*[@id="desc-sarkis"]')[0]).toContain('Даниэлян');
    const en = html(path.join(out, `${EDITION_ID}.en.html`));
    expect(attr(en, '//a[contains(@class,"ent-pers")][.="Sarkis"]', 'data-tip')[0]).toContain('a Leningrad party official');
    expect(attr(en, '//a[contains(@class,"ent-org")]', 'href')).toContain('register.html#reg-rcp-b');
    expect(attr(en, '//a[contains(@class,"ent-place")]', 'href')).toEqual(['register.html#reg-moscow']);
    expect(attr(en, '//time[contains(@class,"ent-date")]', 'datetime')).toContain('1925-12-08');
    expect(texts(en, '//p[@class="legend"]/span')).toEqual(['persons', 'organisations', 'places', 'dates']);
    // a name inside a name: the outer one links, the inner one is marked with its own tooltip, the link describes both
    const cc = en.get('//a[contains(@class,"ent-org")][starts-with(.,"Central Committee")]') as import('libxmljs2').Element;
    expect(cc.attr('href')?.value()).toBe('register.html#reg-cc-rcp-b');
    expect(cc.attr('aria-describedby')?.value()).toBe('desc-cc-rcp-b desc-rcp-b');
    expect(attr(en, '//a[@href="register.html#reg-cc-rcp-b"]/span[contains(@class,"ent-org")]', 'data-tip')[0]).toContain('The Russian Communist Party (Bolsheviks).');
    expect(en.find('//a//a').length).toBe(0);
    // ids referenced by aria-describedby exist exactly once
    for (const id of new Set(attr(en, '//*[@aria-describedby]', 'aria-describedby').flatMap((v) => v.split(' ')))) expect([id, en.find(`//*[@id="${id}"]`).length]).toEqual([id, 1]);
  });

  test('the index of names lists every occurrence in both languages, linked to the paragraph', () => {
    const doc = html(path.join(out, 'register.html'));
    expect(texts(doc, '//section[contains(@class,"register")]/h2')).toEqual(['Persons', 'Organisations', 'Places']);
    expect(attr(doc, '//section[@id="reg-sarkis"]//a', 'href')).toEqual([`${EDITION_ID}.ru.html#ru-p2`, `${EDITION_ID}.en.html#en-p2`]);
    // occurrences in notes link to the note
    expect(attr(doc, '//section[@id="reg-leningrad-organisation"]//a', 'href')).toEqual([
      `${EDITION_ID}.ru.html#ru-n1`,
      `${EDITION_ID}.ru.html#ru-p1`,
      `${EDITION_ID}.en.html#en-n1`,
      `${EDITION_ID}.en.html#en-p1`,
    ]);
    // a name inside another name is an occurrence too
    expect(attr(doc, '//section[@id="reg-cc-rcp-b"]//a', 'href')).toEqual([`${EDITION_ID}.ru.html#ru-p1`, `${EDITION_ID}.en.html#en-p1`]);
    expect(attr(doc, '//section[@id="reg-rcp-b"]//a', 'href')).toEqual([
      `${EDITION_ID}.ru.html#ru-n1`,
      `${EDITION_ID}.ru.html#ru-p1`,
      `${EDITION_ID}.en.html#en-n1`,
      `${EDITION_ID}.en.html#en-p1`,
    ]);
    // an entry nobody mentions in the text is still listed
    expect(texts(doc, '//section[@id="reg-leningrad"]//p[@class="occurrences-none"]')).toEqual(['Not mentioned in the text.']);
    expect(texts(doc, '//section[@id="reg-stalin"]/p[@class="reg-note"]').join(' ')).toContain('General Secretary');
    expect(attr(doc, '//section[@id="reg-stalin"]/p[@class="reg-idno"]/a', 'href')).toEqual(['https://www.wikidata.org/wiki/Q855']);
  });

  test('the parallel page pairs the paragraphs through @corresp, block by block', () => {
    const doc = html(path.join(out, 'parallel.html'));
    const rows = (doc.find('//div[@class="par-row"]') as import('libxmljs2').Element[]).map((r) => [
      (r.find('div[contains(@class,"par-orig")]/*[@id]') as import('libxmljs2').Element[]).map((e) => e.attr('id')?.value()).join(' '),
      (r.find('div[contains(@class,"par-trans")]/*[@id]') as import('libxmljs2').Element[]).map((e) => e.attr('id')?.value()).join(' '),
    ]);
    const paras = rows.filter(([l]) => /-p\d/.test(l));
    expect(paras).toEqual([
      ['ru-p1', 'en-p1'],
      ['ru-p2', 'en-p2'],
      ['ru-p3', 'en-p3'],
    ]);
    expect(rows[0]).toEqual(['ru-head', 'en-head']);
    expect(attr(doc, '//span[@id="en-p2-s1"]', 'data-corresp')).toEqual(['ru-p2-s1']);
    expect(attr(doc, '//span[@id="en-p2-s1"]', 'tabindex')).toEqual(['0']); // reachable by keyboard here, and only here
    expect(html(path.join(out, `${EDITION_ID}.en.html`)).find('//*[@tabindex]')).toEqual([]);
    expect(attr(doc, '//div[contains(@class,"par-orig")][1]', 'lang')[0]).toBe('ru');
    expect(attr(doc, '//script', 'src')).toEqual(['teikit.js']);
  });

  test('the landing page: title, sources and editions, editors, licence, how to cite, the ways in', () => {
    const doc = html(path.join(out, 'index.html'));
    expect(texts(doc, '//h1')).toEqual(['Письмо президиуму XXII Ленинградской губернской партийной конференции']);
    expect(attr(doc, '//h1', 'lang')).toEqual(['ru']);
    const body = texts(doc, '//main')[0];
    expect(body).toContain('Foreign Languages Publishing House, Moscow, 1954');
    expect(body).toContain('Krasnaya Letopis');
    expect(body).toContain('teikit developers');
    expect(attr(doc, '//a[@rel="license"]', 'href')).toContain('https://creativecommons.org/licenses/by/4.0/');
    expect(texts(doc, '//p[@class="citation"]')[0]).toMatch(/^И\. В\. Сталин\. Письмо .*Edited by teikit developers\. teikit\. teikit edition leningrad-letter-1925\.$/);
    const links = attr(doc, '//ul[@class="ways-in"]//a', 'href');
    expect(links).toEqual(expect.arrayContaining([`${EDITION_ID}.ru.html`, `${EDITION_ID}.en.html`, 'parallel.html', 'register.html', `tei/${EDITION_ID}.ru.xml`]));
  });

  test('the print view has page size, margins, page numbers and a running head per text', () => {
    const page = fs.readFileSync(path.join(out, 'print.html'), 'utf8');
    expect(page).toMatch(/@page\s*\{[^}]*size: A4/);
    expect(page).toContain('counter(page)');
    expect(page).toContain('@page text2 { @top-center { content: "A Letter to the Presidium of the Twenty-Second Leningrad Gubernia Party Conference"; } }');
    expect(page).toContain('class="print-text print-text-1"');
  });
});

describe('renderEdition: pairing without @corresp, and bad input', () => {
  function variant(dir: string, dropCorresp: boolean, extraEnParagraph: boolean): void {
    for (const f of letterTeiFiles()) {
      let xml = fs.readFileSync(f.path, 'utf8');
      if (dropCorresp) xml = xml.replace(/ corresp="[^"]*"/g, '');
      if (extraEnParagraph && f.lang === 'en') xml = xml.replace('<p xml:id="en-p3"', '<p xml:id="en-p2b">An added paragraph.</p>\n        <p xml:id="en-p3"');
      fs.writeFileSync(path.join(dir, path.basename(f.path)), xml);
    }
  }
  function pairs(out: string): string[][] {
    const doc = html(path.join(out, 'parallel.html'));
    return (doc.find('//div[@class="par-row"]') as import('libxmljs2').Element[])
      .map((r) => [
        (r.find('div[contains(@class,"par-orig")]/p[@id]') as import('libxmljs2').Element[]).map((e) => e.attr('id')?.value()).join(' '),
        (r.find('div[contains(@class,"par-trans")]/p[@id]') as import('libxmljs2').Element[]).map((e) => e.attr('id')?.value()).join(' '),
      ])
      .filter(([l, r]) => /-p\d/.test(l + r));
  }

  test('without @corresp paragraphs pair by position', async () => {
    const src = tmpDir('nocorresp');
    variant(src, true, false);
    const out = tmpDir('nocorresp-out');
    await renderEdition({ editionId: EDITION_ID, teiFiles: letterTeiFiles(src), outDir: out, pdf: false });
    expect(pairs(out)).toEqual([
      ['ru-p1', 'en-p1'],
      ['ru-p2', 'en-p2'],
      ['ru-p3', 'en-p3'],
    ]);
  });

  test('with @corresp a translation paragraph without counterpart gets its own row after its predecessor', async () => {
    const src = tmpDir('extra');
    variant(src, false, true);
    const out = tmpDir('extra-out');
    await renderEdition({ editionId: EDITION_ID, teiFiles: letterTeiFiles(src), outDir: out, pdf: false });
    expect(pairs(out)).toEqual([
      ['ru-p1', 'en-p1'],
      ['ru-p2', 'en-p2'],
      ['', 'en-p2b'],
      ['ru-p3', 'en-p3'],
    ]);
  });

  test('a TEI file that is not well-formed stops the rendering with file:line:column', async () => {
    const src = tmpDir('bad');
    variant(src, false, false);
    fs.writeFileSync(path.join(src, `${EDITION_ID}.en.xml`), '<TEI xmlns="http://www.tei-c.org/ns/1.0">\n  <text><body><p>open</body></text>\n</TEI>\n');
    await expect(renderEdition({ editionId: EDITION_ID, teiFiles: letterTeiFiles(src), outDir: tmpDir('bad-out'), pdf: false })).rejects.toThrow(
      new RegExp(`${EDITION_ID}\\.en\\.xml:\\d+:\\d+: error: not well-formed XML`),
    );
  });
});

describe('renderEdition: what the manifest adds', () => {
  test('title (language map, the original first), description per language and date reach the landing page', async () => {
    const out = tmpDir('manifest');
    await renderEdition({
      editionId: EDITION_ID,
      teiFiles: letterTeiFiles(),
      manifest: { title: { en: 'The letter (English title)', ru: 'Письмо (русское название)' }, description: { en: 'An English description.', ru: 'Русское описание.' }, date: '2026-11-24' },
      outDir: out,
      pdf: false,
    });
    const doc = html(path.join(out, 'index.html'));
    expect(texts(doc, '//h1')).toEqual(['Письмо (русское название)']);
    expect(attr(doc, '//h1', 'lang')).toEqual(['ru']);
    expect(texts(doc, '//p[@class="description"]')).toEqual(['Русское описание.', 'An English description.']);
    expect(attr(doc, '//p[@class="description"]', 'lang')).toEqual(['ru', 'en']);
    expect(texts(doc, '//p[@class="citation"]')[0]).toContain('teikit, 2026-11-24.');
    const reading = html(path.join(out, `${EDITION_ID}.en.html`));
    expect(attr(reading, '//p[@class="site-title"]/a', 'lang')).toEqual(['ru']);
  });

  test('a single-language edition has no parallel page and its navigation does not offer one', async () => {
    const out = tmpDir('single');
    const r = await renderEdition({ editionId: EDITION_ID, teiFiles: letterTeiFiles().slice(1, 2).map((f) => ({ ...f, role: 'original' as const })), outDir: out, pdf: false });
    expect(r.files).not.toContain('parallel.html');
    expect(attr(html(path.join(out, `${EDITION_ID}.en.html`)), '//nav//a', 'href')).toEqual(['index.html', `${EDITION_ID}.en.html`, 'register.html']);
  });
});

describe('renderEdition without Chromium', () => {
  const saved = process.env.TEIKIT_CHROMIUM;
  afterEach(() => {
    if (saved === undefined) delete process.env.TEIKIT_CHROMIUM;
    else process.env.TEIKIT_CHROMIUM = saved;
  });

  test('skips only the PDF and says how to get Chromium', async () => {
    process.env.TEIKIT_CHROMIUM = '/nonexistent/chromium';
    const out = tmpDir('nochromium');
    const r = await renderEdition({ editionId: EDITION_ID, teiFiles: letterTeiFiles(), outDir: out, pdf: true });
    expect(r.pdf).toBeUndefined();
    expect(r.pdfSkipped).toContain('apt-get install chromium');
    expect(r.pdfSkipped).toContain('bash scripts/install-system-deps.sh chromium');
    expect(r.files).toContain('print.html');
    expect(fs.existsSync(path.join(out, `${EDITION_ID}.pdf`))).toBe(false);
    // the navigation offers no PDF that is not there
    expect(fs.readFileSync(path.join(out, 'index.html'), 'utf8')).not.toContain('.pdf');
  });
});
