import type { Command } from 'commander';
import { formatDiagnostic, TeikitError } from '../../model/diagnostics';
import { collectXmlFiles, createValidator } from '../../validate/validator';
import { describeCommand, type SetExit } from './index';

interface ValidateOptions {
  schema?: string;
  schematron?: string;
  format: string;
  engine?: string;
}

export function register(program: Command, setExit: SetExit): void {
  program.command('validate').description(describeCommand('validate'))
    .argument('<paths...>', 'TEI files or folders')
    .option('--schema <file.rng>', 'RELAX NG schema (XML syntax; .rnc needs jing) for every file')
    .option('--schematron <file.sch>', 'ISO Schematron for every file')
    .option('--format <format>', 'output: text (one line per problem) | json', 'text')
    .option('--engine <engine>', 'RELAX NG engine: auto | jing | libxml', 'auto')
    .action(async (paths: string[], opts: ValidateOptions) => {
      if (opts.format !== 'text' && opts.format !== 'json') {
        throw new TeikitError({ file: '--format', severity: 'error', message: `unknown format "${opts.format}" (expected text or json)`, rule: 'cli/usage' });
      }
      if (opts.engine && !['auto', 'jing', 'libxml'].includes(opts.engine)) {
        throw new TeikitError({ file: '--engine', severity: 'error', message: `unknown engine "${opts.engine}" (expected auto, jing or libxml)`, rule: 'cli/usage' });
      }
      const files = collectXmlFiles(paths);
      if (files.length === 0) {
        throw new TeikitError({ file: paths.join(' '), severity: 'error', message: 'no .xml files found', rule: 'cli/usage' });
      }
      const validator = createValidator({ schema: opts.schema, schematron: opts.schematron, engine: opts.engine as 'auto' | 'jing' | 'libxml' });
      const reports = await validator.validateFiles(files);
      const ok = (v: string): boolean => v === 'valid' || v === 'well-formed';
      const failed = reports.some((r) => !ok(r.verdict));
      if (opts.format === 'json') {
        const summary = {
          valid: !failed,
          files: reports.map((r) => ({
            file: r.file,
            verdict: r.verdict,
            schema: r.schema ?? null,
            schemaSource: r.schemaSource,
            schematron: r.schematron ?? null,
            engine: r.engine ?? null,
            diagnostics: r.diagnostics,
          })),
        };
        process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
      } else {
        for (const r of reports) for (const d of r.diagnostics) process.stdout.write(formatDiagnostic(d) + '\n');
        const bad = reports.filter((r) => !ok(r.verdict)).length;
        process.stderr.write(`teikit validate: ${reports.length - bad} of ${reports.length} file(s) passed\n`);
      }
      setExit(failed ? 1 : 0);
    });
}
