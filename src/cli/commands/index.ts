import type { Command } from 'commander';
import * as align from './align';
import * as build from './build';
import * as convert from './convert';
import * as entities from './entities';
import * as exportCmd from './export';
import * as push from './push';
import * as render from './render';
import * as serve from './serve';
import * as validate from './validate';

/** Sets the exit code of the run (the highest one wins). */
export type SetExit = (code: number) => void;

/**
 * Every CLI command lives in its own file in this folder and exports
 * `register(program, setExit)`. Add one line here per command.
 */
export function registerCommands(program: Command, setExit: SetExit): void {
  const modules: Array<{ register(p: Command, s: SetExit): void }> = [
    align,
    build,
    convert,
    entities,
    exportCmd,
    push,
    render,
    serve,
    validate,
  ];
  for (const m of modules) m.register(program, setExit);
}
