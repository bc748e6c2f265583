import * as fs from 'node:fs';
import * as path from 'node:path';
import nlp from 'compromise';
import { compromiseTags } from '../../src/enrich/entities/compromise-tags';

/**
 * compromise-tags.ts tags sentence by sentence, lazily and with caches; the
 * result must be what compromise gives for the whole text (every offset, the
 * same tags), whatever the order of the questions.
 */
function wholeText(text: string): Map<number, string> {
  const out = new Map<number, string>();
  const json = nlp(text).json({ offset: true }) as Array<{ terms: Array<{ tags: string[]; offset: { start: number } }> }>;
  for (const s of json) for (const term of s.terms) out.set(term.offset.start, [...term.tags].sort().join(' '));
  return out;
}

function check(text: string, order: 'forward' | 'backward' = 'forward'): void {
  const expected = wholeText(text);
  const lookup = compromiseTags(text);
  const offsets = Array.from({ length: text.length + 2 }, (_, i) => i);
  if (order === 'backward') offsets.reverse();
  for (const o of offsets) {
    const got = lookup(o);
    expect([o, got === undefined ? undefined : [...got].sort().join(' ')]).toEqual([o, expected.get(o)]);
  }
}

const TRICKY = [
  'Comrades!',
  'Dear Comrade Sarkis,\n\nInformation has reached the Central Control Commission about the speech by Kirov in Nizhni-Novgorod. The work of the Central Committee in Kiev deserves full approval.',
  "I don't think we can't do it; he'd say we're late. It's Molotov's view, and the comrades' view too.",
  'The decision was adopted at the sittings held on September 20-24, 1923. The talks took place on March 9–18, 1923.',
  'Source : Works, Vol. 7, 1923\nPublisher : Foreign Languages Publishing House, Moscow, 1955',
  'J. V. Stalin met Mr. Smith and Dr. Jones at 5 p.m. in the U.S.S.R. They spoke of the C.P.S.U.(B.) and of the R.C.P.(B.).',
  'He said "no sir." and left. I thought (no way!) and left. What? Really?! Yes...',
  '   Leading spaces, trailing spaces.   \n\n\n  And a new line   ',
  'It was the 5th of December, 1925; on the 8th he came :) <3 and went.',
  'A Letter to the\nPresidium of the Conference\nin Rostov',
  '1. The letter was written in reply to an inquiry by Molotov.\n2. The reference is to the decision of the Moscow Committee adopted on June 10, 1923.',
  'Unity among the Leninists can be not only maintained, but also strengthened. Please convey my comradely greetings to Tomsky.',
  '... -- !!! ?',
  'ПРИВЕТ Москва. Ленинград и Kharkov.',
];

describe('compromise tags sentence by sentence', () => {
  it.each(TRICKY.map((t) => [t]))('as for the whole text: %j', (text) => {
    check(text);
  });

  it('whatever the order of the questions, and with sentences cached from other texts', () => {
    const a = 'Kirov returned from Moscow on November 15, 1923. Please convey my comradely greetings to Safarov.';
    const b = 'In the opinion of Kirov, the question is open. Please convey my comradely greetings to Safarov. Kirov returned from Moscow on November 15, 1923.';
    check(a, 'backward');
    check(b, 'backward');
    check(`${b} ${a}`);
  });

  it('for the seed edition and the English fixtures', () => {
    const root = path.resolve(__dirname, '..', '..');
    const files = [path.join(root, 'editions', 'leningrad-letter-1925', 'sources', 'en.txt'), ...['en-heldout.txt', 'en-heldout-2.txt', 'en-extra.txt'].map((f) => path.join(root, 'test', 'fixtures', 'entities', f))];
    for (const file of files) {
      const paragraphs = fs.readFileSync(file, 'utf8').split(/\n\s*\n/).filter((p) => p.trim());
      for (const p of paragraphs) check(p);
    }
  });
});
