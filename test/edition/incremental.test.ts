/**
 * Incremental and parallel builds, proven by counting the work done (never by timing).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildEdition } from '../../src/edition/build';
import { teikit } from '../helpers/cli';
import { manyLetterEdition } from '../helpers/many-edition';

const ROOT = path.resolve(__dirname, '..', '..');

/** Every file under dir, relative, sorted. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

describe('incremental builds', () => {
  it('rebuilds only the unit whose source changed', async () => {
    const dir = manyLetterEdition(5);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-inc-'));
    const first = await buildEdition(dir, { outDir: out, jobs: 1, pdf: false });
    expect(first.stats).toMatchObject({ units: 5, unitsBuilt: 5, unitsReused: 0, sourcesTagged: 10, teiWritten: 10, validated: 10, grammarChecked: 10, editionOutputs: 1, rendered: 1, exportFilesRemoved: 0 });
    const dtsDir = path.join(out, 'many', 'dts');
    const dtsFiles = listFiles(dtsDir);
    // every DTS file and the corpus
    expect(first.stats.exportFilesWritten).toBe(dtsFiles.length + 1);
    expect(first.documents.map((d) => d.docId)).toEqual(['l001.ru', 'l001.en', 'l002.ru', 'l002.en', 'l003.ru', 'l003.en', 'l004.ru', 'l004.en', 'l005.ru', 'l005.en']);

    const again = await buildEdition(dir, { outDir: out, jobs: 1, pdf: false });
    expect(again.stats).toEqual({ units: 5, unitsBuilt: 0, unitsReused: 5, sourcesTagged: 0, teiWritten: 0, validated: 0, grammarChecked: 0, editionOutputs: 0, exportFilesWritten: 0, exportFilesRemoved: 0, rendered: 0 });
    expect(again.written).toEqual([]);
    expect(again.documents.map((d) => d.xml)).toEqual(first.documents.map((d) => d.xml));

    // change the English text of letter 3: its unit (both versions, which are aligned) is redone, nothing else
    const file = path.join(dir, 'sources', 'l003.en.txt');
    const before = Date.now();
    await new Promise((r) => setTimeout(r, 20));
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Letter number 3.', 'Letter number three, changed.'));
    const third = await buildEdition(dir, { outDir: out, jobs: 1, pdf: false });
    expect(third.stats.unitsBuilt).toBe(1);
    expect(third.stats.unitsReused).toBe(4);
    expect(third.changed.map((d) => d.docId)).toEqual(['l003.ru', 'l003.en']);
    // of the two, only the changed source is read and tagged again: the Russian one's tagged document was kept
    expect(third.stats.sourcesTagged).toBe(1);
    expect(third.written.map((w) => path.basename(w))).toEqual(['l003.en.xml']);
    // the Russian version was rebuilt to the same bytes: its rules were run, its grammar (checked by the first build) not again
    expect([third.stats.validated, third.stats.grammarChecked]).toEqual([2, 1]);
    // what depends on it is redone: the corpus file, the DTS responses of the changed document and the
    // edition's collection (which lists it); the other letters' responses are not touched
    expect(third.stats.editionOutputs).toBe(1);
    const l003en = dtsFiles.filter((f) => f.includes('l003.en') || f.includes('l003-en'));
    expect(l003en.length).toBeGreaterThan(5);
    const rewritten = listFiles(dtsDir).filter((f) => fs.statSync(path.join(dtsDir, f)).mtimeMs > before);
    expect(rewritten.length).toBeGreaterThan(0);
    // only the changed letter's files and the edition-level ones (entry point, the collection under two names)
    for (const f of rewritten) expect(f.includes('l003.') || ['collection.jsonld', 'collection/many.jsonld', 'index.jsonld'].includes(f)).toBe(true);
    expect(third.stats.exportFilesWritten).toBe(rewritten.length + 1);
    expect(third.stats.exportFilesWritten).toBeLessThan(dtsFiles.length / 4);
    // the HTML rewritten: the changed letter's reading and side-by-side pages and the edition-wide pages that hold
    // its parts (landing page, index of names, print view); not the other letters' pages, nor the stylesheet and script
    const htmlDir = path.join(out, 'many', 'html');
    const htmlRewritten = listFiles(htmlDir).filter((f) => fs.statSync(path.join(htmlDir, f)).mtimeMs > before);
    expect(htmlRewritten.sort()).toEqual(['index.html', 'l003.en.html', 'l003.ru.html', 'parallel-l003.ru.html', 'print.html', 'register.html', 'tei/l003.en.xml']);
    // and the result is what a build from nothing gives, byte for byte
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-inc-fresh-'));
    await buildEdition(dir, { outDir: fresh, jobs: 1, pdf: false, render: false });
    const freshDts = path.join(fresh, 'many', 'dts');
    expect(listFiles(dtsDir)).toEqual(listFiles(freshDts));
    for (const f of listFiles(freshDts)) expect(fs.readFileSync(path.join(dtsDir, f)).equals(fs.readFileSync(path.join(freshDts, f)))).toBe(true);
    for (const f of ['many.corpus.xml', 'l003.en.xml', 'l002.ru.xml']) {
      expect(fs.readFileSync(path.join(out, 'many', 'tei', f)).equals(fs.readFileSync(path.join(fresh, 'many', 'tei', f)))).toBe(true);
    }
    expect(fs.readFileSync(path.join(out, 'many', 'tei', 'many.corpus.xml'), 'utf8')).toContain('Letter number three, changed.');
    expect(fs.readFileSync(path.join(out, 'many', 'tei', 'l003.en.xml'), 'utf8')).toContain('Letter number three, changed.');
  });

  it('a change to the register or the manifest rebuilds every unit; --force too', async () => {
    const dir = manyLetterEdition(3);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-inc2-'));
    await buildEdition(dir, { outDir: out, jobs: 1, pdf: false });
    const reg = JSON.parse(fs.readFileSync(path.join(dir, 'register.json'), 'utf8'));
    reg.persons[0].note = { ...(reg.persons[0].note ?? {}), en: 'Changed note.' };
    fs.writeFileSync(path.join(dir, 'register.json'), JSON.stringify(reg, null, 2));
    const afterRegister = (await buildEdition(dir, { outDir: out, jobs: 1, pdf: false })).stats;
    // the register is part of every kept tagging's key: every source is tagged again
    expect([afterRegister.unitsBuilt, afterRegister.sourcesTagged]).toEqual([3, 6]);
    expect((await buildEdition(dir, { outDir: out, jobs: 1, pdf: false })).stats.unitsBuilt).toBe(0);
    const forced = (await buildEdition(dir, { outDir: out, jobs: 1, force: true, pdf: false })).stats;
    // --force checks everything again, the same bytes included
    expect([forced.unitsBuilt, forced.sourcesTagged, forced.grammarChecked]).toEqual([3, 6, 6]);
  });

  it('an untouched source is known by its file signature, not read again; one rewritten in place to the same size is rebuilt', async () => {
    const dir = manyLetterEdition(2);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-inc4-'));
    await buildEdition(dir, { outDir: out, jobs: 1, pdf: false });
    const cacheOf = () => JSON.parse(fs.readFileSync(path.join(out, 'many', '.teikit-build.json'), 'utf8')) as { sources?: Record<string, { sig: string; hash: string }> };
    // just written: too recent to be known by signature (the file system's clock ticks coarsely)
    expect(Object.keys(cacheOf().sources ?? {})).toEqual([]);
    await new Promise((r) => setTimeout(r, 2100));
    expect((await buildEdition(dir, { outDir: out, jobs: 1, pdf: false })).stats.unitsBuilt).toBe(0);
    const kept = cacheOf().sources ?? {};
    expect(Object.keys(kept).map((k) => path.basename(k)).sort()).toEqual(['l001.en.txt', 'l001.ru.md', 'l002.en.txt', 'l002.ru.md']);
    // a kept signature with a hash that is not the file's: trusted without reading the file, so the unit looks changed
    // (read, the file would give the true hash and the unit would be unchanged)
    const cacheFile = path.join(out, 'many', '.teikit-build.json');
    const l002 = Object.keys(kept).find((k) => k.endsWith('l002.en.txt'))!;
    const doctored = JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
    doctored.sources[l002].hash = '0'.repeat(64);
    fs.writeFileSync(cacheFile, JSON.stringify(doctored));
    expect((await buildEdition(dir, { outDir: out, jobs: 1, pdf: false })).stats.unitsBuilt).toBe(1);
    expect(cacheOf().sources![l002].hash).toBe('0'.repeat(64));
    // rewritten in place, same size: another signature (change time), so it is read and the unit rebuilt
    const file = path.join(dir, 'sources', 'l001.en.txt');
    const text = fs.readFileSync(file, 'utf8');
    const edited = text.replace('Letter number 1.', 'Letter number I.');
    expect(Buffer.byteLength(edited)).toBe(Buffer.byteLength(text));
    fs.writeFileSync(file, edited);
    const r = await buildEdition(dir, { outDir: out, jobs: 1, pdf: false });
    expect(r.changed.map((d) => d.docId)).toEqual(['l001.ru', 'l001.en']);
    expect(fs.readFileSync(path.join(out, 'many', 'tei', 'l001.en.xml'), 'utf8')).toContain('Letter number I.');
  });

  it('a document written by a build that did not validate is grammar-checked by the next one, even rebuilt to the same bytes', async () => {
    const dir = manyLetterEdition(2);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-inc5-'));
    await buildEdition(dir, { outDir: out, jobs: 1, pdf: false, render: false, validate: false });
    const file = path.join(dir, 'sources', 'l002.en.txt');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Letter number 2.', 'Letter number two.'));
    const r = await buildEdition(dir, { outDir: out, jobs: 1, pdf: false, render: false });
    expect(r.changed.map((d) => d.docId)).toEqual(['l002.ru', 'l002.en']);
    expect(r.written.map((w) => path.basename(w))).toEqual(['l002.en.xml']);
    expect([r.stats.validated, r.stats.grammarChecked]).toEqual([2, 2]);
    // now checked: the next change to the English text leaves the Russian version's grammar alone
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Letter number two.', 'Letter number 2, again.'));
    const again = await buildEdition(dir, { outDir: out, jobs: 1, pdf: false, render: false });
    expect([again.stats.validated, again.stats.grammarChecked]).toEqual([2, 1]);
  });

  it('the kept taggings of sources no longer in the edition are removed; the others are kept', async () => {
    const dir = manyLetterEdition(3);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-inc-tagged-'));
    await buildEdition(dir, { outDir: out, jobs: 1, pdf: false, render: false });
    const tagged = path.join(out, 'many', '.teikit-cache', 'tagged');
    expect(fs.readdirSync(tagged).sort()).toEqual(['l001.en.json', 'l001.ru.json', 'l002.en.json', 'l002.ru.json', 'l003.en.json', 'l003.ru.json']);
    fs.writeFileSync(path.join(tagged, 'notes.txt'), 'not a kept tagging');
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'edition.json'), 'utf8'));
    manifest.sources = manifest.sources.filter((s: { id: string }) => !s.id.startsWith('l002.'));
    fs.writeFileSync(path.join(dir, 'edition.json'), JSON.stringify(manifest, null, 2));
    // the manifest is part of every kept tagging's key: all are made again, those of letter 2 are gone
    const r = await buildEdition(dir, { outDir: out, jobs: 1, pdf: false, render: false });
    expect([r.stats.unitsBuilt, r.stats.sourcesTagged]).toEqual([2, 4]);
    expect(fs.readdirSync(tagged).sort()).toEqual(['l001.en.json', 'l001.ru.json', 'l003.en.json', 'l003.ru.json', 'notes.txt']);
  });

  it('more changed documents than the export takes beside the rendering: the TEI is written by a thread of its own while the letters render, each file the text the build checked', async () => {
    // 33 letters, 66 documents: over EXPORT_BESIDE_RENDER_MAX (64)
    const dir = manyLetterEdition(33);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-teiw-'));
    const r = await buildEdition(dir, { outDir: out, jobs: 1, pdf: false });
    expect(r.timings.map((t) => t.stage)).toContain('write TEI (compared; written beside the rendering)');
    expect(r.stats.teiWritten).toBe(66);
    for (const d of r.changed) {
      const bytes = fs.readFileSync(d.path);
      expect([d.fileName, bytes.equals(Buffer.from(d.xml, 'utf8'))]).toEqual([d.fileName, true]);
      // the copy beside the pages is taken from the text in hand: the same bytes
      expect([d.fileName, fs.readFileSync(path.join(r.editionDir, 'html', 'tei', d.fileName)).equals(bytes)]).toEqual([d.fileName, true]);
    }
    // the export read the files written (its corpus holds every document)
    const corpus = fs.readFileSync(path.join(r.teiDir, 'many.corpus.xml'), 'utf8');
    for (const d of r.changed) expect(corpus).toContain(`xml:id="${d.docId}"`);
    expect(listFiles(r.editionDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // over 32 units, each unit's TEI went to a staging folder (the text never handed back), removed once in place: the
    // same TEI as a build of 32 letters, whose texts were handed back
    expect(fs.existsSync(path.join(r.editionDir, '.teikit-staging'))).toBe(false);
    const fewer = await buildEdition(manyLetterEdition(32), { outDir: fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-teiw32-')), jobs: 1, pdf: false, render: false });
    expect(fewer.changed).toHaveLength(64);
    for (const d of fewer.changed) expect([d.fileName, fs.readFileSync(path.join(r.teiDir, d.fileName)).equals(Buffer.from(d.xml, 'utf8'))]).toEqual([d.fileName, true]);
    // built again with --force: every document rebuilt to the same bytes, none rewritten
    const again = await buildEdition(dir, { outDir: out, jobs: 1, pdf: false, force: true });
    expect(again.stats).toMatchObject({ unitsBuilt: 33, teiWritten: 0 });
  }, 120_000);

  it('a deleted output is rebuilt', async () => {
    const dir = manyLetterEdition(2);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-inc3-'));
    await buildEdition(dir, { outDir: out, jobs: 1, pdf: false });
    fs.rmSync(path.join(out, 'many', 'tei', 'l002.ru.xml'));
    const r = await buildEdition(dir, { outDir: out, jobs: 1, pdf: false });
    expect(r.changed.map((d) => d.docId)).toEqual(['l002.ru', 'l002.en']);
    expect(fs.existsSync(path.join(out, 'many', 'tei', 'l002.ru.xml'))).toBe(true);
  });
});

describe('parallel builds (worker threads, compiled CLI)', () => {
  it('two workers write byte-identical output to one thread', () => {
    const dir = manyLetterEdition(10);
    const a = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-par-a-'));
    const b = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-par-b-'));
    const one = teikit(['build', dir, '-o', a, '--jobs', '1', '--no-render']);
    expect(one.stderr).toContain('20 TEI documents');
    expect(one.status).toBe(0);
    const two = teikit(['build', dir, '-o', b, '--jobs', '2', '--no-render']);
    expect(two.status).toBe(0);
    const files = fs.readdirSync(path.join(a, 'many', 'tei')).sort();
    expect(files).toHaveLength(21); // 20 documents and the corpus file
    for (const f of files) expect(fs.readFileSync(path.join(b, 'many', 'tei', f)).equals(fs.readFileSync(path.join(a, 'many', 'tei', f)))).toBe(true);
    // no progress bar when not on a terminal
    expect(two.stderr).not.toMatch(/\[#/);
  });

  it('a rebuild of one changed source (its unit built, and its letter rendered ahead, in a worker thread started before the plan; the export beside) writes what a build from nothing writes', () => {
    const dir = manyLetterEdition(10);
    const a = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-aside-a-'));
    const b = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-aside-b-'));
    expect(teikit(['build', dir, '-o', a, '--jobs', '2', '--no-pdf']).status).toBe(0);
    const source = path.join(dir, 'sources', 'l004.ru.md');
    fs.writeFileSync(source, fs.readFileSync(source, 'utf8').replace('Письмо номер 4.', 'Письмо номер 4, исправленное.'));
    const again = teikit(['build', dir, '-o', a, '--jobs', '2', '--no-pdf', '--timings']);
    expect(again.status).toBe(0);
    expect(again.stderr).toContain('(1 built, 9 unchanged)');
    expect(again.stderr).toMatch(/render \(HTML, print view; letters in the units' worker thread, made ahead\) and export \(teiCorpus, DTS\) beside it/);
    expect(teikit(['build', dir, '-o', b, '--jobs', '2', '--no-pdf']).status).toBe(0);
    // every file the same (the build's own caches aside: they name their folder)
    const files = listFiles(path.join(a, 'many')).filter((f) => !f.split(path.sep).some((p) => p.startsWith('.teikit')));
    expect(files).toEqual(listFiles(path.join(b, 'many')).filter((f) => !f.split(path.sep).some((p) => p.startsWith('.teikit'))));
    expect(files.length).toBeGreaterThan(60);
    for (const f of files) expect([f, fs.readFileSync(path.join(a, 'many', f)).equals(fs.readFileSync(path.join(b, 'many', f)))]).toEqual([f, true]);
    expect(fs.readFileSync(path.join(a, 'many', 'html', 'print.html'), 'utf8')).toContain('Письмо номер 4, исправленное.');
    // the same rebuild with an error in the changed source: reported with file and line; nothing is written
    const before = new Map(files.map((f) => [f, fs.readFileSync(path.join(a, 'many', f))]));
    fs.appendFileSync(source, '\nОшибка[[9]](#_ftn9)\n');
    const failed = teikit(['build', dir, '-o', a, '--jobs', '2', '--no-pdf']);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/l004\.ru\.md:\d+:\d+: error: .*\[word-md\/orphan-note-ref\]/);
    for (const [f, bytes] of before) expect([f, fs.readFileSync(path.join(a, 'many', f)).equals(bytes)]).toEqual([f, true]);
  });

  it('an error in a worker is reported with file and line, and nothing is written', () => {
    const dir = manyLetterEdition(10);
    fs.appendFileSync(path.join(dir, 'sources', 'l007.ru.md'), '\nОшибка[[9]](#_ftn9)\n');
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-par-err-'));
    const r = teikit(['build', dir, '-o', out, '--jobs', '2', '--no-render']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/l007\.ru\.md:\d+:\d+: error: .*\[word-md\/orphan-note-ref\]/);
    expect(fs.existsSync(path.join(out, 'many', 'tei'))).toBe(false);
  });
});
