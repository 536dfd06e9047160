/** A small bar chart of the accelerator cards' numbers; the cards stay the accessible source. */
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AcceleratorTotal } from '../../../../shared/models/overview';
import { useAppState } from '../../store/context';
import { resolvedTheme } from '../../store/ui-slice';
import { acceleratorLabel } from './accelerator-label';
import { useVendorName } from './GpuCards';

const PALETTES = {
  light: { capacity: '#94a3b8', allocatable: '#2563eb', requested: '#ea580c', schedulable: '#16a34a', grid: '#e2e8f0', text: '#334155', surface: '#ffffff' },
  dark: { capacity: '#64748b', allocatable: '#60a5fa', requested: '#fb923c', schedulable: '#4ade80', grid: '#334155', text: '#cbd5e1', surface: '#181e26' },
} as const;

const SERIES = ['capacity', 'allocatable', 'requested', 'schedulable'] as const;

export const GpuChart = memo(function GpuChart({ accelerators }: { accelerators: AcceleratorTotal[] }) {
  const { t } = useTranslation();
  const theme = useAppState(resolvedTheme);
  const palette = PALETTES[theme];
  const vendorName = useVendorName();
  // Memory and compute shares are amounts, not devices: they would dwarf the device bars.
  const data = useMemo(
    () => accelerators.filter((accelerator) => accelerator.countsDevices).map((accelerator) => ({ ...accelerator, label: acceleratorLabel(accelerator, vendorName(accelerator)) })),
    [accelerators, vendorName],
  );

  return (
    <figure className="chart" aria-label={t('overview.chartLabel')}>
      <figcaption className="muted">{t('overview.chartLabel')}</figcaption>
      <div className="chart-area" aria-hidden="true">
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid stroke={palette.grid} vertical={false} />
            <XAxis dataKey="label" tick={{ fill: palette.text, fontSize: 11 }} interval="preserveStartEnd" />
            <YAxis allowDecimals={false} tick={{ fill: palette.text, fontSize: 12 }} />
            <Tooltip contentStyle={{ background: palette.surface, borderColor: palette.grid, color: palette.text }} cursor={{ fill: palette.grid, opacity: 0.4 }} />
            <Legend itemSorter={(item) => SERIES.indexOf(item.dataKey as (typeof SERIES)[number])} />
            {SERIES.map((series) => (
              <Bar key={series} dataKey={series} name={t(`overview.gpu.${series}`)} fill={palette[series]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
});
