import { describe, expect, it } from 'vitest';
import {
  addQuantities,
  compareQuantities,
  describeQuotaUsage,
  formatBytes,
  formatQuantity,
  multiplyQuantity,
  parseQuantity,
  quantityRatio,
  quantityToMillis,
  quantityToNumber,
  subtractQuantities,
  tryParseQuantity,
  type ResourceQuotaLike,
} from '../../../shared/resources';
import { isAppErrorException } from '../../../shared/result';
import { readFixture } from './fixtures';

interface QuantityCase {
  resource: string;
  value: string;
  expect: number;
}

const fixture = JSON.parse(readFixture('BR-24-resource-quantity-parsing.json')) as {
  valid: QuantityCase[];
  invalid: Array<{ value: string; why: string }>;
  resource_quota_example: ResourceQuotaLike & { expected_display: Record<string, string> };
};

function parseError(text: string, field?: string): string {
  try {
    parseQuantity(text, field);
  } catch (error) {
    if (isAppErrorException(error)) return error.message;
    throw error;
  }
  throw new Error(`"${text}" parsed without error`);
}

describe('parseQuantity on BR-24 valid strings', () => {
  it.each(fixture.valid)('$resource $value is $expect', ({ value, expect: expected }) => {
    expect(quantityToNumber(parseQuantity(value))).toBe(expected);
  });
});

describe('parseQuantity on BR-24 invalid strings', () => {
  it.each(fixture.invalid)('rejects "$value" ($why)', ({ value }) => {
    const message = parseError(value, 'spec.containers[0].resources.limits["memory"]');
    expect(message).toContain(`"${value}"`);
    expect(message).toContain('spec.containers[0].resources.limits["memory"]');
  });

  it.each(fixture.invalid)('tryParseQuantity gives undefined for "$value"', ({ value }) => {
    expect(tryParseQuantity(value)).toBeUndefined();
  });
});

describe('parseQuantity exact values', () => {
  const cases: Array<[string, string, bigint]> = [
    ['plain integer', '8', 8_000_000_000n],
    ['leading plus', '+2', 2_000_000_000n],
    ['negative milli', '-250m', -250_000_000n],
    ['leading dot', '.5', 500_000_000n],
    ['trailing dot', '1.', 1_000_000_000n],
    ['dot before suffix', '1.G', 1_000_000_000_000_000_000n],
    ['exa is E alone', '1E', 1_000_000_000_000_000_000_000_000_000n],
    ['upper-case exponent', '1E3', 1_000_000_000_000n],
    ['negative exponent', '15e-1', 1_500_000_000n],
    ['explicit plus exponent', '2e+3', 2_000_000_000_000n],
    ['fraction with exponent', '1.5e3', 1_500_000_000_000n],
    ['nano is finest', '1n', 1n],
    ['finer than nano rounds up', '0.0000000001', 1n],
    ['negative finer than nano rounds away from zero', '-0.0000000001', -1n],
    ['fractional binary', '0.5Ki', 512_000_000_000n],
    ['exbibyte', '1Ei', 1_152_921_504_606_846_976_000_000_000n],
    ['zero with suffix', '0Gi', 0n],
    ['leading zeros', '007', 7_000_000_000n],
    ['number input from YAML', '0.25', 250_000_000n],
  ];

  it.each(cases)('%s: %s', (_name, text, nanos) => {
    expect(parseQuantity(text).nanos).toBe(nanos);
  });

  it('reads numbers that YAML produced', () => {
    expect(parseQuantity(8).nanos).toBe(8_000_000_000n);
    expect(parseQuantity(0.5).nanos).toBe(500_000_000n);
  });

  it('caps exponent notation at the largest int64 like the API server', () => {
    expect(parseQuantity('1e30').nanos).toBe(9_223_372_036_854_775_807n * 1_000_000_000n);
  });

  it('does not build huge numbers for absurd exponents', () => {
    expect(parseQuantity('1e-999999999').nanos).toBe(1n);
    expect(parseQuantity('0e999999999').nanos).toBe(0n);
  });
});

describe('parseQuantity rejections', () => {
  const cases: Array<[string, string]> = [
    ['lower-case k binary', '1ki'],
    ['upper-case K', '1K'],
    ['bare sign', '-'],
    ['bare dot', '.'],
    ['exponent without digits', '1e'],
    ['two suffixes', '1Kim'],
    ['trailing space', '1 '],
    ['leading space', ' 1'],
    ['letters', 'abc'],
    ['double sign', '--1'],
    ['fractional exponent', '1e1.5'],
    ['Infinity', 'Infinity'],
  ];

  it.each(cases)('%s: "%s"', (_name, text) => {
    expect(parseError(text)).toContain(`"${text}"`);
  });

  it('rejects non-finite numbers', () => {
    expect(() => parseQuantity(Number.NaN)).toThrow(/Invalid quantity "NaN"/);
  });
});

