/**
 * libxmljs2 has `Document.rngValidate` (RELAX NG) but its type definitions
 * leave it out. It recompiles the schema on every call (milliseconds for the
 * edition schema, about 5 s for tei_all): for many files against a large
 * schema use src/validate (jing in one run) instead.
 */
import 'libxmljs2';

declare module 'libxmljs2' {
  interface Document {
    /** Validate against a parsed RELAX NG schema document; errors land in `validationErrors`. */
    rngValidate(schema: Document): boolean;
  }
}

export {};
