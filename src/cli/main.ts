import { Command, CommanderError } from 'commander';
import { TeikitError, formatDiagnostic } from '../model/diagnostics';
import { registerCommands } from './commands';
import { TEIKIT_VERSION } from '../paths';

/** Thin CLI over the library API. Returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command();
  program.name('teikit').description('Source texts to TEI P5 scholarly editions').version(TEIKIT_VERSION);
  program.exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  let exitCode = 0;
  registerCommands(program, (code) => {
    exitCode = Math.max(exitCode, code);
  });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof TeikitError) {
      for (const d of err.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
      return 1;
    }
    throw err;
  }
  return exitCode;
}
