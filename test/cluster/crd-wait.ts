import { setTimeout as delay } from 'node:timers/promises';

/**
 * Runs `kubectl wait --for=condition=Established` on CRDs, retrying while a
 * CRD has no status conditions yet: kubectl 1.37 then fails at once with
 * ".status.conditions accessor error" instead of waiting.
 */
export async function waitForCrdsEstablished(kubectl: (args: string[]) => Promise<string>, selection: string[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await kubectl(['wait', '--for=condition=Established', `--timeout=${Math.ceil(timeoutMs / 1000)}s`, ...selection]);
      return;
    } catch (error) {
      if (Date.now() > deadline || !String(error).includes('accessor error')) {
        throw error;
      }
      await delay(250);
    }
  }
}
