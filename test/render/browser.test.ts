/// <reference lib="dom" />
/**
 * The HTML edition in a real browser: Debian's Chromium driven by
 * playwright-core, pages served from localhost.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { printToPdf } from '../../src/render';
import { EDITION_ID, renderLetter, tmpDir } from './helpers';
import { TEST_OUTPUT, installSystemDeps, launchChromium, serveFolder } from './browser-env';

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PAGES = ['index.html', `${EDITION_ID}.ru.html`, `${EDITION_ID}.en.html`, 'parallel.html', 'register.html'];

let browser: Browser;
let context: BrowserContext;
let server: { url: string; close(): Promise<void> };
const site = path.join(TEST_OUTPUT, 'edition');

/** Open a page, collecting console errors, page errors, failed and foreign requests. */
async function open(ctx: BrowserContext, url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await ctx.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(server.url)) problems.push(`request to another host: ${r.url()}`);
  });
  const res = await page.goto(url);
  if (!res || res.status() !== 200) problems.push(`status ${res?.status()} for ${url}`);
  return { page, problems };
}

/** Is (part of) the element inside the visible viewport? */
async function inViewport(locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const vp = locator.page().viewportSize();
  return !!box && !!vp && box.y + box.height > 0 && box.y < vp.height;
}

beforeAll(async () => {
  installSystemDeps();
  fs.rmSync(site, { recursive: true, force: true });
  const r = await renderLetter(site, true);
  expect(r.pdf).toBe(path.join(site, `${EDITION_ID}.pdf`));
  server = await serveFolder(site);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

test.each(PAGES)('%s loads with no console error and no request to another host', async (name) => {
  const { page, problems } = await open(context, `${server.url}/${name}`);
  await page.waitForLoadState('load');
  // hover and focus something interactive, so the script runs too
  const first = page.locator('a.ent, .tei-s[data-corresp]').first();
  if ((await first.count()) > 0) {
    await first.hover();
    await first.focus();
  }
  expect(problems).toEqual([]);
  await page.close();
});

test('a note link jumps to its note and the note links back', async () => {
  const { page, problems } = await open(context, `${server.url}/${EDITION_ID}.en.html`);
  await page.click('a.noteref[href="#en-n2"]');
  await page.waitForFunction(() => location.hash === '#en-n2');
  expect(await page.locator('#en-n2').isVisible()).toBe(true);
  expect(await page.evaluate(() => document.querySelector(':target')?.id)).toBe('en-n2');
  expect(await inViewport(page.locator('#en-n2'))).toBe(true);
  await page.click('#en-n2 a.backlink');
  await page.waitForFunction(() => location.hash === '#en-n2-ref');
  expect(await inViewport(page.locator('#en-n2-ref'))).toBe(true);
  expect(problems).toEqual([]);
  await page.close();
});

test('the parallel page shows the aligned paragraphs side by side', async () => {
  const { page, problems } = await open(context, `${server.url}/parallel.html`);
  for (const n of [1, 2, 3]) {
    const left = await page.locator(`#ru-p${n}`).boundingBox();
    const right = await page.locator(`#en-p${n}`).boundingBox();
    expect(left).not.toBeNull();
    expect(right).not.toBeNull();
    if (!left || !right) return;
    expect(left.x + left.width).toBeLessThan(right.x); // left column ends before the right one starts
    expect(Math.abs(left.y - right.y)).toBeLessThan(2); // same row: tops aligned
    expect(left.width).toBeGreaterThan(300);
    expect(right.width).toBeGreaterThan(300);
  }
  // a sentence and its counterpart light up together (the script's enhancement)
  await page.hover('#en-p2-s1');
  await page.waitForFunction(() => document.getElementById('ru-p2-s1')?.classList.contains('counterpart'));
  expect(await page.locator('#ru-p1-s1').getAttribute('class')).not.toContain('counterpart');
  fs.mkdirSync(TEST_OUTPUT, { recursive: true });
  await page.screenshot({ path: path.join(TEST_OUTPUT, 'parallel.png'), fullPage: true });
  expect(fs.statSync(path.join(TEST_OUTPUT, 'parallel.png')).size).toBeGreaterThan(10000);
  expect(problems).toEqual([]);
  await page.close();
});

test('an entity shows the register information on keyboard focus and its link lands on the index entry', async () => {
  const { page, problems } = await open(context, `${server.url}/${EDITION_ID}.en.html`);
  // reach the link with the keyboard
  let focused = '';
  for (let i = 0; i < 60 && focused !== 'Sarkis'; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.textContent ?? '');
  }
  expect(focused).toBe('Sarkis');
  const tip = await page.evaluate(() => getComputedStyle(document.activeElement as Element, '::after').content);
  expect(tip).toContain('a Leningrad party official');
  const description = await page.evaluate(() => {
    const id = (document.activeElement as Element).getAttribute('aria-describedby') ?? '';
    return document.getElementById(id)?.textContent ?? '';
  });
  expect(description).toContain('S. A. Danielyan');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${server.url}/register.html#reg-sarkis`);
  expect(await page.evaluate(() => document.querySelector(':target')?.id)).toBe('reg-sarkis');
  expect(await inViewport(page.locator('#reg-sarkis'))).toBe(true);
  expect(await page.locator('#reg-sarkis h3').textContent()).toBe('Sarkis');
  // and back from the index to the paragraph, in the other language
  await page.click(`#reg-sarkis a[href="${EDITION_ID}.ru.html#ru-p2"]`);
  await page.waitForURL(`${server.url}/${EDITION_ID}.ru.html#ru-p2`);
  expect(await inViewport(page.locator('#ru-p2'))).toBe(true);
  expect(problems).toEqual([]);
  await page.close();
});

test.each(PAGES)('%s: axe-core finds no serious or critical accessibility violation', async (name) => {
  // axe is injected as an inline script, which the pages' Content-Security-Policy forbids: a context that bypasses CSP
  const axeContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await axeContext.newPage();
  await page.goto(`${server.url}/${name}`);
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ html: string }> }> }> } };
    const r = await w.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => (n as { html: string }).html.slice(0, 120)) }));
  });
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  await axeContext.close();
});

test('the PDF of the whole edition: pages with running heads and numbers; first page saved as PNG', () => {
  const pdf = path.join(site, `${EDITION_ID}.pdf`);
  expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  const info = execFileSync('pdfinfo', [pdf]).toString();
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  expect(pages).toBeGreaterThanOrEqual(3); // title page, one page per text at least
  expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
  const page2 = execFileSync('pdftotext', ['-f', '2', '-l', '2', '-layout', pdf, '-']).toString();
  expect(page2).toContain('Письмо президиуму XXII Ленинградской губернской'); // running head and text
  expect(page2.trim().split('\n').pop()?.trim()).toBe('2'); // page number at the foot
  const all = execFileSync('pdftotext', [pdf, '-']).toString();
  expect(all).toContain('Information has reached the Secretariat');
  expect(all).toContain('The Fourteenth Moscow Gubernia Party Conference was held on');
  const prefix = path.join(TEST_OUTPUT, 'pdf-page');
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdf, prefix]);
  expect(fs.statSync(`${prefix}.png`).size).toBeGreaterThan(2000);
});

test('the PDF is byte-identical when printed again (Chromium\'s date stamps are fixed)', async () => {
  const again = path.join(tmpDir('pdf-again'), 'again.pdf');
  await printToPdf(path.join(site, 'print.html'), again);
  expect(fs.readFileSync(again).equals(fs.readFileSync(path.join(site, `${EDITION_ID}.pdf`)))).toBe(true);
});
