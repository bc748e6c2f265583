import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { verifyBag, writeBag } from '../../src/export/bagit';
import { exportBag } from '../../src/export/edition';
import { TeikitError } from '../../src/model/diagnostics';
import { FIXTURE, fixtureDist, tempDir } from './helpers';

function makeBag(prefix: string, extra: { date?: string } = {}) {
  const { tmp, distDir, manifest } = fixtureDist(prefix);
  const outDir = path.join(tmp, 'bag');
  const res = exportBag({ editionId: 'mini-letter', distDir, manifest, editionDir: FIXTURE, outDir, ...extra });
  return { tmp, distDir, outDir, res };
}

const kinds = (dir: string) =>
  verifyBag(dir)
    .problems.filter((p) => p.severity === 'error')
    .map((p) => `${p.kind} ${p.path}`)
    .sort();

describe('exportBag / writeBag (RFC 8493)', () => {
  const { outDir, res, distDir } = makeBag('bag');

  it('writes bagit.txt, bag-info.txt, manifest and tag manifest around data/', () => {
    expect(fs.readFileSync(path.join(outDir, 'bagit.txt'), 'utf8')).toBe('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
    const info = fs.readFileSync(path.join(outDir, 'bag-info.txt'), 'utf8');
    expect(info).toMatch(/^Source-Organization: teikit test press\n/);
    expect(info).toContain('\nBagging-Date: 2026-01-15\n');
    expect(info).toContain('\nExternal-Identifier: mini-letter\n');
    expect(info).toContain('\nExternal-Description: A two-paragraph test letter in English and Russian, with notes and a register. [en]\n');
    expect(info).toContain(`\nPayload-Oxum: ${res.payloadOctets}.${res.payloadFiles}\n`);
    const manifest = fs.readFileSync(path.join(outDir, 'manifest-sha256.txt'), 'utf8');
    const paths = manifest.trim().split('\n').map((l) => l.split(/\s+/)[1]);
    expect(paths).toEqual([...paths].sort());
    // the TEI, the corpus (made on the way), the register and manifest, the HTML and the DTS tree
    for (const p of [
      'data/tei/mini-letter.en.xml',
      'data/tei/mini-letter.ru.xml',
      'data/tei/mini-letter.corpus.xml',
      'data/html/index.html',
      'data/dts/index.jsonld',
      'data/edition/edition.json',
      'data/edition/sources/en.txt',
    ]) {
      expect(paths).toContain(p);
    }
    expect(fs.existsSync(path.join(distDir, 'tei', 'mini-letter.corpus.xml'))).toBe(true);
    const tags = fs.readFileSync(path.join(outDir, 'tagmanifest-sha256.txt'), 'utf8');
    expect(tags.trim().split('\n').map((l) => l.split(/\s+/)[1])).toEqual(['bagit.txt', 'bag-info.txt', 'manifest-sha256.txt']);
  });

  it('has checksums that sha256sum confirms, and verifies clean', () => {
    const out = execFileSync('sha256sum', ['--check', '--strict', 'manifest-sha256.txt'], { cwd: outDir, encoding: 'utf8' });
    expect(out).toContain('data/tei/mini-letter.en.xml: OK');
    expect(execFileSync('sha256sum', ['--check', '--strict', 'tagmanifest-sha256.txt'], { cwd: outDir, encoding: 'utf8' })).toContain('bag-info.txt: OK');
    const v = verifyBag(outDir);
    expect(v.problems).toEqual([]);
    expect(v.valid).toBe(true);
    expect(v.payloadFiles).toBe(res.payloadFiles);
  });

  it('is deterministic: bagging the same edition twice gives identical bags', () => {
    const again = path.join(path.dirname(outDir), 'bag2');
    exportBag({ editionId: 'mini-letter', distDir, editionDir: FIXTURE, manifest: JSON.parse(fs.readFileSync(path.join(FIXTURE, 'edition.json'), 'utf8')), outDir: again });
    for (const f of ['bag-info.txt', 'manifest-sha256.txt', 'tagmanifest-sha256.txt']) {
      expect(fs.readFileSync(path.join(again, f), 'utf8')).toBe(fs.readFileSync(path.join(outDir, f), 'utf8'));
    }
  });

  it('takes the Bagging-Date from --date over the manifest', () => {
    const { outDir: o } = makeBag('bag-date', { date: '2030-02-03' });
    expect(fs.readFileSync(path.join(o, 'bag-info.txt'), 'utf8')).toContain('\nBagging-Date: 2030-02-03\n');
    expect(() => makeBag('bag-baddate', { date: '3 Feb 2030' })).toThrow(/Bagging-Date "3 Feb 2030": expected YYYY-MM-DD/);
  });
});

describe('verifyBag names what is wrong', () => {
  it('a missing payload file', () => {
    const { outDir } = makeBag('bag-missing');
    fs.rmSync(path.join(outDir, 'data', 'tei', 'mini-letter.en.xml'));
    expect(kinds(outDir)).toEqual(['missing data/tei/mini-letter.en.xml', 'oxum bag-info.txt']);
    const p = verifyBag(outDir).problems.find((x) => x.kind === 'missing')!;
    expect(p.source!.file).toBe('manifest-sha256.txt');
    expect(fs.readFileSync(path.join(outDir, 'manifest-sha256.txt'), 'utf8').split('\n')[p.source!.line - 1]).toMatch(/ data\/tei\/mini-letter\.en\.xml$/);
  });

  it('an added payload file', () => {
    const { outDir } = makeBag('bag-added');
    fs.writeFileSync(path.join(outDir, 'data', 'tei', 'intruder.xml'), '<x/>');
    expect(kinds(outDir)).toEqual(['added data/tei/intruder.xml', 'oxum bag-info.txt']);
    expect(verifyBag(outDir).valid).toBe(false);
  });

  it('a changed payload file (same size, so only its checksum tells)', () => {
    const { outDir } = makeBag('bag-changed');
    const f = path.join(outDir, 'data', 'html', 'index.html');
    const bytes = fs.readFileSync(f);
    bytes[bytes.indexOf('Short')] = 'T'.charCodeAt(0);
    fs.writeFileSync(f, bytes);
    expect(kinds(outDir)).toEqual(['changed data/html/index.html']);
  });

  it('a changed tag file, a missing bagit.txt, an unlisted tag file', () => {
    const { outDir } = makeBag('bag-tags');
    fs.appendFileSync(path.join(outDir, 'bag-info.txt'), 'Contact-Name: someone\n');
    expect(kinds(outDir)).toEqual(['changed bag-info.txt']);
    fs.writeFileSync(path.join(outDir, 'notes.txt'), 'hello');
    const warn = verifyBag(outDir).problems.filter((p) => p.severity === 'warning');
    expect(warn.map((p) => `${p.kind} ${p.path}`)).toEqual(['added notes.txt']);
    fs.rmSync(path.join(outDir, 'bagit.txt'));
    expect(kinds(outDir)).toEqual(['changed bag-info.txt', 'missing bagit.txt']);
  });
});

describe('writeBag safety', () => {
  it('refuses to replace a folder that is not a bag, and keeps the old bag when writing fails', () => {
    const tmp = tempDir('bag-safety');
    const notBag = path.join(tmp, 'precious');
    fs.mkdirSync(notBag);
    fs.writeFileSync(path.join(notBag, 'thesis.txt'), 'do not delete');
    const info = { sourceOrganization: 'Org', baggingDate: '2026-01-01' };
    expect(() => writeBag({ payload: [['a.txt', Buffer.from('a')]], outDir: notBag, info })).toThrow(TeikitError);
    expect(fs.readFileSync(path.join(notBag, 'thesis.txt'), 'utf8')).toBe('do not delete');

    const bag = path.join(tmp, 'bag');
    writeBag({ payload: [['a.txt', Buffer.from('a')]], outDir: bag, info });
    expect(() => writeBag({ payload: [['b.txt', path.join(tmp, 'no-such-file')]], outDir: bag, info })).toThrow(/no-such-file: error: cannot read payload file \(ENOENT\)/);
    expect(fs.readdirSync(path.join(bag, 'data'))).toEqual(['a.txt']);
    expect(verifyBag(bag).valid).toBe(true);
    expect(fs.readdirSync(tmp).sort()).toEqual(['bag', 'precious']);
  });

  it('percent-encodes % and line breaks in manifest paths and still verifies', () => {
    const tmp = tempDir('bag-names');
    const bag = path.join(tmp, 'bag');
    writeBag({ payload: [['100%.txt', Buffer.from('x')], ['two\nlines.txt', Buffer.from('y')]], outDir: bag, info: { sourceOrganization: 'Org', baggingDate: '2026-01-01' } });
    const m = fs.readFileSync(path.join(bag, 'manifest-sha256.txt'), 'utf8');
    expect(m).toContain(' data/100%25.txt\n');
    expect(m).toContain(' data/two%0Alines.txt\n');
    expect(verifyBag(bag).problems).toEqual([]);
  });
});
