import { Help, type Command } from 'commander';

/** Sets the exit code of the run (the highest one wins). */
export type SetExit = (code: number) => void;

/** What every command file in this folder exports. */
export interface CommandModule {
  register(program: Command, setExit: SetExit): void;
}

/** One command as `teikit --help` lists it, and where its code is. */
export interface CommandEntry {
  name: string;
  /** The one-line description of `teikit --help`; the command file gives it to its command through describeCommand(). */
  description: string;
  /** What `teikit --help` shows after the name: `[options]` when the command has options, then its arguments. */
  usage: string;
  /**
   * Loads the command's file. It is required only when the command runs (or its help is asked for):
   * the files pull in saxon-js, libxmljs2, compromise, chrono-node, ajv…, which take far longer
   * to load than most commands take to run.
   */
  load(): CommandModule;
}

/**
 * Every CLI command lives in its own file in this folder and exports
 * `register(program, setExit)`. Add one entry here per command.
 * test/cli/registry.test.ts checks each entry against what its file registers.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'align',
    description: 'alignment of a translation with its original',
    usage: '',
    load: (): typeof import('./align') => require('./align'),
  },
  {
    name: 'build',
    description: 'build editions (default: every edition under editions/) into dist/<edition>/',
    usage: '[options] [edition-dir...]',
    load: (): typeof import('./build') => require('./build'),
  },
  {
    name: 'convert',
    description: 'convert one source file to TEI P5 (format and language detected from the content when not given)',
    usage: '[options] <file>',
    load: (): typeof import('./convert') => require('./convert'),
  },
  {
    name: 'entities',
    description: 'names and dates: register candidates and quality scores',
    usage: '',
    load: (): typeof import('./entities') => require('./entities'),
  },
  {
    name: 'export',
    description: 'export a built edition: BagIt bag, teiCorpus, static DTS tree',
    usage: '',
    load: (): typeof import('./export') => require('./export'),
  },
  {
    name: 'push',
    description: 'store the TEI documents of a built edition in a BaseX database (again: replaces, never duplicates)',
    usage: '[options] <edition>',
    load: (): typeof import('./push') => require('./push'),
  },
  {
    name: 'render',
    description: "render TEI files (any TEI, not only teikit's) to an HTML reading page, print HTML or PDF",
    usage: '[options] <tei-file...>',
    load: (): typeof import('./render') => require('./render'),
  },
  {
    name: 'serve',
    description: 'serve a built edition on localhost: the HTML edition at /, the DTS 1.0 API at /api/dts/ (stop with Ctrl-C)',
    usage: '[options] <edition>',
    load: (): typeof import('./serve') => require('./serve'),
  },
  {
    name: 'validate',
    description:
      'validate TEI files (folders: every .xml in them) against RELAX NG and Schematron; without --schema: the local schema the xml-model names, else tei_all when configured',
    usage: '[options] <paths...>',
    load: (): typeof import('./validate') => require('./validate'),
  },
];

/** A command's one-line description, kept once, here: the command files take theirs from this list. */
export function describeCommand(name: string): string {
  const entry = COMMANDS.find((e) => e.name === name);
  if (!entry) throw new Error(`teikit: no command "${name}" in src/cli/commands/index.ts`);
  return entry.description;
}

/**
 * Adds every command to the program, loading none of their files: each command starts as a
 * placeholder with its name and description, and its file fills it in (options, arguments,
 * subcommands, action) just before commander hands the arguments to it. So `teikit build`
 * loads the build command only, and `teikit --help` none.
 */
export function registerCommands(program: Command, setExit: SetExit, commands: readonly CommandEntry[] = COMMANDS): void {
  const unloaded = new Map<Command, CommandEntry>();
  program.configureHelp({
    subcommandTerm(this: Help, cmd: Command): string {
      const entry = unloaded.get(cmd);
      return entry ? (entry.usage ? `${entry.name} ${entry.usage}` : entry.name) : Help.prototype.subcommandTerm.call(this, cmd);
    },
  });
  const load = (placeholder: Command): void => {
    const entry = unloaded.get(placeholder);
    if (!entry) return;
    unloaded.delete(placeholder);
    entry.load().register(parentOf(placeholder), setExit);
  };
  for (const entry of commands) {
    const placeholder = program.command(entry.name).description(entry.description);
    unloaded.set(placeholder, entry);
    // `teikit help <command>` prints the command's help without dispatching to it.
    placeholder.on('beforeHelp', () => load(placeholder));
  }
  // `teikit <command> …`: commander has found the command and is about to parse its arguments.
  program.hook('preSubcommand', (_program, placeholder) => load(placeholder));
}

/**
 * What a command file's register() gets as the program: its `command(name)` returns the
 * placeholder already in the program's list, for the file to fill in.
 */
function parentOf(placeholder: Command): Command {
  const parent: Pick<Command, 'command'> = {
    command(nameAndArgs: string): Command {
      if (nameAndArgs !== placeholder.name()) {
        throw new Error(`teikit: the command file for "${placeholder.name()}" registers "${nameAndArgs}" (src/cli/commands/index.ts lists it under its own name)`);
      }
      return placeholder;
    },
  } as Pick<Command, 'command'>;
  return parent as Command;
}
