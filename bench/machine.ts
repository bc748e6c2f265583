/** The machine and software a benchmark ran on, for the report. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT, TEIKIT_VERSION } from '../src/paths';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memBytes: number;
  os: string;
  node: string;
  npm: string;
  teikit: string;
  commit?: string;
  packages: Record<string, string>;
  /** 1-minute load average when the run started (other work on the machine skews timings). */
  loadAverage: number;
}

function packageVersion(name: string): string | undefined {
  try {
    const file = path.join(PROJECT_ROOT, 'node_modules', name, 'package.json');
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  const npm = spawnSync('npm', ['-v'], { encoding: 'utf8', cwd: PROJECT_ROOT });
  const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', cwd: PROJECT_ROOT });
  let osName = `${os.type()} ${os.release()}`;
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(fs.readFileSync('/etc/os-release', 'utf8'));
    if (pretty) osName = `${pretty[1]}, kernel ${os.release()}`;
  } catch {
    /* no os-release: keep the kernel name */
  }
  const packages: Record<string, string> = {};
  for (const p of ['saxon-js', 'xslt3', 'xmlbuilder2', 'libxmljs2', 'ajv', 'az', 'typescript']) {
    const v = packageVersion(p);
    if (v) packages[p] = v;
  }
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memBytes: os.totalmem(),
    os: osName,
    node: process.version,
    npm: npm.status === 0 ? npm.stdout.trim() : 'unknown',
    teikit: TEIKIT_VERSION,
    commit: git.status === 0 ? git.stdout.trim() : undefined,
    packages,
    loadAverage: os.loadavg()[0],
  };
}
