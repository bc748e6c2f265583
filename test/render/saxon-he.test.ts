/**
 * The letters' views by Saxon-HE (Java; src/render/saxon-he.ts): the same bytes as SaxonJS's, for teikit's own TEI
 * read from its files (a long build) and for TEI teikit did not write (copies of the checked texts); errors named
 * with the letter's file; no network; the engine chosen as asked. Runs Debian's Saxon-HE for real (installed by the
 * project's script when missing).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildEdition } from '../../src/edition/build';
import { TeikitError } from '../../src/model/diagnostics';
import { renderEdition, type EditionTeiFile } from '../../src/render/render';
import { findSaxonHe, letterViewsSaxonHe, SAXON_HE_MIN_LETTERS, saxonHeFor } from '../../src/render/saxon-he';
import type { LetterJob, LetterView } from '../../src/render/letters';
import { manyLetterEdition } from '../helpers/many-edition';
import { teikit } from '../helpers/cli';
import { listFiles } from './helpers';
import { ROOT } from '../helpers/jing';

const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus', 'tei');

/** The files of two folders that differ (or are in one only); the build's state and caches aside (they hold paths and file times). */
function differences(a: string, b: string): string[] {
  const skip = (f: string): boolean => f === '.teikit-build.json' || f.split(path.sep).some((p) => p === '.teikit-cache' || p === '.teikit-corpus');
  const fa = listFiles(a).filter((f) => !skip(f));
  const fb = listFiles(b).filter((f) => !skip(f));
  const only = [...fa.filter((f) => !fb.includes(f)), ...fb.filter((f) => !fa.includes(f))];
  return [...only, ...fa.filter((f) => fb.includes(f) && !fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))))];
}

const tmp = (name: string): string => fs.mkdtempSync(path.join(os.tmpdir(), `teikit-he-${name}-`));

/** A short TEI document whose body is one paragraph of `text`. */
const shortTei = (text: string): string =>
  `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>A</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader><text><body><p>${text}</p></body></text></TEI>`;

/** A letter of one document `id` (its TEI `file`), its reading page due into `outDir`, in an edition of `letters` letters. */
const oneDocJob = (outDir: string, file: string, id: string, letters = 1, params: Record<string, string> = {}): LetterJob => ({
  outDir,
  editionXml: `<edition id="e" title="E" lang="en" landing="index.html" register="register.html" letters="${letters}" parallel="" pdf=""><doc id="${id}" lang="en" role="original" page="${id}.html" tei="tei/${id}.xml" label="Original" letter="1" pos="1" nav="yes"/></edition>`,
  params,
  docs: [{ docId: id, path: file, page: `${id}.html`, tei: `tei/${id}.xml`, reading: true, copy: false }],
  pairs: [],
});

beforeAll(() => {
  // jing brings the Java runtime; libsaxonhe-java the jar
  execFileSync('bash', [path.join(ROOT, 'scripts', 'install-system-deps.sh'), 'jing', 'libsaxonhe-java'], { stdio: 'inherit' });
  expect(findSaxonHe()).toBeDefined();
});

