import { jupyterToken } from '../../jupyter';
import { UTIL_ANNOTATION } from '../../servers/gpu-devices';
import { deployment, l40sSelector, h100Selector, podTemplate, service } from './pods';

/**
 * Long-running workloads of the demo: model endpoints (a vLLM Deployment, a
 * KServe InferenceService with its predictor, a Gradio chat app), a
 * notebook, and GPU pods on the shared-GPU nodes (MIG, time slicing, HAMi)
 * and the domestic accelerators. Inference pods are routed to the local
 * OpenAI-compatible server, the notebook to the local JupyterLab.
 */

export const servedModels = ['Qwen/Qwen2.5-7B-Instruct', 'meta-llama/Meta-Llama-3-8B-Instruct'];

export const demoEndpoints = {
  vllm: { namespace: 'team-c', name: 'qwen25-7b-instruct', port: 8000, model: 'Qwen/Qwen2.5-7B-Instruct' },
  kserve: { namespace: 'team-c', name: 'llama3-8b-instruct', port: 8080, model: 'meta-llama/Meta-Llama-3-8B-Instruct' },
  gradio: { namespace: 'team-c', name: 'chat-ui', port: 7860 },
  notebook: { namespace: 'team-a', name: 'notebook-alice', port: 8888 },
} as const;

/** Pods to route once they exist: label selector, pod port, and which local server gets it. */
export interface RouteRule {
  namespace: string;
  selector: string;
  podPort: number;
  target: 'openai' | 'jupyter';
}

export const routeRules: RouteRule[] = [
  { namespace: demoEndpoints.vllm.namespace, selector: `app.kubernetes.io/name=${demoEndpoints.vllm.name}`, podPort: demoEndpoints.vllm.port, target: 'openai' },
  { namespace: demoEndpoints.kserve.namespace, selector: `serving.kserve.io/inferenceservice=${demoEndpoints.kserve.name}`, podPort: demoEndpoints.kserve.port, target: 'openai' },
  { namespace: demoEndpoints.gradio.namespace, selector: `app.kubernetes.io/name=${demoEndpoints.gradio.name}`, podPort: demoEndpoints.gradio.port, target: 'openai' },
  { namespace: demoEndpoints.notebook.namespace, selector: `notebook-name=${demoEndpoints.notebook.name}`, podPort: demoEndpoints.notebook.port, target: 'jupyter' },
];

function vllmObjects(): object[] {
  const { namespace, name, port, model } = demoEndpoints.vllm;
  const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': 'inference', 'd.run/workload': 'inference' };
  return [
    deployment(namespace, name, 2, labels, {
      nodeSelector: l40sSelector,
      annotations: { [UTIL_ANNOTATION]: '45', 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(port) },
      containers: [{
        name: 'vllm',
        image: 'vllm/vllm-openai:v0.8.5',
        args: ['--model', model, '--served-model-name', model, '--port', String(port), '--max-model-len', '32768', '--gpu-memory-utilization', '0.9'],
        cpu: '8',
        memory: '48Gi',
        accelerators: { 'nvidia.com/gpu': '1' },
        ports: [{ name: 'http', containerPort: port }],
        env: { HF_HUB_OFFLINE: '1' },
      }],
    }),
    service(namespace, name, labels, [{ name: 'http', port, targetPort: port }]),
  ];
}

