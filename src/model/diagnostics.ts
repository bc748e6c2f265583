/**
 * One message type for every diagnostic teikit reports: where (file, line,
 * column), how bad, what, and which rule said so. Readers, the manifest
 * checker, validators and the CLI all speak it.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  file: string;
  line?: number;
  column?: number;
  severity: Severity;
  message: string;
  /** Stable rule id, e.g. "word-md/orphan-note-ref", "manifest/schema". */
  rule: string;
}

/** `file:line:column: severity: message [rule]` */
export function formatDiagnostic(d: Diagnostic): string {
  let where = d.file;
  if (d.line !== undefined) {
    where += `:${d.line}`;
    if (d.column !== undefined) where += `:${d.column}`;
  }
  return `${where}: ${d.severity}: ${d.message} [${d.rule}]`;
}

/** An error carrying one or more diagnostics; the CLI prints them and exits non-zero. */
export class TeikitError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic | Diagnostic[]) {
    const list = Array.isArray(diagnostics) ? diagnostics : [diagnostics];
    super(list.map(formatDiagnostic).join('\n'));
    this.name = 'TeikitError';
    this.diagnostics = list;
  }
}

export function fail(file: string, rule: string, message: string, line?: number, column?: number): never {
  throw new TeikitError({ file, line, column, severity: 'error', message, rule });
}