describe('letter views by Saxon-HE', () => {
  test('the real TEI of ../shared/corpus (not teikit\'s, copies of the checked texts): every page the same bytes as SaxonJS\'s', async () => {
    const files = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.xml')).sort();
    expect(files.length).toBeGreaterThanOrEqual(33);
    const teiFiles: EditionTeiFile[] = files.map((f) => ({ path: path.join(CORPUS, f), lang: 'en', role: 'original', docId: f.replace(/\.xml$/, '').replace(/[^A-Za-z0-9._-]/g, '_') }));
    const js = tmp('corpus-js');
    const he = tmp('corpus-he');
    const a = await renderEdition({ editionId: 'corpus', teiFiles, outDir: js, pdf: false, xsltEngine: 'saxon-js', jobs: 1 });
    const b = await renderEdition({ editionId: 'corpus', teiFiles, outDir: he, pdf: false, xsltEngine: 'saxon-he' });
    expect(a.lettersBySaxonHe).toBe(0);
    expect(b.lettersBySaxonHe).toBe(files.length);
    expect(b.letters).toBe(files.length);
    expect(b.workers).toBe(0);
    expect(b.files).toEqual(a.files);
    expect(a.files.filter((f) => f.endsWith('.html')).length).toBeGreaterThan(files.length);
    expect(differences(js, he)).toEqual([]);
  }, 180_000);

  test('a long build (TEI staged, read by the JVM from its files): the same edition as SaxonJS\'s, byte for byte', async () => {
    // 33 letters: past the limits of staging and of writing the TEI beside the rendering
    const dir = manyLetterEdition(33);
    const js = tmp('build-js');
    const he = tmp('build-he');
    const a = await buildEdition(dir, { outDir: js, pdf: false, xsltEngine: 'saxon-js' });
    const b = await buildEdition(dir, { outDir: he, pdf: false, xsltEngine: 'saxon-he' });
    expect(a.timings.some((t) => t.stage.includes('Saxon-HE'))).toBe(false);
    expect(b.timings.map((t) => t.stage).find((s) => s.startsWith('render'))).toContain('33 letters by Saxon-HE');
    const diff = differences(path.join(js, 'many'), path.join(he, 'many'));
    expect(diff).toEqual([]);
    expect(listFiles(path.join(he, 'many', 'html')).length).toBeGreaterThan(33 * 4);
    // the JVM's pages were renamed into place from a folder beside them, which is gone
    expect(fs.readdirSync(path.join(he, 'many')).filter((e) => e.startsWith('.teikit-saxon-he'))).toEqual([]);
  }, 240_000);

  test('a letter Saxon-HE cannot transform stops the run with an error naming its file', async () => {
    const he = findSaxonHe()!;
    const dir = tmp('bad');
    const good = path.join(dir, 'good.xml');
    const bad = path.join(dir, 'bad.xml');
    fs.writeFileSync(good, shortTei('Hello.'));
    fs.writeFileSync(bad, '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text>not closed</TEI>');
    const job = (file: string, id: string): LetterJob => oneDocJob(dir, file, id, 2, { 'index-page': 'register.html' });
    // (each page is a file the JVM wrote, there while the view is handed over)
    const views: Array<[number, LetterView, string]> = [];
    let err: unknown;
    try {
      await letterViewsSaxonHe(he, [{ job: job(good, 'good'), files: [good] }, { job: job(bad, 'bad'), files: [bad] }], (i, v) => views.push([i, v, fs.readFileSync(v.pageFiles!['good.html'], 'utf8')]));
    } catch (e) {
      err = e;
    }
    // the good letter's view came first, then the error, with the bad letter's file and the parser's complaint
    expect(views.map(([i]) => i)).toEqual([0]);
    expect(views[0][2]).toContain('Hello.');
    expect(views[0][2].startsWith('<!DOCTYPE html>\n<html')).toBe(true);
    expect(err).toBeInstanceOf(TeikitError);
    const d = (err as TeikitError).diagnostics[0];
    expect(d.file).toBe(bad);
    expect(d.rule).toBe('render/xslt');
    expect(d.message).toMatch(/Saxon-HE/);
    expect(d.message).toMatch(/well-formed|XML parser/i);
  }, 60_000);

  test('the JVM\'s folder beside the pages: one left by a killed run is replaced, and none is left after', async () => {
    const he = findSaxonHe()!;
    const dir = tmp('scratch');
    const pages = path.join(dir, 'html');
    const stale = path.join(dir, '.teikit-saxon-he-html');
    fs.mkdirSync(path.join(stale, 'views'), { recursive: true });
    fs.writeFileSync(path.join(stale, 'views', 'letter-0000000.xml'), '{"pages":[],"docs":{},"letter":"stale"}');
    const file = path.join(dir, 'a.xml');
    fs.writeFileSync(file, shortTei('Fresh.'));
    const job = oneDocJob(pages, file, 'a');
    const seen: string[] = [];
    await letterViewsSaxonHe(he, [{ job, files: [file] }], (_i, v) => seen.push(v.letter, fs.readFileSync(v.pageFiles!['a.html'], 'utf8')), undefined, 1, pages);
    expect(seen[0]).not.toBe('stale');
    expect(seen[1]).toContain('Fresh.');
    expect(fs.existsSync(stale)).toBe(false);
  }, 60_000);

  test('the JVM reaches no network: a document whose DOCTYPE names a DTD on a local server fails, the server is never asked', async () => {
    let requests = 0;
    const server = http.createServer((_req, res) => {
      requests++;
      res.end('<!ENTITY x "y">');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (server.address() as AddressInfo).port;
      const dir = tmp('net');
      const file = path.join(dir, 'dtd.xml');
      fs.writeFileSync(file, `<?xml version="1.0"?>\n<!DOCTYPE TEI SYSTEM "http://127.0.0.1:${port}/tei.dtd">\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&x;</p></body></text></TEI>`);
      const job = oneDocJob(dir, file, 'd');
      await expect(letterViewsSaxonHe(findSaxonHe()!, [{ job, files: [file] }], () => undefined)).rejects.toThrow(TeikitError);
      expect(requests).toBe(0);
    } finally {
      server.close();
    }
  }, 60_000);

  test('the engine is chosen as asked: auto takes Saxon-HE for long runs only, saxon-he fails clearly when it is not installed', () => {
    expect(saxonHeFor('auto', SAXON_HE_MIN_LETTERS - 1)).toBeUndefined();
    expect(saxonHeFor('auto', SAXON_HE_MIN_LETTERS)).toEqual(findSaxonHe());
    expect(saxonHeFor('saxon-he', 1)).toEqual(findSaxonHe());
    expect(saxonHeFor('saxon-js', 10_000)).toBeUndefined();
    const saved = process.env.TEIKIT_SAXON_HE_JAR;
    process.env.TEIKIT_SAXON_HE_JAR = path.join(os.tmpdir(), 'no-such-saxon.jar');
    try {
      expect(findSaxonHe()).toBeUndefined();
      expect(saxonHeFor('auto', 10_000)).toBeUndefined();
      expect(() => saxonHeFor('saxon-he', 1)).toThrow(/Saxon-HE is not installed.*libsaxonhe-java/);
    } finally {
      if (saved === undefined) delete process.env.TEIKIT_SAXON_HE_JAR;
      else process.env.TEIKIT_SAXON_HE_JAR = saved;
    }
  });

  test('teikit build --xslt-engine: an unknown engine is refused with the ones it takes; saxon-he builds the edition', () => {
    const dir = manyLetterEdition(2);
    const out = tmp('cli');
    const bad = teikit(['build', '--no-pdf', '--xslt-engine', 'xalan', '-o', out, dir]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('--xslt-engine: expected one of auto, saxon-js, saxon-he, got "xalan"');
    const good = teikit(['build', '--no-pdf', '--timings', '--xslt-engine', 'saxon-he', '-o', out, dir]);
    expect(good.stderr).toContain('2 letters by Saxon-HE');
    expect(good.status).toBe(0);
    expect(fs.readFileSync(path.join(out, 'many', 'html', 'l002.en.html'), 'utf8')).toContain('Letter number 2.');
  }, 60_000);
});
