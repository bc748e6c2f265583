/**
 * The word tables of the corpus generator: persons, places and organisations
 * with their Russian case forms written out (nominative, genitive, dative,
 * instrumental; prepositional for places and organisations) and their English
 * names, months, journals, sentence and note templates.
 *
 * Template slots: `{P.case}` a person, `{L.case}` a place, `{O.case}` an
 * organisation (case: nom | gen | dat | ins | prep; English slots take no
 * case), `{D.date}` a single date, `{D.range}` a date range, `{g:masc|fem}` a
 * word agreeing with the gender of the last person filled in. The n-th slot of
 * a kind in the Russian template and in the English template is the same
 * entity, so both language versions name the same people, places and dates.
 */

export type Case = 'nom' | 'gen' | 'dat' | 'ins' | 'prep';

export interface RuForms {
  nom: string;
  gen: string;
  dat: string;
  ins: string;
  prep: string;
}

export interface PersonEntry {
  id: string;
  gender: 'm' | 'f';
  ru: RuForms;
  en: string;
  /** Initials as printed before the surname ("И. В.", "J. V."). */
  initials: { ru: string; en: string };
}

export interface NamedEntry {
  id: string;
  ru: RuForms;
  en: string;
}

const forms = (nom: string, gen: string, dat: string, ins: string, prep: string): RuForms => ({ nom, gen, dat, ins, prep });
const indeclinable = (w: string): RuForms => forms(w, w, w, w, w);

export const PERSONS: PersonEntry[] = [
  { id: 'stalin', gender: 'm', ru: forms('Сталин', 'Сталина', 'Сталину', 'Сталиным', 'Сталине'), en: 'Stalin', initials: { ru: 'И. В.', en: 'J. V.' } },
  { id: 'zinoviev', gender: 'm', ru: forms('Зиновьев', 'Зиновьева', 'Зиновьеву', 'Зиновьевым', 'Зиновьеве'), en: 'Zinoviev', initials: { ru: 'Г. Е.', en: 'G. Y.' } },
  { id: 'kamenev', gender: 'm', ru: forms('Каменев', 'Каменева', 'Каменеву', 'Каменевым', 'Каменеве'), en: 'Kamenev', initials: { ru: 'Л. Б.', en: 'L. B.' } },
  { id: 'bukharin', gender: 'm', ru: forms('Бухарин', 'Бухарина', 'Бухарину', 'Бухариным', 'Бухарине'), en: 'Bukharin', initials: { ru: 'Н. И.', en: 'N. I.' } },
  { id: 'rykov', gender: 'm', ru: forms('Рыков', 'Рыкова', 'Рыкову', 'Рыковым', 'Рыкове'), en: 'Rykov', initials: { ru: 'А. И.', en: 'A. I.' } },
  { id: 'tomsky', gender: 'm', ru: forms('Томский', 'Томского', 'Томскому', 'Томским', 'Томском'), en: 'Tomsky', initials: { ru: 'М. П.', en: 'M. P.' } },
  { id: 'kalinin', gender: 'm', ru: forms('Калинин', 'Калинина', 'Калинину', 'Калининым', 'Калинине'), en: 'Kalinin', initials: { ru: 'М. И.', en: 'M. I.' } },
  { id: 'molotov', gender: 'm', ru: forms('Молотов', 'Молотова', 'Молотову', 'Молотовым', 'Молотове'), en: 'Molotov', initials: { ru: 'В. М.', en: 'V. M.' } },
  { id: 'voroshilov', gender: 'm', ru: forms('Ворошилов', 'Ворошилова', 'Ворошилову', 'Ворошиловым', 'Ворошилове'), en: 'Voroshilov', initials: { ru: 'К. Е.', en: 'K. Y.' } },
  { id: 'dzerzhinsky', gender: 'm', ru: forms('Дзержинский', 'Дзержинского', 'Дзержинскому', 'Дзержинским', 'Дзержинском'), en: 'Dzerzhinsky', initials: { ru: 'Ф. Э.', en: 'F. E.' } },
  { id: 'kirov', gender: 'm', ru: forms('Киров', 'Кирова', 'Кирову', 'Кировым', 'Кирове'), en: 'Kirov', initials: { ru: 'С. М.', en: 'S. M.' } },
  { id: 'sarkis', gender: 'm', ru: forms('Саркис', 'Саркиса', 'Саркису', 'Саркисом', 'Саркисе'), en: 'Sarkis', initials: { ru: 'С.', en: 'S.' } },
  { id: 'safarov', gender: 'm', ru: forms('Сафаров', 'Сафарова', 'Сафарову', 'Сафаровым', 'Сафарове'), en: 'Safarov', initials: { ru: 'Г. И.', en: 'G. I.' } },
  { id: 'yevdokimov', gender: 'm', ru: forms('Евдокимов', 'Евдокимова', 'Евдокимову', 'Евдокимовым', 'Евдокимове'), en: 'Yevdokimov', initials: { ru: 'Г. Е.', en: 'G. Y.' } },
  { id: 'lashevich', gender: 'm', ru: forms('Лашевич', 'Лашевича', 'Лашевичу', 'Лашевичем', 'Лашевиче'), en: 'Lashevich', initials: { ru: 'М. М.', en: 'M. M.' } },
  { id: 'krupskaya', gender: 'f', ru: forms('Крупская', 'Крупской', 'Крупской', 'Крупской', 'Крупской'), en: 'Krupskaya', initials: { ru: 'Н. К.', en: 'N. K.' } },
  { id: 'kollontai', gender: 'f', ru: forms('Коллонтай', 'Коллонтай', 'Коллонтай', 'Коллонтай', 'Коллонтай'), en: 'Kollontai', initials: { ru: 'А. М.', en: 'A. M.' } },
  { id: 'ordzhonikidze', gender: 'm', ru: indeclinable('Орджоникидзе'), en: 'Orjonikidze', initials: { ru: 'Г. К.', en: 'G. K.' } },
  { id: 'sokolnikov', gender: 'm', ru: forms('Сокольников', 'Сокольникова', 'Сокольникову', 'Сокольниковым', 'Сокольникове'), en: 'Sokolnikov', initials: { ru: 'Г. Я.', en: 'G. Y.' } },
  { id: 'uglanov', gender: 'm', ru: forms('Угланов', 'Угланова', 'Угланову', 'Углановым', 'Угланове'), en: 'Uglanov', initials: { ru: 'Н. А.', en: 'N. A.' } },
  { id: 'kuibyshev', gender: 'm', ru: forms('Куйбышев', 'Куйбышева', 'Куйбышеву', 'Куйбышевым', 'Куйбышеве'), en: 'Kuibyshev', initials: { ru: 'В. В.', en: 'V. V.' } },
];

