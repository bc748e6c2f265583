import * as path from 'node:path';
import type { Command } from 'commander';
import { bagProblemDiagnostic, verifyBag } from '../../export/bagit';
import { buildCorpus } from '../../export/corpus';
import { findTeiFiles } from '../../export/dts/model';
import { writeDts } from '../../export/dts/static';
import { exportBag, resolveEdition } from '../../export/edition';
import { TeikitError, formatDiagnostic } from '../../model/diagnostics';
import { describeCommand, type SetExit } from './index';

const usage = (file: string, message: string): TeikitError => new TeikitError({ file, severity: 'error', message, rule: 'cli/usage' });

export function register(program: Command, setExit: SetExit): void {
  const exp = program.command('export').description(describeCommand('export'));

  exp
    .command('bag')
    .description('write a BagIt (RFC 8493) bag of a built edition, or check one with --verify')
    .argument('[edition]', 'edition folder, edition id, or built edition folder (dist/<id>)')
    .option('-o, --out <dir>', 'the bag folder to write')
    .option('--verify <bag>', 'check a bag: names every file missing, added or changed')
    .option('--date <YYYY-MM-DD>', "Bagging-Date (default: the manifest's date, so the bag is the same on every run)")
    .option('--organization <name>', "Source-Organization (default: the manifest's publisher)")
    .option('--dist <dir>', 'where built editions are', 'dist')
    .action((edition: string | undefined, opts: { out?: string; verify?: string; date?: string; organization?: string; dist: string }) => {
      if (opts.verify !== undefined) {
        if (edition !== undefined || opts.out !== undefined) throw usage('--verify', 'give either --verify <bag> or <edition> -o <dir>, not both');
        const r = verifyBag(opts.verify);
        for (const p of r.problems) process.stderr.write(formatDiagnostic(bagProblemDiagnostic(opts.verify, p)) + '\n');
        const errors = r.problems.filter((p) => p.severity === 'error').length;
        process.stderr.write(
          r.valid
            ? `teikit: ${opts.verify} is a valid bag (${r.payloadFiles} payload files, ${r.payloadOctets} octets)\n`
            : `teikit: ${opts.verify} is not a valid bag: ${errors} problem(s)\n`,
        );
        setExit(r.valid ? 0 : 1);
        return;
      }
      if (edition === undefined) throw usage('export bag', 'expected <edition> -o <dir>, or --verify <bag>');
      if (opts.out === undefined) throw usage('export bag', 'expected -o <dir>: the bag folder to write');
      const resolved = resolveEdition(edition, opts.dist);
      const r = exportBag({ ...resolved, outDir: opts.out, date: opts.date, organization: opts.organization });
      process.stderr.write(`teikit: bag written to ${r.dir} (${r.payloadFiles} payload files, ${r.payloadOctets} octets)\n`);
      setExit(0);
    });

  exp
    .command('corpus')
    .description('write dist/<edition>/tei/<edition>.corpus.xml (teiCorpus: corpus header, the register once, every document)')
    .argument('<edition>', 'edition folder, edition id, or built edition folder (dist/<id>)')
    .option('--dist <dir>', 'where built editions are', 'dist')
    .action((edition: string, opts: { dist: string }) => {
      const e = resolveEdition(edition, opts.dist);
      const r = buildCorpus({ editionId: e.editionId, teiFiles: findTeiFiles(e.distDir, e.manifest), manifest: e.manifest, out: path.join(e.distDir, 'tei', `${e.editionId}.corpus.xml`) });
      process.stderr.write(`teikit: wrote ${r.path}\n`);
      setExit(0);
    });

  exp
    .command('dts')
    .description('write the static DTS 1.0 tree of a built edition into dist/<edition>/dts/')
    .argument('<edition>', 'edition folder, edition id, or built edition folder (dist/<id>)')
    .option('--dist <dir>', 'where built editions are', 'dist')
    .option('--base-url <path>', 'URL path where dist/<edition>/dts is published', '/dts')
    .option('--tei-base-url <path>', 'URL path where dist/<edition>/tei is published', '/tei')
    .action((edition: string, opts: { dist: string; baseUrl: string; teiBaseUrl: string }) => {
      const e = resolveEdition(edition, opts.dist);
      const r = writeDts({ editionId: e.editionId, distDir: e.distDir, manifest: e.manifest, baseUrl: opts.baseUrl, teiBaseUrl: opts.teiBaseUrl });
      process.stderr.write(`teikit: wrote ${r.files.length} DTS responses to ${r.dir}\n`);
      setExit(0);
    });
}
