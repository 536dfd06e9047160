/**
 * A small HTTP/1.1 client for "try it" and metrics: one fresh connection per
 * request (so each request is its own forwarded stream), and three limits
 * that make every call end: time to the response headers, silence between
 * body chunks, and a total. Failures come back as a TryProblem, not thrown.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TryProblem } from '../../shared/models/endpoints';

export interface HttpLimits {
  /** From sending the request to the status line and headers. */
  headersMs: number;
  /** Maximum silence between two body chunks. */
  idleMs: number;
  /** From sending the request to the end of the body. */
  totalMs: number;
}

/**
 * Defaults for a chat completion. A large model may take tens of seconds to
 * prefill a long prompt before its first byte; a minute of silence means the
 * server or the forward is stuck.
 */
export const CHAT_LIMITS: HttpLimits = { headersMs: 60_000, idleMs: 60_000, totalMs: 10 * 60_000 };
export const QUICK_LIMITS: HttpLimits = { headersMs: 10_000, idleMs: 10_000, totalMs: 30_000 };

export interface HttpCall {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  limits: HttpLimits;
  signal: AbortSignal;
  onHeaders?(status: number, headers: Record<string, string>): void;
  onChunk?(text: string): void;
}

export type HttpOutcome =
  | { ok: true; status: number; headers: Record<string, string> }
  | { ok: false; problem: TryProblem; status?: number; headers?: Record<string, string> };

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]));
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

/** Sends one request; resolves when the body ended or the call failed, never later than `limits.totalMs`. */
export function sendHttp(call: HttpCall): Promise<HttpOutcome> {
  return new Promise((resolve) => {
    const url = new URL(call.url);
    const requester = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    let status: number | undefined;
    let headers: Record<string, string> | undefined;
    let phaseTimer: NodeJS.Timeout | undefined;

    const finish = (outcome: HttpOutcome): void => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(phaseTimer);
      clearTimeout(totalTimer);
      call.signal.removeEventListener('abort', onAbort);
      request.destroy();
      resolve(outcome);
    };
    const fail = (problem: TryProblem): void =>
      finish({ ok: false, problem, ...(status !== undefined ? { status } : {}), ...(headers ? { headers } : {}) });

    const arm = (ms: number, problem: () => TryProblem): void => {
      clearTimeout(phaseTimer);
      phaseTimer = setTimeout(() => fail(problem()), ms);
    };

    const request = requester(url, { method: call.method, headers: { ...call.headers, connection: 'close' }, agent: false }, (response) => {
      status = response.statusCode ?? 0;
      headers = flatHeaders(response.headers);
      call.onHeaders?.(status, headers);
      const idle = () =>
        arm(call.limits.idleMs, () => ({
          code: 'timeoutIdle',
          seconds: seconds(call.limits.idleMs),
          message: `The server sent nothing for ${seconds(call.limits.idleMs)} s in the middle of its response; it may be overloaded or stuck.`,
        }));
      idle();
      response.setEncoding('utf8');
      response.on('data', (text: string) => {
        idle();
        call.onChunk?.(text);
      });
      response.on('end', () => finish({ ok: true, status: status ?? 0, headers: headers ?? {} }));
      response.on('error', (error) => fail({ code: 'connection', message: `The connection broke while the answer arrived: ${error.message}.` }));
      response.on('aborted', () => fail({ code: 'connection', message: 'The server closed the connection before the answer was complete.' }));
    });

    const onAbort = (): void => fail({ code: 'cancelled', message: 'The request was cancelled.' });
    const totalTimer = setTimeout(
      () =>
        fail({
          code: 'timeoutTotal',
          seconds: seconds(call.limits.totalMs),
          message: `The response took longer than ${seconds(call.limits.totalMs)} s and was stopped; request fewer tokens.`,
        }),
      call.limits.totalMs,
    );
    call.signal.addEventListener('abort', onAbort, { once: true });
    arm(call.limits.headersMs, () => ({
      code: 'timeoutHeaders',
      seconds: seconds(call.limits.headersMs),
      message: `The server did not answer within ${seconds(call.limits.headersMs)} s; it accepted the connection but sent no response.`,
    }));

    request.on('error', (error: NodeJS.ErrnoException) => {
      const detail = error.code === 'ECONNRESET' || error.message === 'socket hang up' ? 'the connection was closed before any answer' : error.message;
      fail({ code: 'connection', message: `Could not reach the server at ${url.host}: ${detail}.` });
    });
    if (call.signal.aborted) {
      onAbort();
      return;
    }
    request.end(call.body);
  });
}