function kserveObjects(): object[] {
  const { namespace, name, port, model } = demoEndpoints.kserve;
  const labels = { 'serving.kserve.io/inferenceservice': name, 'app': `isvc.${name}-predictor`, 'component': 'predictor' };
  return [
    {
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: { name, namespace, annotations: { 'serving.kserve.io/deploymentMode': 'RawDeployment' } },
      spec: {
        predictor: {
          minReplicas: 1,
          maxReplicas: 2,
          model: {
            modelFormat: { name: 'huggingface' },
            args: [`--model_name=${model}`, `--model_id=${model}`, '--backend=vllm'],
            resources: { requests: { cpu: '8', memory: '48Gi', 'nvidia.com/gpu': '1' }, limits: { cpu: '8', memory: '48Gi', 'nvidia.com/gpu': '1' } },
          },
        },
      },
    },
    deployment(namespace, `${name}-predictor`, 1, labels, {
      nodeSelector: l40sSelector,
      annotations: { [UTIL_ANNOTATION]: '70' },
      containers: [{
        name: 'kserve-container',
        image: 'kserve/huggingfaceserver:v0.15.2-gpu',
        args: [`--model_name=${model}`, `--model_id=${model}`, '--backend=vllm', `--http_port=${port}`],
        cpu: '8',
        memory: '48Gi',
        accelerators: { 'nvidia.com/gpu': '1' },
        ports: [{ name: 'http', containerPort: port }],
      }],
    }),
    service(namespace, `${name}-predictor`, labels, [{ name: 'http', port: 80, targetPort: port }]),
  ];
}

/** Builds the status KServe's controller writes for a ready raw-deployment InferenceService. */
export function inferenceServiceStatus(): object {
  const { namespace, name } = demoEndpoints.kserve;
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const url = `http://${name}-${namespace}.example.com`;
  const ready = (type: string) => ({ type, status: 'True', lastTransitionTime: now });
  return {
    url,
    address: { url: `http://${name}-predictor.${namespace}.svc.cluster.local` },
    conditions: [ready('IngressReady'), ready('PredictorReady'), ready('Ready')],
    components: { predictor: { url: `http://${name}-predictor-${namespace}.example.com`, restUrl: `http://${name}-predictor.${namespace}.svc.cluster.local` } },
    modelStatus: {
      transitionStatus: 'UpToDate',
      states: { activeModelState: 'Loaded', targetModelState: 'Loaded' },
      copies: { failedCopies: 0, totalCopies: 1 },
    },
    deploymentMode: 'RawDeployment',
    observedGeneration: 1,
  };
}

function gradioObjects(): object[] {
  const { namespace, name, port } = demoEndpoints.gradio;
  const labels = { 'app.kubernetes.io/name': name, 'd.run/workload': 'app' };
  return [
    deployment(namespace, name, 1, labels, {
      nodeSelector: { 'd.run/node-pool': 'cpu' },
      containers: [{
        name: 'gradio',
        image: 'python:3.12-slim',
        command: ['python', 'app.py'],
        cpu: '1',
        memory: '2Gi',
        ports: [{ name: 'http', containerPort: port }],
        env: { GRADIO_SERVER_PORT: String(port), GRADIO_SERVER_NAME: '0.0.0.0', OPENAI_BASE_URL: `http://${demoEndpoints.vllm.name}:8000/v1` },
      }],
    }),
    service(namespace, name, labels, [{ name: 'http', port: 80, targetPort: port }]),
  ];
}

function notebookObjects(): object[] {
  const { namespace, name, port } = demoEndpoints.notebook;
  // Labels and names as Kubeflow's notebook controller creates them (StatefulSet, Service http-<name> on port 80).
  const labels = { statefulset: name, 'notebook-name': name, 'd.run/workload': 'notebook' };
  const template = podTemplate({
    labels,
    nodeSelector: h100Selector,
    // An idle notebook with a whole H100 allocated, which the GPU views should flag.
    annotations: { [UTIL_ANNOTATION]: '0', 'notebooks.kubeflow.org/last-activity': new Date(Date.now() - 6 * 3600_000).toISOString() },
    containers: [{
      name,
      image: 'kubeflownotebookswg/jupyter-pytorch-cuda-full:v1.9.0',
      cpu: '4',
      memory: '32Gi',
      accelerators: { 'nvidia.com/gpu': '1' },
      ports: [{ name: 'notebook-port', containerPort: port }],
      // The server behind this pod is the launcher's local JupyterLab, which serves at the root and requires
      // the launcher's token. A real Kubeflow image would serve under NB_PREFIX, so none is set here.
      env: { JUPYTER_TOKEN: jupyterToken },
    }],
  });
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      // d.run/notebook makes the Sessions screen list it as a notebook the app can open and stop.
      metadata: { name, namespace, labels: { 'notebook-name': name, 'd.run/notebook': name, 'd.run/notebook-flavor': 'jupyter' } },
      spec: { replicas: 1, serviceName: '', selector: { matchLabels: { statefulset: name } }, template },
    },
    service(namespace, `http-${name}`, { statefulset: name }, [{ name: `http-${name}`, port: 80, targetPort: port }]),
  ];
}

