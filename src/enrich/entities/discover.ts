import type { EntityType } from '../../model/document';
import { compromiseTags } from './compromise-tags';
import { wordInfo } from './morph';
import { isAllCaps, isCapitalised, isRomanNumeral, punctKey, sentenceInitial, type Token } from './tokens';

/**
 * Discovery: names the register does not know, found by pattern and
 * morphology and tagged without @ref (they become candidates for the
 * register, see suggest.ts).
 *
 * Both languages:
 * - persons written with initials: "И.В. Сталина", "J. V. Stalin";
 * - organisations written as abbreviations: "ЦК РКП(б)", "R.C.P.(B.)"; a chain
 *   of abbreviations also yields each shorter tail ("РКП(б)" inside "ЦК РКП(б)");
 * - organisation phrases: a head noun (conference, congress, committee,
 *   secretariat, organisation, …) with modifiers that make it a name (a
 *   Roman or written ordinal, a capitalised or place-derived adjective), and
 *   its genitive complement when that is an organisation itself
 *   ("Секретариат ЦК РКП(б)", "Secretariat of the Central Committee of the
 *   R.C.P.(B.)", "XIV съезда партии").
 * Russian persons and places: capitalised words whose most probable Az
 * parse is a surname, first name or patronymic (persons) or a geographical
 * name (places). English persons and places: compromise's Person and Place
 * tags; other proper nouns inside a sentence count as persons, or as places
 * after "in", "at", "from", "to", "near".
 */
export interface FoundSpan {
  start: number;
  end: number;
  type: EntityType;
}

const RU_ORG_HEADS = new Set(['конференция', 'съезд', 'конгресс', 'пленум', 'организация', 'комитет', 'совещание', 'комиссия', 'совет', 'бюро', 'секретариат', 'президиум', 'партия', 'интернационал']);
/** Bodies named by the organisation that follows them in the genitive ("Секретариат ЦК"). */
const RU_BODIES = new Set(['секретариат', 'президиум', 'политбюро', 'оргбюро', 'пленум', 'бюро', 'комитет', 'комиссия', 'отдел', 'исполком', 'съезд', 'конференция']);
const RU_PLACE_PREPOSITIONS = new Set(['в', 'во', 'из', 'на', 'к', 'ко', 'под', 'над', 'до', 'от']);
/** Administrative units named by a capitalised adjective ("Вятская губерния"). */
const RU_ADMIN_UNITS = new Set(['губерния', 'уезд', 'область', 'край', 'волость', 'округ', 'район']);
/** The same in English, after the name ("Vyatka Gubernia", "Moscow Region"). */
const EN_ADMIN_UNITS = new Set(['gubernia', 'guberniya', 'province', 'region', 'oblast', 'uyezd', 'uezd', 'district', 'county', 'krai']);
/** One-word names of bodies ("Политбюро", "Коминтерн"): organisations wherever they are capitalised. */
const RU_NAMED_BODIES = new Set(['политбюро', 'оргбюро', 'совнарком', 'коминтерн', 'профинтерн', 'реввоенсовет', 'вцспс', 'исполком', 'наркомат']);
const EN_ORG_HEADS = new Set([
  'committee', 'conference', 'congress', 'secretariat', 'presidium', 'bureau', 'commission', 'council', 'organisation',
  'organization', 'party', 'soviet', 'politburo', 'orgburo', 'international', 'plenum', 'executive', 'union', 'league',
]);
const EN_NOT_MODIFIERS = new Set(['the', 'a', 'an', 'our', 'your', 'their', 'his', 'her', 'its', 'my', 'this', 'that', 'these', 'those', 'i', 'we', 'in', 'at', 'on', 'of', 'to', 'by', 'if', 'and', 'but', 'mr', 'comrade', 'comrades', 'dear']);
/** Words before a name that make it a modifier ("the Moscow comrades"): English place names take no article. */
export const EN_DETERMINERS = new Set(['the', 'a', 'an', 'our', 'your', 'their', 'this', 'that']);
const EN_NUMBER_WORD =
  /^(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\w+teenth|\w+tieth|hundredth)$/i;
