/**
 * An edition folder of many letters for build tests, made from the seed
 * edition's texts (each letter an original in Russian with its English
 * translation, each with a line of its own so that no two are alike).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const SEED = path.join(ROOT, 'editions', 'leningrad-letter-1925');

/** An edition of n letters, each an original (ru) with its translation (en), made from the seed texts. */
export function manyLetterEdition(n: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-many-'));
  const manifest = JSON.parse(fs.readFileSync(path.join(SEED, 'edition.json'), 'utf8'));
  const ru = fs.readFileSync(path.join(SEED, 'sources', 'ru.md'), 'utf8');
  const en = fs.readFileSync(path.join(SEED, 'sources', 'en.txt'), 'utf8');
  fs.mkdirSync(path.join(dir, 'sources'));
  fs.copyFileSync(path.join(SEED, 'register.json'), path.join(dir, 'register.json'));
  manifest.id = 'many';
  delete manifest.$schema;
  delete manifest.letter;
  manifest.sources = [];
  for (let i = 1; i <= n; i++) {
    const id = `l${String(i).padStart(3, '0')}`;
    // vary each letter: a paragraph of its own
    fs.writeFileSync(path.join(dir, 'sources', `${id}.ru.md`), ru.replace('Дорогие товарищи!', `Дорогие товарищи!\n\nПисьмо номер ${i}.`));
    fs.writeFileSync(path.join(dir, 'sources', `${id}.en.txt`), en.replace('Dear comrades,', `Dear comrades,\n\nLetter number ${i}.`));
    manifest.sources.push(
      { id: `${id}.ru`, file: `sources/${id}.ru.md`, lang: 'ru', format: 'word-md', role: 'original' },
      { id: `${id}.en`, file: `sources/${id}.en.txt`, lang: 'en', format: 'mia-txt', role: 'translation', translationOf: `${id}.ru` },
    );
  }
  fs.writeFileSync(path.join(dir, 'edition.json'), JSON.stringify(manifest, null, 2));
  return dir;
}
