/**
 * The register of an edition (editions/<id>/register.json, checked against
 * schema/register.schema.json): every person, organisation and place the
 * texts name, with one id for all language versions. See docs/register.md.
 */

export type RegisterKind = 'persons' | 'organisations' | 'places';

export interface RegisterEntry {
  /** xml:id in <standOff>; mentions carry ref="#id". */
  id: string;
  /** Per language: preferred name first, then variant forms (nominative; the tagger inflects). */
  names: Record<string, string[]>;
  idno?: { wikidata?: string; viaf?: string; gnd?: string };
  /** Organisations: id of the organisation this one belongs to. */
  partOf?: string;
  note?: Record<string, string>;
}

export interface Register {
  edition?: string;
  languages: string[];
  persons: RegisterEntry[];
  organisations: RegisterEntry[];
  places: RegisterEntry[];
}

export const KIND_TO_TYPE = {
  persons: 'persName',
  organisations: 'orgName',
  places: 'placeName',
} as const;

export const REGISTER_KINDS: RegisterKind[] = ['persons', 'organisations', 'places'];

/** An empty register: the tagger runs cold (discovery only). */
export function emptyRegister(languages: string[] = []): Register {
  return { languages, persons: [], organisations: [], places: [] };
}