const EN_PLACE_PREPOSITIONS = new Set(['in', 'at', 'from', 'to', 'near', 'into']);
const EN_TITLE_NOUNS = new Set(['magazine', 'journal', 'newspaper', 'paper', 'review', 'book', 'pamphlet']);

const isWord = (t?: Token): t is Token => t !== undefined && t.kind === 'word';
const isCyrillic = (s: string): boolean => /[\u0400-\u04FF]/.test(s);

/** Chain of abbreviations from token i: "ЦК РКП(б)", "R.C.P.(B.)", "CPSU". Returns the start index of each unit and the end index (exclusive). */
function abbreviationChain(T: Token[], i: number): { units: number[]; end: number } | undefined {
  const units: number[] = [];
  let j = i;
  for (;;) {
    const u = abbreviationUnit(T, j, units.length > 0);
    if (u === undefined) break;
    units.push(j);
    j = u;
  }
  return units.length ? { units, end: j } : undefined;
}

/** One abbreviation at token i; returns the index after it. */
function abbreviationUnit(T: Token[], i: number, needSpace: boolean): number | undefined {
  const t = T[i];
  if (!isWord(t) || (needSpace && !t.spaceBefore)) return undefined;
  let j: number;
  if (isAllCaps(t.text) && !isRomanNumeral(t.text)) {
    j = i + 1;
  } else if (t.text.length === 1 && isCapitalised(t.text) && T[i + 1]?.text === '.' && !T[i + 1].spaceBefore) {
    // dotted: R.C.P. (at least two letters, no spaces)
    j = i;
    let letters = 0;
    while (isWord(T[j]) && T[j].text.length === 1 && isCapitalised(T[j].text) && T[j + 1]?.text === '.' && !T[j + 1].spaceBefore && (j === i || !T[j].spaceBefore)) {
      j += 2;
      letters++;
    }
    if (letters < 2) return undefined;
  } else return undefined;
  // a parenthesised suffix glued to it: (б), (B.), (B)
  if (T[j]?.text === '(' && !T[j].spaceBefore && isWord(T[j + 1]) && T[j + 1].text.length <= 3) {
    let k = j + 2;
    if (T[k]?.text === '.') k++;
    if (T[k]?.text === ')') j = k + 1;
  }
  return j;
}

/**
 * An adjective made from a place name: "ленинградский" ← Ленинград,
 * "харьковский" ← Харьков, "московский" ← Москва, "казанский" ← Казань.
 */
/**
 * "of" and a run of capitalised words ("of People's Commissars", "of Labour
 * and Defence"): the end of the run (exclusive), or undefined.
 */
function ofCapitals(T: Token[], k: number): number | undefined {
  if (T[k]?.text !== 'of') return undefined;
  let j = k + 1;
  let end: number | undefined;
  while (j < T.length) {
    const w = T[j];
    if (isWord(w) && isCapitalised(w.text) && !EN_NOT_MODIFIERS.has(w.text.toLowerCase())) {
      j++;
      end = j;
      // a possessive glued to it: People's
      if (T[j] && punctKey(T[j].text) === "'" && !T[j].spaceBefore && T[j + 1]?.text === 's' && !T[j + 1].spaceBefore) {
        j += 2;
        end = j;
      }
    } else if (end !== undefined && isWord(w) && w.text === 'and' && isWord(T[j + 1]) && isCapitalised(T[j + 1].text)) j++;
    else break;
  }
  return end;
}

/**
 * Place names joined by hyphens around a short lower-case word:
 * "Rostov-on-Don", "Ростов‑на‑Дону", "Frankfurt-am-Main". Token ranges.
 */