describe('formatQuantity canonical form', () => {
  const cases: Array<[string, string]> = [
    ['1500m', '1500m'],
    ['1.5', '1500m'],
    ['0.5', '500m'],
    ['2', '2'],
    ['1000', '1k'],
    ['1200', '1200'],
    ['100000', '100k'],
    ['3000m', '3'],
    ['5866711668n', '5866711668n'],
    ['250u', '250u'],
    ['2Gi', '2Gi'],
    ['1.5Gi', '1536Mi'],
    ['100Ki', '100Ki'],
    ['1536Gi', '1536Gi'],
    ['1024Gi', '1Ti'],
    ['512Ki', '512Ki'],
    ['0.5Ki', '512'],
    ['1023Ki', '1023Ki'],
    ['129e6', '129e6'],
    ['1e3', '1e3'],
    ['1e-3', '1e-3'],
    ['128974848000m', '128974848'],
    ['-1500m', '-1500m'],
    ['0Gi', '0'],
    ['15k', '15k'],
  ];

  it.each(cases)('%s formats as %s', (text, expected) => {
    expect(formatQuantity(parseQuantity(text))).toBe(expected);
  });

  it.each(cases)('%s survives a round trip', (text) => {
    const once = parseQuantity(text);
    expect(parseQuantity(formatQuantity(once)).nanos).toBe(once.nanos);
  });
});

describe('quantity arithmetic', () => {
  it('fills a quota exactly with tenths', () => {
    let sum = parseQuantity('0');
    for (let index = 0; index < 10; index += 1) sum = addQuantities(sum, parseQuantity('0.1'));
    expect(compareQuantities(sum, parseQuantity('1'))).toBe(0);
  });

  it('adds 0.1 and 0.2 to exactly 0.3', () => {
    expect(compareQuantities(addQuantities(parseQuantity('0.1'), parseQuantity('0.2')), parseQuantity('300m'))).toBe(0);
  });

  it('adds binary and decimal forms', () => {
    expect(addQuantities(parseQuantity('1Gi'), parseQuantity('1G')).nanos).toBe((1073741824n + 1000000000n) * 1_000_000_000n);
  });

  it('keeps the first operand format', () => {
    expect(formatQuantity(addQuantities(parseQuantity('1Gi'), parseQuantity('1Gi')))).toBe('2Gi');
  });

  it('subtracts below zero', () => {
    expect(formatQuantity(subtractQuantities(parseQuantity('1'), parseQuantity('1500m')))).toBe('-500m');
  });

  it('multiplies by replicas', () => {
    expect(formatQuantity(multiplyQuantity(parseQuantity('250m'), 4))).toBe('1');
  });

  it('compares across notations', () => {
    expect(compareQuantities(parseQuantity('1k'), parseQuantity('1e3'))).toBe(0);
    expect(compareQuantities(parseQuantity('1Ki'), parseQuantity('1k'))).toBe(1);
    expect(compareQuantities(parseQuantity('999m'), parseQuantity('1'))).toBe(-1);
  });

  it('rounds millis up like MilliValue', () => {
    expect(quantityToMillis(parseQuantity('1n'))).toBe(1n);
    expect(quantityToMillis(parseQuantity('1500m'))).toBe(1500n);
  });

  it('gives an undefined ratio for a zero denominator', () => {
    expect(quantityRatio(parseQuantity('1'), parseQuantity('0'))).toBeUndefined();
  });
});

describe('describeQuotaUsage on BR-24 quota', () => {
  const rows = describeQuotaUsage(fixture.resource_quota_example);
  const expected = Object.entries(fixture.resource_quota_example.expected_display);

  it.each(expected)('%s shows %s', (resource, display) => {
    expect(rows.find((row) => row.resource === resource)?.display).toBe(display);
  });

  it('names the field of an invalid used value', () => {
    const quota: ResourceQuotaLike = { status: { hard: { pods: '10' }, used: { pods: '1.5.0' } } };
    expect(() => describeQuotaUsage(quota)).toThrow(/status\.used\["pods"\]/);
  });

  it('shows a zero hard limit without a percentage', () => {
    const quota: ResourceQuotaLike = { status: { hard: { 'requests.nvidia.com/gpu': '0' }, used: {} } };
    expect(describeQuotaUsage(quota)[0]?.display).toBe('0 / 0');
  });
});

describe('formatBytes', () => {
  const cases: Array<[number, string]> = [
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1 KiB'],
    [1610612736, '1.5 GiB'],
    [2 ** 41, '2 TiB'],
  ];

  it.each(cases)('%d bytes is %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });
});
