/**
 * A small OpenAI-compatible HTTP server in place of vLLM behind the
 * simulated inference pods: kwok forwards the pods' ports here.
 *
 * Endpoints: GET /v1/models, POST /v1/chat/completions and /v1/completions
 * (with and without `stream: true`), GET /health and a Prometheus /metrics
 * page with vLLM's `vllm:` series. Answers are deterministic: the same
 * request always yields the same text, generated token by token with a delay
 * so that streaming, time to first token and running/waiting gauges behave
 * like a real server.
 *
 * Run alone: `scripts/node24 --import tsx test/cluster/servers/openai.ts --port 18000`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { EXPOSITION_CONTENT_TYPE, Exposition, Histogram } from './exposition';
import { integerFlag, isMainModule, parseFlags } from './main-args';

export interface OpenAIServerOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Served model ids; the first is the default when a request names none. */
  models?: string[];
  /** Delay before the first token, in milliseconds. */
  firstTokenDelayMs?: number;
  /** Delay between tokens, in milliseconds. */
  tokenDelayMs?: number;
  /** Requests generated at the same time; later ones wait, as in vLLM's scheduler. */
  maxRunningRequests?: number;
  /** Context length reported by /v1/models. */
  maxModelLength?: number;
}

export interface RunningOpenAIServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

export const DEFAULT_MODELS = ['Qwen/Qwen2.5-7B-Instruct'];

const TTFT_BUCKETS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
const LATENCY_BUCKETS = [0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10, 15, 20, 30, 40, 50, 60];
const INTER_TOKEN_BUCKETS = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1];
const MAX_BODY_BYTES = 1024 * 1024;

interface ModelStats {
  running: number;
  waiting: number;
  promptTokens: number;
  generationTokens: number;
  successByReason: Map<string, number>;
  timeToFirstToken: Histogram;
  endToEndLatency: Histogram;
  interTokenLatency: Histogram;
}

interface Generation {
  model: string;
  prompt: string;
  promptTokens: number;
  maxTokens: number | undefined;
  stream: boolean;
  includeUsage: boolean;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly type = 'invalid_request_error') {
    super(message);
  }
}

/** Starts the server on 127.0.0.1 and resolves once it listens. */
export async function startOpenAIServer(options: OpenAIServerOptions = {}): Promise<RunningOpenAIServer> {
  const models = options.models ?? DEFAULT_MODELS;
  if (models.length === 0) throw new Error('startOpenAIServer: models must name at least one model id');

  const state = new ServerState(models, {
    firstTokenDelayMs: options.firstTokenDelayMs ?? 60,
    tokenDelayMs: options.tokenDelayMs ?? 25,
    maxRunningRequests: options.maxRunningRequests ?? 4,
    maxModelLength: options.maxModelLength ?? 32768,
  });
  const server = createServer((request, response) => {
    state.handle(request, response).catch((error: unknown) => sendError(response, error));
  });

  await listen(server, options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () => close(server),
  };
}

class ServerState {
  private readonly stats = new Map<string, ModelStats>();
  private readonly queue: Array<() => void> = [];
  private runningTotal = 0;
  private readonly created = Math.floor(Date.now() / 1000);

  constructor(
    private readonly models: string[],
    private readonly timing: { firstTokenDelayMs: number; tokenDelayMs: number; maxRunningRequests: number; maxModelLength: number },
  ) {
    for (const model of models) this.stats.set(model, newStats());
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const route = `${request.method ?? 'GET'} ${path}`;

    switch (route) {
      case 'GET /':
        // The page a Gradio-style app routed here shows in a browser.
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(landingPage(this.models));
        return;
      case 'GET /health':
        response.writeHead(200).end();
        return;
      case 'GET /metrics':
        response.writeHead(200, { 'content-type': EXPOSITION_CONTENT_TYPE }).end(this.metrics());
        return;
      case 'GET /v1/models':
        sendJson(response, 200, this.modelList());
        return;
      case 'POST /v1/chat/completions':
        await this.generate(response, parseChatRequest(await readJson(request), this.models), 'chat');
        return;
      case 'POST /v1/completions':
        await this.generate(response, parseCompletionRequest(await readJson(request), this.models), 'text');
        return;
      default:
        throw new HttpError(404, `${route} is not served; try GET /v1/models or POST /v1/chat/completions`, 'not_found_error');
    }
  }