function hyphenCompounds(T: Token[]): Array<{ s: number; e: number }> {
  const out: Array<{ s: number; e: number }> = [];
  for (let i = 0; i + 4 < T.length; i++) {
    const [a, d1, mid, d2, b] = T.slice(i, i + 5);
    const glued = [d1, mid, d2, b].every((t) => !t.spaceBefore);
    if (!glued || !isWord(a) || !isWord(mid) || !isWord(b)) continue;
    if (punctKey(d1.text) !== '-' || punctKey(d2.text) !== '-') continue;
    if (!isCapitalised(a.text) || !isCapitalised(b.text) || mid.text !== mid.text.toLowerCase() || mid.text.length > 4) continue;
    out.push({ s: i, e: i + 5 });
    i += 4;
  }
  return out;
}

/**
 * Names of two capitalised parts joined by a hyphen ("Иваново‑Вознесенск",
 * "Ivanovo-Voznesensk", "Бонч‑Бруевич"). Token ranges.
 */
function capitalHyphenCompounds(T: Token[]): Array<{ s: number; e: number }> {
  const out: Array<{ s: number; e: number }> = [];
  for (let i = 0; i + 2 < T.length; i++) {
    const [a, d, b] = T.slice(i, i + 3);
    if (!isWord(a) || !isWord(b) || d.spaceBefore || b.spaceBefore || punctKey(d.text) !== '-') continue;
    if (!isCapitalised(a.text) || !isCapitalised(b.text) || isAllCaps(a.text) || isAllCaps(b.text) || a.text.length < 2 || b.text.length < 2) continue;
    // "Twenty-Second" is an ordinal, not a name
    if (/^(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)$/i.test(a.text)) continue;
    out.push({ s: i, e: i + 3 });
    i += 2;
  }
  return out;
}

function ruPlaceAdjective(word: string): boolean {
  const info = wordInfo(word);
  if (!info.best.has('ADJF') || !/(?:ский|ской)$/.test(info.lemma)) return false;
  const base = info.lemma.slice(0, -4);
  if (base.length < 3) return false;
  const bases = [base, `${base}а`, `${base}ь`, base.replace(/ов$/, 'ва')];
  return bases.some((b) => {
    const noun = wordInfo(b.charAt(0).toUpperCase() + b.slice(1));
    return noun.known && noun.any.has('Geox') && noun.lemma === b;
  });
}

function ruModifier(T: Token[], i: number): 'qualifying' | 'plain' | undefined {
  const t = T[i];
  if (!isWord(t)) return undefined;
  if (isRomanNumeral(t.text)) return 'qualifying';
  if (!isCyrillic(t.text)) return undefined;
  const info = wordInfo(t.text);
  if (!info.best.has('ADJF') || info.best.has('Apro')) return undefined;
  if (isCapitalised(t.text) && !sentenceInitial(T, i)) return 'qualifying';
  if (ruPlaceAdjective(t.text)) return 'qualifying';
  return 'plain';
}

interface Phrase {
  start: number; // token index
  head: number; // token index of the head noun
  end: number; // token index, exclusive
}

function extendPhrases(phrases: Phrase[], T: Token[], complement: (k: number, byStart: Map<number, Phrase>) => number | undefined): Phrase[] {
  // right to left, so a complement phrase is already extended when it is used
  const byStart = new Map<number, Phrase>();
  for (const p of phrases.slice().sort((a, b) => b.start - a.start)) {
    const e = complement(p.head + 1, byStart);
    if (e !== undefined) p.end = e;
    if (!byStart.has(p.start) || byStart.get(p.start)!.end < p.end) byStart.set(p.start, p);
  }
  return phrases;
}

