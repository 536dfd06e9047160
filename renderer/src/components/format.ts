/** Number and time formatting in the UI language, so Chinese screens read 12,345 and 3 分钟. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export interface Formatters {
  number(value: number): string;
  /** Age of an ISO time relative to now, for example "5 min" or "2 d". */
  age(iso: string, now?: number): string;
  time(iso: string): string;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

export function createFormatters(language: string): Formatters {
  const numbers = new Intl.NumberFormat(language);
  const times = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' });

  return {
    number: (value) => numbers.format(value),
    age: (iso, now = Date.now()) => {
      const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
      if (!Number.isFinite(seconds)) {
        return '—';
      }
      const [unit, size] = UNITS.find(([, unitSeconds]) => seconds >= unitSeconds) ?? ['second', 1];
      return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'narrow' }).format(Math.floor(seconds / size));
    },
    time: (iso) => {
      const parsed = Date.parse(iso);
      return Number.isFinite(parsed) ? times.format(parsed) : iso;
    },
  };
}

export function useFormatters(): Formatters {
  const { i18n } = useTranslation();
  return useMemo(() => createFormatters(i18n.language), [i18n.language]);
}
