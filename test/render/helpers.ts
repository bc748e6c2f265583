import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as libxml from 'libxmljs2';
import { renderEdition, type EditionTeiFile, type RenderEditionResult } from '../../src/render';

export const FIXTURES = path.resolve(__dirname, '../fixtures/render');
export const LETTER = path.join(FIXTURES, 'letter');
export const EDITION_ID = 'leningrad-letter-1925';

export function letterTeiFiles(dir = LETTER) {
  return [
    { lang: 'ru', role: 'original' as const, path: path.join(dir, `${EDITION_ID}.ru.xml`) },
    { lang: 'en', role: 'translation' as const, path: path.join(dir, `${EDITION_ID}.en.xml`) },
  ];
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `teikit-${prefix}-`));
}

export async function renderLetter(outDir: string, pdf = false): Promise<RenderEditionResult> {
  return renderEdition({ editionId: EDITION_ID, teiFiles: letterTeiFiles(), manifest: {}, outDir, pdf });
}

/** Parse HTML with libxml2's HTML parser (for structural assertions). */
export function html(file: string): libxml.Document {
  return libxml.parseHtml(fs.readFileSync(file, 'utf8'), { nonet: true });
}

export function attr(doc: libxml.Document, xpath: string, name: string): string[] {
  return (doc.find(xpath) as libxml.Element[]).map((e) => e.attr(name)?.value() ?? '');
}

export function texts(doc: libxml.Document, xpath: string): string[] {
  return (doc.find(xpath) as libxml.Element[]).map((e) => e.text().replace(/\s+/g, ' ').trim());
}

export const letterId = (k: number) => `l${String(k).padStart(3, '0')}`;

/**
 * N letters as the build writes them: the fixture letter with its ids
 * prefixed by the document id (l001.ru-p1), pointers to the partner file
 * renamed, and a title of its own.
 */
export function manyLetters(dir: string, n: number): EditionTeiFile[] {
  const files: EditionTeiFile[] = [];
  for (let k = 1; k <= n; k++) {
    for (const f of letterTeiFiles()) {
      const docId = `${letterId(k)}.${f.lang}`;
      const xml = fs
        .readFileSync(f.path, 'utf8')
        .replace(new RegExp(`${EDITION_ID}\\.(ru|en)`, 'g'), `${letterId(k)}.$1`)
        .replace(/(xml:id="|#)(ru|en)-/g, `$1${letterId(k)}.$2-`)
        .replace('<title type="main">', `<title type="main">Letter ${k}: `);
      const file = path.join(dir, `${docId}.xml`);
      fs.writeFileSync(file, xml);
      files.push(f.role === 'original' ? { lang: f.lang, role: 'original', path: file, docId } : { lang: f.lang, role: 'translation', path: file, docId, originalId: `${letterId(k)}.ru` });
    }
  }
  return files;
}

/** Files under a folder, relative to it, sorted. */
export function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => !fs.statSync(path.join(dir, f)).isDirectory())
    .sort();
}
