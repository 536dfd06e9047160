/**
 * "Try it" against an OpenAI-compatible server at a base URL (a local
 * forward or a reachable endpoint URL): list the models, and stream one chat
 * completion while timing the first token and the token rate. Every way the
 * call can go wrong ends in one `failed` event with a TryProblem.
 */
import type { ChatEvent, ChatMessage, ChatStats, ModelsReply, RawRequest, RawResponse, TryProblem } from '../../shared/models/endpoints';
import { errorMessage, excerpt, parseChatChunk, parseChatCompletion, parseModelList } from '../../shared/endpoints/openai';
import { createSseReader } from '../../shared/endpoints/sse';
import { CHAT_LIMITS, QUICK_LIMITS, sendHttp, type HttpLimits } from './http-client';

/** Bytes of a response body kept for the raw exchange view. */
export const RAW_BODY_LIMIT = 64 * 1024;
/** Deltas are pushed at most this often, so a fast server does not flood the transport. */
const DELTA_INTERVAL_MS = 50;

class BodyRecorder {
  private text = '';
  truncated = false;

  add(chunk: string): void {
    const room = RAW_BODY_LIMIT - this.text.length;
    if (room <= 0) {
      this.truncated = true;
      return;
    }
    this.text += chunk.slice(0, room);
    this.truncated ||= chunk.length > room;
  }

  response(status: number, headers: Record<string, string>): RawResponse {
    return { status, headers, body: this.text, truncated: this.truncated };
  }

  get body(): string {
    return this.text;
  }
}

