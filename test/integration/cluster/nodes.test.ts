import { describe, expect, it } from 'vitest';
import { testNodeAccelerators, testNodes } from '../../cluster/profiles/test/fixtures';
import { coreApi } from './support';

describe('nodes', () => {
  it('lists every test node as Ready', async () => {
    const nodes = await coreApi().listNode();
    const names = nodes.items.map((node) => node.metadata?.name);

    for (const name of Object.values(testNodes)) {
      expect(names).toContain(name);
      const node = nodes.items.find((item) => item.metadata?.name === name);
      const ready = node?.status?.conditions?.find((condition) => condition.type === 'Ready');
      expect(ready?.status, `Ready condition of ${name}`).toBe('True');
    }
  });

  it.each(Object.entries(testNodeAccelerators))('reports accelerator capacity of %s', async (name, accelerators) => {
    const node = await coreApi().readNode({ name });

    for (const [resource, count] of Object.entries(accelerators)) {
      expect(node.status?.capacity?.[resource]).toBe(count);
      expect(node.status?.allocatable?.[resource]).toBe(count);
    }
  });

  it('reports no GPU on the CPU node', async () => {
    const node = await coreApi().readNode({ name: testNodes.cpu });

    expect(node.status?.capacity?.['nvidia.com/gpu']).toBeUndefined();
  });

  it('lets read-only bob list nodes', async () => {
    const nodes = await coreApi('bob').listNode();

    expect(nodes.items.map((node) => node.metadata?.name)).toContain(testNodes.h100);
  });
});
