import * as path from 'node:path';
import type { EntityMention, Inline, TeiDocument } from '../../src/model/document';
import { inlineText } from '../../src/model/document';
import { tagDocument } from '../../src/enrich/entities/tag';
import { enrichDocument } from '../../src/enrich/entities/enrich';
import { mentionsOf } from '../../src/enrich/entities/score';
import { sameWord, wordInfo } from '../../src/enrich/entities/morph';
import { loadRegister } from '../../src/register/load';
import type { Register } from '../../src/register/types';

const REGISTER = path.resolve(__dirname, '..', '..', 'editions', 'leningrad-letter-1925', 'register.json');

/** A one-division document built here, independent of the readers. */
function docOf(lang: string, paragraphs: Inline[][], notes: Inline[][] = []): TeiDocument {
  return {
    lang,
    format: 'word-md',
    file: `test-${lang}.md`,
    meta: { fields: [] },
    divisions: [{ type: 'text', blocks: paragraphs.map((content) => ({ kind: 'p' as const, content })) }],
    notes: notes.map((p, i) => ({ n: String(i + 1), paragraphs: [p] })),
  };
}
const t = (text: string): Inline => ({ kind: 'text', text });

describe('Russian morphology (az dictionaries, snowball fallback)', () => {
  it.each([
    ['Саркиса', 'Саркис'],
    ['Сафарова', 'Сафаров'],
    ['Сталина', 'Сталин'],
    ['ленинградской', 'Ленинградская'],
    ['организации', 'организация'],
    ['Московской', 'Московская'],
    ['конференции', 'конференция'],
    ['Москве', 'Москва'],
    ['organisations', 'organisation'],
  ])('%s is a form of %s', (form, lemma) => {
    expect(sameWord(form, lemma)).toBe(true);
  });

  it('keeps different words apart and knows names from the dictionary', () => {
    expect(sameWord('Москве', 'Московская')).toBe(false);
    expect(sameWord('организации', 'конференции')).toBe(false);
    expect(wordInfo('Сталина').best.has('Surn')).toBe(true);
    expect(wordInfo('Москве').best.has('Geox')).toBe(true);
  });
});

