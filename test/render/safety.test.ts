/// <reference lib="dom" />
/**
 * Hostile TEI: script URLs, markup in text and attributes, foreign (XHTML,
 * SVG) elements. Checked in the HTML itself and in a real browser with the
 * pages' Content-Security-Policy bypassed, so the XSLT's filtering is what is
 * tested.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as libxml from 'libxmljs2';
import type { Browser } from 'playwright-core';
import { renderTei } from '../../src/render';
import { FIXTURES, tmpDir } from './helpers';
import { installSystemDeps, launchChromium, serveFolder } from './browser-env';

const HOSTILE = path.join(FIXTURES, 'hostile.xml');
const SAFE_HREF = /^(https?:|mailto:|#|[^:]*$)/i;

describe('hostile TEI renders to safe HTML', () => {
  const views = { html: renderTei(HOSTILE, 'html'), print: renderTei(HOSTILE, 'print') };

  test.each(Object.keys(views))('%s view: no script, no event handler, no script URL, no foreign markup', (view) => {
    const page = views[view as keyof typeof views];
    const doc = libxml.parseHtml(page, { nonet: true });
    // the only script a page may have is teikit's own file
    expect(doc.find('//script').filter((s) => (s as libxml.Element).attr('src')?.value() !== 'teikit.js')).toEqual([]);
    expect(doc.find('//iframe | //object | //embed | //svg | //math | //form | //base | //meta[@http-equiv="refresh"]')).toEqual([]);
    const attrs = doc.find('//@*') as libxml.Attribute[];
    expect(attrs.filter((a) => /^on/i.test(a.name())).map((a) => a.name())).toEqual([]);
    expect(attrs.filter((a) => a.name() === 'style')).toEqual([]);
    for (const a of doc.find('//a/@href | //area/@href') as libxml.Attribute[]) expect(a.value()).toMatch(SAFE_HREF);
    expect((doc.find('//link/@href') as libxml.Attribute[]).map((a) => a.value()).sort()).toEqual(view === 'html' ? ['data:,', 'teikit.css'] : []);
    for (const a of attrs.filter((x) => x.name() === 'src')) expect(a.value()).toMatch(/^data:image\/png;base64,|^teikit\.js$/);
    // text stays text
    expect(page).not.toContain("<script>alert('text')</script>");
    expect(page).toContain("&lt;script&gt;alert('text')&lt;/script&gt;");
    // the one safe link and the raster data: image survive
    expect(attrs.filter((a) => a.name() === 'href').map((a) => a.value())).toEqual(expect.arrayContaining(view === 'html' ? ['https://example.org/ok'] : []));
  });

  test('the running head of the print view escapes the title inside CSS', () => {
    const css = /@page text1 \{ @top-center \{ content: ("(?:[^"\\]|\\.)*"); \} \}/.exec(views.print);
    expect(css).not.toBeNull();
    expect(css?.[1]).not.toMatch(/<\/style/i);
    expect(css?.[1]).toContain('\\3C /style>');
  });
});

describe('hostile TEI in a real browser', () => {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };
  const dir = tmpDir('hostile');

  beforeAll(async () => {
    installSystemDeps();
    fs.writeFileSync(path.join(dir, 'hostile.html'), renderTei(HOSTILE, 'html'));
    fs.writeFileSync(path.join(dir, 'hostile.print.html'), renderTei(HOSTILE, 'print'));
    fs.copyFileSync(path.resolve(__dirname, '../../xslt/assets/teikit.css'), path.join(dir, 'teikit.css'));
    server = await serveFolder(dir);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test.each(['hostile.html', 'hostile.print.html'])('%s: no script runs when loading, hovering, focusing and clicking everything', async (name) => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const ran: string[] = [];
    page.on('dialog', async (d) => {
      ran.push(`dialog: ${d.message()}`);
      await d.dismiss();
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) ran.push(`request: ${r.url()}`);
    });
    page.on('popup', (p) => ran.push(`popup: ${p.url()}`));
    await page.goto(`${server.url}/${name}`);
    expect(await page.locator('body *').count()).toBeGreaterThan(20);
    const marked = page.locator('a, img, .ent, .tei-p > *, .noteref, [class*="tei-"]');
    const count = await marked.count();
    for (let i = 0; i < count; i++) {
      const el = marked.nth(i);
      if (!(await el.isVisible())) continue;
      await el.hover({ timeout: 300 }).catch(() => undefined);
    }
    // click every link that stays on the page or goes nowhere else; external http(s) ones must not be script URLs
    const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
    for (const h of hrefs) expect(h).toMatch(SAFE_HREF);
    const local = page.locator('a[href^="#"]');
    for (let i = 0; i < (await local.count()); i++) await local.nth(i).click({ timeout: 1000 }).catch(() => undefined);
    await page.keyboard.press('Tab');
    for (let i = 0; i < 40; i++) await page.keyboard.press('Tab');
    await page.waitForTimeout(100);
    expect(ran).toEqual([]);
    const injected = await page.evaluate(() => document.querySelectorAll('script:not([src]), [onerror], [onload], [onclick], [onmouseover], iframe, object, embed, svg').length);
    expect(injected).toBe(0);
    await context.close();
  });

  test('the payloads would run if they reached the page: a positive control', async () => {
    // the same browser set-up does report a dialog when a page really carries a script
    fs.writeFileSync(path.join(dir, 'control.html'), '<!DOCTYPE html><html lang="en"><body><img src="x" onerror="alert(\'control\')"></body></html>');
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const ran: string[] = [];
    page.on('dialog', async (d) => {
      ran.push(d.message());
      await d.dismiss();
    });
    await page.goto(`${server.url}/control.html`);
    await page.waitForFunction(() => document.readyState === 'complete');
    await page.waitForTimeout(200);
    expect(ran).toEqual(['control']);
    await context.close();
  });
});
