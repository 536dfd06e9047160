/**
 * Recognises model servers and web apps from a pod template: the image name
 * first, then the command and arguments, then the environment, then
 * well-known ports. Defaults come from each project's documentation: vLLM
 * 8000, SGLang 30000, Ollama 11434, LMDeploy 23333, Triton 8000 (metrics
 * 8002), KServe model servers 8080, Gradio 7860 (`GRADIO_SERVER_PORT`),
 * Streamlit 8501 (`server.port`).
 */
import type { ServerId, ServerInfo } from '../models/endpoints';

export interface ContainerSpecLike {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  ports?: Array<{ name?: string; containerPort: number; protocol?: string }>;
  env?: Array<{ name: string; value?: string }>;
}

export interface PodTemplateLike {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: { containers?: ContainerSpecLike[] };
}

interface ServerRule {
  server: ServerId;
  image?: RegExp;
  /** Matched against the command line joined by spaces. */
  command?: RegExp;
  env?: string;
  /** A container port that alone gives the server away. */
  port?: number;
  defaultPort: number;
  portFlags: string[];
  portEnv?: string;
  openAI: boolean;
  apiPath?: string;
  metrics?: { port?: number; path: string };
  modelFlags: string[];
  modelEnv?: string[];
  /** The model is the first word after this one, as in `vllm serve <model>`. */
  modelAfter?: string;
}

const RULES: readonly ServerRule[] = [
  {
    server: 'vllm',
    image: /(^|[/-])vllm([-/:@]|$)|vllm-openai/i,
    command: /(^|[\s/])vllm\s+serve\b|vllm\.entrypoints/,
    defaultPort: 8000,
    portFlags: ['--port'],
    openAI: true,
    apiPath: '/v1',
    metrics: { path: '/metrics' },
    modelFlags: ['--served-model-name', '--model'],
    modelAfter: 'serve',
  },
  {
    server: 'sglang',
    image: /(^|\/)sglang([-/:@]|$)/i,
    command: /sglang\.launch_server|(^|\s)sglang\s+serve\b/,
    defaultPort: 30000,
    portFlags: ['--port'],
    openAI: true,
    apiPath: '/v1',
    metrics: { path: '/metrics' },
    modelFlags: ['--served-model-name', '--model-path', '--model'],
  },
  {
    server: 'tgi',
    image: /text-generation-inference/i,
    command: /text-generation-launcher/,
    defaultPort: 80,
    portFlags: ['--port'],
    portEnv: 'PORT',
    openAI: true,
    apiPath: '/v1',
    metrics: { path: '/metrics' },
    modelFlags: ['--model-id'],
    modelEnv: ['MODEL_ID'],
  },
  {
    server: 'tei',
    image: /text-embeddings-inference/i,
    command: /text-embeddings-router/,
    defaultPort: 80,
    portFlags: ['--port'],
    portEnv: 'PORT',
    openAI: false,
    metrics: { path: '/metrics' },
    modelFlags: ['--model-id'],
    modelEnv: ['MODEL_ID'],
  },
  {
    server: 'triton',
    image: /tritonserver/i,
    command: /(^|[\s/])tritonserver\b/,
    defaultPort: 8000,
    portFlags: ['--http-port'],
    openAI: false,
    metrics: { port: 8002, path: '/metrics' },
    modelFlags: [],
  },
  {
    server: 'ollama',
    image: /(^|\/)ollama\/ollama|(^|\/)ollama(:|$)/i,
    command: /(^|[\s/])ollama\s+serve\b/,
    port: 11434,
    defaultPort: 11434,
    portFlags: [],
    openAI: true,
    apiPath: '/v1',
    modelFlags: [],
  },
  {
    server: 'lmdeploy',
    image: /lmdeploy/i,
    command: /lmdeploy\s+serve\s+api_server/,
    defaultPort: 23333,
    portFlags: ['--server-port'],
    openAI: true,
    apiPath: '/v1',
    metrics: { path: '/metrics' },
    modelFlags: ['--model-name'],
    modelAfter: 'api_server',
  },
  {
    server: 'llamacpp',
    image: /llama[.-]cpp/i,
    command: /(^|[\s/])llama-server\b/,
    defaultPort: 8080,
    portFlags: ['--port'],
    openAI: true,
    apiPath: '/v1',
    metrics: { path: '/metrics' },
    modelFlags: ['--alias', '--model', '-m'],
  },
  {
    server: 'kserve',
    image: /(^|\/)kserve\/[a-z]+server/i,
    command: /(^|[\s/])python\s+-m\s+huggingfaceserver\b/,
    defaultPort: 8080,
    portFlags: ['--http_port'],
    // Only KServe's Hugging Face server has the OpenAI API; serverInfo() narrows this by image.
    openAI: true,
    apiPath: '/openai/v1',
    metrics: { path: '/metrics' },
    modelFlags: ['--model_name', '--model_id'],
  },
  {
    server: 'streamlit',
    image: /streamlit/i,
    command: /(^|[\s/])streamlit\s+run\b/,
    env: 'STREAMLIT_SERVER_PORT',
    port: 8501,
    defaultPort: 8501,
    portFlags: ['--server.port'],
    portEnv: 'STREAMLIT_SERVER_PORT',
    openAI: false,
    modelFlags: [],
  },
  {
    server: 'gradio',
    image: /gradio/i,
    command: /(^|[\s/])gradio\b/,
    env: 'GRADIO_SERVER_PORT',
    port: 7860,
    defaultPort: 7860,
    portFlags: ['--server-port', '--port'],
    portEnv: 'GRADIO_SERVER_PORT',
    openAI: false,
    modelFlags: [],
  },
];