export const PLACES: NamedEntry[] = [
  { id: 'moscow', ru: forms('Москва', 'Москвы', 'Москве', 'Москвой', 'Москве'), en: 'Moscow' },
  { id: 'leningrad', ru: forms('Ленинград', 'Ленинграда', 'Ленинграду', 'Ленинградом', 'Ленинграде'), en: 'Leningrad' },
  { id: 'kharkov', ru: forms('Харьков', 'Харькова', 'Харькову', 'Харьковом', 'Харькове'), en: 'Kharkov' },
  { id: 'kiev', ru: forms('Киев', 'Киева', 'Киеву', 'Киевом', 'Киеве'), en: 'Kiev' },
  { id: 'tiflis', ru: forms('Тифлис', 'Тифлиса', 'Тифлису', 'Тифлисом', 'Тифлисе'), en: 'Tiflis' },
  { id: 'baku', ru: indeclinable('Баку'), en: 'Baku' },
  { id: 'rostov', ru: forms('Ростов', 'Ростова', 'Ростову', 'Ростовом', 'Ростове'), en: 'Rostov' },
  { id: 'samara', ru: forms('Самара', 'Самары', 'Самаре', 'Самарой', 'Самаре'), en: 'Samara' },
  { id: 'nizhny-novgorod', ru: forms('Нижний Новгород', 'Нижнего Новгорода', 'Нижнему Новгороду', 'Нижним Новгородом', 'Нижнем Новгороде'), en: 'Nizhni-Novgorod' },
  { id: 'sverdlovsk', ru: forms('Свердловск', 'Свердловска', 'Свердловску', 'Свердловском', 'Свердловске'), en: 'Sverdlovsk' },
];

