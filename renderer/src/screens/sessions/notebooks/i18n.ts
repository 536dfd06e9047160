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
    starting: 'Starting',
    ready: 'Ready',
    forwarding: 'Forwarding the port',
    open: 'Ready to open',
    failed: 'Failed',
  },
  note: {
    applying: "Applying the notebook's objects, or scaling a stopped one up.",
    'awaiting-pod': 'Waiting for the controller to create the Pod.',
    pulling: 'Pulling the image and starting the container.',
    'awaiting-readiness': 'The server is starting; waiting for its readiness probe.',
    forwarding: 'Opening a local port and looking up the token.',
    'pod-ended': 'The Pod ended ({{podPhase}}).',
  },
  progressTitle: 'Starting {{name}}',
  readyTitle: '{{name}} is ready',
  failedTitle: '{{name}} did not start',
  open: 'Open',
  openHere: 'Open {{name}} in a new tab',
  start: 'Start and open',
  stop: 'Stop',
  delete: 'Delete',
  tokenSource: {
    env: "The link signs in with the token from the Pod's environment.",
    args: "The link signs in with the token from the server's command line.",
    secret: "The link signs in with the token from the notebook's Secret.",
    'server-list': 'The link signs in with the token that jupyter server list shows.',
    none: 'No token was found in the Pod. If Jupyter asks for one, run jupyter server list in a terminal of the Pod.',
  },
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
    starting: '正在启动',
    ready: '就绪',
    forwarding: '正在转发端口',
    open: '可以打开',
    failed: '失败',
  },
  note: {
    applying: '提交 Notebook 的对象，或为已停止的 Notebook 扩容。',
    'awaiting-pod': '正在等待控制器创建 Pod。',
    pulling: '正在拉取镜像并启动容器。',
    'awaiting-readiness': '服务器正在启动，等待就绪探针通过。',
    forwarding: '正在打开本地端口并查找令牌。',
    'pod-ended': 'Pod 已结束（{{podPhase}}）。',
  },
  progressTitle: '正在启动 {{name}}',
  readyTitle: '{{name}} 已就绪',
  failedTitle: '{{name}} 未能启动',
  open: '打开',
  openHere: '在新标签页中打开 {{name}}',
  start: '启动并打开',
  stop: '停止',
  delete: '删除',
  tokenSource: {
    env: '链接使用 Pod 环境变量中的令牌登录。',
    args: '链接使用服务器命令行参数中的令牌登录。',
    secret: '链接使用 Notebook 的 Secret 中的令牌登录。',
    'server-list': '链接使用 jupyter server list 显示的令牌登录。',
    none: '未在 Pod 中找到令牌。如果 Jupyter 要求令牌，请在该 Pod 的终端中运行 jupyter server list。',
  },
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
