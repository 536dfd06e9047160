/**
 * Colours of the xterm 256-colour palette above the 16 theme colours: a
 * 6×6×6 cube (16-231) and a grey ramp (232-255), as xterm defines them.
 */

const CUBE_LEVELS = [0, 95, 135, 175, 215, 255];

function hex(value: number): string {
  return value.toString(16).padStart(2, '0');
}

/** `#rrggbb` of a palette index from 16 to 255; undefined for 0-15, which the theme defines. */
export function extendedPaletteColor(index: number): string | undefined {
  if (!Number.isInteger(index) || index < 16 || index > 255) {
    return undefined;
  }
  if (index >= 232) {
    const level = 8 + (index - 232) * 10;
    return `#${hex(level)}${hex(level)}${hex(level)}`;
  }
  const cube = index - 16;
  const r = CUBE_LEVELS[Math.floor(cube / 36)] ?? 0;
  const g = CUBE_LEVELS[Math.floor(cube / 6) % 6] ?? 0;
  const b = CUBE_LEVELS[cube % 6] ?? 0;
  return `#${hex(r)}${hex(g)}${hex(b)}`;
}
