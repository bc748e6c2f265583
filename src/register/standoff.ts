import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import type { Register, RegisterEntry } from './types';

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export interface StandOffOptions {
  /**
   * Write only these entries (ids). Default: every entry of the register, so
   * that references from the header (correspDesc) resolve as well.
   */
  only?: ReadonlySet<string>;
}

/** Languages in output order: the document's language first, then the register's order. */
function langOrder(register: Register, lang: string): string[] {
  return [lang, ...register.languages.filter((l) => l !== lang)];
}

function writeEntry(list: XMLBuilder, element: 'person' | 'org' | 'place', nameElement: string, entry: RegisterEntry, langs: string[]): void {
  const el = list.ele(element).att(XML_NS, 'xml:id', entry.id);
  for (const l of langs) {
    const names = entry.names[l];
    if (names && names.length) el.ele(nameElement).att(XML_NS, 'xml:lang', l).txt(names[0]);
  }
  const idno = entry.idno ?? {};
  for (const type of ['wikidata', 'viaf', 'gnd'] as const) {
    const value = idno[type];
    if (value) el.ele('idno').att('type', type).txt(value);
  }
  for (const l of langs) {
    const note = entry.note?.[l];
    if (note) el.ele('note').att(XML_NS, 'xml:lang', l).txt(note);
  }
  if (entry.partOf) el.ele('ptr').att('type', 'partOf').att('target', `#${entry.partOf}`);
}

/**
 * Append the register as `<standOff>` to the `<TEI>` element (call it right
 * after the teiHeader is written):
 *
 *     <standOff>
 *       <listPerson><person xml:id="stalin"><persName xml:lang="ru">…</persName>
 *         <persName xml:lang="en">…</persName><idno type="wikidata">Q855</idno>
 *         <note xml:lang="ru">…</note><note xml:lang="en">…</note></person></listPerson>
 *       <listOrg><org xml:id="…"><orgName xml:lang="…">…</orgName>…<ptr type="partOf" target="#…"/></org></listOrg>
 *       <listPlace><place xml:id="…"><placeName xml:lang="…">…</placeName>…</place></listPlace>
 *     </standOff>
 *
 * Each entry gets its preferred name (the first of `names[lang]`) in every
 * language, the document's language first. Empty lists are left out, and
 * nothing is written when no entry remains (TEI requires content in each).
 * Entries keep the register's order, so the output is deterministic.
 */
export function appendStandOff(tei: XMLBuilder, register: Register, lang: string, opts: StandOffOptions = {}): void {
  const keep = (e: RegisterEntry): boolean => !opts.only || opts.only.has(e.id);
  const persons = register.persons.filter(keep);
  const orgs = register.organisations.filter(keep);
  const places = register.places.filter(keep);
  if (!persons.length && !orgs.length && !places.length) return;
  const langs = langOrder(register, lang);
  const standOff = tei.ele('standOff');
  if (persons.length) {
    const list = standOff.ele('listPerson');
    for (const e of persons) writeEntry(list, 'person', 'persName', e, langs);
  }
  if (orgs.length) {
    const list = standOff.ele('listOrg');
    for (const e of orgs) writeEntry(list, 'org', 'orgName', e, langs);
  }
  if (places.length) {
    const list = standOff.ele('listPlace');
    for (const e of places) writeEntry(list, 'place', 'placeName', e, langs);
  }
}
