import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { NodeLike, PodLike } from '../../../shared/resources';

const FIXTURES = fileURLToPath(new URL('../../fixtures/resources/', import.meta.url));

export function readFixture(name: string): string {
  return readFileSync(FIXTURES + name, 'utf8');
}

/** Loads a `kind: List` YAML fixture and splits it into nodes and pods. */
export function loadList(name: string): { nodes: NodeLike[]; pods: PodLike[] } {
  const list = parse(readFixture(name)) as { items: Array<{ kind: string }> };
  return {
    nodes: list.items.filter((item) => item.kind === 'Node') as NodeLike[],
    pods: list.items.filter((item) => item.kind === 'Pod') as PodLike[],
  };
}

export function podNamed(pods: readonly PodLike[], name: string): PodLike {
  const pod = pods.find((item) => item.metadata?.name === name);
  if (!pod) throw new Error(`fixture has no pod ${name}`);
  return pod;
}