function join(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

function httpProblem(status: number, body: string): TryProblem {
  const message = errorMessage(body);
  return { code: 'httpError', status, message: `The server answered HTTP ${status}: ${message || 'no message'}.`, ...(body ? { excerpt: excerpt(body) } : {}) };
}

function notOpenAI(what: string, body: string, contentType: string | undefined): TryProblem {
  return {
    code: 'notOpenAI',
    message: `The ${what} is not an OpenAI-compatible body (content type ${contentType || 'none'}); check that the port serves the OpenAI API.`,
    excerpt: excerpt(body),
  };
}

export interface ModelsOptions {
  /** Base URLs to try in order, such as `http://127.0.0.1:port/openai/v1` then `.../v1`. */
  baseUrls: string[];
  via: 'forward' | 'url';
  signal: AbortSignal;
  limits?: HttpLimits;
}

/** Sends GET <base>/models to each base URL in turn and returns the first model list. */
export async function listModels(options: ModelsOptions): Promise<ModelsReply> {
  let last: ModelsReply = { via: options.via, models: [], problem: { code: 'noTarget', message: 'No base URL to try.' } };
  for (const baseUrl of options.baseUrls) {
    const request: RawRequest = { method: 'GET', url: join(baseUrl, '/models'), headers: { accept: 'application/json' } };
    const recorder = new BodyRecorder();
    const started = performance.now();
    const outcome = await sendHttp({ ...request, method: 'GET', limits: options.limits ?? QUICK_LIMITS, signal: options.signal, onChunk: (text) => recorder.add(text) });
    const latencyMs = Math.round(performance.now() - started);
    const response = outcome.status !== undefined ? recorder.response(outcome.status, outcome.headers ?? {}) : undefined;
    const exchange = { request, ...(response ? { response } : {}) };
    if (!outcome.ok) {
      return { via: options.via, baseUrl, models: [], problem: outcome.problem, exchange, latencyMs };
    }
    if (outcome.status >= 400) {
      last = { via: options.via, baseUrl, models: [], problem: httpProblem(outcome.status, recorder.body), exchange, latencyMs };
      // Another base path may be the right one (KServe serves the OpenAI API under /openai/v1).
      if (outcome.status === 404) {
        continue;
      }
      return last;
    }
    const models = parseModelList(recorder.body);
    if (!models) {
      last = { via: options.via, baseUrl, models: [], problem: notOpenAI('model list', recorder.body, outcome.headers['content-type']), exchange, latencyMs };
      continue;
    }
    return { via: options.via, baseUrl, models, exchange, latencyMs };
  }
  return last;
}

export interface ChatOptions {
  baseUrl: string;
  model: string;
  messages: ChatMessage[];
  maxTokens: number;
  temperature?: number;
  /** Ask for token counts in the last chunk (vLLM, SGLang); other servers may reject the field. */
  includeUsage: boolean;
  signal: AbortSignal;
  limits?: HttpLimits;
  emit(event: ChatEvent): void;
}

interface Progress {
  started: number;
  firstTokenAt?: number;
  chunks: number;
  finishReason?: string;
  usage?: { promptTokens?: number; completionTokens?: number };
}

function statsOf(progress: Progress, ended: number): ChatStats {
  const completionTokens = progress.usage?.completionTokens ?? progress.chunks;
  const decodeSeconds = progress.firstTokenAt !== undefined ? (ended - progress.firstTokenAt) / 1000 : 0;
  // The first token's time is prefill; the rate counts the tokens generated after it.
  const tokensPerSecond = completionTokens > 1 && decodeSeconds > 0 ? (completionTokens - 1) / decodeSeconds : undefined;
  return {
    ...(progress.firstTokenAt !== undefined ? { timeToFirstTokenMs: Math.round(progress.firstTokenAt - progress.started) } : {}),
    totalMs: Math.round(ended - progress.started),
    completionTokens,
    tokenSource: progress.usage?.completionTokens !== undefined ? 'usage' : 'chunks',
    ...(tokensPerSecond !== undefined ? { tokensPerSecond: Math.round(tokensPerSecond * 10) / 10 } : {}),
    ...(progress.usage?.promptTokens !== undefined ? { promptTokens: progress.usage.promptTokens } : {}),
    ...(progress.finishReason ? { finishReason: progress.finishReason } : {}),
  };
}

/** Streams one chat completion; resolves after the final `done` or `failed` event. */
export async function streamChat(options: ChatOptions): Promise<void> {
  const body = JSON.stringify({
    model: options.model,
    messages: options.messages,
    max_tokens: options.maxTokens,
    stream: true,
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(options.includeUsage ? { stream_options: { include_usage: true } } : {}),
  });
  const request: RawRequest = {
    method: 'POST',
    url: join(options.baseUrl, '/chat/completions'),
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body,
  };
  const recorder = new BodyRecorder();
  const reader = createSseReader();
  const progress: Progress = { started: performance.now(), chunks: 0 };
  const local = new AbortController();
  const abort = () => local.abort();
  options.signal.addEventListener('abort', abort, { once: true });

  let streaming = false;
  let sawDone = false;
  let streamProblem: TryProblem | undefined;
  let pending = { text: '', raw: '' };
  let flushTimer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    if (pending.text || pending.raw) {
      options.emit({ type: 'delta', ...pending });
      pending = { text: '', raw: '' };
    }
  };
  const queue = (text: string, raw: string): void => {
    pending.text += text;
    pending.raw += raw;
    flushTimer ??= setTimeout(flush, DELTA_INTERVAL_MS);
  };

  const onEventData = (data: string): void => {
    const reading = parseChatChunk(data);
    if (reading.kind === 'done') {
      sawDone = true;
      return;
    }
    if (reading.kind === 'error') {
      streamProblem = { code: 'httpError', message: `The server reported an error while streaming: ${reading.message}.` };
      local.abort();
      return;
    }
    if (reading.kind === 'invalid') {
      streamProblem = notOpenAI('streamed event', data, 'text/event-stream');
      local.abort();
      return;
    }
    if (reading.text) {
      progress.chunks += 1;
      progress.firstTokenAt ??= performance.now();
    }
    if (reading.finishReason) {
      progress.finishReason = reading.finishReason;
    }
    if (reading.usage) {
      progress.usage = reading.usage;
    }
    queue(reading.text, '');
  };

  options.emit({ type: 'sent', request });
  const outcome = await sendHttp({
    method: 'POST',
    url: request.url,
    headers: request.headers,
    body,
    limits: options.limits ?? CHAT_LIMITS,
    signal: local.signal,
    onHeaders: (status, headers) => {
      streaming = status < 400 && (headers['content-type'] ?? '').includes('text/event-stream');
      options.emit({ type: 'headers', status, headers });
    },
    onChunk: (text) => {
      recorder.add(text);
      if (!streaming) {
        return;
      }
      queue('', text);
      for (const event of reader.push(text)) {
        onEventData(event.data);
      }
    },
  });
  options.signal.removeEventListener('abort', abort);
  flush();

  const ended = performance.now();
  const status = outcome.status ?? 0;
  const response = outcome.status !== undefined ? recorder.response(status, outcome.headers ?? {}) : undefined;
  const failed = (problem: TryProblem): void =>
    options.emit({ type: 'failed', problem, stats: statsOf(progress, ended), ...(response ? { response } : {}) });

  if (streamProblem) {
    failed(streamProblem);
    return;
  }
  if (!outcome.ok) {
    failed(outcome.problem);
    return;
  }
  if (status >= 400) {
    failed(httpProblem(status, recorder.body));
    return;
  }
  if (!streaming) {
    // Some servers ignore `stream: true` and send the whole completion as JSON.
    const whole = parseChatCompletion(recorder.body);
    if (!whole) {
      failed(notOpenAI('answer', recorder.body, outcome.headers['content-type']));
      return;
    }
    progress.firstTokenAt = ended;
    progress.chunks = whole.text ? 1 : 0;
    if (whole.usage) {
      progress.usage = whole.usage;
    }
    if (whole.finishReason) {
      progress.finishReason = whole.finishReason;
    }
    options.emit({ type: 'delta', text: whole.text, raw: '' });
  } else if (!sawDone && progress.chunks === 0 && !progress.finishReason) {
    failed({ code: 'emptyStream', message: 'The server closed the event stream without sending any completion chunk.', ...(recorder.body ? { excerpt: excerpt(recorder.body) } : {}) });
    return;
  }
  options.emit({ type: 'done', stats: statsOf(progress, ended), response: response ?? recorder.response(status, {}) });
}
