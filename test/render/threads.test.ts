/**
 * The compiled library renders the letters' pages in worker threads (ts-jest
 * cannot start a worker from TypeScript, so the renderer is compiled into a
 * temporary folder here): the output is byte-identical to rendering in one
 * thread, and the pages are counted the same.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { renderEdition } from '../../src/render';
import { listFiles, manyLetters, tmpDir } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
const LETTERS = 30; // enough for a worker thread (letters.ts: MIN_LETTERS_FOR_THREADS)

/** Compile src/render (and what it imports) into <dir>/dist-lib, beside links to the stylesheets and packages it needs at run time. */
function compileRenderer(dir: string): string {
  for (const f of ['xslt', 'node_modules', 'package.json']) fs.symlinkSync(path.join(ROOT, f), path.join(dir, f));
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const options = ['--outDir', path.join(dir, 'dist-lib'), '--rootDir', ROOT, '--module', 'commonjs', '--target', 'ES2022', '--moduleResolution', 'node', '--esModuleInterop', '--resolveJsonModule', '--skipLibCheck', '--strict', '--types', 'node'];
  execFileSync(process.execPath, [tsc, ...options, path.join(ROOT, 'src/render/render.ts'), path.join(ROOT, 'src/render/page-worker.ts')], { stdio: 'pipe' });
  return path.join(dir, 'dist-lib', 'src', 'render', 'render.js');
}

test('worker threads write the same pages as one thread', async () => {
  const work = tmpDir('threads');
  const src = path.join(work, 'tei');
  fs.mkdirSync(src);
  const teiFiles = manyLetters(src, LETTERS);

  const inline = path.join(work, 'one-thread');
  const one = await renderEdition({ editionId: 'many', teiFiles, manifest: { title: 'Letters' }, outDir: inline, pdf: false, jobs: 2 });
  expect(one.workers).toBe(0); // TypeScript under ts-jest: no worker file to start

  const renderJs = compileRenderer(work);
  const threaded = path.join(work, 'threads-out');
  const script = `require(${JSON.stringify(renderJs)}).renderEdition(${JSON.stringify({ editionId: 'many', teiFiles, manifest: { title: 'Letters' }, outDir: threaded, pdf: false, jobs: 2 })})
    .then((r) => process.stdout.write(JSON.stringify({ workers: r.workers, rendered: r.rendered, files: r.files, inWorkers: r.lettersInWorkers })), (e) => { process.stderr.write(String(e)); process.exit(1); });`;
  const r = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as { workers: number; rendered: unknown; files: string[] };
  expect(r.workers).toBe(1);
  expect(r.rendered).toEqual({ reading: 2 * LETTERS, parallel: LETTERS, edition: 3 });
  expect(r.rendered).toEqual(one.rendered);
  expect(r.files).toEqual(one.files);
  expect(listFiles(threaded)).toEqual(listFiles(inline));
  for (const f of listFiles(inline)) expect([f, fs.readFileSync(path.join(threaded, f)).equals(fs.readFileSync(path.join(inline, f)))]).toEqual([f, true]);

  // the letters handed to the worker a chunk at a time as it claims them (as in a long run): the same files
  const fedOut = path.join(work, 'fed-threads');
  const scriptFed = script.replace(JSON.stringify(threaded), JSON.stringify(fedOut)).replace('"jobs":2', '"jobs":2,"lettersHandedAhead":4');
  expect(scriptFed).toContain('"lettersHandedAhead":4');
  const fed = JSON.parse(execFileSync(process.execPath, ['-e', scriptFed], { encoding: 'utf8' })) as { workers: number; rendered: unknown; files: string[]; inWorkers: number };
  expect(fed.workers).toBe(1);
  // the worker starts while this thread renders the first letters: it renders letters handed to it after its start
  expect(fed.inWorkers).toBeGreaterThan(4);
  expect(fed.rendered).toEqual(one.rendered);
  expect(fed.files).toEqual(one.files);
  for (const f of listFiles(inline)) expect([f, fs.readFileSync(path.join(fedOut, f)).equals(fs.readFileSync(path.join(inline, f)))]).toEqual([f, true]);

  // the texts handed over (the files not on disk: a text asked for twice would be read from one) and let go of as the
  // letters are handed on or rendered, as a long build does: the same files, and only the frames' document keeps its text
  const given = teiFiles.map((f) => ({ ...f, path: path.join(work, 'not-written', path.basename(f.path)), xml: fs.readFileSync(f.path, 'utf8') }));
  const givenOut = path.join(work, 'given-texts');
  const givenJson = path.join(work, 'given.json');
  fs.writeFileSync(givenJson, JSON.stringify(given));
  const scriptGiven = `const teiFiles = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(givenJson)}, 'utf8'));
    require(${JSON.stringify(renderJs)}).renderEdition({ editionId: 'many', teiFiles, manifest: { title: 'Letters' }, outDir: ${JSON.stringify(givenOut)}, pdf: false, jobs: 2, lettersHandedAhead: 4, releaseTexts: true })
    .then((r) => process.stdout.write(JSON.stringify({ workers: r.workers, files: r.files, inWorkers: r.lettersInWorkers, holding: teiFiles.filter((f) => f.xml !== undefined).map((f) => f.docId) })), (e) => { process.stderr.write(String(e)); process.exit(1); });`;
  const g = JSON.parse(execFileSync(process.execPath, ['-e', scriptGiven], { encoding: 'utf8' })) as { workers: number; files: string[]; inWorkers: number; holding: string[] };
  expect(g.workers).toBe(1);
  expect(g.inWorkers).toBeGreaterThan(4);
  expect(g.holding).toEqual([teiFiles[0].docId]);
  expect(g.files).toEqual(one.files);
  for (const f of listFiles(inline)) expect([f, fs.readFileSync(path.join(givenOut, f)).equals(fs.readFileSync(path.join(inline, f)))]).toEqual([f, true]);

  // the pages written through a thread of their own beside each rendering thread (as from 64 letters on): the same files
  const asideOne = path.join(work, 'aside-one-thread');
  const a = await renderEdition({ editionId: 'many', teiFiles, manifest: { title: 'Letters' }, outDir: asideOne, pdf: false, jobs: 2, pagesAside: true });
  const asideThreads = path.join(work, 'aside-threads');
  const scriptAside = script.replace(JSON.stringify(threaded), JSON.stringify(asideThreads)).replace('"jobs":2', '"jobs":2,"pagesAside":true');
  expect(scriptAside).toContain('"pagesAside":true');
  const b = JSON.parse(execFileSync(process.execPath, ['-e', scriptAside], { encoding: 'utf8' })) as { workers: number; rendered: unknown; files: string[] };
  expect(b.workers).toBe(1);
  for (const [dir, files] of [[asideOne, a.files], [asideThreads, b.files]] as const) {
    expect(files).toEqual(one.files);
    expect(listFiles(dir)).toEqual(listFiles(inline));
    for (const f of listFiles(inline)) expect([dir, f, fs.readFileSync(path.join(dir, f)).equals(fs.readFileSync(path.join(inline, f)))]).toEqual([dir, f, true]);
  }
}, 300000);
