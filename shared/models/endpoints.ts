/**
 * View models of the Endpoints screen: model servers and apps found in a
 * cluster, their health and scaling, the "try it" exchange with an
 * OpenAI-compatible server, serving metrics, and deployments from templates.
 */

/** Workloads that are listed as endpoints; an InferenceService folds in its predictor Deployment. */
export type EndpointKind = 'InferenceService' | 'Deployment' | 'StatefulSet';

/** Model servers and app frameworks recognised by image, arguments, ports and environment. */
export type ServerId =
  | 'vllm'
  | 'sglang'
  | 'tgi'
  | 'triton'
  | 'ollama'
  | 'tei'
  | 'lmdeploy'
  | 'llamacpp'
  | 'kserve'
  | 'gradio'
  | 'streamlit';

/** A model server answers API calls; an app serves a web page to open in a browser. */
export type EndpointCategory = 'model' | 'app';

export type EndpointHealth = 'ready' | 'progressing' | 'degraded' | 'failed' | 'scaledToZero' | 'unknown';

/** What the recogniser found in a pod template. */
export interface ServerInfo {
  server: ServerId;
  category: EndpointCategory;
  /** What gave the server away, such as `image vllm/vllm-openai:v0.8.5`. */
  evidence: string;
  /** True when the server speaks the OpenAI chat completions API. */
  openAI: boolean;
  /** Base path of the OpenAI API, tried first; `/v1` is tried as well. */
  apiPath?: string;
  /** Container port of the HTTP API or app. */
  port?: number;
  /** Container port and path of the Prometheus metrics page. */
  metricsPort?: number;
  metricsPath?: string;
  container: string;
  image: string;
}

export interface EndpointUrl {
  url: string;
  /** Where the URL comes from: KServe status, a Service, an Ingress, an HTTPRoute or a load balancer. */
  source: 'kserve' | 'service' | 'ingress' | 'httproute' | 'loadbalancer';
  /** The object that publishes it. */
  name: string;
  /** False for cluster-internal addresses, which only a forward reaches from this machine. */
  external: boolean;
}

export interface AutoscalerInfo {
  kind: 'HorizontalPodAutoscaler' | 'ScaledObject' | 'KServe';
  name: string;
  min?: number;
  max?: number;
  current?: number;
  desired?: number;
  /** Targets in a short form, such as `cpu 80%` or `prometheus`. */
  metrics: string[];
  /** `active`, `limited`, `paused`, `idle` or `error`, from the autoscaler's conditions. */
  state?: 'active' | 'limited' | 'paused' | 'idle' | 'error';
  message?: string;
}

/** One endpoint in the table. `id` is `<kind>/<namespace>/<name>`. */
export interface EndpointRow {
  id: string;
  kind: EndpointKind;
  namespace: string;
  name: string;
  category: EndpointCategory;
  server: ServerId;
  /** Served model name, when arguments or the InferenceService name one. */
  model?: string;
  openAI: boolean;
  health: EndpointHealth;
  desired: number;
  ready: number;
  /** Devices held by the endpoint's pods (whole GPUs, MIG instances, vGPUs, NPUs). */
  gpus: number;
  /** Accelerator requests per resource name, such as `nvidia.com/gpu: 2`. */
  gpuResources: string[];
  urls: EndpointUrl[];
  restarts: number;
  autoscaler?: AutoscalerInfo;
  /** KServe deployment mode in the newer naming: Knative, Standard or ModelMesh. */
  deploymentMode?: string;
  createdAt?: string;
}

export interface EndpointCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** One entry of a KServe component's traffic split. */
export interface TrafficTarget {
  component: string;
  revision?: string;
  tag?: string;
  percent: number;
  latest: boolean;
}

export interface EndpointPod {
  name: string;
  phase: string;
  ready: boolean;
  restarts: number;
  node?: string;
  /** Why a container waits or last ended, such as CrashLoopBackOff or OOMKilled. */
  reason?: string;
}

export interface EndpointEvent {
  type: string;
  reason: string;
  message: string;
  /** `<kind>/<name>` of the object the event is about. */
  object: string;
  count: number;
  lastSeen?: string;
}

export interface ServicePorts {
  name: string;
  ports: Array<{ name?: string; port: number; targetPort?: number | string }>;
}

export interface ModelStatus {
  transition?: string;
  activeState?: string;
  targetState?: string;
  failure?: string;
}

export interface EndpointDetail extends EndpointRow {
  serverInfo: ServerInfo;
  conditions: EndpointCondition[];
  traffic: TrafficTarget[];
  pods: EndpointPod[];
  /** Newest first, at most a few dozen. */
  events: EndpointEvent[];
  autoscalers: AutoscalerInfo[];
  services: ServicePorts[];
  modelStatus?: ModelStatus;
  /** The Deployment or StatefulSet whose replicas scale and restart act on. */
  workload?: { kind: 'Deployment' | 'StatefulSet'; name: string };
  /** Both are false when the user may not act, or nothing can be acted on. */
  scalable: boolean;
  restartable: boolean;
  /** Where `events` and `pods` come from could not be read, with the reason. */
  eventsError?: string;
}