  private modelList(): unknown {
    return {
      object: 'list',
      data: this.models.map((id) => ({
        id,
        object: 'model',
        created: this.created,
        owned_by: 'vllm',
        root: id,
        parent: null,
        max_model_len: this.timing.maxModelLength,
      })),
    };
  }

  private async generate(response: ServerResponse, generation: Generation, kind: 'chat' | 'text'): Promise<void> {
    const stats = this.stats.get(generation.model) ?? newStats();
    const started = performance.now();
    let closed = false;
    response.on('close', () => {
      closed = true;
    });

    stats.waiting += 1;
    await this.acquireSlot();
    stats.waiting -= 1;
    stats.running += 1;

    try {
      const tokens = answerTokens(generation);
      const id = `${kind === 'chat' ? 'chatcmpl' : 'cmpl'}-${stableId(generation.prompt)}`;
      const writer = generation.stream ? new StreamWriter(response, id, generation, kind) : undefined;
      writer?.start();

      let previousTokenAt = started;
      const emitted: string[] = [];
      for (const [index, token] of tokens.entries()) {
        await sleep(index === 0 ? this.timing.firstTokenDelayMs : this.timing.tokenDelayMs);
        if (closed) return;

        const now = performance.now();
        if (index === 0) stats.timeToFirstToken.observe((now - started) / 1000);
        else stats.interTokenLatency.observe((now - previousTokenAt) / 1000);
        previousTokenAt = now;

        emitted.push(token);
        writer?.token(token);
      }

      const finishReason = generation.maxTokens !== undefined && tokens.length >= generation.maxTokens && tokens.length < fullAnswerLength(generation) ? 'length' : 'stop';
      const usage = { prompt_tokens: generation.promptTokens, completion_tokens: emitted.length, total_tokens: generation.promptTokens + emitted.length };

      if (writer) writer.finish(finishReason, usage);
      else sendJson(response, 200, completionBody(id, generation, kind, emitted.join(''), finishReason, usage));

      stats.promptTokens += generation.promptTokens;
      stats.generationTokens += emitted.length;
      stats.successByReason.set(finishReason, (stats.successByReason.get(finishReason) ?? 0) + 1);
      stats.endToEndLatency.observe((performance.now() - started) / 1000);
    } finally {
      stats.running -= 1;
      this.releaseSlot();
    }
  }

  private acquireSlot(): Promise<void> {
    if (this.runningTotal < this.timing.maxRunningRequests) {
      this.runningTotal += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }

  private releaseSlot(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.runningTotal -= 1;
  }

  private metrics(): string {
    const exposition = new Exposition();
    const each = (write: (labels: { model_name: string }, stats: ModelStats) => void): void => {
      for (const [model, stats] of this.stats) write({ model_name: model }, stats);
    };
    const kvCacheUsage = (stats: ModelStats): number => Math.min(1, (stats.running / this.timing.maxRunningRequests) * 0.9);

    exposition.family('vllm:num_requests_running', 'gauge', 'Number of requests in model execution batches.');
    each((labels, stats) => exposition.sample('vllm:num_requests_running', labels, stats.running));
    exposition.family('vllm:num_requests_waiting', 'gauge', 'Number of requests waiting to be processed.');
    each((labels, stats) => exposition.sample('vllm:num_requests_waiting', labels, stats.waiting));
    exposition.family('vllm:kv_cache_usage_perc', 'gauge', 'KV-cache usage. 1 means 100 percent usage.');
    each((labels, stats) => exposition.sample('vllm:kv_cache_usage_perc', labels, kvCacheUsage(stats)));
    // Older vLLM releases and many public dashboards use this name for the same value.
    exposition.family('vllm:gpu_cache_usage_perc', 'gauge', 'GPU KV-cache usage. 1 means 100 percent usage.');
    each((labels, stats) => exposition.sample('vllm:gpu_cache_usage_perc', labels, kvCacheUsage(stats)));

    exposition.family('vllm:prompt_tokens_total', 'counter', 'Number of prefill tokens processed.');
    each((labels, stats) => exposition.sample('vllm:prompt_tokens_total', labels, stats.promptTokens));
    exposition.family('vllm:generation_tokens_total', 'counter', 'Number of generation tokens processed.');
    each((labels, stats) => exposition.sample('vllm:generation_tokens_total', labels, stats.generationTokens));
    exposition.family('vllm:request_success_total', 'counter', 'Count of successfully processed requests.');
    each((labels, stats) => {
      for (const reason of ['stop', 'length']) {
        exposition.sample('vllm:request_success_total', { ...labels, finished_reason: reason }, stats.successByReason.get(reason) ?? 0);
      }
    });

    const histograms: Array<[string, string, (stats: ModelStats) => Histogram]> = [
      ['vllm:time_to_first_token_seconds', 'Histogram of time to first token in seconds.', (stats) => stats.timeToFirstToken],
      ['vllm:inter_token_latency_seconds', 'Histogram of inter-token latency in seconds.', (stats) => stats.interTokenLatency],
      ['vllm:e2e_request_latency_seconds', 'Histogram of end to end request latency in seconds.', (stats) => stats.endToEndLatency],
    ];
    for (const [name, help, pick] of histograms) {
      exposition.family(name, 'histogram', help);
      each((labels, stats) => {
        const histogram = pick(stats);
        exposition.histogram(name, labels, histogram.bounds, histogram.bucketCounts, histogram.sum, histogram.count);
      });
    }
    return exposition.toString();
  }
}

/** Writes one streamed completion as server-sent events, ending with `data: [DONE]`. */
class StreamWriter {
  private readonly created = Math.floor(Date.now() / 1000);

