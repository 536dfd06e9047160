/** The machine and versions a report names, read from the system. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { kubernetesVersion } from '../test/cluster/config';
import { CHROMIUM_PATH } from '../test/e2e/support/browser';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  node: string;
  chromium: string;
  kubernetes: string;
  /** Folder name of the built cluster binaries, which carries etcd's and kwok's versions. */
  clusterBinaries: string;
  appVersion: string;
  commit: string;
  date: string;
}

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8' }).trim();
  } catch (error) {
    return `unknown (${command} failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
  }
}

export function readMachine(binDir: string): MachineInfo {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const totalKiB = Number(/MemTotal:\s+(\d+)/.exec(meminfo)?.[1] ?? 0);
  const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  const dirty = run('git', ['status', '--porcelain']).length > 0;
  return {
    cpuModel: /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? 'unknown',
    cores: (cpuinfo.match(/^processor\s*:/gm) ?? []).length,
    memoryGiB: Math.round((totalKiB / 1024 / 1024) * 10) / 10,
    kernel: run('uname', ['-r']),
    node: process.version,
    chromium: run(CHROMIUM_PATH, ['--version']),
    kubernetes: kubernetesVersion,
    clusterBinaries: basename(binDir),
    appVersion: packageJson.version,
    commit: `${run('git', ['rev-parse', '--short', 'HEAD'])}${dirty ? ' with uncommitted changes' : ''}`,
    date: new Date().toISOString(),
  };
}
