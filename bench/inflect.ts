/**
 * Russian case forms for register names the generator's tables do not list:
 * the regular declensions of surnames and of one-word place and organisation
 * names. Anything irregular stays as written (indeclinable), which is still
 * correct Russian for foreign names ("Орджоникидзе", "Баку").
 */
import type { RuForms } from './tables';

const same = (w: string): RuForms => ({ nom: w, gen: w, dat: w, ins: w, prep: w });

/** A masculine or feminine surname ("Сафаров", "Крупская", "Лашевич"). */
export function inflectSurname(nom: string): { forms: RuForms; gender: 'm' | 'f' } {
  const stem = (n: number): string => nom.slice(0, nom.length - n);
  if (/(?:ов|ев|ёв|ин|ын)$/u.test(nom)) {
    return { gender: 'm', forms: { nom, gen: `${nom}а`, dat: `${nom}у`, ins: `${nom}ым`, prep: `${nom}е` } };
  }
  if (/(?:ова|ева|ёва|ина|ына)$/u.test(nom)) {
    const s = stem(1);
    return { gender: 'f', forms: { nom, gen: `${s}ой`, dat: `${s}ой`, ins: `${s}ой`, prep: `${s}ой` } };
  }
  if (/(?:ский|цкий)$/u.test(nom)) {
    const s = stem(2);
    return { gender: 'm', forms: { nom, gen: `${s}ого`, dat: `${s}ому`, ins: `${s}им`, prep: `${s}ом` } };
  }
  if (/(?:ская|цкая)$/u.test(nom)) {
    const s = stem(2);
    return { gender: 'f', forms: { nom, gen: `${s}ой`, dat: `${s}ой`, ins: `${s}ой`, prep: `${s}ой` } };
  }
  if (/[бвгдзклмнпрстфх]$/u.test(nom)) {
    return { gender: 'm', forms: { nom, gen: `${nom}а`, dat: `${nom}у`, ins: `${nom}ом`, prep: `${nom}е` } };
  }
  if (/[жшчщц]$/u.test(nom)) {
    return { gender: 'm', forms: { nom, gen: `${nom}а`, dat: `${nom}у`, ins: `${nom}ем`, prep: `${nom}е` } };
  }
  return { gender: 'm', forms: same(nom) };
}

/** A one-word place or organisation name ("Харьков", "Самара", "Коминтерн"); undefined for phrases. */
export function inflectNoun(nom: string): RuForms | undefined {
  if (/\s/u.test(nom)) return undefined;
  if (/[бвгдзклмнпрстфх]$/u.test(nom)) return { nom, gen: `${nom}а`, dat: `${nom}у`, ins: `${nom}ом`, prep: `${nom}е` };
  if (/[^жшчщкгх]а$/u.test(nom)) {
    const s = nom.slice(0, -1);
    return { nom, gen: `${s}ы`, dat: `${s}е`, ins: `${s}ой`, prep: `${s}е` };
  }
  if (/[оеиуюэ]$/u.test(nom) || /^[\p{Lu}\d]+$/u.test(nom)) return same(nom);
  return undefined;
}
