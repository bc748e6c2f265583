import type { Command } from 'commander';
import { resolveEdition } from '../../export/edition';
import { serveEdition } from '../../export/serve';
import { TeikitError } from '../../model/diagnostics';
import { describeCommand, type SetExit } from './index';

export function register(program: Command, setExit: SetExit): void {
  program.command('serve').description(describeCommand('serve'))
    .argument('<edition>', 'edition folder, edition id, or built edition folder (dist/<id>)')
    .option('-p, --port <port>', 'TCP port (0: any free port)', '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--dist <dir>', 'where built editions are', 'dist')
    .action(async (edition: string, opts: { port: string; host: string; dist: string }) => {
      if (!/^\d{1,5}$/.test(opts.port) || Number(opts.port) > 65535) {
        throw new TeikitError({ file: '--port', severity: 'error', message: `"${opts.port}": expected a port number 0-65535`, rule: 'cli/usage' });
      }
      const e = resolveEdition(edition, opts.dist);
      const server = await serveEdition({ distDir: e.distDir, editionId: e.editionId, manifest: e.manifest, port: Number(opts.port), host: opts.host });
      process.stderr.write(`teikit: serving ${e.editionId} at ${server.url}/ (DTS entry point ${server.url}/api/dts/); Ctrl-C stops\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await server.close();
      process.stderr.write('teikit: server stopped\n');
      setExit(0);
    });
}
