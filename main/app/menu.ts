/**
 * The application menu in the UI language. Items are Electron roles, so the
 * platform supplies the behaviour and shortcuts; only the labels are ours.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { Locale } from './locale';

const LABELS = {
  en: {
    file: 'File', edit: 'Edit', view: 'View', window: 'Window',
    quit: 'Quit d.run Desktop', close: 'Close Window', about: 'About d.run Desktop',
    hide: 'Hide d.run Desktop', hideOthers: 'Hide Others', unhide: 'Show All',
    undo: 'Undo', redo: 'Redo', cut: 'Cut', copy: 'Copy', paste: 'Paste', selectAll: 'Select All',
    reload: 'Reload', devTools: 'Toggle Developer Tools', resetZoom: 'Actual Size',
    zoomIn: 'Zoom In', zoomOut: 'Zoom Out', fullScreen: 'Toggle Full Screen', minimize: 'Minimize',
  },
  'zh-CN': {
    file: '文件', edit: '编辑', view: '视图', window: '窗口',
    quit: '退出 d.run Desktop', close: '关闭窗口', about: '关于 d.run Desktop',
    hide: '隐藏 d.run Desktop', hideOthers: '隐藏其他', unhide: '全部显示',
    undo: '撤销', redo: '重做', cut: '剪切', copy: '复制', paste: '粘贴', selectAll: '全选',
    reload: '重新加载', devTools: '切换开发者工具', resetZoom: '实际大小',
    zoomIn: '放大', zoomOut: '缩小', fullScreen: '切换全屏', minimize: '最小化',
  },
} as const satisfies Record<Locale, Record<string, string>>;

/** Builds the menu template. `platform` is process.platform, because only macOS has an app menu. */
export function applicationMenu(locale: Locale, platform: string): MenuItemConstructorOptions[] {
  const t = LABELS[locale];
  const mac = platform === 'darwin';
  const appMenu: MenuItemConstructorOptions[] = mac
    ? [{
        role: 'appMenu',
        label: 'd.run Desktop',
        submenu: [
          { role: 'about', label: t.about },
          { type: 'separator' },
          { role: 'hide', label: t.hide },
          { role: 'hideOthers', label: t.hideOthers },
          { role: 'unhide', label: t.unhide },
          { type: 'separator' },
          { role: 'quit', label: t.quit },
        ],
      }]
    : [];

  return [
    ...appMenu,
    { label: t.file, submenu: [{ role: 'close', label: t.close }, ...(mac ? [] : [{ role: 'quit' as const, label: t.quit }])] },
    {
      label: t.edit,
      submenu: [
        { role: 'undo', label: t.undo },
        { role: 'redo', label: t.redo },
        { type: 'separator' },
        { role: 'cut', label: t.cut },
        { role: 'copy', label: t.copy },
        { role: 'paste', label: t.paste },
        { role: 'selectAll', label: t.selectAll },
      ],
    },
    {
      label: t.view,
      submenu: [
        { role: 'reload', label: t.reload },
        { role: 'toggleDevTools', label: t.devTools },
        { type: 'separator' },
        { role: 'resetZoom', label: t.resetZoom },
        { role: 'zoomIn', label: t.zoomIn },
        { role: 'zoomOut', label: t.zoomOut },
        { type: 'separator' },
        { role: 'togglefullscreen', label: t.fullScreen },
      ],
    },
    { label: t.window, submenu: [{ role: 'minimize', label: t.minimize }, { role: 'close', label: t.close }] },
  ];
}