function discoverRu(T: Token[], known: ReadonlySet<string>): Array<{ s: number; e: number; type: EntityType }> {
  const out: Array<{ s: number; e: number; type: EntityType }> = [];
  for (let i = 0; i < T.length; i++) {
    const c = abbreviationChain(T, i);
    if (!c || !isCyrillic(T[i].text)) continue;
    for (const u of c.units) out.push({ s: u, e: c.end, type: 'orgName' });
    i = c.end - 1;
  }
  const chainAt = (k: number): number | undefined => {
    const c = abbreviationChain(T, k);
    return c && isCyrillic(T[k].text) ? c.end : undefined;
  };
  const used = new Set<number>();
  for (const c of hyphenCompounds(T)) {
    if (!isCyrillic(T[c.s].text)) continue;
    out.push({ s: c.s, e: c.e, type: 'placeName' });
    for (let k = c.s; k < c.e; k++) used.add(k);
  }
  // "в Иваново‑Вознесенске": a place after a place preposition or when a part is a place; "Бонч‑Бруевич": a person when a part is a name
  for (const c of capitalHyphenCompounds(T)) {
    if (!isCyrillic(T[c.s].text) || used.has(c.s)) continue;
    const parts = [wordInfo(T[c.s].text), wordInfo(T[c.s + 2].text)];
    const afterPreposition = isWord(T[c.s - 1]) && RU_PLACE_PREPOSITIONS.has(T[c.s - 1].text.toLowerCase());
    let type: EntityType | undefined;
    if (afterPreposition || parts.some((p) => p.any.has('Geox'))) type = 'placeName';
    else if (parts.some((p) => p.best.has('Surn') || p.best.has('Name'))) type = 'persName';
    if (!type) continue;
    out.push({ s: c.s, e: c.e, type });
    for (let k = c.s; k < c.e; k++) used.add(k);
  }
  // persons with initials, persons and places by morphology
  for (let i = 0; i < T.length; i++) {
    const t = T[i];
    if (used.has(i) || !isWord(t) || !isCyrillic(t.text)) continue;
    if (t.text.length === 1 && isCapitalised(t.text) && T[i + 1]?.text === '.') {
      let j = i;
      while (isWord(T[j]) && T[j].text.length === 1 && isCapitalised(T[j].text) && T[j + 1]?.text === '.' && j - i < 4) j += 2;
      const s = T[j];
      if (isWord(s) && s.text.length > 1 && isCapitalised(s.text) && !isAllCaps(s.text)) {
        out.push({ s: i, e: j + 1, type: 'persName' });
        i = j;
        continue;
      }
    }
    if (t.text.length < 2 || !isCapitalised(t.text) || isAllCaps(t.text)) continue;
    const info = wordInfo(t.text);
    const initial = sentenceInitial(T, i);
    const personal = (inf: typeof info): boolean => inf.best.has('Surn') || inf.best.has('Name') || inf.best.has('Patr');
    // after "тов.", "т." or "товарищ" a capitalised word is a surname ("тов. Ярославского", though az reads an adjective)
    const afterComrade =
      (T[i - 1]?.text === '.' && isWord(T[i - 2]) && /^(?:тов|т|тт)$/i.test(T[i - 2].text)) || (isWord(T[i - 1]) && wordInfo(T[i - 1].text).lemma === 'товарищ');
    // "Рыков и Томский": a capitalised word joined to a person by "и" or a comma is a person
    const last = out[out.length - 1];
    const conjoinedToPerson = last?.type === 'persName' && last.e === i - 1 && (T[i - 1]?.text === 'и' || T[i - 1]?.text === ',') && !info.best.has('Geox');
    const capWord = (k: number): boolean => isWord(T[k]) && isCyrillic(T[k].text) && isCapitalised(T[k].text) && !isAllCaps(T[k].text) && T[k].text.length > 1;
    const has = (k: number, g: string): boolean => capWord(k) && wordInfo(T[k].text).best.has(g);
    // "Киров Сергей Миронович": a capitalised noun before a first name and a patronymic is the surname
    const surnameFirst = capWord(i) && info.best.has('NOUN') && has(i + 1, 'Name') && has(i + 2, 'Patr');
    // a word the document already uses in a person's name ("Киров Сергей Миронович" … "Киров был убит"), unless after a place preposition
    const knownPerson = known.has(info.lemma) && !(isWord(T[i - 1]) && RU_PLACE_PREPOSITIONS.has(T[i - 1].text.toLowerCase()));
    if (surnameFirst || knownPerson || afterComrade || conjoinedToPerson || personal(info) || (!initial && info.any.has('Surn') && info.best.has('NOUN'))) {
      let j = surnameFirst ? i + 3 : i + 1;
      while (isWord(T[j]) && isCapitalised(T[j].text) && !isAllCaps(T[j].text) && personal(wordInfo(T[j].text))) j++;
      // "Сергей Миронович Киров": after a first name and a patronymic, a capitalised noun is the surname
      if (j >= i + 2 && has(j - 2, 'Name') && has(j - 1, 'Patr') && capWord(j) && wordInfo(T[j].text).best.has('NOUN')) j++;
      out.push({ s: i, e: j, type: 'persName' });
      i = j - 1;
    } else if (isWord(T[i + 1]) && RU_ADMIN_UNITS.has(wordInfo(T[i + 1].text).lemma) && info.best.has('ADJF') && (!initial || ruPlaceAdjective(t.text))) {
      // "Вятской губернии", "Московская область": a capitalised adjective and an administrative unit
      out.push({ s: i, e: i + 2, type: 'placeName' });
      i++;
    } else if (info.best.has('NOUN') && (info.best.has('Geox') || (info.known && !initial && info.any.has('Geox')))) {
      // "Киев": the most probable parse is a common noun (кий), but a capital inside a sentence says place
      out.push({ s: i, e: i + 1, type: 'placeName' });
    }
  }
  // organisation phrases
  const phrases: Phrase[] = [];
  for (let i = 0; i < T.length; i++) {
    const t = T[i];
    if (!isWord(t) || !isCyrillic(t.text) || t.text.length < 2 || !isCapitalised(t.text) || isAllCaps(t.text)) continue;
    const info = wordInfo(t.text);
    // a one-word name of a body ("Политбюро", "Исполком"); a genitive complement may extend it ("Исполком Коминтерна")
    if (info.best.has('NOUN') && (info.best.has('Orgn') || RU_NAMED_BODIES.has(info.lemma) || (!sentenceInitial(T, i) && RU_BODIES.has(info.lemma)))) {
      phrases.push({ start: i, head: i, end: i + 1 });
    }
  }
  // where a named phrase (modifiers + head) starts: a body before it is named by it ("президиум XXII … конференции")
  const orgPhraseStarts = new Set<number>();
  for (let h = 0; h < T.length; h++) {
    const t = T[h];
    if (!isWord(t) || !isCyrillic(t.text) || !RU_ORG_HEADS.has(wordInfo(t.text).lemma)) continue;
    let j = h - 1;
    let first = -1;
    while (j >= 0 && ruModifier(T, j) !== undefined) {
      if (ruModifier(T, j) === 'qualifying') first = j;
      j--;
    }
    if (first >= 0) orgPhraseStarts.add(first);
  }
  for (let h = T.length - 1; h >= 0; h--) {
    const t = T[h];
    if (!isWord(t) || !isCyrillic(t.text)) continue;
    const lemma = wordInfo(t.text).lemma;
    const chainEnd = chainAt(h + 1);
    // "пленуму ЦК и ЦКК": the body belongs to both organisations, a joint session, not one body's name
    const coordinated = chainEnd !== undefined && (T[chainEnd]?.text === 'и' || T[chainEnd]?.text === ',') && chainAt(chainEnd + 1) !== undefined;
    const body =
      RU_BODIES.has(lemma) &&
      T[h + 1]?.spaceBefore === true &&
      !coordinated &&
      (chainEnd !== undefined || (orgPhraseStarts.has(h + 1) && lemma !== 'съезд' && lemma !== 'конференция'));
    if (!body && (!RU_ORG_HEADS.has(lemma) || !wordInfo(t.text).best.has('NOUN'))) continue;
    let j = h - 1;
    let first = -1;
    while (j >= 0 && ruModifier(T, j) !== undefined) {
      if (ruModifier(T, j) === 'qualifying') first = j;
      j--;
    }
    // a body named by the organisation after it ("Секретариат ЦК", "X съезд РКП(б)") needs no modifier
    if (first >= 0 || body) {
      if (!phrases.some((p) => p.head === h)) phrases.push({ start: first >= 0 ? first : h, head: h, end: h + 1 });
      else if (first >= 0) phrases.find((p) => p.head === h)!.start = first;
    }
  }
  extendPhrases(phrases, T, (k, byStart) => {
    const w = T[k];
    if (!isWord(w)) return undefined;
    if (wordInfo(w.text).lemma === 'партия' && !isCapitalised(w.text)) return k + 1;
    const c = chainAt(k);
    if (c !== undefined) return c;
    return byStart.get(k)?.end;
  });
  for (const p of phrases) out.push({ s: p.start, e: p.end, type: 'orgName' });
  return out;
}