describe('tagDocument with the register', () => {
  const reg = loadRegister(REGISTER);

  it('matches register names in every case', () => {
    const doc = docOf('ru', [
      [t('Выступления Саркиса, Сафарова; письмо Сталина; работа ленинградской организации и Московской конференции; Секретариат ЦК РКП(б); в Москве; Сталину, Саркису.')],
    ]);
    const found = mentionsOf(tagDocument(doc, reg).doc).map((m) => `${m.text}=${m.ref}`);
    expect(found).toEqual([
      'Саркиса=sarkis',
      'Сафарова=safarov',
      'Сталина=stalin',
      'ленинградской организации=leningrad-org',
      'Московской конференции=moscow-conf-14',
      'Секретариат ЦК РКП(б)=secretariat-cc',
      'ЦК РКП(б)=cc-rkpb',
      'РКП(б)=rkpb',
      'Москве=moscow',
      'Сталину=stalin',
      'Саркису=sarkis',
    ]);
  });

  it('matches the English variants and nests organisations the same way in both languages', () => {
    const en = docOf('en', [[t('Information has reached the Secretariat of the Central Committee of the R.C.P.(B.) about the Leningrad organisation.')]]);
    const ru = docOf('ru', [[t('До Секретариата ЦК РКП(б) дошли сведения о ленинградской организации.')]]);
    const shape = (d: TeiDocument): string[] => mentionsOf(tagDocument(d, reg).doc).map((m) => `${m.depth}:${m.type}:${m.ref}`);
    expect(shape(en)).toEqual(['0:orgName:secretariat-cc', '1:orgName:cc-rkpb', '2:orgName:rkpb', '0:orgName:leningrad-org']);
    expect(shape(ru)).toEqual(shape(en));
  });

  it('does not tag a place used as a modifier, nor a place inside an organisation name', () => {
    const en = docOf('en', [[t('an open fight by the Leningrad delegation; nobody in Moscow thought so; at the Moscow conference')]]);
    const found = mentionsOf(tagDocument(en, reg).doc).map((m) => `${m.type}:${m.text}`);
    expect(found).toEqual(['placeName:Moscow', 'orgName:Moscow conference']);
  });

  it('never changes a character, and never crosses an emphasis or note boundary', () => {
    const content: Inline[] = [
      t('Письмо '),
      { kind: 'emph', rend: 'italic', children: [t('И. Сталина')] },
      t(' о XIV съезде'),
      { kind: 'noteRef', n: '1' },
      t(' партии, 8 декабря 1925\u00a0г.'),
    ];
    const doc = docOf('ru', [content]);
    const before = JSON.stringify(doc);
    const tagged = tagDocument(doc, reg).doc;
    expect(JSON.stringify(doc)).toBe(before); // the input is left as it was
    const p = tagged.divisions[0].blocks[0] as { content: Inline[] };
    expect(inlineText(p.content)).toBe(inlineText(content));
    const emph = p.content.find((n) => n.kind === 'emph') as { children: Inline[] };
    expect(emph.children[0]).toMatchObject({ kind: 'entity', type: 'persName', ref: 'stalin' });
    // "XIV съезде" + note marker + "партии" is not one mention: the marker splits the text
    expect(mentionsOf(tagged).map((m) => `${m.text}=${m.ref ?? m.when}`)).toEqual(['И. Сталина=stalin', 'XIV съезде=congress-14', '8 декабря 1925\u00a0г.=1925-12-08']);
    expect(p.content.filter((n) => n.kind === 'noteRef')).toHaveLength(1);
  });

  it('is idempotent: tagging a tagged document changes nothing', () => {
    const doc = docOf('en', [[t('J. V. Stalin wrote to the Central Committee on December 8, 1925.')]]);
    const once = tagDocument(doc, reg).doc;
    const twice = tagDocument(once, reg).doc;
    expect(twice).toEqual(once);
  });

  it('tags notes, heads and the title, with dates normalised', () => {
    const doc = docOf('en', [[t('Text.')]], [[t('The Fourteenth Moscow Gubernia Party Conference was held on December 5-13, 1925.')]]);
    doc.meta.titleContent = [t('A Letter to the Presidium of the Twenty-Second Leningrad Gubernia Party Conference')];
    const tagged = tagDocument(doc, reg).doc;
    const note = tagged.notes[0].paragraphs[0];
    const date = note.find((n) => n.kind === 'entity' && n.type === 'date') as EntityMention;
    expect(date).toMatchObject({ from: '1925-12-05', to: '1925-12-13' });
    expect(inlineText(date.children)).toBe('December 5-13, 1925');
    expect(tagged.meta.titleContent?.[1]).toMatchObject({ kind: 'entity', ref: 'presidium-leningrad-conf-22' });
  });
});

describe('tagDocument cold (no register): discovery', () => {
  const empty: Register = { languages: ['ru', 'en'], persons: [], organisations: [], places: [] };

  it('tags names without @ref and returns them as candidates', () => {
    const ru = docOf('ru', [[t('Публикуемое письмо И.В. Сталина было оглашено на XXII губернской конференции Ленинградской организации РКП(б) в Москве.')]]);
    const { doc, candidates } = tagDocument(ru, empty);
    const found = mentionsOf(doc);
    expect(found.every((m) => m.ref === undefined)).toBe(true);
    expect(found.map((m) => `${m.depth}:${m.type}:${m.text}`)).toEqual([
      '0:persName:И.В. Сталина',
      '0:orgName:XXII губернской конференции Ленинградской организации РКП(б)',
      '1:orgName:Ленинградской организации РКП(б)',
      '2:orgName:РКП(б)',
      '0:placeName:Москве',
    ]);
    expect(candidates.map((c) => c.text)).toEqual(found.map((m) => m.text));
    expect(candidates[0]).toMatchObject({ type: 'persName', lang: 'ru', file: 'test-ru.md', key: 'и в сталин' });
    expect(candidates[0].context).toContain('Публикуемое письмо И.В. Сталина было');
  });

  it('finds English persons with initials, organisation patterns and places', () => {
    const en = docOf('en', [[t('This letter from J. V. Stalin reached the Secretariat of the Central Committee of the R.C.P.(B.) and the Fourteenth Party Congress in Moscow.')]]);
    const found = mentionsOf(tagDocument(en).doc).map((m) => `${m.depth}:${m.type}:${m.text}`);
    expect(found).toEqual([
      '0:persName:J. V. Stalin',
      '0:orgName:Secretariat of the Central Committee of the R.C.P.(B.)',
      '1:orgName:Central Committee of the R.C.P.(B.)',
      '2:orgName:R.C.P.(B.)',
      '0:orgName:Fourteenth Party Congress',
      '0:placeName:Moscow',
    ]);
  });

  it('reads Russian full names in either order, and keeps a surname a person through the document', () => {
    const ru = docOf('ru', [
      [t('Киров Сергей Миронович родился в Уржуме Вятской губернии.')],
      [t('Позже Киров жил в Ленинграде, а Сергей Миронович Киров стал членом Политбюро.')],
    ]);
    const found = mentionsOf(tagDocument(ru).doc).map((m) => `${m.type}:${m.text}`);
    expect(found).toEqual([
      'persName:Киров Сергей Миронович',
      'placeName:Уржуме',
      'placeName:Вятской губернии',
      'persName:Киров',
      'placeName:Ленинграде',
      'persName:Сергей Миронович Киров',
      'orgName:Политбюро',
    ]);
  });

  it('does not tag names inside a Russian title in «…»', () => {
    const ru = docOf('ru', [[t('Составлено по изданию «Очерки истории Ленинградской организации КПСС» (Л., 1968).')]]);
    const found = mentionsOf(tagDocument(ru, loadRegister(REGISTER)).doc).map((m) => `${m.type}:${m.text}`);
    expect(found).toEqual(['date:1968']);
  });

  it('leaves generic phrases alone', () => {
    const ru = docOf('ru', [[t('На вашей губернской конференции и на партийном съезде говорили о нашей партии.')]]);
    const en = docOf('en', [[t('At your gubernia conference and at the Party congress they spoke of our Party.')]]);
    expect(mentionsOf(tagDocument(ru).doc)).toEqual([]);
    expect(mentionsOf(tagDocument(en).doc)).toEqual([]);
  });
});

