import { clusterStatus, downCluster, upCluster } from './launcher';
import { profileNames, type ProfileName } from './profile';
import { parseProfileName } from './profiles';
import type { ClusterState } from './state';

/**
 * Command line of the local cluster:
 *   cli.ts up [--profile test|demo|scale]   start (default profile: test)
 *   cli.ts down                             stop every recorded process
 *   cli.ts status                           show the recorded cluster
 */

const usage = `usage: cli.ts up [--profile ${profileNames.join('|')}] | down | status
  up       starts the local cluster (default profile: test) and prints its kubeconfig folder
  down     stops every process the last up started
  status   shows the recorded cluster and which of its processes run`;

function parseProfile(args: string[]): ProfileName {
  const index = args.findIndex((arg) => arg === '--profile' || arg.startsWith('--profile='));
  if (index === -1) return 'test';
  const arg = args[index] ?? '';
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[index + 1];
  if (!value) throw new Error(`--profile needs a value: ${profileNames.join(', ')}`);
  return parseProfileName(value);
}

function printSummary(state: ClusterState): void {
  const lines = [
    `profile:      ${state.profile}`,
    `API server:   https://127.0.0.1:${state.ports.apiserver}`,
    `kubeconfigs:  ${state.kubeconfigDir}`,
    ...Object.entries(state.kubeconfigs).map(([user, path]) => `  ${user.padEnd(10)} ${path}`),
    `kubectl:      ${state.binDir}/kubectl --kubeconfig ${state.kubeconfigs['admin'] ?? ''} get nodes`,
    `logs:         ${state.runDir}/logs`,
    ...Object.entries(state.info).map(([key, value]) => `${`${key}:`.padEnd(13)} ${value}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(args: string[]): Promise<number> {
  const command = args[0];
  const log = (line: string) => process.stderr.write(`${line}\n`);

  switch (command) {
    case 'up': {
      const result = await upCluster(parseProfile(args.slice(1)), log);
      if (!result.started) log(`a cluster is already running (profile ${result.state.profile}); nothing started. Stop it with: npm run cluster:down`);
      printSummary(result.state);
      // The kubeconfig folder on the last line, for scripts.
      process.stdout.write(`${result.state.kubeconfigDir}\n`);
      return 0;
    }
    case 'down': {
      const stopped = await downCluster(log);
      log(stopped.length > 0 ? `stopped: ${stopped.join(', ')}` : 'no cluster process was running');
      return 0;
    }
    case 'status': {
      const status = await clusterStatus();
      if (!status.state) {
        process.stdout.write('no cluster recorded\n');
        return 1;
      }
      printSummary(status.state);
      process.stdout.write(`phase:        ${status.state.phase}; API server ${status.apiserverReady ? 'ready' : 'not ready'}\n`);
      for (const p of status.processes) {
        process.stdout.write(`  ${p.name.padEnd(24)} pid ${String(p.pid).padEnd(8)} ${p.running ? 'running' : 'stopped'}  ${p.log}\n`);
      }
      return status.apiserverReady && status.processes.every((p) => p.running) ? 0 : 1;
    }
    default:
      process.stderr.write(`${usage}\n`);
      return command === undefined || command === '--help' || command === '-h' ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`cluster: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
