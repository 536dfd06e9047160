/** Utilization, memory and allocation over the last hour; main downsamples and pushes the live tail. */
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SeriesScope } from '../../../../../shared/models/gpu';
import { useAppState } from '../../../store/context';
import { resolvedTheme } from '../../../store/ui-slice';
import { plottedLines, timeDomain, toChartPoints, type ChartField, type ChartPoint } from './chart-lines';
import { useSeries } from './use-gpu';

const PALETTES = {
  light: { a: '#2563eb', b: '#ea580c', c: '#94a3b8', grid: '#e2e8f0', text: '#334155', surface: '#ffffff' },
  dark: { a: '#60a5fa', b: '#fb923c', c: '#64748b', grid: '#334155', text: '#cbd5e1', surface: '#181e26' },
} as const;

/** Below this span the time axis shows seconds. */
const SHORT_SPAN_MS = 10 * 60_000;

type Line = { key: ChartField; name: string; color: 'a' | 'b' | 'c' };

export function UsageCharts({ contextId, scope, hasMetrics }: { contextId: string; scope: SeriesScope; hasMetrics: boolean }) {
  const { t } = useTranslation();
  const { value } = useSeries(contextId, scope);
  const data = useMemo(() => toChartPoints(value?.points ?? []), [value]);
  const scopeLabel = scope.kind === 'pod' ? t('gpu.charts.scopePod', { pod: `${scope.namespace}/${scope.name}` }) : t('gpu.charts.scopeCluster');

  return (
    <section aria-labelledby="gpu-charts-title" className="gpu-section" data-points={data.length}>
      <div className="table-head">
        <h2 id="gpu-charts-title">
          {t('gpu.charts.title')} · {scopeLabel}
        </h2>
        {value && value.stepSeconds > 0 && <span className="muted">{t('gpu.charts.step', { seconds: value.stepSeconds })}</span>}
      </div>
      {!hasMetrics && <p className="muted">{t('gpu.charts.noUtilization')}</p>}
      {data.length === 0 ? (
        <p className="muted">{t('gpu.charts.noData')}</p>
      ) : (
        <div className="chart-row">
          {hasMetrics && <SeriesChart data={data} title={t('gpu.charts.utilization')} lines={[{ key: 'utilizationPercent', name: t('gpu.charts.utilization'), color: 'a' }]} domain={[0, 100]} />}
          {hasMetrics && (
            <SeriesChart
              data={data}
              title={t('gpu.charts.memory')}
              lines={[
                { key: 'memoryUsedGiB', name: t('gpu.charts.memory'), color: 'a' },
                { key: 'memoryTotalGiB', name: t('gpu.charts.memoryTotal'), color: 'c' },
              ]}
            />
          )}
          {scope.kind !== 'pod' && (
            <SeriesChart
              data={data}
              title={t('gpu.charts.allocation')}
              lines={[
                { key: 'allocated', name: t('gpu.charts.allocated'), color: 'b' },
                { key: 'allocatable', name: t('gpu.charts.allocatable'), color: 'c' },
              ]}
            />
          )}
        </div>
      )}
    </section>
  );
}

/** One chart of the row; a chart whose lines have no values yet shows "No samples yet" instead of empty axes. */
const SeriesChart = memo(function SeriesChart({ data, title, lines, domain }: { data: ChartPoint[]; title: string; lines: Line[]; domain?: [number, number] }) {
  const { t, i18n } = useTranslation();
  const theme = useAppState(resolvedTheme);
  const palette = PALETTES[theme];
  const plotted = useMemo(() => plottedLines(data, lines), [data, lines]);
  const times = useMemo(() => timeDomain(data), [data]);
  // Minutes alone repeat the same label across a short history, so the first minutes show seconds too.
  const withSeconds = times !== undefined && times[1] - times[0] < SHORT_SPAN_MS;
  // The UI language, not the system's, so a Chinese screen reads 14:05 and not 02:05 PM.
  const time = (value: number) => new Date(value).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit', ...(withSeconds ? { second: '2-digit' } : {}) });
  return (
    <figure className="chart" aria-label={title} data-lines={plotted.length}>
      <figcaption className="muted">{title}</figcaption>
      {plotted.length === 0 || !times ? (
        <p className="muted chart-empty">{t('gpu.charts.noData')}</p>
      ) : (
        <div className="chart-area" aria-hidden="true">
          <ResponsiveContainer width="100%" height={180}>
            <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
              <CartesianGrid stroke={palette.grid} vertical={false} />
              <XAxis dataKey="t" type="number" scale="time" domain={times} tickFormatter={time} tick={{ fill: palette.text, fontSize: 11 }} />
              <YAxis tick={{ fill: palette.text, fontSize: 11 }} {...(domain ? { domain } : {})} />
              <Tooltip labelFormatter={(label) => time(Number(label))} contentStyle={{ background: palette.surface, borderColor: palette.grid, color: palette.text }} />
              <Legend />
              {plotted.map(({ line, dots }) => (
                <Line
                  key={line.key}
                  dataKey={line.key}
                  name={line.name}
                  stroke={palette[line.color]}
                  // A single value has no line to draw; a dot shows it.
                  dot={dots ? { r: 3, fill: palette[line.color], strokeWidth: 0 } : false}
                  connectNulls
                  isAnimationActive={false}
                  type="monotone"
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
});
