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

/** Height of one model's four bars, and of the axis and legend around them. */
const ROW_PX = 44;
const CHART_PADDING_PX = 80;
/** Room for a model name with a MIG profile, such as NVIDIA-A100-SXM4-80GB 1g.10gb, at 11 px. */
const LABEL_WIDTH_PX = 210;

/** Labels each pool, adding the resource name where two pools would otherwise read the same. */
function withDistinctLabels(accelerators: AcceleratorTotal[], vendorName: (accelerator: AcceleratorTotal) => string): (AcceleratorTotal & { label: string })[] {
  const labelled = accelerators.map((accelerator) => ({ ...accelerator, label: acceleratorLabel(accelerator, vendorName(accelerator)) }));
  const counts = new Map<string, number>();
  labelled.forEach(({ label }) => counts.set(label, (counts.get(label) ?? 0) + 1));
  return labelled.map((entry) => ((counts.get(entry.label) ?? 0) > 1 ? { ...entry, label: `${entry.label} (${entry.resourceName})` } : entry));
}

export const GpuChart = memo(function GpuChart({ accelerators }: { accelerators: AcceleratorTotal[] }) {
  const { t } = useTranslation();
  const theme = useAppState(resolvedTheme);
  const palette = PALETTES[theme];
  const vendorName = useVendorName();
  // Memory and compute shares are amounts, not devices: they would dwarf the device bars.
  const data = useMemo(() => withDistinctLabels(accelerators.filter((accelerator) => accelerator.countsDevices), vendorName), [accelerators, vendorName]);

  // Bars run across and each model names its own row, so a long model name or a MIG profile is never left off the axis.
  return (
    <figure className="chart" aria-label={t('overview.chartLabel')}>
      <figcaption className="muted">{t('overview.chartLabel')}</figcaption>
      <div className="chart-area" aria-hidden="true">
        <ResponsiveContainer width="100%" height={CHART_PADDING_PX + data.length * ROW_PX}>
          <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid stroke={palette.grid} horizontal={false} />
            <XAxis type="number" allowDecimals={false} tick={{ fill: palette.text, fontSize: 12 }} />
            <YAxis type="category" dataKey="label" width={LABEL_WIDTH_PX} interval={0} tick={{ fill: palette.text, fontSize: 11 }} />
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
