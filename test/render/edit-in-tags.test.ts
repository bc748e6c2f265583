/**
 * Saxon-HE edits serialized HTML in one walk (xslt/edit-in-tags.xsl, through saxon-he.xsl) where teikit.xsl uses
 * regular expressions that look back for a tag's '<' (Saxon-HE's backtrack from every '<': a quarter of a letter's
 * time; SaxonJS keeps them). The fixture compares the walk with teikit.xsl's functions on edge cases and on every block
 * of a real letter's rendered texts, under SaxonJS (xslt3's command line) and Saxon-HE (Java).
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { findSaxonHe } from '../../src/render/saxon-he';
import { LETTER } from './helpers';
import { ROOT } from '../helpers/jing';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'xslt', 'edit-in-tags.xsl');
const TEI = pathToFileURL(path.join(LETTER, 'leningrad-letter-1925.en.xml')).href;

interface Case {
  n: number;
  relink: string;
  relinked: number;
  focusable: string;
  focused: number;
}

/** The fixture's lines: case number, relink same?, relink edits, focusable same?, focusable edits. */
function cases(out: string): Case[] {
  return out
    .trim()
    .split('\n')
    .map((line) => {
      const [n, relink, relinked, focusable, focused] = line.trim().split(' ');
      return { n: Number(n), relink, relinked: Number(relinked), focusable, focused: Number(focused) };
    });
}

function expectAllSame(found: Case[]): void {
  expect(found.length).toBeGreaterThan(20);
  expect(found.filter((c) => c.relink !== 'same' || c.focusable !== 'same')).toEqual([]);
  // the cases edit something: links into the index of names and focusable sentences, in the letter's texts too
  expect(found.reduce((s, c) => s + c.relinked, 0)).toBeGreaterThan(20);
  expect(found.reduce((s, c) => s + c.focused, 0)).toBeGreaterThan(10);
  const whole = found[10];
  expect(whole.relinked).toBeGreaterThan(5);
  expect(whole.focused).toBeGreaterThan(2);
}

/** The fixture's output under SaxonJS. */
const saxonJs = (): string => execFileSync(process.execPath, [require.resolve('xslt3/xslt3.js'), `-xsl:${FIXTURE}`, '-it', `tei=${TEI}`], { encoding: 'utf8' });

test('under SaxonJS: the same as the regular expressions on every case', () => {
  expectAllSame(cases(saxonJs()));
});

test('under Saxon-HE: the same, and the same lines as SaxonJS', () => {
  execFileSync('bash', [path.join(ROOT, 'scripts', 'install-system-deps.sh'), 'jing', 'libsaxonhe-java'], { stdio: 'inherit' });
  const he = findSaxonHe();
  expect(he).toBeDefined();
  const out = execFileSync(he!.java, ['-cp', he!.jar, 'net.sf.saxon.Transform', `-xsl:${FIXTURE}`, '-it', `tei=${TEI}`], { encoding: 'utf8' });
  expectAllSame(cases(out));
  expect(out).toBe(saxonJs());
});
