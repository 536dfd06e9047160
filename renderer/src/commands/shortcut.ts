/** Keyboard shortcuts as data: matching a KeyboardEvent and writing the key names people read. */

export interface Shortcut {
  /** KeyboardEvent.code, so Alt on macOS (which changes `key`) still matches. */
  code: string;
  /** Ctrl, or Cmd on macOS. */
  mod?: boolean;
  alt?: boolean;
  shift?: boolean;
}

export function isMac(platform: string): boolean {
  return /mac|iphone|ipad/i.test(platform);
}

export function matchesShortcut(event: Pick<KeyboardEvent, 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>, shortcut: Shortcut, mac: boolean): boolean {
  const mod = mac ? event.metaKey : event.ctrlKey;
  const otherMod = mac ? event.ctrlKey : event.metaKey;
  return (
    event.code === shortcut.code &&
    mod === Boolean(shortcut.mod) &&
    !otherMod &&
    event.altKey === Boolean(shortcut.alt) &&
    event.shiftKey === Boolean(shortcut.shift)
  );
}

function keyName(code: string): string {
  return code.replace(/^Key/, '').replace(/^Digit/, '');
}

/** `Ctrl+K` / `⌘K` for display. */
export function formatShortcut(shortcut: Shortcut, mac: boolean): string {
  const parts: string[] = [];
  if (shortcut.mod) parts.push(mac ? '⌘' : 'Ctrl');
  if (shortcut.alt) parts.push(mac ? '⌥' : 'Alt');
  if (shortcut.shift) parts.push(mac ? '⇧' : 'Shift');
  parts.push(keyName(shortcut.code));
  return parts.join(mac ? '' : '+');
}

/** The aria-keyshortcuts form, for example `Control+K` or `Alt+1`. */
export function ariaShortcut(shortcut: Shortcut, mac: boolean): string {
  const parts: string[] = [];
  if (shortcut.mod) parts.push(mac ? 'Meta' : 'Control');
  if (shortcut.alt) parts.push('Alt');
  if (shortcut.shift) parts.push('Shift');
  parts.push(keyName(shortcut.code));
  return parts.join('+');
}