function sharedGpuObjects(): object[] {
  const small = (accelerators: Record<string, string>) => ({ cpu: '4', memory: '16Gi', accelerators });
  return [
    deployment('team-b', 'mig-dev-sandbox', 3, { 'app.kubernetes.io/name': 'mig-dev-sandbox' }, {
      nodeSelector: { 'nvidia.com/mig.strategy': 'mixed' },
      annotations: { [UTIL_ANNOTATION]: '30' },
      containers: [{ name: 'dev', image: 'nvcr.io/nvidia/pytorch:24.07-py3', command: ['sleep', 'infinity'], ...small({ 'nvidia.com/mig-1g.10gb': '1' }) }],
    }),
    deployment('team-b', 'yolo-finetune-mig', 1, { 'app.kubernetes.io/name': 'yolo-finetune-mig' }, {
      nodeSelector: { 'nvidia.com/mig.strategy': 'mixed' },
      containers: [{ name: 'train', image: 'ultralytics/ultralytics:8.3.0', command: ['yolo', 'train'], ...small({ 'nvidia.com/mig-3g.40gb': '1' }) }],
    }),
    deployment('team-b', 'hami-notebooks', 3, { 'app.kubernetes.io/name': 'hami-notebooks' }, {
      nodeSelector: { gpu: 'on' },
      annotations: { [UTIL_ANNOTATION]: '40' },
      containers: [{ name: 'dev', image: 'nvcr.io/nvidia/pytorch:24.07-py3', command: ['sleep', 'infinity'], ...small({ 'nvidia.com/gpu': '1', 'nvidia.com/gpumem': '8000', 'nvidia.com/gpucores': '30' }) }],
    }),
    deployment('team-b', 'mlu-ocr-service', 1, { 'app.kubernetes.io/name': 'mlu-ocr-service' }, {
      nodeSelector: { 'cambricon.com/mlu': 'true' },
      containers: [{ name: 'ocr', image: 'cambricon/pytorch:v1.17.0', command: ['python', 'serve.py'], ...small({ 'cambricon.com/mlu': '2' }) }],
    }),
    deployment('team-c', 'bge-m3-embedding', 3, { 'app.kubernetes.io/name': 'bge-m3-embedding' }, {
      nodeSelector: { 'nvidia.com/gpu.sharing-strategy': 'time-slicing' },
      annotations: { [UTIL_ANNOTATION]: '20' },
      containers: [{ name: 'tei', image: 'ghcr.io/huggingface/text-embeddings-inference:1.5', args: ['--model-id', 'BAAI/bge-m3'], ...small({ 'nvidia.com/gpu.shared': '1' }) }],
    }),
    deployment('team-c', 'metax-rerank', 1, { 'app.kubernetes.io/name': 'metax-rerank' }, {
      nodeSelector: { 'metax-tech.com/gpu.installed': 'true' },
      containers: [{ name: 'rerank', image: 'cr.metax-tech.com/public-ai-release/vllm:0.6.2', command: ['python', 'serve.py'], ...small({ 'metax-tech.com/gpu': '1' }) }],
    }),
    deployment('team-c', 'dcu-asr', 1, { 'app.kubernetes.io/name': 'dcu-asr' }, {
      nodeSelector: { 'hygon.com/dcu': 'on' },
      containers: [{ name: 'asr', image: 'image.sourcefind.cn:5000/dcu/admin/base/pytorch:2.1.0', command: ['python', 'serve.py'], ...small({ 'hygon.com/dcunum': '1' }) }],
    }),
  ];
}

export function serviceObjects(): object[] {
  return [...vllmObjects(), ...kserveObjects(), ...gradioObjects(), ...notebookObjects(), ...sharedGpuObjects()];
}
