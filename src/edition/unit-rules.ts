import * as path from 'node:path';
import { elementPositions } from '../xml/positions';
import { declaredAsXml10, loadCompiledSchematron, runSchematron } from '../validate/schematron-run';
import type { UnitInput, UnitOutput } from './unit-plan';

/**
 * The edition rules over each document a unit wrote, into `out.diagnostics`
 * (in a worker thread right after the unit is built, or in the main thread
 * for a rebuild whose unit was built beside it). A document with a DOCTYPE
 * (never written by teikit) would need the main thread's entity handling:
 * such a unit is left unchecked here (no `diagnostics`).
 */
export function checkUnitRules(out: UnitOutput, rules: NonNullable<UnitInput['rules']>): void {
  if (out.documents.some((d) => d.xml.includes('<!DOCTYPE'))) return;
  const compiled = loadCompiledSchematron(rules.source, rules.sefFile);
  out.diagnostics = [];
  for (const d of out.documents) {
    // teikit's writer declares UTF-8 and no DOCTYPE: the text is what SaxonJS reads, positions are exact
    out.diagnostics.push(...runSchematron(compiled, declaredAsXml10(d.xml), path.join(rules.teiDir, d.fileName), () => elementPositions(d.xml)));
  }
}