export const ORGANISATIONS: NamedEntry[] = [
  { id: 'central-committee', ru: forms('Центральный Комитет', 'Центрального Комитета', 'Центральному Комитету', 'Центральным Комитетом', 'Центральном Комитете'), en: 'Central Committee' },
  { id: 'politburo', ru: indeclinable('Политбюро'), en: 'Political Bureau' },
  { id: 'comintern', ru: forms('Коминтерн', 'Коминтерна', 'Коминтерну', 'Коминтерном', 'Коминтерне'), en: 'Comintern' },
  { id: 'moscow-committee', ru: forms('Московский комитет', 'Московского комитета', 'Московскому комитету', 'Московским комитетом', 'Московском комитете'), en: 'Moscow Committee' },
  { id: 'secretariat', ru: forms('Секретариат ЦК', 'Секретариата ЦК', 'Секретариату ЦК', 'Секретариатом ЦК', 'Секретариате ЦК'), en: 'Secretariat of the Central Committee' },
  {
    id: 'central-control-commission',
    ru: forms('Центральная контрольная комиссия', 'Центральной контрольной комиссии', 'Центральной контрольной комиссии', 'Центральной контрольной комиссией', 'Центральной контрольной комиссии'),
    en: 'Central Control Commission',
  },
  { id: 'leningrad-gubkom', ru: forms('Ленинградский губком', 'Ленинградского губкома', 'Ленинградскому губкому', 'Ленинградским губкомом', 'Ленинградском губкоме'), en: 'Leningrad Gubernia Committee' },
  { id: 'vtsps', ru: indeclinable('ВЦСПС'), en: 'All-Union Central Council of Trade Unions' },
];

/** Month names: Russian genitive ("декабря"), English. */
export const MONTHS: Array<{ ru: string; en: string }> = [
  { ru: 'января', en: 'January' },
  { ru: 'февраля', en: 'February' },
  { ru: 'марта', en: 'March' },
  { ru: 'апреля', en: 'April' },
  { ru: 'мая', en: 'May' },
  { ru: 'июня', en: 'June' },
  { ru: 'июля', en: 'July' },
  { ru: 'августа', en: 'August' },
  { ru: 'сентября', en: 'September' },
  { ru: 'октября', en: 'October' },
  { ru: 'ноября', en: 'November' },
  { ru: 'декабря', en: 'December' },
];

export interface Pair {
  ru: string;
  en: string;
}

/** Sentences of the letter body. */
export const SENTENCES: Pair[] = [
  { ru: '{P.nom} {g:выступил|выступила} в {L.prep} с докладом о положении в партии.', en: '{P} spoke in {L} with a report on the situation in the Party.' },
  { ru: 'До {O.gen} дошли сведения о выступлении {P.gen} в {L.prep}.', en: 'Information has reached the {O} about the speech by {P} in {L}.' },
  { ru: 'Прошу передать {P.dat} мой товарищеский привет.', en: 'Please convey my comradely greetings to {P}.' },
  { ru: 'Этот вопрос был подробно обсуждён с {P.ins} {D.date}.', en: 'This question was discussed in detail with {P} on {D.date}.' },
  { ru: 'Решение {O.gen} было принято на заседаниях, состоявшихся {D.range}.', en: 'The decision of the {O} was adopted at the sittings held on {D.range}.' },
  { ru: 'Мы с {P.ins} считаем необходимым поддержать организацию в {L.prep}.', en: '{P} and I consider it necessary to support the organisation in {L}.' },
  { ru: 'Товарищ {P.nom} {g:вернулся|вернулась} из {L.gen} {D.date}.', en: 'Comrade {P} returned from {L} on {D.date}.' },
  { ru: 'По мнению {P.gen}, {O.dat} следует рассмотреть этот вопрос ещё раз.', en: 'In the opinion of {P}, the {O} should consider this question once again.' },
  { ru: 'Письмо {P.gen} было направлено {O.dat} {D.date}.', en: 'The letter from {P} was sent to the {O} on {D.date}.' },
  { ru: 'Работа {O.gen} в {L.prep} заслуживает полного одобрения.', en: 'The work of the {O} in {L} deserves full approval.' },
  { ru: 'Я согласен с {P.ins} и {P.ins} в оценке положения.', en: 'I agree with {P} and {P} in their assessment of the situation.' },
  { ru: 'Съезд партии открылся в {L.prep} {D.date}.', en: 'The Party congress opened in {L} on {D.date}.' },
  { ru: 'Переговоры с {O.ins} проходили {D.range}.', en: 'The talks with the {O} took place on {D.range}.' },
  { ru: 'Ввиду этого мне кажутся тревожными выступления {P.gen} и других товарищей.', en: 'In view of this, the speeches delivered by {P} and other comrades give cause for alarm.' },
  { ru: 'В настоящих условиях единство партии является необходимым более, чем когда‑либо.', en: 'Under present conditions the unity of the Party is more necessary than ever before.' },
  { ru: 'Никто не думал ни дискредитировать организацию, ни призывать к борьбе с ней.', en: 'Nobody thought either of discrediting the organisation or of calling for a fight against it.' },
  { ru: 'Считаю своим долгом довести это до вашего сведения.', en: 'I consider it my duty to bring this to your notice.' },
  { ru: 'Единство ленинцев может быть не только сохранено, но и укреплено.', en: 'Unity among the Leninists can be not only maintained, but also strengthened.' },
  { ru: 'Из стенограмм речей нетрудно убедиться, что никто не думал о расколе.', en: 'The stenographic reports of the speeches easily show that nobody thought of a split.' },
  { ru: 'Организация есть и должна остаться одной из важнейших опор нашей партии.', en: 'The organisation is and must remain one of our Party’s most important supports.' },
];

