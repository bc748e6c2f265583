/**
 * The edition schema: generated from schema/teikit.odd and tei_all.rng, up to
 * date in the repo, and a sound subset of tei_all (checked with jing, the
 * oracle): what passes it passes tei_all; the deliberately invalid documents
 * fail both; real TEI outside the subset fails it while passing tei_all.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deriveSchema, readCustomisation } from '../../src/validate/derive-schema';
import { createValidator, EDITION_RNG } from '../../src/validate/validator';
import { TeikitError } from '../../src/model/diagnostics';
import { parseXmlSafe } from '../../src/xml/parse';
import type { Element } from 'libxmljs2';

const ROOT = path.resolve(__dirname, '../..');
const TEI_ALL = path.resolve(ROOT, '../shared/schemas/tei_all.rng');
const CORPUS = path.resolve(ROOT, '../shared/corpus/tei');
const FIX = path.join(ROOT, 'test/fixtures/validate');
const ODD = path.join(ROOT, 'schema/teikit.odd');

beforeAll(() => {
  execFileSync('bash', [path.join(ROOT, 'scripts/install-system-deps.sh'), 'jing']);
});

/** jing's own verdict on one file (the Debian jing, run as its users run it). */
function jingValid(schema: string, file: string): boolean {
  return jingVerdicts(schema, [file]).get(file) as boolean;
}

/** jing's verdicts on many files in one run (plain jing: no XInclude processing). */
function jingVerdicts(schema: string, files: string[]): Map<string, boolean> {
  const r = spawnSync('java', ['-cp', '/usr/share/java/jing.jar', 'com.thaiopensource.relaxng.util.Driver', schema, ...files], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`jing failed: ${r.stderr}`);
  expect(r.stdout).not.toMatch(/fatal:/);
  const out = new Map<string, boolean>();
  for (const f of files) out.set(f, !r.stdout.includes(`${f}:`));
  return out;
}

const validDocs = fs.readdirSync(path.join(FIX, 'valid')).filter((f) => f.endsWith('.xml')).map((f) => path.join(FIX, 'valid', f));
const invalidDocs = fs.readdirSync(path.join(FIX, 'invalid')).filter((f) => f.endsWith('.xml')).map((f) => path.join(FIX, 'invalid', f));

