import type { Command } from 'commander';
import { parseHostPort, pushToBaseX } from '../../export/basex';
import { findTeiFiles } from '../../export/dts/model';
import { resolveEdition } from '../../export/edition';
import { describeCommand, type SetExit } from './index';

export function register(program: Command, setExit: SetExit): void {
  program.command('push').description(describeCommand('push'))
    .argument('<edition>', 'edition folder, edition id, or built edition folder (dist/<id>)')
    .requiredOption('--basex <host:port>', 'the BaseX server (basexserver), e.g. 127.0.0.1:1984')
    .requiredOption('--db <name>', 'database name (created when absent)')
    .option('--user <name>', 'BaseX user', 'admin')
    .option('--password <password>', 'BaseX password (default: $TEIKIT_BASEX_PASSWORD, else "admin")')
    .option('--dist <dir>', 'where built editions are', 'dist')
    .action(async (edition: string, opts: { basex: string; db: string; user: string; password?: string; dist: string }) => {
      const { host, port } = parseHostPort(opts.basex);
      const e = resolveEdition(edition, opts.dist);
      const password = opts.password ?? process.env.TEIKIT_BASEX_PASSWORD ?? 'admin';
      const r = await pushToBaseX({ host, port, user: opts.user, password, db: opts.db, teiFiles: findTeiFiles(e.distDir, e.manifest) });
      process.stderr.write(`teikit: stored ${r.documents.join(', ')} in BaseX database "${r.db}" at ${opts.basex} (${r.total} documents in it)\n`);
      setExit(0);
    });
}
