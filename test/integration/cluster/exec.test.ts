import { Exec, type V1Status } from '@kubernetes/client-node';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { testNotebook } from '../../cluster/profiles/test/fixtures';
import { kubeConfigFor } from './support';

/** Creates a Writable that keeps what it receives as text. */
function collector(): Writable & { text(): string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  });
  return Object.assign(stream, { text: () => Buffer.concat(chunks).toString('utf8') });
}

/** Runs a command in a pod as `alice` and resolves with its output and final status. */
function execInPod(namespace: string, pod: string, command: string[]): Promise<{ stdout: string; stderr: string; status: V1Status }> {
  const stdout = collector();
  const stderr = collector();
  return new Promise((resolve, reject) => {
    new Exec(kubeConfigFor('alice'))
      .exec(namespace, pod, 'jupyter', command, stdout, stderr, null, false, (status) => {
        resolve({ stdout: stdout.text(), stderr: stderr.text(), status });
      })
      .then((socket) => socket.on('error', reject), reject);
  });
}

describe('exec into a simulated pod', () => {
  it('runs a command in a local shell', async () => {
    const result = await execInPod(testNotebook.namespace, testNotebook.name, ['sh', '-c', 'echo "answer $((6 * 7))"']);

    expect(result.status.status).toBe('Success');
    expect(result.stdout).toBe('answer 42\n');
    expect(result.stderr).toBe('');
  });

  it('reports a failing command with its exit code', async () => {
    const result = await execInPod(testNotebook.namespace, testNotebook.name, ['sh', '-c', 'exit 3']);

    expect(result.status.status).toBe('Failure');
    // NOTE: kwok v0.8.0 reports a non-zero exit as an InternalError whose
    // message ends in "exit status N"; a real kubelet sends reason
    // NonZeroExitCode with an ExitCode cause.
    expect(result.status.message).toContain('exit status 3');
  });
});