/** Bodies of the endnotes (after the first, which is about the letter itself). */
export const NOTES: Pair[] = [
  { ru: 'Конференция в {L.prep} состоялась {D.range}, накануне XIV съезда партии.', en: 'The conference in {L} was held on {D.range}, just before the Fourteenth Party Congress.' },
  { ru: '{P.nom} в то время {g:был|была} членом {O.gen}.', en: 'At that time {P} was a member of the {O}.' },
  { ru: 'Речь идёт о постановлении {O.gen}, принятом {D.date}.', en: 'The reference is to the decision of the {O} adopted on {D.date}.' },
  { ru: 'Письмо {P.gen} было опубликовано в {L.prep} {D.date}.', en: 'The letter from {P} was published in {L} on {D.date}.' },
  { ru: 'Пленум {O.gen} заседал {D.range}; в его работе {g:участвовал|участвовала} {P.nom}.', en: 'The plenum of the {O} sat on {D.range}; {P} took part in its work.' },
];

/** The first note, on the title: the occasion of the letter. */
export const TITLE_NOTES: Pair[] = [
  { ru: 'Публикуемое письмо было оглашено {D.date} на закрытом заседании конференции в {L.prep}.', en: 'This letter was read at a private session of the conference in {L} held on {D.date}.' },
  { ru: 'Конференция {O.gen} состоялась {D.range}. Письмо было получено {D.date}.', en: 'The conference of the {O} was held on {D.range}. The letter was received on {D.date}.' },
  { ru: 'Письмо написано в ответ на запрос {P.gen}.', en: 'The letter was written in reply to an inquiry by {P}.' },
];

/** Titles: addressed to a person (`{P.dat}`) or an organisation. */
export const TITLES: Pair[] = [
  { ru: 'Письмо товарищу {P.dat}', en: 'A Letter to Comrade {P}' },
  { ru: 'Письмо президиуму конференции в {L.prep}', en: 'A Letter to the Presidium of the Conference in {L}' },
  { ru: 'Ответ {O.dat}', en: 'A Reply to the {O}' },
  { ru: 'Телеграмма {O.dat} в {L.prep}', en: 'A Telegram to the {O} in {L}' },
  { ru: 'Письмо членам {O.gen}', en: 'A Letter to the Members of the {O}' },
];

export const SALUTATIONS: Pair[] = [
  { ru: 'Дорогие товарищи!', en: 'Dear comrades,' },
  { ru: 'Товарищи!', en: 'Comrades!' },
  { ru: '{g:Уважаемый|Уважаемая} товарищ {P.nom}!', en: 'Dear Comrade {P},' },
];

export const ROLES: Pair[] = [
  { ru: 'Член президиума конференции', en: 'Member of the Presidium of the conference' },
  { ru: 'Секретарь ЦК', en: 'Secretary of the Central Committee' },
  { ru: 'Член Политбюро', en: 'Member of the Political Bureau' },
];

/** First publication: journal title in Russian and in transliteration. */
export const JOURNALS: Array<{ ru: string; en: string; kind: Pair }> = [
  { ru: 'Красная Летопись', en: 'Krasnaya Letopis', kind: { ru: 'Журнал', en: 'The magazine' } },
  { ru: 'Большевик', en: 'Bolshevik', kind: { ru: 'Журнал', en: 'The magazine' } },
  { ru: 'Правда', en: 'Pravda', kind: { ru: 'Газета', en: 'The newspaper' } },
  { ru: 'Пролетарская революция', en: 'Proletarskaya Revolutsia', kind: { ru: 'Журнал', en: 'The magazine' } },
];

export const TRANSCRIBERS = ['Salil Sen', 'Brian Baggins', 'Mike Bessler', 'David Walters', 'Andy Blunden'];