  constructor(
    private readonly response: ServerResponse,
    private readonly id: string,
    private readonly generation: Generation,
    private readonly kind: 'chat' | 'text',
  ) {}

  start(): void {
    this.response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    if (this.kind === 'chat') this.send({ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null });
  }

  token(token: string): void {
    if (this.kind === 'chat') this.send({ index: 0, delta: { content: token }, logprobs: null, finish_reason: null });
    else this.send({ index: 0, text: token, logprobs: null, finish_reason: null });
  }

  finish(finishReason: string, usage: Usage): void {
    if (this.kind === 'chat') this.send({ index: 0, delta: {}, logprobs: null, finish_reason: finishReason });
    else this.send({ index: 0, text: '', logprobs: null, finish_reason: finishReason });
    if (this.generation.includeUsage) this.sendChunk([], usage);
    this.response.end('data: [DONE]\n\n');
  }

  private send(choice: Record<string, unknown>): void {
    this.sendChunk([choice], undefined);
  }

  private sendChunk(choices: unknown[], usage: Usage | undefined): void {
    const chunk = {
      id: this.id,
      object: this.kind === 'chat' ? 'chat.completion.chunk' : 'text_completion',
      created: this.created,
      model: this.generation.model,
      choices,
      ...(usage ? { usage } : {}),
    };
    this.response.write(`data: ${JSON.stringify(chunk)}\n\n`);
  }
}

interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

function completionBody(id: string, generation: Generation, kind: 'chat' | 'text', text: string, finishReason: string, usage: Usage): unknown {
  const choice = kind === 'chat'
    ? { index: 0, message: { role: 'assistant', content: text }, logprobs: null, finish_reason: finishReason }
    : { index: 0, text, logprobs: null, finish_reason: finishReason };
  return {
    id,
    object: kind === 'chat' ? 'chat.completion' : 'text_completion',
    created: Math.floor(Date.now() / 1000),
    model: generation.model,
    choices: [choice],
    usage,
  };
}

function parseChatRequest(body: Record<string, unknown>, models: string[]): Generation {
  const messages = body['messages'];
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new HttpError(400, 'messages must be a non-empty array of {role, content} objects');
  }
  const texts = messages.map((message, index) => {
    const content = (message as Record<string, unknown> | null)?.['content'];
    if (typeof content === 'string') return content;
    if (Array.isArray(content)) return content.map((part) => (part as { text?: unknown }).text).filter((text) => typeof text === 'string').join(' ');
    throw new HttpError(400, `messages[${index}].content must be a string or an array of text parts`);
  });
  const lastUser = [...messages].reverse().find((message) => (message as { role?: unknown }).role === 'user');
  const question = typeof (lastUser as { content?: unknown } | undefined)?.content === 'string' ? (lastUser as { content: string }).content : texts.at(-1) ?? '';
  return {
    ...commonFields(body, models),
    prompt: question,
    promptTokens: countTokens(texts.join(' ')),
  };
}

