/**
 * Reads OpenAI-compatible API bodies (vLLM, SGLang, TGI, Ollama, KServe's
 * Hugging Face server): the model list, streamed chat completion chunks, and
 * error bodies. Anything else is reported as "not an OpenAI-compatible
 * body" with an excerpt, never thrown.
 */
import type { ModelInfo } from '../models/endpoints';

/** Characters of a body quoted back to the user. */
export const EXCERPT_LENGTH = 300;

export function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH)}…` : flat;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not JSON: the callers report the body as not OpenAI-compatible.
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The models of a `GET /v1/models` body, or undefined when the body is not such a list. */
export function parseModelList(body: string): ModelInfo[] | undefined {
  const parsed = parseJson(body);
  if (!isObject(parsed) || !Array.isArray(parsed['data'])) {
    return undefined;
  }
  const models: ModelInfo[] = [];
  for (const entry of parsed['data']) {
    if (!isObject(entry) || typeof entry['id'] !== 'string') {
      return undefined;
    }
    const maxModelLen = entry['max_model_len'];
    models.push({
      id: entry['id'],
      ...(typeof entry['owned_by'] === 'string' ? { ownedBy: entry['owned_by'] } : {}),
      ...(typeof maxModelLen === 'number' ? { maxModelLen } : {}),
    });
  }
  return models;
}

/**
 * The message of an error body: OpenAI's `{"error": {"message"}}`, a plain
 * `{"error": "..."}` (TGI), FastAPI's `{"detail": ...}`, `{"message"}`, or the
 * text itself.
 */
export function errorMessage(body: string): string {
  const parsed = parseJson(body);
  if (isObject(parsed)) {
    const error = parsed['error'];
    if (isObject(error) && typeof error['message'] === 'string') {
      return error['message'];
    }
    if (typeof error === 'string') {
      return error;
    }
    const detail = parsed['detail'];
    if (typeof detail === 'string') {
      return detail;
    }
    if (detail !== undefined) {
      return excerpt(JSON.stringify(detail));
    }
    if (typeof parsed['message'] === 'string') {
      return parsed['message'];
    }
  }
  return excerpt(body);
}

export interface Usage {
  promptTokens?: number;
  completionTokens?: number;
}

export type ChunkReading =
  | { kind: 'done' }
  | { kind: 'chunk'; text: string; finishReason?: string; usage?: Usage }
  | { kind: 'error'; message: string }
  | { kind: 'invalid' };

function usageOf(value: unknown): Usage | undefined {
  if (!isObject(value)) {
    return undefined;
  }
  const prompt = value['prompt_tokens'];
  const completion = value['completion_tokens'];
  return {
    ...(typeof prompt === 'number' ? { promptTokens: prompt } : {}),
    ...(typeof completion === 'number' ? { completionTokens: completion } : {}),
  };
}

/** Reads the data of one streamed event: `[DONE]`, a `chat.completion.chunk`, or an error sent mid-stream. */
export function parseChatChunk(data: string): ChunkReading {
  if (data.trim() === '[DONE]') {
    return { kind: 'done' };
  }
  const parsed = parseJson(data);
  if (!isObject(parsed)) {
    return { kind: 'invalid' };
  }
  if (parsed['error'] !== undefined) {
    return { kind: 'error', message: errorMessage(data) };
  }
  const choices = parsed['choices'];
  if (!Array.isArray(choices)) {
    return { kind: 'invalid' };
  }
  const first = choices[0] as Record<string, unknown> | undefined;
  const delta = isObject(first?.['delta']) ? first['delta'] : isObject(first?.['message']) ? first['message'] : undefined;
  const content = delta?.['content'];
  const text = typeof content === 'string' ? content : typeof first?.['text'] === 'string' ? first['text'] : '';
  const finishReason = first?.['finish_reason'];
  const usage = usageOf(parsed['usage']);
  return {
    kind: 'chunk',
    text,
    ...(typeof finishReason === 'string' ? { finishReason } : {}),
    ...(usage ? { usage } : {}),
  };
}

/**
 * Reads a whole (non-streamed) chat completion, for servers that ignore
 * `stream: true`; undefined when the body is not one.
 */
export function parseChatCompletion(body: string): { text: string; finishReason?: string; usage?: Usage } | undefined {
  const parsed = parseJson(body);
  if (!isObject(parsed) || !Array.isArray(parsed['choices'])) {
    return undefined;
  }
  const reading = parseChatChunk(body);
  return reading.kind === 'chunk' ? { text: reading.text, ...(reading.finishReason ? { finishReason: reading.finishReason } : {}), ...(reading.usage ? { usage: reading.usage } : {}) } : undefined;
}
