/** The utilization parts of the Overview as tabs: inventory (device maps, charts, tenants), idle GPUs and the metrics source. */
import { useEffect, useState, type ReactNode } from 'react';
import './gpu.css';
import { useTranslation } from 'react-i18next';
import type { SeriesScope } from '../../../../../shared/models/gpu';
import { ErrorBlock } from '../../../components/ErrorBlock';
import { DeviceMaps, type PodFocus } from './DeviceMaps';
import { IdleGpus } from './IdleGpus';
import { registerGpuStrings } from './locales';
import { SourceSettings } from './SourceSettings';
import { StatusBar } from './StatusBar';
import { TenantTable } from './TenantTable';
import { UsageCharts } from './UsageCharts';
import { useTelemetry } from './use-gpu';

type Tab = 'inventory' | 'idle' | 'source';
const TABS: Tab[] = ['inventory', 'idle', 'source'];

export function GpuSections({ contextId, children, tables }: { contextId: string; children?: ReactNode; tables?: ReactNode }) {
  const { t, i18n } = useTranslation();
  registerGpuStrings(i18n);
  const [tab, setTab] = useState<Tab>('inventory');
  const [focus, setFocus] = useState<PodFocus | undefined>();
  const { value: view, error } = useTelemetry(contextId);
  useEffect(() => setFocus(undefined), [contextId]);

  const scope: SeriesScope = focus ? { kind: 'pod', namespace: focus.namespace, name: focus.pod } : { kind: 'cluster' };
  const hasMetrics = view ? view.status.state !== 'unconfigured' : false;

  return (
    <div className="gpu-sections">
      {view && <StatusBar status={view.status} onConfigure={() => setTab('source')} />}
      {error && <ErrorBlock error={error} compact />}
      <div role="tablist" aria-label={t('gpu.tabs.label')} className="tabs">
        {TABS.map((name) => (
          <button key={name} type="button" role="tab" id={`gpu-tab-${name}`} aria-selected={tab === name} aria-controls={`gpu-panel-${name}`} className={tab === name ? 'tab tab-active' : 'tab'} onClick={() => setTab(name)}>
            {t(`gpu.tabs.${name}`)}
            {name === 'idle' && view && view.idle.length > 0 ? ` (${view.idle.length})` : ''}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`gpu-panel-${tab}`} aria-labelledby={`gpu-tab-${tab}`}>
        {tab === 'inventory' && (
          <>
            {children}
            {view && <DeviceMaps nodes={view.nodes} focus={focus} onClearFocus={() => setFocus(undefined)} />}
            <UsageCharts contextId={contextId} scope={scope} hasMetrics={hasMetrics} />
            {view && <TenantTable tenants={view.tenants} forbidden={view.forbidden} />}
            {tables}
          </>
        )}
        {tab === 'idle' && view && (
          <IdleGpus
            view={view}
            onShow={(next) => {
              setFocus(next);
              setTab('inventory');
            }}
          />
        )}
        {tab === 'source' && view && <SourceSettings contextId={contextId} settings={view.settings} />}
      </div>
    </div>
  );
}
