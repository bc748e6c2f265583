import type { Command } from 'commander';
import { formatDiagnostic } from '../../model/diagnostics';
import { renderFiles, type RenderFileView } from '../../render';
import { describeCommand, type SetExit } from './index';

const VIEWS: RenderFileView[] = ['html', 'print', 'pdf'];

export function register(program: Command, setExit: SetExit): void {
  program.command('render').description(describeCommand('render'))
    .argument('<tei-file...>', 'TEI XML files')
    .option('-o, --out <dir>', 'output folder', '.')
    .option('--view <view>', 'html | print | pdf', 'html')
    .action(async (files: string[], opts: { out: string; view: string }) => {
      if (!VIEWS.includes(opts.view as RenderFileView)) {
        process.stderr.write(`teikit: render: unknown view "${opts.view}" (expected ${VIEWS.join(', ')})\n`);
        setExit(2);
        return;
      }
      const { written, diagnostics } = await renderFiles(files, opts.out, opts.view as RenderFileView);
      for (const d of diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
      for (const w of written) process.stdout.write(`${w}\n`);
      setExit(diagnostics.some((d) => d.severity === 'error') ? 1 : 0);
    });
}
