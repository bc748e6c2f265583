/**
 * A letter's view made ahead (a rebuild's unit worker makes it from the TEI it
 * has just written, while the main thread checks and writes that TEI) is taken
 * only when the job that comes is the same in every input; the pages and parts
 * are then those the transformation would give.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { prepareEditionRender } from '../../src/render/render';
import { type LetterJob, renderLetterPages, renderLetterViewsAhead } from '../../src/render/letters';
import { listFiles, manyLetters, tmpDir } from './helpers';

/** The first letter's job as renderEdition would hand it to a thread: its documents with their checked texts. */
function firstJob(outDir: string): { job: LetterJob; texts: Map<string, string> } {
  const src = path.join(tmpDir('ahead-src'), 'tei');
  fs.mkdirSync(src);
  const teiFiles = manyLetters(src, 2);
  const prepared = prepareEditionRender({ editionId: 'many', teiFiles, manifest: { title: 'Letters' }, outDir, pdf: false })!;
  const job = prepared.jobs[0].job;
  const byPath = new Map(teiFiles.map((f) => [f.path, f]));
  for (const d of job.docs) d.xml = prepared.checkedText(byPath.get(d.path)!).xml;
  return { job, texts: new Map(job.docs.map((d) => [path.basename(d.path), d.xml!])) };
}

const copy = (job: LetterJob): LetterJob => JSON.parse(JSON.stringify(job)) as LetterJob;
const withoutTexts = (job: LetterJob): LetterJob => ({ ...copy(job), docs: job.docs.map((d) => ({ ...d, xml: undefined })) });
const pagesOf = (dir: string): Map<string, Buffer> => new Map(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f))]));

test('a view made ahead from the same texts is taken, and gives the same pages and parts', () => {
  const out = tmpDir('ahead-out');
  const { job, texts } = firstJob(out);
  expect(job.docs).toHaveLength(2);

  const due = renderLetterPages(copy(job));
  expect(due.ahead).toBe(false);
  const pages = pagesOf(out);
  expect(pages.size).toBeGreaterThanOrEqual(3); // two reading pages and the side-by-side page
  fs.rmSync(out, { recursive: true });
  fs.mkdirSync(out);

  // made ahead from the texts by file name (the job sent ahead carries none), then due with the checked texts
  expect(renderLetterViewsAhead([withoutTexts(job)], texts)).toBe(1);
  expect(listFiles(out)).toEqual([]); // nothing written ahead
  const taken = renderLetterPages(copy(job));
  expect(taken.ahead).toBe(true);
  expect(taken.written).toEqual(due.written);
  expect(taken.parts).toEqual(due.parts);
  expect(pagesOf(out)).toEqual(pages);

  // a view is taken once: the same job due again is transformed
  expect(renderLetterPages(copy(job)).ahead).toBe(false);
});

test('a view made ahead from other texts, or for a letter whose texts were not all at hand, is not taken', () => {
  const out = tmpDir('ahead-other');
  const { job, texts } = firstJob(out);
  const due = renderLetterPages(copy(job));

  // the text the worker had differs from the one checked when the letter is due (here: one word)
  const [first] = [...texts.keys()];
  const changed = new Map(texts);
  changed.set(first, texts.get(first)!.replace(/(<p[^>]*>)/, '$1Changed '));
  expect(changed.get(first)).not.toBe(texts.get(first));
  expect(renderLetterViewsAhead([withoutTexts(job)], changed)).toBe(1);
  const r = renderLetterPages(copy(job));
  expect(r.ahead).toBe(false);
  expect(r.parts).toEqual(due.parts);

  // other edition parameters: not taken either
  expect(renderLetterViewsAhead([withoutTexts(job)], texts)).toBe(1);
  const other = copy(job);
  other.params = { ...other.params, 'index-page': 'names.html' };
  expect(renderLetterPages(other).ahead).toBe(false);

  // one document's text missing: nothing is made ahead
  const partial = new Map(texts);
  partial.delete(first);
  expect(renderLetterViewsAhead([withoutTexts(job)], partial)).toBe(0);
  expect(renderLetterPages(copy(job)).ahead).toBe(false);
});
