/**
 * One terminal session on an open remote-command socket: output with flow
 * control, input, resize, keep-alive pings and a single end event. Events
 * wait in a queue until the renderer subscribes; the queue cannot grow past
 * the high watermark because reading pauses there.
 */
import type WebSocket from 'ws';
import type { TerminalEnd, TerminalEvent } from '../../shared/models/terminals';
import type { Logger } from '../log';
import { FlowWindow, type Watermarks } from './flow-control';
import { endFromClose, endFromStatus, type RemoteStatus } from './status';

/** Remote-command channel numbers (k8s.io/apimachinery remotecommand). */
const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const STATUS = 3;
const RESIZE = 4;
const CLOSE = 255;

export interface SessionOptions {
  socket: WebSocket;
  /** Interval of WebSocket pings; a session missing two pongs in a row counts as lost. */
  pingIntervalMs: number;
  flow: Watermarks;
  log: Logger;
}

export interface SessionStats {
  pingsSent: number;
  pongsReceived: number;
  paused: boolean;
  unacknowledged: number;
}

export class TerminalSession {
  private readonly socket: WebSocket;
  private readonly window: FlowWindow;
  private readonly decoder = new TextDecoder('utf-8');
  private readonly log: Logger;
  private readonly pingTimer: NodeJS.Timeout;
  private listener: ((event: TerminalEvent) => void) | undefined;
  private queue: TerminalEvent[] = [];
  private pongPending = false;
  private ended: TerminalEnd | undefined;
  private readonly endWaiters = new Set<(end: TerminalEnd) => void>();
  private sawOutput = false;
  private pingsSent = 0;
  private pongsReceived = 0;

  constructor(options: SessionOptions) {
    this.socket = options.socket;
    this.window = new FlowWindow(options.flow);
    this.log = options.log;

    this.socket.on('message', (data: Buffer) => this.receive(data));
    this.socket.on('pong', () => {
      this.pongPending = false;
      this.pongsReceived++;
    });
    this.socket.on('close', (code: number, reason: Buffer) => this.finish(endFromClose(code, reason.toString('utf8'))));
    this.socket.on('error', (error: Error) => {
      this.log.warn('terminal socket failed', { err: error });
      this.finish({ cause: 'lost', message: error.message });
    });
    this.pingTimer = setInterval(() => this.keepAlive(), options.pingIntervalMs);
  }

  /** Starts delivering events to `listener`, first the ones that arrived before. */
  subscribe(listener: (event: TerminalEvent) => void): void {
    this.listener = listener;
    const waiting = this.queue;
    this.queue = [];
    waiting.forEach((event) => listener(event));
  }

  get isSubscribed(): boolean {
    return this.listener !== undefined;
  }

  get hasEnded(): boolean {
    return this.ended !== undefined;
  }

  /** Whether any output arrived, which tells a running shell from one that failed to start. */
  get hasOutput(): boolean {
    return this.sawOutput;
  }

  /** Keep-alive and flow-control counters, for tests and diagnostics. */
  stats(): SessionStats {
    return { pingsSent: this.pingsSent, pongsReceived: this.pongsReceived, paused: this.window.isPaused, unacknowledged: this.window.pending };
  }

  /** Resolves with the end of the session, at once when it has ended. */
  whenEnded(): Promise<TerminalEnd> {
    if (this.ended) {
      return Promise.resolve(this.ended);
    }
    return new Promise((resolve) => this.endWaiters.add(resolve));
  }

  input(data: Buffer): void {
    if (!this.ended && data.length > 0) {
      this.socket.send(Buffer.concat([Buffer.from([STDIN]), data]));
    }
  }

  /** Sends the size as the JSON TerminalSize (Width, Height) that the server decodes. */
  resize(cols: number, rows: number): void {
    if (!this.ended) {
      this.socket.send(Buffer.concat([Buffer.from([RESIZE]), Buffer.from(JSON.stringify({ Width: cols, Height: rows }))]));
    }
  }

  acknowledge(bytes: number): void {
    if (this.window.acknowledged(bytes) === 'resume') {
      this.socket.resume();
    }
  }

  /** Closes the session from the app side. */
  close(): void {
    this.finish({ cause: 'user' });
  }

  private receive(data: Buffer): void {
    const channel = data[0];
    const payload = data.subarray(1);
    if (channel === STDOUT || channel === STDERR) {
      this.output(payload);
    } else if (channel === STATUS) {
      this.finish(endFromStatus(parseRemoteStatus(payload)));
    } else if (channel !== CLOSE) {
      this.log.debug('terminal frame on an unknown channel dropped', { count: payload.length, channel });
    }
  }

  private output(payload: Buffer): void {
    if (payload.length === 0) {
      return;
    }
    this.sawOutput = true;
    const data = this.decoder.decode(payload, { stream: true });
    this.emit({ type: 'output', data, bytes: payload.length });
    if (this.window.sent(payload.length) === 'pause') {
      this.socket.pause();
    }
  }

  private emit(event: TerminalEvent): void {
    if (this.listener) {
      this.listener(event);
    } else {
      this.queue.push(event);
    }
  }

  private keepAlive(): void {
    // A paused socket reads no pongs, so silence then says nothing about the link.
    if (this.window.isPaused) {
      this.pongPending = false;
      return;
    }
    if (this.pongPending) {
      this.log.warn('terminal keep-alive unanswered; closing the session');
      this.finish({ cause: 'lost', message: 'the server stopped answering keep-alive pings' });
      return;
    }
    this.pongPending = true;
    this.pingsSent++;
    this.socket.ping();
  }

  private finish(end: TerminalEnd): void {
    if (this.ended) {
      return;
    }
    this.ended = end;
    clearInterval(this.pingTimer);
    const tail = this.decoder.decode();
    if (tail !== '') {
      this.emit({ type: 'output', data: tail, bytes: 0 });
    }
    this.emit({ type: 'ended', end });
    this.endWaiters.forEach((resolve) => resolve(end));
    this.endWaiters.clear();
    if (end.cause === 'user' || end.cause === 'lost') {
      this.socket.terminate();
    } else {
      this.socket.close();
    }
  }
}

function parseRemoteStatus(payload: Buffer): RemoteStatus {
  try {
    return JSON.parse(payload.toString('utf8')) as RemoteStatus;
  } catch {
    // A Status that is not JSON still ends the command; its text is the message.
    return { status: 'Failure', message: payload.toString('utf8').slice(0, 300) };
  }
}
