/** Starts churn-process.ts as a child process and runs churn phases through it. */
import { fork } from 'node:child_process';
import { resolve } from 'node:path';
import type { ChurnRequest, ChurnResult } from './churn-process';

export interface ChurnChild {
  pods: number;
  /** Patches at the requested rate; resolves when the phase is over. */
  run(request: ChurnRequest): Promise<ChurnResult>;
  close(): void;
}

type ChurnMessage = { type: 'ready'; pods: number } | { type: 'done'; result: ChurnResult };

export async function startChurnChild(kubeconfig: string): Promise<ChurnChild> {
  const child = fork(resolve(import.meta.dirname, 'churn-process.ts'), [kubeconfig], {
    execPath: process.execPath,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let onDone: ((result: ChurnResult) => void) | undefined;
  const pods = await new Promise<number>((resolveReady, reject) => {
    child.once('exit', (code) => reject(new Error(`the churn process exited with code ${code}; its error is above`)));
    child.on('message', (message: ChurnMessage) => {
      if (message.type === 'ready') resolveReady(message.pods);
      else onDone?.(message.result);
    });
  });
  return {
    pods,
    run: (request) =>
      new Promise((resolveRun) => {
        onDone = resolveRun;
        child.send(request);
      }),
    close: () => child.disconnect(),
  };
}
