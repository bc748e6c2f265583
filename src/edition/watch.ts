import * as fs from 'node:fs';
import * as path from 'node:path';
import { type BuildOptions, type BuildResult, buildEdition, prepareToBuildAgain } from './build';
import { loadEdition } from './manifest';

export interface WatchOptions extends BuildOptions {
  /** Called after every build of the edition: its result, or the error that stopped it (the previous outputs are then intact). */
  onBuild: (outcome: { result?: BuildResult; error?: unknown; ms: number; trigger: string[] }) => void;
  /** Stops watching when aborted. */
  signal?: AbortSignal;
  /** Called once the first build is done and the process is ready for changes (what a rebuild needs is loaded). */
  onReady?: () => void;
  /** Quiet time after the last change before rebuilding (default 100 ms): an editor's save is often several writes. */
  debounceMs?: number;
}

/** The files a build of the edition reads from the edition: its manifest, register and sources. */
function inputsOf(dir: string): Set<string> {
  const files = new Set<string>([path.resolve(dir, 'edition.json')]);
  try {
    const { manifest } = loadEdition(dir);
    if (manifest.register) files.add(path.resolve(dir, manifest.register));
    for (const s of manifest.sources) files.add(path.resolve(dir, s.file));
  } catch {
    /* a broken manifest: watch it until it is fixed */
  }
  return files;
}

/**
 * Build an edition, then build it again whenever one of its inputs changes,
 * in this process: the libraries, dictionaries, compiled stylesheets and the
 * letters' rendered parts stay loaded, so a rebuild after one changed source
 * costs that source's work and the edition-wide pages, not a cold start.
 * Resolves when `signal` is aborted.
 */
export async function watchEdition(dir: string, opts: WatchOptions): Promise<void> {
  const debounce = opts.debounceMs ?? 100;
  const watchers = new Map<string, fs.FSWatcher>();
  let inputs = new Set<string>();
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;

  /** Watch the folders of the current inputs: new folders are added, folders no longer needed closed, the others kept (no change is missed while rewatching). */
  const rewatch = (): void => {
    inputs = inputsOf(dir);
    const dirs = new Set([...inputs].map((f) => path.dirname(f)).filter((d) => fs.existsSync(d)));
    for (const [d, w] of watchers) {
      if (!dirs.has(d)) {
        w.close();
        watchers.delete(d);
      }
    }
    for (const d of dirs) {
      if (watchers.has(d)) continue;
      watchers.set(
        d,
        fs.watch(d, (_event, name) => {
          const file = name ? path.join(d, name.toString()) : undefined;
          if (file && !inputs.has(file)) return;
          pending.add(file ?? d);
          if (timer) clearTimeout(timer);
          timer = setTimeout(() => void build(), debounce);
        }),
      );
    }
  };

  const build = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    const trigger = [...pending].sort();
    pending = new Set();
    const t0 = performance.now();
    let outcome: Parameters<WatchOptions['onBuild']>[0];
    try {
      const result = await buildEdition(dir, { ...opts, buildsAgain: true });
      outcome = { result, ms: performance.now() - t0, trigger };
    } catch (error) {
      outcome = { error, ms: performance.now() - t0, trigger };
    }
    rewatch(); // sources may have been added or removed
    running = false;
    opts.onBuild(outcome);
    if (again) {
      again = false;
      await build();
    }
  };

  rewatch();
  await build();
  // while waiting for the first change: what its rebuild would load first (a failure here shows in that rebuild)
  await prepareToBuildAgain(dir, opts).catch(() => undefined);
  opts.onReady?.();
  await new Promise<void>((resolve) => {
    if (opts.signal?.aborted) return resolve();
    opts.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  if (timer) clearTimeout(timer);
  for (const w of watchers.values()) w.close();
}
