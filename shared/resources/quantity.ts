/**
 * Kubernetes resource quantities with exact arithmetic.
 *
 * A value is stored as a BigInt count of nano-units (10^-9), the finest
 * precision the API server keeps: it rounds any finer fraction up, away from
 * zero, when it parses a quantity. Sums of quantities are therefore exact, so
 * ten pods of `100m` fill a quota of `1` with nothing left over.
 *
 * Grammar (k8s.io/apimachinery/pkg/api/resource):
 *   quantity  = [+-] number suffix
 *   number    = digits | digits "." [digits] | "." digits
 *   suffix    = "" | n | u | m | k | M | G | T | P | E      (decimal SI)
 *             | Ki | Mi | Gi | Ti | Pi | Ei                 (binary SI)
 *             | (e | E) [+-] digits                         (decimal exponent)
 * Suffixes are case-sensitive and no whitespace is allowed. `1E` is one exa;
 * `1E3` is one thousand.
 */

import { appError } from '../result';

/** The notation a quantity was written in; canonical formatting keeps it. */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** Value in units of 10^-9 (bytes, cores or devices, by resource). */
  readonly nanos: bigint;
  readonly format: QuantityFormat;
}

const NANOS_PER_UNIT = 1_000_000_000n;

/** The API server caps binary and exponent quantities at the largest int64. */
const MAX_CAPPED_VALUE = (1n << 63n) - 1n;

const DECIMAL_SUFFIX_EXPONENTS: Readonly<Record<string, number>> = {
  n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18,
};

const BINARY_SUFFIX_POWERS: Readonly<Record<string, number>> = {
  Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60,
};

const QUANTITY_PATTERN = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*[+-]?[0-9]*)$/;
const EXPONENT_SUFFIX = /^[eE]([+-]?[0-9]+)$/;

export const ZERO: Quantity = { nanos: 0n, format: 'DecimalSI' };

/**
 * Parses a Kubernetes quantity string exactly.
 *
 * @param text the quantity, for example `1500m`, `1.5Gi`, `129e6` or `15k`;
 *   numbers are accepted too because YAML turns `gpu: 8` into a number.
 * @param field where the value came from, named in the error, for example
 *   `status.hard["pods"]`.
 * @throws AppErrorException of kind `InvalidInput` naming the field and value;
 *   never returns 0 or the leading digits for an invalid string.
 */
export function parseQuantity(text: string | number, field?: string): Quantity {
  const source = typeof text === 'number' ? numberToQuantityText(text, field) : text;
  const match = QUANTITY_PATTERN.exec(source);
  const whole = match?.[2] ?? '';
  const fraction = match?.[3] ?? '';

  if (!match || (whole === '' && fraction === '')) {
    throw invalidQuantity(source, field, 'expected a number with an optional suffix such as m, Ki, Gi, k or e3');
  }

  const suffix = match[4] ?? '';
  const negative = match[1] === '-';
  const digits = BigInt(whole + fraction || '0');
  const magnitude = scaleToNanos(digits, fraction.length, suffix, source, field);
  return { nanos: negative ? -magnitude.nanos : magnitude.nanos, format: magnitude.format };
}

/** Parses like {@link parseQuantity} but returns undefined instead of throwing. */
export function tryParseQuantity(text: string | number | undefined): Quantity | undefined {
  if (text === undefined) return undefined;
  try {
    return parseQuantity(text);
  } catch {
    // The caller asked for "maybe a quantity"; an invalid string is simply not one.
    return undefined;
  }
}

function numberToQuantityText(value: number, field: string | undefined): string {
  if (!Number.isFinite(value)) {
    throw invalidQuantity(String(value), field, 'expected a finite number');
  }
  return String(value).replace('e+', 'e');
}

function scaleToNanos(
  digits: bigint,
  fractionDigits: number,
  suffix: string,
  source: string,
  field: string | undefined,
): Quantity {
  const decimal = DECIMAL_SUFFIX_EXPONENTS[suffix];
  if (decimal !== undefined) {
    return { nanos: shiftDecimal(digits, decimal - fractionDigits + 9), format: 'DecimalSI' };
  }

  const binary = BINARY_SUFFIX_POWERS[suffix];
  if (binary !== undefined) {
    const nanos = shiftDecimal(digits << BigInt(binary), 9 - fractionDigits);
    return { nanos: capNanos(nanos), format: 'BinarySI' };
  }

  const exponent = EXPONENT_SUFFIX.exec(suffix)?.[1];
  if (exponent === undefined) {
    throw invalidQuantity(source, field, `unknown suffix "${suffix}" (suffixes are case-sensitive)`);
  }
  const shift = BigInt(exponent) - BigInt(fractionDigits) + 9n;
  return { nanos: capNanos(shiftDecimalBig(digits, shift)), format: 'DecimalExponent' };
}

/** Multiplies by 10^shift; a negative shift divides and rounds up, as the API server does. */
function shiftDecimal(value: bigint, shift: number): bigint {
  return shiftDecimalBig(value, BigInt(shift));
}

function shiftDecimalBig(value: bigint, shift: bigint): bigint {
  if (value === 0n) return 0n;

  // Bound the work for absurd exponents: anything past these limits is either
  // capped or rounds up to one nano-unit, so the exact power is never needed.
  if (shift > 64n) return MAX_CAPPED_VALUE * NANOS_PER_UNIT + 1n;
  if (shift >= 0n) return value * 10n ** shift;
  if (-shift > BigInt(value.toString().length)) return 1n;

  const divisor = 10n ** -shift;
  const quotient = value / divisor;
  return value % divisor === 0n ? quotient : quotient + 1n;
}

