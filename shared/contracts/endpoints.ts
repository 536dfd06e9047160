import { z } from 'zod';
import { defineContract, method, stream } from '../contract';
import type {
  ChatEvent,
  DeployPreview,
  DeployResult,
  EndpointDetail,
  EndpointRow,
  EndpointsSummary,
  ModelsReply,
  RestartResult,
  ScaleResult,
  ServingMetrics,
} from '../models/endpoints';
import type { TableWindow } from '../models/overview';
import { MAX_TABLE_WINDOW } from './overview';

const contextId = z.string().min(1).max(4096);
/** `<kind>/<namespace>/<name>`, as the list sends it. */
const endpointId = z.string().min(3).max(512).regex(/^(InferenceService|Deployment|StatefulSet)\/[a-z0-9-]+\/[a-z0-9.-]+$/, 'not an endpoint id');
const endpointRef = { contextId, id: endpointId };

/** Longest prompt sent from the panel, in characters; a chat box is not a bulk upload. */
export const MAX_PROMPT_CHARS = 32_000;

export const chatInputSchema = z.object({
  ...endpointRef,
  model: z.string().min(1).max(512),
  messages: z
    .array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string().max(MAX_PROMPT_CHARS) }))
    .min(1)
    .max(64),
  /** Upper bound of generated tokens. */
  maxTokens: z.number().int().min(1).max(32_768).default(256),
  temperature: z.number().min(0).max(2).optional(),
  /** One of the endpoint's external URLs to use instead of a port-forward. */
  url: z.string().url().max(2048).optional(),
});

export const deployInputSchema = z.object({
  template: z.enum(['vllm', 'gradio']),
  namespace: z.string().min(1).max(63),
  name: z.string().min(1).max(63),
  image: z.string().min(1).max(512),
  model: z.string().max(512).default(''),
  gpus: z.number().int().min(0).max(64).default(0),
  gpuResource: z.string().min(1).max(253).default('nvidia.com/gpu'),
  replicas: z.number().int().min(0).max(100).default(1),
});

/** The Endpoints screen: model servers and apps, their health and scaling, "try it", and deploy. */
export const endpointsContract = defineContract('endpoints', {
  /** Counts, sync state and the resources the user may not list; pushed when they change. */
  summary: stream<EndpointsSummary>()(z.object({ contextId })),
  /** The endpoint table, windowed like the Overview tables; filter matches name, namespace, model and server. */
  list: stream<TableWindow<EndpointRow>>()(
    z.object({
      contextId,
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(MAX_TABLE_WINDOW).default(100),
      filter: z.string().max(256).default(''),
      sortBy: z.string().max(64).default('name'),
      sortDirection: z.enum(['asc', 'desc']).default('asc'),
    }),
  ),
  /** One endpoint with its pods, conditions, traffic, autoscalers and recent events. Fails with NotFound once it is gone. */
  detail: stream<EndpointDetail>()(z.object(endpointRef)),
  /** Serving metrics read from each ready pod's metrics port through a forward, every few seconds while subscribed. */
  metrics: stream<ServingMetrics>()(z.object(endpointRef)),
  /** Lists the models of an OpenAI-compatible endpoint (GET /v1/models) through a forward made on demand. */
  models: method<ModelsReply>()(z.object({ ...endpointRef, url: z.string().url().max(2048).optional() })),
  /**
   * Sends one streamed chat completion and pushes the exchange as it happens.
   * Ends with a `done` or `failed` event; unsubscribing cancels the request.
   */
  chat: stream<ChatEvent>()(chatInputSchema),
  /** Forwards a local port to a Gradio or Streamlit app and returns the address to open. */
  openApp: method<{ url: string; forwardId: string }>()(z.object(endpointRef)),
  /** Fills a template and checks it with a server-side dry run; nothing is created. */
  previewDeploy: method<DeployPreview>()(z.object({ contextId, input: deployInputSchema })),
  /** Server-side applies the filled template (field manager drun-desktop). */
  deploy: method<DeployResult>()(z.object({ contextId, input: deployInputSchema })),
  /** Sets the replicas of the endpoint's workload (for an InferenceService, the predictor's minReplicas). */
  scale: method<ScaleResult>()(z.object({ ...endpointRef, replicas: z.number().int().min(0).max(1000) })),
  /** Rolls every pod, as `kubectl rollout restart` does. */
  restart: method<RestartResult>()(z.object(endpointRef)),
});

export type ChatInput = z.output<typeof chatInputSchema>;
export type DeployInputParsed = z.output<typeof deployInputSchema>;
