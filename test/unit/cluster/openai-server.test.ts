import { afterEach, describe, expect, it, vi } from 'vitest';

import { startOpenAIServer, type RunningOpenAIServer } from '../../cluster/servers/openai';

const model = 'Qwen/Qwen2.5-7B-Instruct';
let server: RunningOpenAIServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: Parameters<typeof startOpenAIServer>[0] = {}): Promise<RunningOpenAIServer> {
  server = await startOpenAIServer({ port: 0, firstTokenDelayMs: 1, tokenDelayMs: 1, ...options });
  return server;
}

function chat(base: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<Response> {
  return fetch(`${base}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'What is a GPU?' }], ...body }),
    ...(signal ? { signal } : {}),
  });
}

/** Parses `data:` lines of a server-sent event stream. */
function events(text: string): string[] {
  return text.split('\n\n').filter(Boolean).map((block) => block.replace(/^data: /, ''));
}

async function metric(base: string, line: string): Promise<number | undefined> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const found = text.split('\n').find((entry) => entry.startsWith(line + ' '));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

describe('OpenAI-compatible server', () => {
  it('lists the served models', async () => {
    const { url } = await start({ models: [model, 'other/model'] });
    const body = (await (await fetch(`${url}/v1/models`)).json()) as { object: string; data: Array<{ id: string; object: string }> };
    expect(body.object).toBe('list');
    expect(body.data.map((entry) => entry.id)).toEqual([model, 'other/model']);
    expect(body.data[0]?.object).toBe('model');
  });

  it('answers health checks', async () => {
    const { url } = await start();
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });

  it('returns the same answer for the same question', async () => {
    const { url } = await start();
    const first = (await (await chat(url, {})).json()) as { object: string; choices: Array<{ message: { role: string; content: string }; finish_reason: string }>; usage: { completion_tokens: number } };
    const second = (await (await chat(url, {})).json()) as typeof first;
    expect(first.object).toBe('chat.completion');
    expect(first.choices[0]?.message.role).toBe('assistant');
    expect(first.choices[0]?.message.content).toContain('What is a GPU?');
    expect(first.choices[0]?.finish_reason).toBe('stop');
    expect(second.choices[0]?.message.content).toBe(first.choices[0]?.message.content);
    expect(first.usage.completion_tokens).toBeGreaterThan(10);
  });

  it('streams the same text as server-sent events', async () => {
    const { url } = await start();
    const whole = (await (await chat(url, {})).json()) as { choices: Array<{ message: { content: string } }> };
    const response = await chat(url, { stream: true, stream_options: { include_usage: true } });
    expect(response.headers.get('content-type')).toContain('text/event-stream');

    const data = events(await response.text());
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1).map((entry) => JSON.parse(entry) as { object: string; choices: Array<{ delta: { role?: string; content?: string }; finish_reason: string | null }>; usage?: { completion_tokens: number } });
    expect(chunks[0]?.object).toBe('chat.completion.chunk');
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe(whole.choices[0]?.message.content);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)?.usage?.completion_tokens).toBeGreaterThan(10);
  });

  it('stops at max_tokens with finish reason length', async () => {
    const { url } = await start();
    const body = (await (await chat(url, { max_tokens: 3 })).json()) as { choices: Array<{ message: { content: string }; finish_reason: string }>; usage: { completion_tokens: number } };
    expect(body.usage.completion_tokens).toBe(3);
    expect(body.choices[0]?.finish_reason).toBe('length');
  });

  it('serves text completions', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/v1/completions`, { method: 'POST', body: JSON.stringify({ model, prompt: 'Hello' }) });
    const body = (await response.json()) as { object: string; choices: Array<{ text: string }> };
    expect(body.object).toBe('text_completion');
    expect(body.choices[0]?.text).toContain('Hello');
  });

  it('rejects an unknown model with 404', async () => {
    const { url } = await start();
    const response = await chat(url, { model: 'no/such-model' });
    const body = (await response.json()) as { error: { message: string } };
    expect(response.status).toBe(404);
    expect(body.error.message).toContain('no/such-model');
  });

  it('rejects invalid JSON with 400', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/v1/chat/completions`, { method: 'POST', body: '{not json' });
    expect(response.status).toBe(400);
  });

  it('rejects a request without messages', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model }) });
    expect(response.status).toBe(400);
  });

  it('counts tokens and time to first token', async () => {
    const { url } = await start();
    const body = (await (await chat(url, {})).json()) as { usage: { completion_tokens: number; prompt_tokens: number } };
    const labels = `{model_name="${model}"}`;
    expect(await metric(url, `vllm:generation_tokens_total${labels}`)).toBe(body.usage.completion_tokens);
    expect(await metric(url, `vllm:prompt_tokens_total${labels}`)).toBe(body.usage.prompt_tokens);
    expect(await metric(url, `vllm:time_to_first_token_seconds_count${labels}`)).toBe(1);
    expect(await metric(url, `vllm:request_success_total{model_name="${model}",finished_reason="stop"}`)).toBe(1);
  });

  it('reports running and waiting requests', async () => {
    const { url } = await start({ maxRunningRequests: 1, tokenDelayMs: 60_000 });
    const abort = new AbortController();
    const labels = `{model_name="${model}"}`;

    const running = await chat(url, { stream: true }, abort.signal);
    const reader = running.body!.getReader();
    await reader.read();
    const waiting = chat(url, { stream: true }, abort.signal).catch(() => undefined);

    expect(await metric(url, `vllm:num_requests_running${labels}`)).toBe(1);
    await vi.waitFor(async () => expect(await metric(url, `vllm:num_requests_waiting${labels}`)).toBe(1), { timeout: 5000 });
    expect(await metric(url, `vllm:kv_cache_usage_perc${labels}`)).toBeGreaterThan(0);

    abort.abort();
    await waiting;
  });
});
