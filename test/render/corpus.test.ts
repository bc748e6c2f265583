import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderTei } from '../../src/render/render';
import { htmlBodyWords, missingWords, teiTextWords } from './text-words';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus/tei');
const files = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.xml')).sort();
let totalWords = 0;

describe('every file of ../shared/corpus/tei renders to HTML', () => {
  test('the corpus is there', () => {
    expect(files.length).toBeGreaterThanOrEqual(33);
  });

  test.each(files)('%s: renders, and all the words of its <text> are in the HTML', (name) => {
    const file = path.join(CORPUS, name);
    const html = renderTei(file, 'html');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    const expected = teiTextWords(fs.readFileSync(file, 'utf8'));
    totalWords += expected.length;
    const actual = htmlBodyWords(html);
    expect(missingWords(expected, actual)).toEqual([]);
  });

  // some corpus files have an empty <text> (header-only examples): the check above must still have compared real text
  test('the comparison covered the corpus text', () => {
    expect(totalWords).toBeGreaterThan(50000);
  });
});