function discoverEn(T: Token[], text: string, known: ReadonlySet<string>, italic: boolean): Array<{ s: number; e: number; type: EntityType }> {
  const out: Array<{ s: number; e: number; type: EntityType }> = [];
  // abbreviations
  for (let i = 0; i < T.length; i++) {
    const c = abbreviationChain(T, i);
    if (!c || isCyrillic(T[i].text)) continue;
    // initials of a person ("J. V. Stalin") are not an abbreviation: they have spaces, so they never form a chain
    for (const u of c.units) out.push({ s: u, e: c.end, type: 'orgName' });
    i = c.end - 1;
  }
  const chainAt = (k: number): number | undefined => {
    const c = abbreviationChain(T, k);
    return c && !isCyrillic(T[k].text) ? c.end : undefined;
  };
  // compromise's tags for each token
  // asked for lazily: compromise tags a sentence only when a word in it is looked at (compromise-tags.ts)
  const byOffset = compromiseTags(text);
  const tags = { get: (i: number): ReadonlySet<string> | undefined => (i >= 0 && i < T.length ? byOffset(T[i].start) : undefined) };
  // A heading in title case ("A Letter to the Presidium …") capitalises every word: capitals say nothing there.
  const long = T.filter((t) => isWord(t) && t.text.length >= 4);
  const oneSentence = !T.some((t, k) => k > 0 && k < T.length - 1 && t.kind === 'punct' && /[.!?]/.test(t.text) && sentenceInitial(T, k + 1));
  const titleCase = oneSentence && long.length >= 3 && long.length <= 15 && long.filter((t) => isCapitalised(t.text)).length / long.length >= 0.75;
  // persons with initials
  const used = new Set<number>();
  for (let i = 0; i < T.length; i++) {
    const t = T[i];
    if (!(isWord(t) && t.text.length === 1 && isCapitalised(t.text) && T[i + 1]?.text === '.')) continue;
    let j = i;
    while (isWord(T[j]) && T[j].text.length === 1 && isCapitalised(T[j].text) && T[j + 1]?.text === '.' && T[j + 2]?.spaceBefore && j - i < 6) j += 2;
    const s = T[j];
    if (j > i && isWord(s) && s.text.length > 1 && isCapitalised(s.text) && !isAllCaps(s.text) && s.spaceBefore) {
      out.push({ s: i, e: j + 1, type: 'persName' });
      for (let k = i; k <= j; k++) used.add(k);
      i = j;
    }
  }
  // compound place names: "Rostov-on-Don"
  for (const c of hyphenCompounds(T)) {
    out.push({ s: c.s, e: c.e, type: 'placeName' });
    for (let k = c.s; k < c.e; k++) used.add(k);
  }
  // "in Ivanovo-Voznesensk": two capitalised parts after a place preposition, or with a part known as a place
  for (const c of capitalHyphenCompounds(T)) {
    if (isCyrillic(T[c.s].text) || used.has(c.s)) continue;
    const prevWord = isWord(T[c.s - 1]) ? T[c.s - 1].text.toLowerCase() : '';
    const place = EN_PLACE_PREPOSITIONS.has(prevWord) || [c.s, c.s + 2].some((k) => tags.get(k)?.has('Place'));
    const person = [c.s, c.s + 2].some((k) => tags.get(k)?.has('Person'));
    if (!place && !person) continue;
    out.push({ s: c.s, e: c.e, type: place ? 'placeName' : 'persName' });
    for (let k = c.s; k < c.e; k++) used.add(k);
  }
  // "the Comintern in Moscow": a lone proper noun after "the", not modifying a noun, names a body
  const singleOrgs = new Set<number>();
  for (let i = 1; i < T.length; i++) {
    const t = T[i];
    if (used.has(i) || !isWord(t) || !isCapitalised(t.text) || isAllCaps(t.text) || t.text.length < 3) continue;
    if (T[i - 1].text.toLowerCase() !== 'the' || sentenceInitial(T, i)) continue;
    if (EN_ORG_HEADS.has(t.text.toLowerCase())) continue;
    // not in a title-case heading, not a group ("the Leninists", "the Bolsheviks"), not the first part of a compound ("the Twenty-Second")
    if (titleCase || /s$/.test(t.text)) continue;
    const next = T[i + 1];
    if (next && !next.spaceBefore && punctKey(next.text) === '-') continue;
    if (isWord(next) && isCapitalised(next.text)) continue;
    // compromise last (the tests above are cheaper)
    const tg = tags.get(i);
    if (!tg?.has('ProperNoun') || tg.has('Place') || tg.has('Person')) continue;
    if (isWord(next) && tags.get(i + 1)?.has('Noun')) continue;
    singleOrgs.add(i);
    out.push({ s: i, e: i + 1, type: 'orgName' });
    used.add(i);
  }
  // proper nouns
  let lastPlace = -1; // index of the last token of the last place found
  for (let i = 0; i < T.length; i++) {
    const t = T[i];
    if (used.has(i) || !isWord(t) || t.text.length < 2 || !isCapitalised(t.text) || isAllCaps(t.text) || isRomanNumeral(t.text)) continue;
    // number words ("Twenty-Second", "Fourteenth") are not names
    if (EN_NUMBER_WORD.test(t.text)) continue;
    // an abbreviation before a number ("Vol. 7", "No. 1", "Ch. 3") is not a name
    if (t.text.length <= 4 && T[i + 1]?.text === '.' && !T[i + 1].spaceBefore && T[i + 2]?.kind === 'num') continue;
    const lower = t.text.toLowerCase();
    if (EN_ORG_HEADS.has(lower) || EN_NOT_MODIFIERS.has(lower)) continue;
    const prev = T[i - 1];
    const prevWord = isWord(prev) ? prev.text.toLowerCase() : '';
    if (EN_TITLE_NOUNS.has(prevWord)) {
      // a title after "magazine", "journal": skip the whole capitalised run
      while (isWord(T[i + 1]) && isCapitalised(T[i + 1].text)) i++;
      continue;
    }
    const initial = sentenceInitial(T, i);
    // "the Leningrad delegation": a name used as a modifier of a common noun
    const attributive = EN_DETERMINERS.has(prevWord) && isWord(T[i + 1]) && !isCapitalised(T[i + 1].text);
    // "Kharkov and Tiflis": a name joined to a place by "and", "or" or a comma is a place too
    const conjoinedToPlace = lastPlace >= 0 && lastPlace === i - 2 && prev !== undefined && (prevWord === 'and' || prevWord === 'or' || prev.text === ',');
    let type: EntityType | undefined = undefined;
    const knownPerson = known.has(lower) && !EN_PLACE_PREPOSITIONS.has(prevWord);
    if (knownPerson) type = 'persName';
    else {
      const tg = tags.get(i) ?? new Set<string>();
      if (tg.has('Place') || tg.has('City') || tg.has('Country') || tg.has('Region')) type = 'placeName';
      else if (prevWord === 'comrade' || prevWord === 'comrades') type = 'persName';
      else if (tg.has('Person') || tg.has('FirstName') || tg.has('LastName')) type = 'persName';
      else if (tg.has('ProperNoun') && !initial && !titleCase && !italic && !attributive && !/(?:ists|ites|ians|ans)$/.test(t.text)) {
        type = EN_PLACE_PREPOSITIONS.has(prevWord) || conjoinedToPlace ? 'placeName' : 'persName';
      }
    }
    if (type === 'placeName' && attributive) continue;
    if (!type) continue;
    let j = i + 1;
    while (isWord(T[j]) && isCapitalised(T[j].text) && !isAllCaps(T[j].text) && !EN_ORG_HEADS.has(T[j].text.toLowerCase()) && (tags.get(j)?.has('ProperNoun') ?? false)) j++;
    // "Vyatka Gubernia", "Moscow Region": a name and a capitalised administrative unit
    if (isWord(T[j]) && isCapitalised(T[j].text) && EN_ADMIN_UNITS.has(T[j].text.toLowerCase())) {
      type = 'placeName';
      j++;
    }
    out.push({ s: i, e: j, type });
    if (type === 'placeName') lastPlace = j - 1;
    i = j - 1;
  }
  // organisation phrases
  const modifier = (k: number): boolean => {
    const w = T[k];
    if (!isWord(w)) return false;
    if (isRomanNumeral(w.text)) return true;
    if (!isCapitalised(w.text) || EN_NOT_MODIFIERS.has(w.text.toLowerCase())) return false;
    return true;
  };
  const phrases: Phrase[] = [];
  for (let h = 0; h < T.length; h++) {
    const t = T[h];
    if (!isWord(t) || !EN_ORG_HEADS.has(t.text.toLowerCase())) continue;
    const headCap = isCapitalised(t.text);
    // the head ends the capitalised run ("Party" in "Party Conference" is a modifier, not a head)
    if (headCap && isWord(T[h + 1]) && T[h + 1].spaceBefore && modifier(h + 1)) continue;
    let j = h - 1;
    let placeLike = false;
    for (;;) {
      if (j >= 0 && modifier(j)) {
        if (!EN_ORG_HEADS.has(T[j].text.toLowerCase()) && !sentenceInitial(T, j)) placeLike = true;
        j--;
      } else if (j >= 1 && punctKey(T[j].text) === '-' && !T[j].spaceBefore && modifier(j - 1) && isWord(T[j + 1]) && !T[j + 1].spaceBefore) {
        j--; // Twenty-Second
      } else break;
    }
    const start = j + 1;
    const hasModifiers = start < h;
    const ofOrg = T[h + 1]?.text === 'of' && (T[h + 2]?.text === 'the' || ofCapitals(T, h + 1) !== undefined);
    if (headCap && (hasModifiers || ofOrg)) phrases.push({ start, head: h, end: h + 1 });
    else if (!headCap && placeLike) phrases.push({ start, head: h, end: h + 1 });
  }
  extendPhrases(phrases, T, (k, byStart) => {
    if (T[k]?.text !== 'of') return undefined;
    if (T[k + 1]?.text !== 'the') return ofCapitals(T, k);
    const c = chainAt(k + 2);
    if (c !== undefined) return c;
    if (singleOrgs.has(k + 2)) return k + 3;
    return byStart.get(k + 2)?.end;
  });
  for (const p of phrases) {
    const t = T[p.head];
    // a bare capitalised head without modifiers counts only with its complement ("Secretariat of the …")
    if (p.start === p.head && p.end === p.head + 1) continue;
    if (p.start === p.head && !isCapitalised(t.text)) continue;
    out.push({ s: p.start, e: p.end, type: 'orgName' });
  }
  return out;
}

/**
 * Names in one text segment, as character ranges; may overlap and nest (the
 * tagger chooses). `knownPersons`: words (Russian: lemmas; English: lower
 * case) the document already uses in persons' names; a capitalised one is a
 * person again, unless a place preposition comes before it. `italic`: the
 * text is in italics, which in English marks titles (_Pravda_, _Collected
 * Works_): capitals alone do not make a name there.
 */
export function discover(tokens: Token[], text: string, lang: string, knownPersons: ReadonlySet<string> = new Set(), italic = false): FoundSpan[] {
  const ru = lang.toLowerCase().startsWith('ru');
  const raw = ru ? discoverRu(tokens, knownPersons) : discoverEn(tokens, text, knownPersons, italic);
  return raw.filter((r) => r.e > r.s).map((r) => ({ start: tokens[r.s].start, end: tokens[r.e - 1].end, type: r.type }));
}
