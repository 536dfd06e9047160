import { describe, expect, it } from 'vitest';
import { shareStrings, StringTable } from '../../../main/cache/intern';

describe('shareStrings', () => {
  it('keeps every key and value', () => {
    const pod = { metadata: { name: 'trainer-0', labels: { app: 'trainer' } }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], restarts: 0, ready: true, nominated: null } };
    const copy = structuredClone(pod);

    expect(shareStrings(pod, new StringTable())).toEqual(copy);
  });

  it('keeps the prototype with a __proto__ key', () => {
    const parsed = JSON.parse('{"metadata":{"__proto__":{"polluted":"yes"},"name":"p"}}') as { metadata: object };

    shareStrings(parsed, new StringTable());

    expect(Object.getPrototypeOf(parsed.metadata)).toBe(Object.prototype);
    expect(Object.keys(parsed.metadata)).toEqual(['__proto__', 'name']);
  });
});

describe('StringTable', () => {
  it('stays bounded with unique values', () => {
    const table = new StringTable();

    for (let index = 0; index < 100_000; index++) table.shared(`uid-${index}`);

    expect(table.size).toBeLessThanOrEqual(40_000);
  });
});
