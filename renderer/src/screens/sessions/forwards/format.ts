/** Byte counts for the forwards table, in binary units like the rest of the app. */
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes: number, formatNumber: (value: number) => string): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${formatNumber(unit === 0 ? value : Math.round(value * 10) / 10)} ${UNITS[unit]}`;
}
