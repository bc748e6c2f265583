import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as libxml from 'libxmljs2';
import { renderEdition, type RenderEditionResult } from '../../src/render';

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