describe('schema/teikit.rng generation', () => {
  test('the committed schema is what the generator makes from teikit.odd and tei_all (byte-identical)', () => {
    const { rng, kept } = deriveSchema(readCustomisation(ODD), TEI_ALL);
    expect(fs.readFileSync(EDITION_RNG, 'utf8')).toBe(rng);
    for (const e of ['TEI', 'teiCorpus', 'teiHeader', 'persName', 'standOff', 'correspAction', 'linkGrp', 's', 'seg', 'listEvent']) expect(kept).toContain(e);
    expect(kept).not.toContain('msDesc');
    expect(kept).not.toContain('app');
  });

  test('every element named in encoding.md is in the customisation', () => {
    const custom = readCustomisation(ODD);
    const encoding = fs.readFileSync(path.join(ROOT, 'docs/encoding.md'), 'utf8');
    const teiElements = new Set([...fs.readFileSync(TEI_ALL, 'utf8').matchAll(/<element name="([^"]+)"/g)].map((m) => m[1]));
    // TEI element names written as markup in the contract (not placeholders such as <lang> or <other …>)
    const written = new Set([...encoding.matchAll(/<([A-Za-z][A-Za-z0-9]*)[\s>/]/g)].map((m) => m[1]).filter((n) => teiElements.has(n)));
    // placeholders in the file name pattern dist/<edition>/tei/<edition>.<lang>.xml, not the TEI elements
    written.delete('edition');
    written.delete('lang');
    expect(written.size).toBeGreaterThan(40);
    for (const name of written) expect([name, custom.elements.has(name)]).toEqual([name, true]);
  });

  test('a customisation that leaves out a required child is refused with the element named', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-odd-'));
    const odd = path.join(dir, 'small.odd');
    fs.writeFileSync(
      odd,
      '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><schemaSpec ident="small" start="TEI"><moduleRef key="textstructure" include="TEI text body"/><moduleRef key="header" include="teiHeader fileDesc"/><moduleRef key="core" include="p"/></schemaSpec></body></text></TEI>',
    );
    let err: unknown;
    try {
      deriveSchema(readCustomisation(odd), TEI_ALL, 'small.odd');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TeikitError);
    expect((err as TeikitError).message).toContain('element "fileDesc" can no longer have valid content');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('an element tei_all does not define is refused', () => {
    expect(() => deriveSchema({ ident: 'x', start: ['TEI'], elements: new Set(['TEI', 'notATeiElement']) }, TEI_ALL)).toThrow('element "notATeiElement" is not defined');
  });
});

describe('the edition schema is a subset of tei_all', () => {
  test.each(validDocs.map((f) => [path.basename(f), f]))('%s passes the edition schema (both engines) and tei_all', async (_n, file) => {
    expect(jingValid(EDITION_RNG, file)).toBe(true);
    expect(jingValid(TEI_ALL, file)).toBe(true);
    for (const engine of ['libxml', 'jing'] as const) {
      const [r] = await createValidator({ schema: EDITION_RNG, engine }).validateFiles([file]);
      expect([engine, r.diagnostics.filter((d) => d.severity === 'error')]).toEqual([engine, []]);
    }
  });

  test.each(invalidDocs.map((f) => [path.basename(f), f]))('%s fails the edition schema and tei_all', async (_n, file) => {
    expect(jingValid(EDITION_RNG, file)).toBe(false);
    expect(jingValid(TEI_ALL, file)).toBe(false);
    for (const engine of ['libxml', 'jing'] as const) {
      const [r] = await createValidator({ schema: EDITION_RNG, engine }).validateFiles([file]);
      expect([engine, r.verdict]).toEqual([engine, 'invalid']);
      expect(r.diagnostics.find((d) => d.rule === 'relaxng')?.line).toBeGreaterThan(0);
    }
  });

  test('every corpus document valid against the edition schema is valid against tei_all; the others that tei_all accepts show the subset is strict', () => {
    // only files jing can read without their missing DTDs
    const files = fs
      .readdirSync(CORPUS)
      .filter((f) => f.endsWith('.xml'))
      .map((f) => path.join(CORPUS, f))
      .filter((f) => !/<!DOCTYPE/.test(fs.readFileSync(f, 'utf8').slice(0, 2000)));
    expect(files.length).toBeGreaterThan(25);
    const edition = jingVerdicts(EDITION_RNG, files);
    const teiAll = jingVerdicts(TEI_ALL, files);
    let strict = 0;
    for (const f of files) {
      if (edition.get(f)) expect([f, teiAll.get(f)]).toEqual([f, true]);
      if (teiAll.get(f) && !edition.get(f)) strict++;
    }
    expect(strict).toBeGreaterThan(5);
  });
});

describe('subset, on mutated documents', () => {
  /** A small deterministic PRNG (mulberry32) so the mutants are the same on every run. */
  function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  test('of 240 mutants of the valid fixtures, every one the edition schema accepts, tei_all accepts too', () => {
    const rand = prng(20251208);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
    const names = [...readCustomisation(ODD).elements].sort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teikit-mutants-'));
    const mutants: string[] = [];
    for (let i = 0; i < 240; i++) {
      const src = validDocs[i % validDocs.length];
      const doc = parseXmlSafe(fs.readFileSync(src, 'utf8'), src);
      const elements = doc.find<Element>('//*').slice(1);
      const target = pick(elements);
      switch (i % 4) {
        case 0: // drop an element with its content
          target.remove();
          break;
        case 1: // rename an element to another element teikit writes
          target.name(pick(names));
          break;
        case 2: // duplicate an element
          target.addNextSibling(target.clone());
          break;
        default: {
          // move an element before a random other element
          const other = pick(elements);
          if (other !== target && !other.find('ancestor::*').includes(target)) other.addPrevSibling(target.clone());
          target.remove();
        }
      }
      const f = path.join(dir, `m${String(i).padStart(3, '0')}.xml`);
      fs.writeFileSync(f, doc.toString());
      mutants.push(f);
    }
    const edition = jingVerdicts(EDITION_RNG, mutants);
    const teiAll = jingVerdicts(TEI_ALL, mutants);
    let accepted = 0;
    for (const f of mutants) {
      if (edition.get(f)) {
        accepted++;
        expect([path.basename(f), teiAll.get(f)]).toEqual([path.basename(f), true]);
      }
    }
    // the check is not vacuous: some mutants pass the edition schema, many do not
    expect(accepted).toBeGreaterThan(20);
    expect(accepted).toBeLessThan(mutants.length - 20);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
