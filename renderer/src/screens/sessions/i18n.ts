/**
 * Translations of the Sessions screen, kept apart from the shell's locale
 * files: the `sessions` namespace, plus the shell keys that name the screen.
 */
import type { i18n } from 'i18next';

export const SESSIONS_NAMESPACE = 'sessions';

const en = {
  tabs: { terminals: 'Terminals', logs: 'Logs', forwards: 'Port-forwards', notebooks: 'Notebooks' },
  noCluster: 'Connect a cluster on the Clusters screen to open terminals and logs.',
  comingSoon: 'This tab is not available yet.',
  source: {
    context: 'Cluster',
    namespace: 'Namespace',
    pod: 'Pod',
    job: 'Job',
    kind: 'Source',
    container: 'Container',
    allContainers: 'All containers',
    defaultContainer: 'Default container',
    loadPods: 'Load Pods',
    noPods: 'No Pods in this namespace.',
  },
  terminal: {
    open: 'Open terminal',
    mode: 'Mode',
    exec: 'Shell (exec)',
    attach: 'Attach',
    shell: 'Shell',
    shellAuto: 'Automatic (bash, then sh)',
    empty: 'No terminal is open. Choose a Pod and open a terminal.',
    closeTab: 'Close terminal {{name}}',
    search: 'Search in terminal',
    findNext: 'Next match',
    findPrevious: 'Previous match',
    copy: 'Copy',
    paste: 'Paste',
    reconnect: 'Reconnect',
    connecting: 'Connecting…',
    exited: 'The process exited with code {{code}}.',
    exitedNoCode: 'The session ended: {{message}}',
    closed: 'The server closed the session: {{message}}',
    lost: 'The connection was lost: {{message}}',
    closedByUser: 'The session was closed.',
    clipboardDenied: 'The clipboard is not available: {{message}}',
  },
  logs: {
    start: 'Show logs',
    stop: 'Stop',
    follow: 'Follow',
    previous: 'Previous container',
    timestamps: 'Timestamps',
    tailLines: 'Last lines',
    since: 'Since',
    sinceAll: 'All',
    colours: 'Colours',
    wrap: 'Wrap lines',
    search: 'Search logs',
    onlyMatches: 'Only matching lines',
    matches_one: '{{count}} match',
    matches_other: '{{count}} matches',
    downloadText: 'Download text',
    downloadRaw: 'Download raw log (keeps escape codes)',
    dropped: '{{count}} older lines were dropped to keep memory bounded.',
    continued: 'continues on the next line',
    empty: 'No log lines yet.',
    sourceStates: { starting: 'starting', streaming: 'streaming', ended: 'ended', failed: 'failed' },
  },
};

type Resources = typeof en;

const zhCN: Resources = {
  tabs: { terminals: '终端', logs: '日志', forwards: '端口转发', notebooks: 'Notebook' },
  noCluster: '请先在“集群”页面连接一个集群，再打开终端和日志。',
  comingSoon: '此标签页暂不可用。',
  source: {
    context: '集群',
    namespace: '命名空间',
    pod: 'Pod',
    job: 'Job',
    kind: '来源',
    container: '容器',
    allContainers: '全部容器',
    defaultContainer: '默认容器',
    loadPods: '加载 Pod',
    noPods: '此命名空间中没有 Pod。',
  },
  terminal: {
    open: '打开终端',
    mode: '模式',
    exec: 'Shell（在容器中执行命令）',
    attach: '挂接',
    shell: 'Shell',
    shellAuto: '自动（优先 bash，其次 sh）',
    empty: '尚未打开终端。请选择 Pod 并打开终端。',
    closeTab: '关闭终端 {{name}}',
    search: '在终端中搜索',
    findNext: '下一个匹配',
    findPrevious: '上一个匹配',
    copy: '复制',
    paste: '粘贴',
    reconnect: '重新连接',
    connecting: '正在连接…',
    exited: '进程已退出，退出码 {{code}}。',
    exitedNoCode: '会话已结束：{{message}}',
    closed: '服务器关闭了会话：{{message}}',
    lost: '连接已断开：{{message}}',
    closedByUser: '会话已关闭。',
    clipboardDenied: '无法使用剪贴板：{{message}}',
  },
  logs: {
    start: '查看日志',
    stop: '停止',
    follow: '流式输出',
    previous: '上个容器实例的日志',
    timestamps: '时间戳',
    tailLines: '最后行数',
    since: '起始时间',
    sinceAll: '全部',
    colours: '颜色',
    wrap: '自动换行',
    search: '搜索日志',
    onlyMatches: '仅显示匹配行',
    matches_one: '{{count}} 个匹配',
    matches_other: '{{count}} 个匹配',
    downloadText: '下载文本',
    downloadRaw: '下载原始日志（保留转义序列）',
    dropped: '为限制内存占用，已丢弃 {{count}} 行较早的日志。',
    continued: '下一行接续',
    empty: '暂无日志。',
    sourceStates: { starting: '启动中', streaming: '输出中', ended: '已结束', failed: '失败' },
  },
};

/** Shell keys that name the screen in the header and the palette; merged without overwriting. */
const shellKeys = {
  en: { screens: { sessions: 'Sessions' }, commands: { showSessions: 'Go to Sessions' } },
  'zh-CN': { screens: { sessions: '会话' }, commands: { showSessions: '前往会话' } },
};

export const sessionsResources = { en, 'zh-CN': zhCN };

/** Adds the Sessions translations to an i18next instance; safe to call more than once. */
export function registerSessionsTranslations(instance: i18n): void {
  for (const [language, resources] of Object.entries(sessionsResources)) {
    instance.addResourceBundle(language, SESSIONS_NAMESPACE, resources, true, false);
  }
  for (const [language, resources] of Object.entries(shellKeys)) {
    instance.addResourceBundle(language, 'translation', resources, true, false);
  }
}
