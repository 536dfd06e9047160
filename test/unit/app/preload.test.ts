/** The preload's exposed surface: `window.drun` with send and onMessage only, behind the allow-list. */
import { EventEmitter } from 'node:events';
import { beforeAll, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { contractChannels } from '../../../main/app/contract-channels';
import { toClientMessage, type DrunBridge } from '../../../main/app/preload-api';
import type { PreloadApi } from '../../../renderer/src/transport/preload-api';
import { clientMessageSchema } from '../../../shared/wire';

const electron = vi.hoisted(() => ({
  ipcRenderer: undefined as unknown as EventEmitter & { send: ReturnType<typeof vi.fn> },
  exposeInMainWorld: undefined as unknown as ReturnType<typeof vi.fn>,
}));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  electron.ipcRenderer = Object.assign(new Emitter(), { send: vi.fn() });
  electron.exposeInMainWorld = vi.fn();
  return { ipcRenderer: electron.ipcRenderer, contextBridge: { exposeInMainWorld: electron.exposeInMainWorld } };
});

let drun: DrunBridge;

beforeAll(async () => {
  vi.stubGlobal('DRUN_CONTRACT_CHANNELS', contractChannels());
  await import('../../../main/app/preload');
  drun = electron.exposeInMainWorld.mock.calls[0]?.[1] as DrunBridge;
});

describe('preload', () => {
  it('exposes window.drun once, with send and onMessage only', () => {
    expect(electron.exposeInMainWorld).toHaveBeenCalledOnce();
    expect(electron.exposeInMainWorld.mock.calls[0]?.[0]).toBe('drun');
    expect(Object.keys(drun).sort()).toEqual(['onMessage', 'send']);
    expect(Object.values(drun).every((value) => typeof value === 'function')).toBe(true);
    expectTypeOf(drun).toExtend<PreloadApi>();
  });

  it('allows every contract channel and nothing else', () => {
    const channels = contractChannels();
    expect(channels).toContain('clusters.connect');
    for (const [id, channel] of channels.entries()) {
      drun.send({ type: 'call', id, channel, input: {} });
    }
    expect(electron.ipcRenderer.send).toHaveBeenCalledTimes(channels.length);
    expect(() => drun.send({ type: 'call', id: 99, channel: 'shell.openExternal', input: {} })).toThrow(/not in the allow-list/);
    expect(() => drun.send({ type: 'subscribe', id: 99, channel: 'clusters', input: {} })).toThrow(/not in the allow-list/);
  });

  it('forwards a checked copy on drun:message, without extra fields', () => {
    electron.ipcRenderer.send.mockClear();
    drun.send({ type: 'subscribe', id: 7, channel: 'clusters.onDidChangeStatus', input: {}, extra: 'dropped' });
    drun.send({ type: 'unsubscribe', id: 7, channel: 'anything' });
    expect(electron.ipcRenderer.send.mock.calls).toEqual([
      ['drun:message', { type: 'subscribe', id: 7, channel: 'clusters.onDidChangeStatus', input: {} }],
      ['drun:message', { type: 'unsubscribe', id: 7 }],
    ]);
  });

  it('hands the receiver the payload only and returns its removal', () => {
    const receiver = vi.fn();
    const remove = drun.onMessage(receiver);
    const message = { type: 'result', id: 1, result: { ok: true, value: 1 } };
    electron.ipcRenderer.emit('drun:event', { sender: 'the IpcRendererEvent', ports: [] }, message);
    expect(receiver.mock.calls).toEqual([[message]]);

    remove();
    electron.ipcRenderer.emit('drun:event', {}, message);
    expect(receiver).toHaveBeenCalledOnce();
    expect(electron.ipcRenderer.listenerCount('drun:event')).toBe(0);
  });

  it('refuses a receiver that is not a function', () => {
    expect(() => drun.onMessage('x' as never)).toThrow(/must be a function/);
  });
});

describe('toClientMessage', () => {
  it.each([
    { name: 'a call', value: { type: 'call', id: 1, channel: 'a.b', input: { x: 1 } } },
    { name: 'a call without input', value: { type: 'call', id: 0, channel: 'a.b' } },
    { name: 'a subscribe', value: { type: 'subscribe', id: 2, channel: 'a.b', input: null } },
    { name: 'an unsubscribe', value: { type: 'unsubscribe', id: 3 } },
    { name: 'a negative id', value: { type: 'call', id: -1, channel: 'a.b' } },
    { name: 'a fractional id', value: { type: 'call', id: 1.5, channel: 'a.b' } },
    { name: 'a string id', value: { type: 'call', id: '1', channel: 'a.b' } },
    { name: 'a channel of 129 characters', value: { type: 'call', id: 1, channel: 'c'.repeat(129) } },
    { name: 'a channel that is not a string', value: { type: 'call', id: 1, channel: 5 } },
    { name: 'an unknown type', value: { type: 'invoke', id: 1, channel: 'a.b' } },
    { name: 'null', value: null },
    { name: 'a string', value: 'call' },
  ])('agrees with clientMessageSchema on $name', ({ value }) => {
    const parsed = clientMessageSchema.safeParse(value);
    expect(toClientMessage(value)).toEqual(parsed.success ? parsed.data : undefined);
  });
});
