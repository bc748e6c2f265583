import * as path from 'node:path';
import type { Command } from 'commander';
import { evaluateGold, formatAlignmentReport } from '../../enrich/align';
import { tagDocument } from '../../enrich/entities/tag';
import { loadRegister } from '../../register/load';
import { describeCommand, type SetExit } from './index';

export function register(program: Command, setExit: SetExit): void {
  const align = program.command('align').description(describeCommand('align'));
  align
    .command('score')
    .description('precision, recall and F1 of sentence links and paragraph beads against hand-made gold alignments')
    .argument('<gold...>', 'gold alignment files (JSON, see test/fixtures/align/)')
    .option('--register <file>', 'tag names and dates with this register first (their ids and dates become anchors)')
    .option('--json', 'print the scores as JSON')
    .action((files: string[], opts: { register?: string; json?: boolean }) => {
      const reg = opts.register ? loadRegister(opts.register) : undefined;
      const prepare = reg ? (d: Parameters<typeof tagDocument>[0]) => tagDocument(d, reg).doc : undefined;
      const rows = files.map((f) => ({ name: path.basename(path.dirname(path.resolve(f))), score: evaluateGold(f, prepare).score }));
      process.stdout.write(opts.json ? JSON.stringify(rows, null, 2) + '\n' : formatAlignmentReport(rows) + '\n');
      setExit(0);
    });
}
