import * as fs from 'node:fs';
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { readJsonChecked } from '../json/check-json';
import { type Diagnostic, TeikitError } from '../model/diagnostics';
import { lineColumn } from '../io/read-source';
import { REGISTER_KINDS, type Register } from './types';

const RULE = 'register';

/**
 * Read and check a register file: JSON syntax, then schema/register.schema.json
 * (ajv), then what JSON Schema cannot say: ids unique across persons,
 * organisations and places; every entry named in every language of the
 * register; `partOf` pointing at an organisation that is there; no id that
 * could collide with the writer's own xml:ids ("ru-p1", "en-n2": ids must not
 * start with a language code and a hyphen). Every problem is a Diagnostic
 * with file, line, column, JSON path and what was expected; all are thrown
 * together as one TeikitError.
 */
export function loadRegister(file: string): Register {
  const register = readJsonChecked<Register>(file, 'register.schema.json', RULE);
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const tree = parseTree(text);
  const diags: Diagnostic[] = [];
  const at = (segments: Array<string | number>, message: string, rule: string): void => {
    const node: Node | undefined = tree ? (findNodeAtLocation(tree, segments) ?? tree) : undefined;
    const pos = node ? lineColumn(text, node.offset) : {};
    let jsonPath = '$';
    for (const s of segments) jsonPath += typeof s === 'number' ? `[${s}]` : `.${s}`;
    diags.push({ file, ...pos, severity: 'error', message: `${jsonPath}: ${message}`, rule: `${RULE}/${rule}` });
  };
  const seen = new Map<string, string>();
  const orgIds = new Set(register.organisations.map((o) => o.id));
  for (const kind of REGISTER_KINDS) {
    register[kind].forEach((entry, i) => {
      const prev = seen.get(entry.id);
      if (prev) at([kind, i, 'id'], `id "${entry.id}" is already used by ${prev}; expected an id unique in the register`, 'duplicate-id');
      else seen.set(entry.id, `$.${kind}[${i}]`);
      for (const lang of register.languages) {
        if (entry.id.startsWith(`${lang}-`)) {
          at([kind, i, 'id'], `id "${entry.id}" starts with "${lang}-", which the TEI writer uses for its own xml:ids; expected another id`, 'reserved-id');
        }
        if (!entry.names[lang]) at([kind, i, 'names'], `no names in "${lang}"; expected names in every language of the register (${register.languages.join(', ')})`, 'missing-language');
      }
      for (const lang of Object.keys(entry.names)) {
        if (!register.languages.includes(lang)) at([kind, i, 'names', lang], `language "${lang}" is not in $.languages; expected one of ${register.languages.join(', ')}`, 'unknown-language');
      }
      if (entry.partOf !== undefined) {
        if (kind !== 'organisations') at([kind, i, 'partOf'], 'partOf is for organisations only', 'part-of');
        else if (!orgIds.has(entry.partOf) || entry.partOf === entry.id) at([kind, i, 'partOf'], `"${entry.partOf}": expected the id of another organisation in the register`, 'part-of');
      }
    });
  }
  if (diags.length) throw new TeikitError(diags);
  return register;
}
