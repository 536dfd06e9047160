import { describe, expect, it } from 'vitest';
import { errorMessage, parseChatChunk, parseChatCompletion, parseModelList } from '../../../shared/endpoints/openai';

describe('parseChatChunk', () => {
  it.each([
    { name: 'done marker', data: '[DONE]', reading: { kind: 'done' } },
    { name: 'content delta', data: '{"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hi"}}]}', reading: { kind: 'chunk', text: 'Hi' } },
    { name: 'finish and usage', data: '{"choices":[{"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":7}}', reading: { kind: 'chunk', text: '', finishReason: 'stop', usage: { promptTokens: 5, completionTokens: 7 } } },
    { name: 'usage-only chunk', data: '{"choices":[],"usage":{"completion_tokens":3}}', reading: { kind: 'chunk', text: '', usage: { completionTokens: 3 } } },
    { name: 'error mid-stream', data: '{"error":{"message":"overloaded"}}', reading: { kind: 'error', message: 'overloaded' } },
    { name: 'not JSON', data: '<html>', reading: { kind: 'invalid' } },
    { name: 'JSON without choices', data: '{"hello":"world"}', reading: { kind: 'invalid' } },
  ])('$name', ({ data, reading }) => {
    expect(parseChatChunk(data)).toEqual(reading);
  });
});

describe('errorMessage', () => {
  it.each([
    { name: 'OpenAI shape', body: '{"error":{"message":"model not found"}}', message: 'model not found' },
    { name: 'TGI shape', body: '{"error":"Input validation error","error_type":"validation"}', message: 'Input validation error' },
    { name: 'FastAPI detail', body: '{"detail":"Not Found"}', message: 'Not Found' },
    { name: 'vLLM message', body: '{"object":"error","message":"CUDA out of memory"}', message: 'CUDA out of memory' },
    { name: 'plain text', body: 'upstream connect error\n', message: 'upstream connect error' },
  ])('$name', ({ body, message }) => {
    expect(errorMessage(body)).toBe(message);
  });
});

describe('parseModelList', () => {
  it('reads vLLM models', () => {
    expect(parseModelList('{"object":"list","data":[{"id":"q","owned_by":"vllm","max_model_len":32768}]}')).toEqual([{ id: 'q', ownedBy: 'vllm', maxModelLen: 32768 }]);
  });

  it('rejects a body that is not a list', () => {
    expect(parseModelList('<html></html>')).toBeUndefined();
    expect(parseModelList('{"data":[{"name":"x"}]}')).toBeUndefined();
  });

  it('reads a whole completion', () => {
    expect(parseChatCompletion('{"choices":[{"message":{"content":"Hello"},"finish_reason":"stop"}]}')).toEqual({ text: 'Hello', finishReason: 'stop' });
  });
});
