import type { Command } from 'commander';
import { writeFileAtomic } from '../../io/atomic-write';
import { formatReport, prepareGold, scoreRuns } from '../../enrich/entities/score';
import { suggestEntities } from '../../enrich/entities/suggest';
import { describeCommand, type SetExit } from './index';

export function register(program: Command, setExit: SetExit): void {
  const entities = program.command('entities').description(describeCommand('entities'));
  entities
    .command('suggest')
    .description('list names found in an edition but not in its register, with counts and contexts, as JSON ready to merge into register.json')
    .argument('<edition-dir>', 'edition folder (with edition.json)')
    .option('--cold', 'ignore the edition register: list every name discovery finds')
    .option('-o, --out <file>', 'write the JSON to a file (default: standard output)')
    .action((dir: string, opts: { cold?: boolean; out?: string }) => {
      const json = JSON.stringify(suggestEntities(dir, { cold: opts.cold }), null, 2) + '\n';
      if (opts.out) writeFileAtomic(opts.out, json);
      else process.stdout.write(json);
      setExit(0);
    });
  entities
    .command('score')
    .description('precision, recall and F1 per type against gold annotations, (a) with the register and (b) cold start')
    .argument('<gold...>', 'gold annotation files (JSON, see test/enrich/gold/)')
    .option('--json', 'print the reports as JSON')
    .action((files: string[], opts: { json?: boolean }) => {
      const runs = prepareGold(files);
      const reports = [scoreRuns(runs, 'register'), scoreRuns(runs, 'cold')];
      process.stdout.write(opts.json ? JSON.stringify(reports, null, 2) + '\n' : reports.map(formatReport).join('\n\n') + '\n');
      setExit(0);
    });
}
