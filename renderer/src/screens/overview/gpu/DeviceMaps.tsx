/**
 * One card per device on each GPU node: its holder pod and its utilization
 * and memory. A large cluster has thousands of GPU nodes, so the maps come a
 * page at a time, with a filter to find a node. At 1,500 nodes, all maps on
 * one page made Chromium walk about 10,000 elements on every frame while any
 * table on the page scrolled.
 */
import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceCard, NodeDeviceMap } from '../../../../../shared/models/gpu';
import { useFormatters } from '../../../components/format';
import { modelWithVendor } from '../model-label';
import { matchingMaps } from './device-map-filter';

export interface PodFocus {
  namespace: string;
  pod: string;
  node?: string;
}

/** Maps shown at first, and added by each "show more". */
export const MAPS_PER_PAGE = 48;

export function DeviceMaps({ nodes, focus, onClearFocus }: { nodes: NodeDeviceMap[]; focus: PodFocus | undefined; onClearFocus(): void }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const [filter, setFilter] = useState('');
  const [limit, setLimit] = useState(MAPS_PER_PAGE);
  const needle = filter.trim().toLowerCase();
  const matching = matchingMaps(nodes, focus?.node, needle);
  const visible = matching.slice(0, limit);

  return (
    <section aria-labelledby="device-maps-title" className="gpu-section">
      <div className="table-head">
        <h2 id="device-maps-title">{t('gpu.devices.title')}</h2>
        {focus && (
          <p className="muted">
            {t('gpu.devices.focus', { pod: `${focus.namespace}/${focus.pod}` })}{' '}
            <button type="button" className="button" onClick={onClearFocus}>
              {t('gpu.devices.clearFocus')}
            </button>
          </p>
        )}
      </div>
      {!focus && nodes.length > MAPS_PER_PAGE && (
        <input
          type="search"
          className="table-filter"
          aria-label={t('gpu.devices.filter')}
          placeholder={t('gpu.devices.filter')}
          value={filter}
          maxLength={256}
          onChange={(event) => {
            setFilter(event.target.value);
            setLimit(MAPS_PER_PAGE);
          }}
        />
      )}
      <div className="device-maps">
        {visible.map((node) => (
          <NodeMap key={node.node} node={node} focus={focus} />
        ))}
      </div>
      {needle && matching.length === 0 && <p className="muted">{t('gpu.devices.noMatch')}</p>}
      {matching.length > visible.length && (
        <p className="muted device-maps-more">
          {t('gpu.devices.showing', { shown: format.number(visible.length), total: format.number(matching.length) })}{' '}
          <button type="button" className="button" onClick={() => setLimit((current) => current + MAPS_PER_PAGE)}>
            {t('gpu.devices.showMore', { count: Math.min(MAPS_PER_PAGE, matching.length - visible.length) })}
          </button>
        </p>
      )}
    </section>
  );
}

// A message changes a few maps at most; the others keep their objects and skip rendering.
const NodeMap = memo(function NodeMap({ node, focus }: { node: NodeDeviceMap; focus: PodFocus | undefined }) {
  const { t } = useTranslation();
  const format = useFormatters();
  return (
    <article className="device-map" aria-label={node.node}>
      <header>
        <h3 className="mono">{node.node}</h3>
        <span className="muted">
          {modelWithVendor(node.vendor, node.model)} · {t('gpu.devices.allocated', { requested: format.number(node.requested), allocatable: format.number(node.allocatable) })}
        </span>
      </header>
      {node.devices.length === 0 ? (
        <NodePods node={node} />
      ) : (
        <ul className="device-grid" aria-label={node.node}>
          {node.devices.map((device) => (
            <DeviceTile key={device.key} device={device} highlighted={Boolean(focus && device.holders.some((holder) => holder.namespace === focus.namespace && holder.pod === focus.pod))} />
          ))}
        </ul>
      )}
    </article>
  );
});

/** Without device metrics the node still lists who holds its accelerators, from the API server. */
function NodePods({ node }: { node: NodeDeviceMap }) {
  const { t } = useTranslation();
  return (
    <div className="muted">
      <p>{t('gpu.devices.noMetrics')}</p>
      {node.pods.length > 0 && (
        <p>
          {t('gpu.devices.podsHolding')}: {node.pods.map((pod) => `${pod.namespace}/${pod.name} (${pod.gpus})`).join(', ')}
        </p>
      )}
    </div>
  );
}

function DeviceTile({ device, highlighted }: { device: DeviceCard; highlighted: boolean }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const utilization = device.utilizationPercent;
  const holders = device.holders.map((holder) => `${holder.namespace}/${holder.pod}`);
  const state = holders.length === 0 ? 'free' : device.idleNow ? 'idle' : 'busy';
  const label = `${t('gpu.devices.device', { index: device.index ?? device.uuid ?? device.key })}${device.migProfile ? ` ${device.migProfile}` : ''}`;

  return (
    <li className={`device-tile device-${state}${highlighted ? ' device-focus' : ''}`} data-device={device.key} aria-label={label}>
      <div className="device-title">
        <strong>#{device.index ?? '?'}</strong>
        {device.migProfile && <span className="pill">{device.migProfile}</span>}
        {state === 'idle' && <span className="pill pill-warn">{t('gpu.devices.idle')}</span>}
      </div>
      <div className="util-bar" role="meter" aria-label={t('gpu.devices.util')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={utilization ?? 0}>
        <span style={{ width: `${Math.min(100, Math.max(0, utilization ?? 0))}%` }} />
      </div>
      <div className="device-numbers">
        <span data-field="utilization">{utilization === undefined ? '—' : `${format.number(Math.round(utilization))} %`}</span>
        <span data-field="memory">
          {device.memoryUsedMiB === undefined ? '—' : `${format.number(Math.round(device.memoryUsedMiB / 1024))}${device.memoryTotalMiB ? ` / ${format.number(Math.round(device.memoryTotalMiB / 1024))}` : ''} GiB`}
        </span>
      </div>
      <div className="device-holder mono" data-field="holder">
        {holders.length === 0 ? <span className="muted">{t('gpu.devices.free')}</span> : device.holders.map((holder) => (
          <span key={`${holder.namespace}/${holder.pod}/${holder.container ?? ''}`} title={holder.known ? undefined : t('gpu.devices.unknownHolder')} className={holder.known ? undefined : 'unknown-holder'}>
            {holder.namespace}/{holder.pod}
          </span>
        ))}
      </div>
    </li>
  );
}