function capNanos(nanos: bigint): bigint {
  const cap = MAX_CAPPED_VALUE * NANOS_PER_UNIT;
  return nanos > cap ? cap : nanos;
}

function invalidQuantity(value: string, field: string | undefined, why: string) {
  const where = field ? ` in ${field}` : '';
  return appError('InvalidInput', `Invalid quantity "${value}"${where}: ${why}.`);
}

/** Builds a quantity from a whole number of units (devices, bytes or cores). */
export function quantityFromInteger(units: bigint | number, format: QuantityFormat = 'DecimalSI'): Quantity {
  const whole = typeof units === 'bigint' ? units : BigInt(Math.trunc(units));
  return { nanos: whole * NANOS_PER_UNIT, format };
}

/** Compares two quantities: negative when a < b, 0 when equal, positive when a > b. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  if (a.nanos === b.nanos) return 0;
  return a.nanos < b.nanos ? -1 : 1;
}

/** Adds quantities; the result keeps the first operand's format, as Kubernetes does. */
export function addQuantities(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos + b.nanos, format: a.nanos === 0n && a.format === 'DecimalSI' ? b.format : a.format };
}

export function subtractQuantities(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos - b.nanos, format: a.format };
}

/** Multiplies by a whole number, such as a replica count. */
export function multiplyQuantity(q: Quantity, factor: bigint | number): Quantity {
  const whole = typeof factor === 'bigint' ? factor : BigInt(factor);
  return { nanos: q.nanos * whole, format: q.format };
}

export function maxQuantity(a: Quantity, b: Quantity): Quantity {
  return compareQuantities(a, b) >= 0 ? a : b;
}

export function isZero(q: Quantity): boolean {
  return q.nanos === 0n;
}

/** Clamps a negative quantity, such as allocatable minus an over-committed request, to zero. */
export function clampToZero(q: Quantity): Quantity {
  return q.nanos < 0n ? { nanos: 0n, format: q.format } : q;
}

/**
 * Converts to a JavaScript number in base units, for display and charts only.
 * Large values lose precision beyond 2^53; never feed the result back into maths.
 */
export function quantityToNumber(q: Quantity): number {
  const whole = q.nanos / NANOS_PER_UNIT;
  const rest = q.nanos % NANOS_PER_UNIT;
  return Number(whole) + Number(rest) / 1e9;
}

/** Returns the value in thousandths, rounded up like Kubernetes' `MilliValue`. */
export function quantityToMillis(q: Quantity): bigint {
  const divisor = 1_000_000n;
  const quotient = q.nanos / divisor;
  return q.nanos % divisor > 0n ? quotient + 1n : quotient;
}

/** Returns `a / b` as a number for percentages; undefined when b is zero. */
export function quantityRatio(a: Quantity, b: Quantity): number | undefined {
  if (b.nanos === 0n) return undefined;

  // Scale before dividing so the ratio keeps nine significant decimals.
  const scaled = (a.nanos * NANOS_PER_UNIT) / b.nanos;
  return Number(scaled) / 1e9;
}

/**
 * Formats a quantity the way the API server serialises it: `1500m`, `1536Mi`,
 * `129e6`, `1k`, `0`. Binary values below 1024 or with a fraction fall back to
 * decimal SI so that no precision is lost.
 */
export function formatQuantity(q: Quantity): string {
  if (q.nanos === 0n) return '0';

  const sign = q.nanos < 0n ? '-' : '';
  const magnitude = q.nanos < 0n ? -q.nanos : q.nanos;
  const isWhole = magnitude % NANOS_PER_UNIT === 0n;

  if (q.format === 'BinarySI' && isWhole && magnitude >= 1024n * NANOS_PER_UNIT) {
    return sign + formatBinary(magnitude / NANOS_PER_UNIT);
  }
  return sign + formatDecimal(magnitude, q.format === 'DecimalExponent');
}

function formatBinary(units: bigint): string {
  const suffixes = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
  let mantissa = units;
  let index = 0;
  while (index < suffixes.length - 1 && mantissa % 1024n === 0n) {
    mantissa /= 1024n;
    index += 1;
  }
  return `${mantissa}${suffixes[index]}`;
}

function formatDecimal(nanos: bigint, exponentNotation: boolean): string {
  let mantissa = nanos;
  let exponent = -9;
  while (mantissa % 1000n === 0n && (exponentNotation || exponent < 18)) {
    mantissa /= 1000n;
    exponent += 3;
  }

  if (exponentNotation) {
    return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  }
  const suffix = Object.entries(DECIMAL_SUFFIX_EXPONENTS).find(([, value]) => value === exponent)?.[0] ?? '';
  return `${mantissa}${suffix}`;
}

/** Reads one entry of a resource list; absent entries are undefined, invalid ones throw naming `field`. */
export function readResource(
  list: Readonly<Record<string, string | number | undefined>> | undefined,
  name: string,
  field: string,
): Quantity | undefined {
  const raw = list?.[name];
  if (raw === undefined) return undefined;
  return parseQuantity(raw, `${field}["${name}"]`);
}
