/** The IPC adapter's sender checks and the life of its per-page connections. */
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { IpcMainEvent } from 'electron';
import { attachIpcAdapter, rejectSender, type IpcSenderEvent } from '../../../main/app/ipc';
import type { HostConnection, ServiceHost } from '../../../main/transport/host';

vi.mock('electron', () => {
  throw new Error('main/app/ipc.ts must take ipcMain as a parameter, not import it');
});

const MESSAGE = { type: 'call', id: 1, channel: 'clusters.connect', input: { contextId: 'dev' } };
const mainFrame = { url: 'app://drun/index.html?locale=en', parent: null };

function fakeContents(id = 1) {
  return Object.assign(new EventEmitter(), { id, isDestroyed: vi.fn(() => false), send: vi.fn() });
}

function setUp() {
  const ipcMain = new EventEmitter();
  const handled: HostConnection[] = [];
  const closed: HostConnection[] = [];
  const host = {
    handle: vi.fn((connection: HostConnection) => handled.push(connection)),
    close: vi.fn((connection: HostConnection) => closed.push(connection)),
  } as unknown as ServiceHost;
  const adapter = attachIpcAdapter(ipcMain as unknown as Parameters<typeof attachIpcAdapter>[0], host);
  const send = (event: Partial<IpcSenderEvent>, message: unknown = MESSAGE): void => {
    ipcMain.emit('drun:message', event as IpcMainEvent, message);
  };
  return { ipcMain, host, handled, closed, adapter, send };
}

describe('rejectSender', () => {
  it.each([
    { name: 'the main frame of the app', frame: mainFrame, refused: undefined },
    { name: 'a null senderFrame', frame: null, refused: 'navigated away or was destroyed' },
    { name: 'a subframe of the app', frame: { url: 'app://drun/frame.html', parent: mainFrame }, refused: 'subframe' },
    { name: 'a foreign https page', frame: { url: 'https://evil.example/', parent: null }, refused: 'not on the app origin' },
    { name: 'a local file', frame: { url: 'file:///tmp/index.html', parent: null }, refused: 'not on the app origin' },
    { name: 'another app:// host', frame: { url: 'app://evil/index.html', parent: null }, refused: 'not on the app origin' },
    { name: 'about:blank', frame: { url: 'about:blank', parent: null }, refused: 'not on the app origin' },
  ])('$name → refused: $refused', ({ frame, refused }) => {
    const reason = rejectSender({ sender: fakeContents(), senderFrame: frame } as unknown as IpcSenderEvent);
    if (refused === undefined) expect(reason).toBeUndefined();
    else expect(reason).toContain(refused);
  });
});

describe('attachIpcAdapter', () => {
  it('opens one connection per webContents', () => {
    const { handled, send, host } = setUp();
    const first = fakeContents(1);
    const second = fakeContents(2);
    send({ sender: first, senderFrame: mainFrame } as never);
    send({ sender: first, senderFrame: mainFrame } as never);
    send({ sender: second, senderFrame: mainFrame } as never);
    expect(host.handle).toHaveBeenCalledTimes(3);
    expect(handled[0]).toBe(handled[1]);
    expect(handled[0]).not.toBe(handled[2]);
    expect(vi.mocked(host.handle).mock.calls[0]?.[1]).toEqual(MESSAGE);
  });

  it.each([
    { name: 'a null senderFrame', frame: null },
    { name: 'a subframe', frame: { url: 'app://drun/x.html', parent: mainFrame } },
    { name: 'a foreign origin', frame: { url: 'https://evil.example/', parent: null } },
  ])('drops a message from $name', ({ frame }) => {
    const { send, host } = setUp();
    send({ sender: fakeContents(), senderFrame: frame } as never);
    expect(host.handle).not.toHaveBeenCalled();
  });

  it('sends server messages on drun:event to the page that asked', () => {
    const { send, handled } = setUp();
    const contents = fakeContents();
    send({ sender: contents, senderFrame: mainFrame } as never);
    const reply = { type: 'result', id: 1, result: { ok: true, value: null } } as const;
    handled[0]?.send(reply);
    expect(contents.send.mock.calls).toEqual([['drun:event', reply]]);
  });

  it.each([
    { name: 'destroyed', emit: (c: EventEmitter) => c.emit('destroyed'), closes: true },
    { name: 'render-process-gone', emit: (c: EventEmitter) => c.emit('render-process-gone', {}, { reason: 'crashed' }), closes: true },
    { name: 'a main-frame navigation', emit: (c: EventEmitter) => c.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false }), closes: true },
    { name: 'a same-document navigation', emit: (c: EventEmitter) => c.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true }), closes: false },
    { name: 'a subframe navigation', emit: (c: EventEmitter) => c.emit('did-start-navigation', { isMainFrame: false, isSameDocument: false }), closes: false },
  ])('closes the connection on $name: $closes', ({ emit, closes }) => {
    const { send, handled, closed } = setUp();
    const contents = fakeContents();
    send({ sender: contents, senderFrame: mainFrame } as never);
    emit(contents);
    expect(closed).toEqual(closes ? [handled[0]] : []);
  });

  it('gives the next page a fresh connection and keeps late results from it', () => {
    const { send, handled, closed } = setUp();
    const contents = fakeContents();
    send({ sender: contents, senderFrame: mainFrame } as never);
    contents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    send({ sender: contents, senderFrame: mainFrame } as never);

    expect(handled[1]).not.toBe(handled[0]);
    handled[0]?.send({ type: 'result', id: 1, result: { ok: true, value: 'late' } });
    expect(contents.send).not.toHaveBeenCalled();
    contents.emit('destroyed');
    expect(closed).toEqual([handled[0], handled[1]]);
    expect(contents.listenerCount('destroyed')).toBe(0);
    expect(contents.listenerCount('did-start-navigation')).toBe(0);
  });

  it('stops listening and closes every connection when disposed', () => {
    const { ipcMain, send, handled, closed, adapter, host } = setUp();
    send({ sender: fakeContents(1), senderFrame: mainFrame } as never);
    send({ sender: fakeContents(2), senderFrame: mainFrame } as never);
    adapter.dispose();
    expect(closed).toEqual([handled[0], handled[1]]);
    expect(ipcMain.listenerCount('drun:message')).toBe(0);
    send({ sender: fakeContents(3), senderFrame: mainFrame } as never);
    expect(host.handle).toHaveBeenCalledTimes(2);
  });
});
