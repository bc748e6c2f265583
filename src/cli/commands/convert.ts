import * as path from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../../io/atomic-write';
import { readSource } from '../../readers';
import { writeTei } from '../../writers/tei';
import { enrichDocument } from '../../enrich/entities/enrich';
import { describeCommand, type SetExit } from './index';

export function register(program: Command, setExit: SetExit): void {
  program.command('convert').description(describeCommand('convert'))
    .argument('<file>', 'source text')
    .option('-f, --format <format>', 'source format: word-md | mia-txt')
    .option('-l, --lang <code>', 'language of the text (BCP 47, e.g. ru, en)')
    .option('-o, --out <file>', 'output TEI file (default: standard output)')
    .option('-r, --register <file>', 'register (register.json) to link names to; without one, names are found cold (no @ref)')
    .action(async (file: string, opts: { format?: string; lang?: string; out?: string; register?: string }) => {
      const { doc, chosen } = readSource(file, { format: opts.format, lang: opts.lang });
      for (const c of chosen) process.stderr.write(`teikit: ${file}: chose ${c}\n`);
      const docId = toNcName(path.basename(file).replace(/\.[^.]*$/, '')) + `.${doc.lang}`;
      const enriched = enrichDocument(doc, opts.register);
      const xml = writeTei(enriched.doc, {
        docId,
        standOff: enriched.standOff,
        otherLanguages: enriched.standOff ? enriched.register?.languages : undefined,
      });
      if (opts.out) writeFileAtomic(opts.out, xml);
      else process.stdout.write(xml);
      setExit(0);
    });
}

function toNcName(s: string): string {
  const t = s.replace(/[^\p{L}\p{N}_.-]/gu, '-');
  return /^[\p{L}_]/u.test(t) ? t : `d-${t}`;
}
