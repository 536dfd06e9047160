/** Translations of the Port-forwards tab, in a namespace of their own. */
import type { i18n } from 'i18next';

export const FORWARDS_NAMESPACE = 'forwards';

const en = {
  title: 'Port-forwards',
  listTitle: 'Open port-forwards',
  empty: 'No port-forward is open. Forward a Pod or a Service port to 127.0.0.1 with the form above.',
  noCluster: 'Connect a cluster on the Clusters screen to forward ports.',
  form: {
    legend: 'New port-forward',
    context: 'Cluster',
    kind: 'Target',
    pod: 'Pod',
    service: 'Service',
    namespace: 'Namespace',
    name: 'Name',
    port: 'Port (number or name)',
    localPort: 'Local port',
    localPortHint: '0: any free port on 127.0.0.1',
    keep: 'Keep: restore on next start',
    start: 'Start',
    starting: 'Starting…',
  },
  columns: {
    target: 'Target',
    state: 'State',
    local: 'Local address',
    connections: 'Connections (open / total / failed)',
    traffic: 'Sent / received',
    keep: 'Keep',
    actions: 'Actions',
  },
  phase: {
    starting: 'Starting',
    idle: 'Listening (connects on first use)',
    active: 'Active',
    reconnecting: 'Reconnecting',
    failed: 'Failed',
    stopped: 'Stopped',
  },
  pod: 'Pod {{name}} ({{uid}}), port {{port}}',
  lastError: 'Last connection error: {{message}}',
  stop: 'Stop',
  restart: 'Restart',
  keepLabel: 'Keep {{target}}',
};

type Resources = typeof en;

const zhCN: Resources = {
  title: '端口转发',
  listTitle: '已打开的端口转发',
  empty: '没有打开的端口转发。请用上方的表单把 Pod 或服务的端口转发到 127.0.0.1。',
  noCluster: '请先在“集群”页面连接一个集群，再转发端口。',
  form: {
    legend: '新建端口转发',
    context: '集群',
    kind: '目标',
    pod: 'Pod',
    service: '服务（Service）',
    namespace: '命名空间',
    name: '名称',
    port: '端口（数字或名称）',
    localPort: '本地端口',
    localPortHint: '0：自动选择 127.0.0.1 上的空闲端口',
    keep: '保留：下次启动时恢复',
    start: '开始',
    starting: '正在启动…',
  },
  columns: {
    target: '目标',
    state: '状态',
    local: '本地地址',
    connections: '连接（打开 / 总数 / 失败）',
    traffic: '发送 / 接收',
    keep: '保留',
    actions: '操作',
  },
  phase: {
    starting: '正在启动',
    idle: '正在侦听（首次使用时连接）',
    active: '活跃',
    reconnecting: '正在重新连接',
    failed: '失败',
    stopped: '已停止',
  },
  pod: 'Pod {{name}}（{{uid}}），端口 {{port}}',
  lastError: '上次连接错误：{{message}}',
  stop: '停止',
  restart: '重启',
  keepLabel: '保留 {{target}}',
};

export const forwardsResources = { en, 'zh-CN': zhCN };

export function registerForwardsTranslations(instance: i18n): void {
  for (const [language, resources] of Object.entries(forwardsResources)) {
    instance.addResourceBundle(language, FORWARDS_NAMESPACE, resources, true, false);
  }
}
