export { createValidator, validateEditionTei, collectXmlFiles, xmlModels, EDITION_RNG, EDITION_SCH } from './validator';
export type { Validator, ValidatorOptions, FileReport, Verdict, SchemaSource } from './validator';
export { compileSchematron, runSchematron, schematronToXslt } from './schematron';
export type { CompiledSchematron } from './schematron';
export { validateWithJing, validateWithLibxml, findJing } from './relaxng';
export type { RngEngineName, RngTarget, RngRun } from './relaxng';
export { deriveSchema, readCustomisation, generateEditionSchema } from './derive-schema';