describe('enrichDocument (for teikit convert)', () => {
  it('links to a register file and writes only the entries used; runs cold without one', () => {
    const doc = docOf('en', [[t('J. V. Stalin wrote from Moscow to the Central Committee.')]]);
    const linked = enrichDocument(doc, REGISTER);
    expect([...linked.used].sort()).toEqual(['cc-rkpb', 'moscow', 'stalin']);
    expect(linked.standOff).toBeDefined();
    const cold = enrichDocument(doc);
    expect(cold.standOff).toBeUndefined();
    expect(cold.used.size).toBe(0);
    expect(mentionsOf(cold.doc).map((m) => m.text)).toEqual(['J. V. Stalin', 'Moscow', 'Central Committee']);
  });
});

describe('English discovery details', () => {
  it('does not read abbreviations before numbers or italic titles as names', () => {
    const content: Inline[] = [t('The figures are published in the journal '), { kind: 'emph', rend: 'italic', children: [t('Bolshevik')] }, t(', Vol. 7, by Nikolai Bukharin.')];
    const doc = docOf('en', [content]);
    expect(mentionsOf(tagDocument(doc).doc).map((m) => `${m.type}:${m.text}`)).toEqual(['persName:Nikolai Bukharin']);
  });
});

describe('compound names, conjoined persons, lone bodies', () => {
  it('joins hyphenated names of two capitalised parts and persons joined by "и"', () => {
    const ru = docOf('ru', [[t('Конференция в Иваново\u2011Вознесенске; это подтвердят тт. Рыков и Томский.')]]);
    expect(mentionsOf(tagDocument(ru).doc).map((m) => `${m.type}:${m.text}`)).toEqual(['placeName:Иваново\u2011Вознесенске', 'persName:Рыков', 'persName:Томский']);
    const en = docOf('en', [[t('The conference in Ivanovo-Voznesensk opened not on September 5 but on September 6, 1926.')]]);
    expect(mentionsOf(tagDocument(en).doc).map((m) => `${m.type}:${m.text}:${m.when ?? ''}`)).toEqual([
      'placeName:Ivanovo-Voznesensk:',
      'date:September 5:1926-09-05',
      'date:September 6, 1926:1926-09-06',
    ]);
  });

  it('reads a lone proper noun after "the" as a body, but not a group, a compound or a modifier', () => {
    const en = docOf('en', [[t('He spoke at the Executive Committee of the Comintern in Moscow; the Leninists and the Twenty-Second of them; the Leningrad delegation.')]]);
    expect(mentionsOf(tagDocument(en).doc).map((m) => `${m.depth}:${m.type}:${m.text}`)).toEqual([
      '0:orgName:Executive Committee of the Comintern',
      '1:orgName:Comintern',
      '0:placeName:Moscow',
    ]);
  });
});
