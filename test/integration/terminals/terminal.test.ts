import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppErrorException } from '../../../shared/result';
import { createTerminalService, type TerminalService } from '../../../main/terminals/service';
import { testNotebook } from '../../cluster/profiles/test/fixtures';
import { waitFor } from '../cluster/support';
import { callContext, clustersAs, subscribe } from './harness';

/**
 * Terminals against the local cluster: kwok runs exec in a local shell with a
 * real pty, so prompts, `stty size` and exit codes behave as in a container.
 */
const target = { contextId: 'local', namespace: testNotebook.namespace, pod: testNotebook.name, container: 'jupyter' };

/** Idle time of the keep-alive test; DRUN_TERMINAL_IDLE_MS=600000 runs the full ten minutes. */
const idleMs = Number(process.env['DRUN_TERMINAL_IDLE_MS'] ?? 6_000);
/** Ping interval while idling: short enough that the idle wait spans several pings. */
const idlePingMs = Number(process.env['DRUN_TERMINAL_PING_MS'] ?? 1_000);

describe('pod terminal', () => {
  const services: TerminalService[] = [];
  const service = (options: Partial<Parameters<typeof createTerminalService>[0]> = {}): TerminalService => {
    const created = createTerminalService({ clusters: clustersAs('alice'), ...options });
    services.push(created);
    return created;
  };

  afterEach(() => {
    for (const created of services.splice(0)) {
      created.dispose();
      expect(created.sessionCount()).toBe(0);
    }
  });

  it('runs commands and shows their output', async () => {
    const terminals = service();
    const opened = await terminals.open({ ...target, mode: 'exec', shell: 'auto', cols: 80, rows: 24 }, callContext);
    const terminal = await subscribe(terminals, opened.sessionId);

    await terminal.send('echo "answer $((6 * 7))"\r');

    expect(opened.container).toBe('jupyter');
    expect(opened.command[0]).toBe('/bin/sh');
    expect(await terminal.waitForOutput('answer 42')).toContain('answer 42');
  });

  it('resizes the remote terminal', async () => {
    const terminals = service();
    const opened = await terminals.open({ ...target, mode: 'exec', shell: 'sh', cols: 80, rows: 24 }, callContext);
    const terminal = await subscribe(terminals, opened.sessionId);

    await terminal.send('stty size\r');
    await terminal.waitForOutput(/24 80/);
    await terminals.resize({ sessionId: opened.sessionId, cols: 132, rows: 43 }, callContext);
    await terminal.send('stty size\r');

    expect(await terminal.waitForOutput(/43 132/)).toMatch(/43 132/);
  });

  it('reports the exit code of the shell', async () => {
    const terminals = service();
    const opened = await terminals.open({ ...target, mode: 'exec', shell: 'sh', cols: 80, rows: 24 }, callContext);
    const terminal = await subscribe(terminals, opened.sessionId);

    await terminal.send('exit 7\r');
    const end = await terminal.waitForEnd();

    expect(end.cause).toBe('exited');
    expect(end.exitCode).toBe(7);
  });

  it('says why when the server kills the shell', async () => {
    const terminals = service();
    const opened = await terminals.open({ ...target, mode: 'exec', shell: 'sh', cols: 80, rows: 24 }, callContext);
    const terminal = await subscribe(terminals, opened.sessionId);
    await terminal.send('echo "pid=$$"\r');
    const pid = /pid=(\d+)/.exec(await terminal.waitForOutput(/pid=\d+/))?.[1];

    const killer = await terminals.open({ ...target, mode: 'exec', shell: 'auto', command: ['kill', '-KILL', pid ?? 'missing'], cols: 80, rows: 24 }, callContext);
    const killed = await subscribe(terminals, killer.sessionId);
    await killed.waitForEnd();
    const end = await terminal.waitForEnd();

    expect(end.cause).toBe('exited');
    expect(end.exitCode ?? end.message).toBeDefined();
    expect(end.exitCode === 137 || /kill/i.test(end.message ?? '')).toBe(true);
  });

  it('keeps an idle session alive with pings', async () => {
    const terminals = service({ pingIntervalMs: idlePingMs });
    const opened = await terminals.open({ ...target, mode: 'exec', shell: 'auto', cols: 80, rows: 24 }, callContext);
    const terminal = await subscribe(terminals, opened.sessionId);
    await terminal.send('echo ready\r');
    await terminal.waitForOutput('ready');

    await delay(idleMs);
    const stats = terminals.sessionStats(opened.sessionId);
    await terminal.send('echo still-here\r');

    expect(terminal.end()).toBeUndefined();
    expect(stats?.pongsReceived).toBeGreaterThanOrEqual(Math.floor(idleMs / idlePingMs) - 1);
    expect(await terminal.waitForOutput('still-here')).toContain('still-here');
  }, idleMs + 60_000);

  // kwok's TTY exec drops pty output still buffered when the process exits,
  // so the flood command stays alive until the test has read everything.
  it('pauses reading until output is acknowledged', async () => {
    const flow = { high: 64 * 1024, low: 16 * 1024 };
    const total = 4 * 1024 * 1024;
    const terminals = service({ flow });
    const opened = await terminals.open({ ...target, mode: 'exec', shell: 'auto', command: ['sh', '-c', `head -c ${total} /dev/zero | tr '\\0' x; echo; echo flood-done; exec sleep 60`], cols: 80, rows: 24 }, callContext);
    const terminal = await subscribe(terminals, opened.sessionId, false);

    await waitFor('output up to the high watermark', async () => (terminal.bytes() > flow.high ? true : undefined));
    await delay(1_000);
    const whilePaused = terminal.bytes();
    let acknowledged = 0;
    while (!terminal.output().includes('flood-done')) {
      await terminals.ack({ sessionId: opened.sessionId, bytes: terminal.bytes() - acknowledged }, callContext);
      acknowledged = terminal.bytes();
      await delay(20);
    }

    expect(whilePaused).toBeLessThan(flow.high * 4);
    expect(terminal.output().split('x').length - 1).toBe(total);
  });

  it('rejects a user without pods/exec with a Forbidden error naming it', async () => {
    const terminals = createTerminalService({ clusters: clustersAs('bob') });
    services.push(terminals);

    const error = (await terminals.open({ ...target, mode: 'exec', shell: 'auto', cols: 80, rows: 24 }, callContext).catch((caught: unknown) => caught)) as AppErrorException;

    expect(error.appError.kind).toBe('Forbidden');
    expect(error.appError.denied).toEqual({ verb: 'create', resource: 'pods', subresource: 'exec', namespace: testNotebook.namespace });
    expect(error.appError.message).toContain('create');
    expect(error.appError.message).toContain('pods/exec');
  });

  it('closes the session when its subscriber goes away', async () => {
    const terminals = service();
    const opened = await terminals.open({ ...target, mode: 'exec', shell: 'sh', cols: 80, rows: 24 }, callContext);
    const terminal = await subscribe(terminals, opened.sessionId);

    terminal.unsubscribe();

    expect(terminals.sessionCount()).toBe(0);
    expect(terminal.end()?.cause).toBe('user');
  });
});