/** The list view's header: how complete the lists behind the rows are. */
export interface EndpointsSummary {
  contextId: string;
  total: number;
  models: number;
  apps: number;
  synced: boolean;
  /** Resources the user may not list, such as `deployments`. */
  forbidden: string[];
  /** Optional APIs found by discovery. */
  apis: { kserve: boolean; gatewayApi: boolean; keda: boolean };
  namespace?: string;
  updatedAt: string;
}

// ---- try it ----

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * Why a "try it" call did not give an answer. The renderer words it from
 * `code`; `message` says the same in English for logs and tests.
 */
export type TryProblemCode =
  | 'noTarget'
  | 'forward'
  | 'connection'
  | 'timeoutHeaders'
  | 'timeoutIdle'
  | 'timeoutTotal'
  | 'httpError'
  | 'notOpenAI'
  | 'emptyStream'
  | 'cancelled';

export interface TryProblem {
  code: TryProblemCode;
  message: string;
  status?: number;
  seconds?: number;
  /** The start of the body that was not understood. */
  excerpt?: string;
}

export interface RawRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as received, cut at a limit (see `truncated`). */
  body: string;
  truncated: boolean;
}

export interface RawExchange {
  request: RawRequest;
  response?: RawResponse;
}

export interface ModelInfo {
  id: string;
  ownedBy?: string;
  maxModelLen?: number;
}

/** The answer to a /models call: the models, or the problem, with the raw exchange either way. */
export interface ModelsReply {
  /** How the server was reached: `forward` (local port to a pod) or `url`. */
  via: 'forward' | 'url';
  baseUrl?: string;
  models: ModelInfo[];
  problem?: TryProblem;
  exchange?: RawExchange;
  latencyMs?: number;
}

export interface ChatStats {
  /** From sending the request to the first content token. */
  timeToFirstTokenMs?: number;
  totalMs: number;
  completionTokens: number;
  /** `usage` when the server reported token counts, `chunks` when counted from streamed chunks. */
  tokenSource: 'usage' | 'chunks';
  /** Completion tokens over the time after the first token. */
  tokensPerSecond?: number;
  promptTokens?: number;
  finishReason?: string;
}

/** What the chat stream pushes, in order: connecting, sent, headers, deltas, then done or failed. */
export type ChatEvent =
  | { type: 'connecting'; via: 'forward' | 'url'; target: string }
  | { type: 'sent'; request: RawRequest }
  | { type: 'headers'; status: number; headers: Record<string, string> }
  | { type: 'delta'; text: string; raw: string }
  | { type: 'done'; stats: ChatStats; response: RawResponse }
  | { type: 'failed'; problem: TryProblem; stats?: ChatStats; response?: RawResponse };

// ---- serving metrics ----

export interface PodServingMetrics {
  pod: string;
  /** Which metric family was found: `vllm:`, `sglang:` or `tgi_`. */
  family?: 'vllm' | 'sglang' | 'tgi';
  error?: string;
  running?: number;
  waiting?: number;
  /** 0..1 */
  kvCacheUsage?: number;
  timeToFirstTokenMeanMs?: number;
  timeToFirstTokenP95Ms?: number;
  promptTokens?: number;
  generationTokens?: number;
  requestsSucceeded?: number;
}

export interface ServingMetrics {
  pods: PodServingMetrics[];
  /** Sums (running, waiting, tokens) and the mean KV-cache use over pods that answered. */
  total: Omit<PodServingMetrics, 'pod' | 'error'>;
  /** Why no pod could be read, when none could. */
  unavailable?: string;
  updatedAt: string;
}

// ---- deploy, scale, restart ----

export type TemplateId = 'vllm' | 'gradio';

export interface DeployInput {
  template: TemplateId;
  namespace: string;
  name: string;
  image: string;
  /** Model id for a model server; an app ignores it. */
  model: string;
  gpus: number;
  /** Extended resource that holds the GPUs, `nvidia.com/gpu` by default. */
  gpuResource: string;
  replicas: number;
}

export interface DryRunOutcome {
  kind: string;
  name: string;
  namespace: string;
  /** `created` or `configured` as a real apply would do, or `failed` with the server's message. */
  outcome: 'created' | 'configured' | 'failed';
  message?: string;
}

export interface DeployPreview {
  yaml: string;
  outcomes: DryRunOutcome[];
  /** The equivalent kubectl command. */
  kubectl: string;
}

export interface DeployResult {
  outcomes: DryRunOutcome[];
  id: string;
  kubectl: string;
}

export interface ScaleResult {
  replicas: number;
  /** Set when an autoscaler manages the replicas and will override the new count. */
  autoscaledBy?: string;
  kubectl: string;
}

export interface RestartResult {
  restartedAt: string;
  kubectl: string;
}

/** `<kind>/<namespace>/<name>`, the id of an endpoint. */
export function endpointId(kind: EndpointKind, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

/** Splits an endpoint id; undefined when it is not one. */
export function parseEndpointId(id: string): { kind: EndpointKind; namespace: string; name: string } | undefined {
  const [kind, namespace, name, ...rest] = id.split('/');
  if (rest.length > 0 || !namespace || !name) {
    return undefined;
  }
  if (kind !== 'InferenceService' && kind !== 'Deployment' && kind !== 'StatefulSet') {
    return undefined;
  }
  return { kind, namespace, name };
}