function parseCompletionRequest(body: Record<string, unknown>, models: string[]): Generation {
  const prompt = body['prompt'];
  if (typeof prompt !== 'string') throw new HttpError(400, 'prompt must be a string');
  return { ...commonFields(body, models), prompt, promptTokens: countTokens(prompt) };
}

function commonFields(body: Record<string, unknown>, models: string[]): Omit<Generation, 'prompt' | 'promptTokens'> {
  const model = body['model'] ?? models[0];
  if (typeof model !== 'string' || !models.includes(model)) {
    throw new HttpError(404, `The model \`${String(model)}\` does not exist. Served models: ${models.join(', ')}`, 'NotFoundError');
  }
  const maxTokens = body['max_completion_tokens'] ?? body['max_tokens'];
  if (maxTokens !== undefined && maxTokens !== null && (!Number.isInteger(maxTokens) || (maxTokens as number) < 1)) {
    throw new HttpError(400, `max_tokens must be a positive integer, got ${JSON.stringify(maxTokens)}`);
  }
  const streamOptions = body['stream_options'] as { include_usage?: unknown } | undefined;
  return {
    model,
    maxTokens: typeof maxTokens === 'number' ? maxTokens : undefined,
    stream: body['stream'] === true,
    includeUsage: streamOptions?.include_usage === true,
  };
}

/** The deterministic answer, split into word tokens that keep their trailing space. */
function answerTokens(generation: Generation): string[] {
  const tokens = fullAnswer(generation).match(/\S+\s*/g) ?? [];
  return generation.maxTokens === undefined ? tokens : tokens.slice(0, generation.maxTokens);
}

function fullAnswerLength(generation: Generation): number {
  return (fullAnswer(generation).match(/\S+\s*/g) ?? []).length;
}

function fullAnswer(generation: Generation): string {
  const question = generation.prompt.replace(/\s+/g, ' ').trim().slice(0, 200);
  return `This is a simulated answer from ${generation.model} running on the d.run Desktop test cluster. ` +
    `You asked: "${question}". The same question always gets this same answer, streamed one word at a time.`;
}

function landingPage(models: readonly string[]): string {
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Chat</title></head><body>` +
    `<h1>Simulated model endpoint</h1><p>OpenAI-compatible API at <code>/v1</code>. Models:</p>` +
    `<ul>${models.map((model) => `<li>${escape(model)}</li>`).join('')}</ul></body></html>\n`;
}

function countTokens(text: string): number {
  return (text.match(/\S+/g) ?? []).length;
}

function stableId(text: string): string {
  let hash = 2166136261;
  for (let index = 0; index < text.length; index += 1) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 16777619) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

function newStats(): ModelStats {
  return {
    running: 0,
    waiting: 0,
    promptTokens: 0,
    generationTokens: 0,
    successByReason: new Map(),
    timeToFirstToken: new Histogram(TTFT_BUCKETS),
    endToEndLatency: new Histogram(LATENCY_BUCKETS),
    interTokenLatency: new Histogram(INTER_TOKEN_BUCKETS),
  };
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new HttpError(400, `request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'request body must be a JSON object');
  return body as Record<string, unknown>;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function sendError(response: ServerResponse, error: unknown): void {
  const status = error instanceof HttpError ? error.status : 500;
  const type = error instanceof HttpError ? error.type : 'internal_server_error';
  const message = error instanceof Error ? error.message : String(error);
  if (status === 500) console.error(`openai server: request failed: ${message}`);
  if (response.headersSent) {
    response.destroy();
    return;
  }
  sendJson(response, status, { error: { message, type, param: null, code: status } });
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

if (isMainModule(import.meta.url)) {
  const flags = parseFlags(process.argv.slice(2));
  const models = flags.get('models')?.split(',').filter(Boolean);
  const server = await startOpenAIServer({
    port: integerFlag(flags, 'port', 0),
    tokenDelayMs: integerFlag(flags, 'token-delay-ms', 25),
    ...(models ? { models } : {}),
  });
  console.log(`openai server: listening on ${server.url}`);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
