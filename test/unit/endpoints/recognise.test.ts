import { describe, expect, it } from 'vitest';
import { recogniseContainer, recogniseTemplate } from '../../../shared/endpoints/recognise';

describe('recogniseContainer', () => {
  it.each([
    { name: 'vLLM by image', container: { name: 'c', image: 'vllm/vllm-openai:v0.8.5', args: ['--model', 'Qwen/Qwen2.5-7B-Instruct', '--port', '8001'] }, server: 'vllm', port: 8001, model: 'Qwen/Qwen2.5-7B-Instruct', openAI: true },
    { name: 'vLLM served name wins', container: { name: 'c', image: 'vllm/vllm-openai', args: ['--model=/models/q', '--served-model-name=qwen'] }, server: 'vllm', port: 8000, model: 'qwen', openAI: true },
    { name: 'vllm serve in a shell', container: { name: 'c', image: 'python:3.12', command: ['sh', '-c', 'vllm serve meta-llama/Llama-3-8B --port 9000'] }, server: 'vllm', port: 9000, model: 'meta-llama/Llama-3-8B', openAI: true },
    { name: 'SGLang by module', container: { name: 'c', image: 'lmsysorg/sglang:latest', args: ['python3', '-m', 'sglang.launch_server', '--model-path', 'deepseek/r1'] }, server: 'sglang', port: 30000, model: 'deepseek/r1', openAI: true },
    { name: 'TGI with env model', container: { name: 'c', image: 'ghcr.io/huggingface/text-generation-inference:3.0', env: [{ name: 'MODEL_ID', value: 'mistral' }], ports: [{ containerPort: 80 }] }, server: 'tgi', port: 80, model: 'mistral', openAI: true },
    { name: 'TEI has no chat', container: { name: 'c', image: 'ghcr.io/huggingface/text-embeddings-inference:1.5', args: ['--model-id', 'BAAI/bge-m3'] }, server: 'tei', port: 80, model: 'BAAI/bge-m3', openAI: false },
    { name: 'Triton metrics port', container: { name: 'c', image: 'nvcr.io/nvidia/tritonserver:24.05-py3' }, server: 'triton', port: 8000, openAI: false, metricsPort: 8002 },
    { name: 'Ollama by port', container: { name: 'c', image: 'example/custom', ports: [{ containerPort: 11434 }] }, server: 'ollama', port: 11434, openAI: true },
    { name: 'KServe Hugging Face', container: { name: 'kserve-container', image: 'kserve/huggingfaceserver:v0.15.2-gpu', args: ['--model_name=llama', '--http_port=8080'] }, server: 'kserve', port: 8080, model: 'llama', openAI: true },
    { name: 'KServe sklearn has no chat', container: { name: 'kserve-container', image: 'kserve/sklearnserver:v0.15.2' }, server: 'kserve', port: 8080, openAI: false },
    { name: 'Gradio by env', container: { name: 'c', image: 'python:3.12-slim', env: [{ name: 'GRADIO_SERVER_PORT', value: '7861' }] }, server: 'gradio', port: 7861, openAI: false },
    { name: 'Streamlit run', container: { name: 'c', image: 'python:3.12', command: ['streamlit', 'run', 'app.py', '--server.port', '8502'] }, server: 'streamlit', port: 8502, openAI: false },
  ])('$name', ({ container, server, port, model, openAI, metricsPort }) => {
    const info = recogniseContainer(container);
    expect(info?.server).toBe(server);
    expect(info?.port).toBe(port);
    expect(info?.model).toBe(model);
    expect(info?.openAI).toBe(openAI);
    if (metricsPort !== undefined) expect(info?.metricsPort).toBe(metricsPort);
  });

  it('ignores an ordinary container', () => {
    expect(recogniseContainer({ name: 'c', image: 'busybox:1.36', command: ['sleep', 'infinity'], ports: [{ containerPort: 8080 }] })).toBeUndefined();
  });

  it('prefers a model server over an app sidecar', () => {
    const template = {
      spec: {
        containers: [
          { name: 'ui', image: 'gradio/app', ports: [{ containerPort: 7860 }] },
          { name: 'vllm', image: 'vllm/vllm-openai:v0.8.5' },
        ],
      },
    };
    expect(recogniseTemplate(template)?.server).toBe('vllm');
  });
});
