/** Translations of the Notebooks tab, in a namespace of their own. */
import type { i18n } from 'i18next';

export const NOTEBOOKS_NAMESPACE = 'notebooks';

const en = {
  title: 'Notebooks',
  noCluster: 'Connect a cluster on the Clusters screen to open notebooks.',
  empty: 'No notebook in this namespace yet.',
  context: 'Cluster',
  namespace: 'Tenant namespace',
  load: 'Show notebooks',
  form: {
    legend: 'New notebook',
    name: 'Name',
    flavor: 'Kind',
    jupyter: 'JupyterLab',
    codeServer: 'VS Code (code-server)',
    image: 'Image',
    imageHint: 'Empty: {{image}}',
    gpus: 'GPUs',
    launch: 'Create and open',
  },
  columns: { name: 'Name', kind: 'Kind', image: 'Image', gpus: 'GPUs', state: 'State', actions: 'Actions' },
  state: { stopped: 'Stopped', starting: 'Starting', ready: 'Ready', failed: 'Failed' },
  backend: { kubeflow: 'Kubeflow Notebook', statefulset: 'StatefulSet' },
  phase: {
    creating: 'Creating',
    scheduling: 'Scheduling',
    starting: 'Pulling image and starting',
    ready: 'Ready',
    forwarding: 'Forwarding the port',
    open: 'Ready to open',
    failed: 'Failed',
  },
  progressTitle: 'Starting {{name}}',
  open: 'Open',
  openHere: 'Open {{name}} in a new tab',
  start: 'Start and open',
  stop: 'Stop',
  delete: 'Delete',
  tokenSource: { env: 'token from the Pod environment', args: 'token from the command line', secret: 'token from its Secret', 'server-list': 'token from jupyter server list', none: 'no token needed' },
  confirmDelete: {
    title: 'Delete notebook {{name}}?',
    body: 'This deletes the StatefulSet (or Kubeflow Notebook), its Service and its token Secret. Type the name to confirm.',
    kubectl: 'Equivalent: {{command}}',
    confirm: 'Delete',
    cancel: 'Cancel',
  },
};

type Resources = typeof en;

const zhCN: Resources = {
  title: 'Notebook',
  noCluster: '请先在“集群”页面连接一个集群，再打开 Notebook。',
  empty: '此命名空间中还没有 Notebook。',
  context: '集群',
  namespace: '租户命名空间',
  load: '显示 Notebook',
  form: {
    legend: '新建 Notebook',
    name: '名称',
    flavor: '类型',
    jupyter: 'JupyterLab',
    codeServer: 'VS Code（code-server）',
    image: '镜像',
    imageHint: '留空：{{image}}',
    gpus: 'GPU 数量',
    launch: '创建并打开',
  },
  columns: { name: '名称', kind: '类型', image: '镜像', gpus: 'GPU', state: '状态', actions: '操作' },
  state: { stopped: '已停止', starting: '正在启动', ready: '就绪', failed: '失败' },
  backend: { kubeflow: 'Kubeflow Notebook', statefulset: 'StatefulSet' },
  phase: {
    creating: '正在创建',
    scheduling: '正在调度',
    starting: '正在拉取镜像并启动',
    ready: '就绪',
    forwarding: '正在转发端口',
    open: '可以打开',
    failed: '失败',
  },
  progressTitle: '正在启动 {{name}}',
  open: '打开',
  openHere: '在新标签页中打开 {{name}}',
  start: '启动并打开',
  stop: '停止',
  delete: '删除',
  tokenSource: { env: '令牌来自 Pod 环境变量', args: '令牌来自命令行参数', secret: '令牌来自其 Secret', 'server-list': '令牌来自 jupyter server list', none: '无需令牌' },
  confirmDelete: {
    title: '删除 Notebook {{name}}？',
    body: '此操作会删除 StatefulSet（或 Kubeflow Notebook）、其服务和令牌 Secret。请输入名称以确认。',
    kubectl: '等效命令：{{command}}',
    confirm: '删除',
    cancel: '取消',
  },
};

export const notebooksResources = { en, 'zh-CN': zhCN };

export function registerNotebooksTranslations(instance: i18n): void {
  for (const [language, resources] of Object.entries(notebooksResources)) {
    instance.addResourceBundle(language, NOTEBOOKS_NAMESPACE, resources, true, false);
  }
}
