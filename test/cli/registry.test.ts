import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { Command, CommanderError, Help } from 'commander';
import { COMMANDS, registerCommands, type CommandEntry, type CommandModule } from '../../src/cli/commands';
import { ROOT } from '../helpers/cli';

/** A program set up as main() sets it up, writing into strings. */
function program(): { program: Command; out: () => string } {
  let out = '';
  const p = new Command().name('teikit').description('Source texts to TEI P5 scholarly editions');
  p.exitOverride();
  p.configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s), getOutHelpWidth: () => 80, getErrHelpWidth: () => 80 });
  return { program: p, out: () => out };
}

async function run(p: Command, args: string[]): Promise<void> {
  try {
    await p.parseAsync(args, { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
  }
}

/** The registry with every load() counted. */
function counted(): { entries: CommandEntry[]; loaded: string[] } {
  const loaded: string[] = [];
  const entries = COMMANDS.map((e) => ({ ...e, load: (): CommandModule => (loaded.push(e.name), e.load()) }));
  return { entries, loaded };
}

describe('command registry', () => {
  it.each(COMMANDS.map((e) => [e.name, e]))('%s: name, description and usage are what its file registers', (_name, entry) => {
    const p = new Command();
    entry.load().register(p, () => undefined);
    expect(p.commands.map((c) => c.name())).toEqual([entry.name]);
    const cmd = p.commands[0];
    expect(cmd.description()).toBe(entry.description);
    expect(new Help().subcommandTerm(cmd)).toBe(entry.usage ? `${entry.name} ${entry.usage}` : entry.name);
  });

  it('teikit --help lists every command as if every file were loaded, and loads none', async () => {
    const eager = program();
    for (const e of COMMANDS) e.load().register(eager.program, () => undefined);
    await run(eager.program, ['--help']);

    const { entries, loaded } = counted();
    const lazy = program();
    registerCommands(lazy.program, () => undefined, entries);
    await run(lazy.program, ['--help']);
    expect(lazy.out()).toBe(eager.out());
    for (const e of COMMANDS) expect(lazy.out()).toContain(e.name);
    expect(loaded).toEqual([]);
  });

  it.each([
    [['build', '--help']],
    [['help', 'build']],
    [['export', 'bag', '--help']],
    [['help', 'export']],
    [['export']],
  ])('teikit %j loads that one command and prints what the eager CLI prints', async (args) => {
    const eager = program();
    for (const e of COMMANDS) e.load().register(eager.program, () => undefined);
    await run(eager.program, args);

    const { entries, loaded } = counted();
    const lazy = program();
    registerCommands(lazy.program, () => undefined, entries);
    await run(lazy.program, args);
    expect(lazy.out()).toBe(eager.out());
    expect(lazy.out()).toMatch(/Usage: teikit (build|export)/);
    expect(loaded).toEqual([args[0] === 'help' ? args[1] : args[0]]);
  });

  it('an unknown command is named, with the nearest one, and nothing is loaded', async () => {
    const { entries, loaded } = counted();
    const lazy = program();
    registerCommands(lazy.program, () => undefined, entries);
    await run(lazy.program, ['biuld']);
    expect(lazy.out()).toBe("error: unknown command 'biuld'\n(Did you mean build?)\n");
    expect(loaded).toEqual([]);
  });

  it('the built CLI loads no command file and no heavy library for --help, only its own for build --help', () => {
    const loadedBy = (args: string[]): string[] => {
      const script = `require(${JSON.stringify(path.join(ROOT, 'dist-lib/src/cli/main.js'))}).main(['node', 'teikit', ...${JSON.stringify(args)}]).then(() => {
        process.stderr.write(JSON.stringify(Object.keys(require.cache)));
      });`;
      const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
      expect(r.status).toBe(0);
      return (JSON.parse(r.stderr) as string[]).map((f) => path.relative(ROOT, f));
    };
    const heavy = /node_modules\/(saxon-js|libxmljs2|compromise|chrono-node|az|ajv|xmlbuilder2)\//;
    const help = loadedBy(['--help']);
    expect(help.filter((f) => f.startsWith('dist-lib/src/cli/commands/'))).toEqual(['dist-lib/src/cli/commands/index.js']);
    expect(help.filter((f) => heavy.test(f))).toEqual([]);
    const build = loadedBy(['build', '--help']);
    expect(build.filter((f) => f.startsWith('dist-lib/src/cli/commands/')).sort()).toEqual(['dist-lib/src/cli/commands/build.js', 'dist-lib/src/cli/commands/index.js']);
  });
});
