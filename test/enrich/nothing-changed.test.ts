/**
 * Tagging never changes the text: for every source text among the fixtures
 * (both formats, both languages, with and without the register), each
 * block's and note's text is the same before and after tagging, mentions
 * nest properly, and the TEI written from the tagged model is valid against
 * tei_all (jing).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Inline, TeiDocument } from '../../src/model/document';
import { allBlocks, inlineText } from '../../src/model/document';
import { tagDocument } from '../../src/enrich/entities/tag';
import { enrichDocument } from '../../src/enrich/entities/enrich';
import { readSource } from '../../src/readers';
import { writeTei } from '../../src/writers/tei';
import { TEI_ALL_RNG } from '../../src/paths';

const ROOT = path.resolve(__dirname, '..', '..');
const REGISTER = path.join(ROOT, 'editions', 'leningrad-letter-1925', 'register.json');

function sources(): string[] {
  const dirs = ['test/fixtures/word-md', 'test/fixtures/mia-txt', 'test/fixtures/entities', 'editions/leningrad-letter-1925/sources'];
  return dirs
    .flatMap((d) => {
      const dir = path.join(ROOT, d);
      return fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => path.join(dir, f)) : [];
    })
    .filter((f) => /\.(md|txt)$/.test(f) && !/error|invalid|bad|first-run/i.test(path.basename(f)))
    .sort();
}

function texts(doc: TeiDocument): string[] {
  const out: string[] = [inlineText(doc.meta.titleContent ?? [])];
  for (const b of allBlocks(doc)) {
    if (b.kind === 'opener') out.push(inlineText(b.salute ?? []), inlineText(b.dateline ?? []));
    else if (b.kind === 'closer') out.push(...b.parts.map((p) => inlineText(p.content)));
    else out.push(inlineText(b.content));
  }
  for (const n of doc.notes) out.push(...n.paragraphs.map(inlineText));
  return out;
}

/** Every mention has text, and only organisations nest (in organisations). */
function checkMentions(nodes: Inline[], parentType?: string): void {
  for (const n of nodes) {
    if (n.kind === 'entity') {
      expect(inlineText(n.children).trim().length).toBeGreaterThan(0);
      if (parentType) expect([parentType, n.type]).toEqual(['orgName', 'orgName']);
      checkMentions(n.children, n.type);
    } else if ('children' in n) checkMentions(n.children, parentType);
  }
}

const FILES = sources().map((f) => [path.relative(ROOT, f), f]);

beforeAll(() => {
  const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'install-system-deps.sh'), 'jing'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot install jing: ${r.stderr}`);
});

it('finds source texts in both formats', () => {
  expect(FILES.length).toBeGreaterThanOrEqual(10);
  expect(FILES.some(([f]) => f.endsWith('.md'))).toBe(true);
  expect(FILES.some(([f]) => f.endsWith('.txt'))).toBe(true);
});

describe.each(FILES)('%s', (_name, file) => {
  const { doc } = readSource(file);

  it.each([
    ['cold', false],
    ['with the register', true],
  ])('keeps every character (%s), nests only organisations, writes valid TEI', (_mode, withRegister) => {
    const enriched = enrichDocument(doc, withRegister ? REGISTER : undefined);
    expect(texts(enriched.doc)).toEqual(texts(doc));
    for (const b of allBlocks(enriched.doc)) {
      if (b.kind === 'opener') [b.salute ?? [], b.dateline ?? []].forEach((x) => checkMentions(x));
      else if (b.kind === 'closer') b.parts.forEach((p) => checkMentions(p.content));
      else checkMentions(b.content);
    }
    enriched.doc.notes.forEach((n) => n.paragraphs.forEach((p) => checkMentions(p)));
    expect(tagDocument(enriched.doc, enriched.register).doc).toEqual(enriched.doc);
    const xml = writeTei(enriched.doc, { docId: `t.${doc.lang}`, standOff: enriched.standOff });
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-tagged-')), 'doc.xml');
    fs.writeFileSync(out, xml);
    const jing = spawnSync('jing', [TEI_ALL_RNG, out], { encoding: 'utf8' });
    expect(jing.stdout + jing.stderr).toBe('');
    expect(jing.status).toBe(0);
  });
});