const APPS: ReadonlySet<ServerId> = new Set(['gradio', 'streamlit']);

/** Splits command and arguments into words, so `sh -c "vllm serve m"` reads like `vllm serve m`. */
export function commandWords(container: Pick<ContainerSpecLike, 'command' | 'args'>): string[] {
  return [...(container.command ?? []), ...(container.args ?? [])].flatMap((part) => part.split(/\s+/)).filter((word) => word !== '');
}

/** The value of `--flag value` or `--flag=value`; the last one wins, as with most argument parsers. */
export function flagValue(words: readonly string[], flags: readonly string[]): string | undefined {
  let found: string | undefined;
  words.forEach((word, index) => {
    for (const flag of flags) {
      if (word === flag && index + 1 < words.length && !words[index + 1]!.startsWith('-')) {
        found = words[index + 1];
      } else if (word.startsWith(`${flag}=`)) {
        found = word.slice(flag.length + 1);
      }
    }
  });
  return found?.replace(/^["']|["']$/g, '');
}

function envValue(container: ContainerSpecLike, name: string | undefined): string | undefined {
  return name ? container.env?.find((variable) => variable.name === name)?.value : undefined;
}

function evidenceFor(rule: ServerRule, container: ContainerSpecLike, line: string): string | undefined {
  const image = container.image ?? '';
  if (rule.image?.test(image)) {
    return `image ${image}`;
  }
  const command = rule.command?.exec(line);
  if (command) {
    return `command ${command[0].trim()}`;
  }
  if (rule.env && envValue(container, rule.env) !== undefined) {
    return `env ${rule.env}`;
  }
  if (rule.port !== undefined && container.ports?.some((port) => port.containerPort === rule.port)) {
    return `port ${rule.port}`;
  }
  return undefined;
}

function portOf(rule: ServerRule, container: ContainerSpecLike, words: readonly string[]): number {
  const candidates = [flagValue(words, rule.portFlags), envValue(container, rule.portEnv)];
  for (const candidate of candidates) {
    const port = Number(candidate);
    if (candidate !== undefined && Number.isInteger(port) && port > 0 && port < 65536) {
      return port;
    }
  }
  const ports = container.ports ?? [];
  const named = ports.find((port) => port.name === 'http' || port.name === 'http1' || port.name === 'web');
  if (named) {
    return named.containerPort;
  }
  if (ports.some((port) => port.containerPort === rule.defaultPort)) {
    return rule.defaultPort;
  }
  return ports[0]?.containerPort ?? rule.defaultPort;
}

function modelOf(rule: ServerRule, container: ContainerSpecLike, words: readonly string[]): string | undefined {
  const fromFlag = flagValue(words, rule.modelFlags.slice(0, 1)) ?? flagValue(words, rule.modelFlags);
  if (fromFlag) {
    return fromFlag;
  }
  if (rule.modelAfter) {
    const index = words.indexOf(rule.modelAfter);
    const next = index >= 0 ? words[index + 1] : undefined;
    if (next && !next.startsWith('-')) {
      return next;
    }
  }
  for (const name of rule.modelEnv ?? []) {
    const value = envValue(container, name);
    if (value) {
      return value;
    }
  }
  return undefined;
}

/** Recognises one container; undefined when it is neither a known model server nor a known app. */
export function recogniseContainer(container: ContainerSpecLike): (ServerInfo & { model?: string }) | undefined {
  const words = commandWords(container);
  const line = words.join(' ');
  for (const rule of RULES) {
    const evidence = evidenceFor(rule, container, line);
    if (!evidence) {
      continue;
    }
    const port = portOf(rule, container, words);
    const model = modelOf(rule, container, words);
    const openAI = rule.server === 'kserve' ? /huggingfaceserver/i.test(`${container.image ?? ''} ${line}`) : rule.openAI;
    return {
      server: rule.server,
      category: APPS.has(rule.server) ? 'app' : 'model',
      evidence,
      openAI,
      ...(openAI && rule.apiPath ? { apiPath: rule.apiPath } : {}),
      port,
      ...(rule.metrics ? { metricsPort: rule.metrics.port ?? port, metricsPath: rule.metrics.path } : {}),
      container: container.name,
      image: container.image ?? '',
      ...(model ? { model } : {}),
    };
  }
  return undefined;
}

/**
 * Recognises a pod template: the first container that is a model server wins
 * over one that is an app, so a model server with a Gradio sidecar is a model.
 */
export function recogniseTemplate(template: PodTemplateLike | undefined): (ServerInfo & { model?: string }) | undefined {
  const found = (template?.spec?.containers ?? []).map(recogniseContainer).filter((info) => info !== undefined);
  return found.find((info) => info.category === 'model') ?? found[0];
}
