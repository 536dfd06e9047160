/** Log streams: source and options, then a virtualised, searchable view with downloads. */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { findMatches } from '../../../../../shared/ansi/highlight';
import { logsContract, type LogStreamInput } from '../../../../../shared/contracts/logs';
import { ErrorBlock } from '../../../components/ErrorBlock';
import { useContractClient } from '../../../store/context';
import { SESSIONS_NAMESPACE } from '../i18n';
import { initialSource, type SessionContext, type SourceChoice } from '../session-contexts';
import { SourcePicker } from '../SourcePicker';
import { usePods } from '../use-pods';
import { LogLineText } from './LogLineView';
import { useLogStream } from './use-log-stream';

const ROW_HEIGHT = 18;
const SINCE_CHOICES = [0, 300, 3600, 86_400];

interface Options {
  kind: 'pod' | 'job';
  job: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines: string;
  sinceSeconds: number;
}

export function LogsPanel({ contexts }: { contexts: SessionContext[] }) {
  const { t } = useTranslation(SESSIONS_NAMESPACE);
  const client = useContractClient(logsContract);
  const podList = usePods(client);
  const stream = useLogStream(client);
  const [source, setSource] = useState<SourceChoice>(() => initialSource(contexts));
  const [options, setOptions] = useState<Options>({ kind: 'pod', job: '', follow: true, previous: false, timestamps: false, tailLines: '1000', sinceSeconds: 0 });
  const [query, setQuery] = useState('');
  const [onlyMatches, setOnlyMatches] = useState(false);
  const [colours, setColours] = useState(true);
  const set = (patch: Partial<Options>): void => setOptions((current) => ({ ...current, ...patch }));

  const start = (): void => {
    const tail = Number.parseInt(options.tailLines, 10);
    const input: LogStreamInput = {
      contextId: source.contextId,
      namespace: source.namespace,
      selector: options.kind === 'job' ? { kind: 'job', job: options.job } : { kind: 'pod', pod: source.pod, ...(source.container !== '' ? { container: source.container } : {}) },
      follow: options.follow,
      previous: options.previous,
      timestamps: options.timestamps,
      ...(Number.isFinite(tail) && tail >= 0 ? { tailLines: tail } : {}),
      ...(options.sinceSeconds > 0 ? { sinceSeconds: options.sinceSeconds } : {}),
    };
    stream.start(input);
  };

  const lines = stream.buffer.lines;
  const visibleLines = useMemo(
    () => (onlyMatches && query !== '' ? lines.filter((line) => findMatches(line.visible, query).length > 0) : lines),
    // The buffer mutates in place, so `version` marks when its lines changed.
    [lines, stream.version, onlyMatches, query],
  );
  const matchCount = useMemo(() => (query === '' ? 0 : lines.reduce((sum, line) => sum + findMatches(line.visible, query).length, 0)), [lines, stream.version, query]);
  const canStart = source.contextId !== '' && source.namespace !== '' && (options.kind === 'job' ? options.job !== '' : source.pod !== '');
  const download = (kind: 'raw' | 'visible'): void => saveText(`${options.kind === 'job' ? options.job : source.pod || 'logs'}${kind === 'raw' ? '.raw' : ''}.log`, stream.buffer.text(kind));

  return (
    <section className="logs-panel">
      <form className="session-form" onSubmit={(event) => (event.preventDefault(), start())}>
        <label className="field">
          <span>{t('source.kind')}</span>
          <select value={options.kind} onChange={(event) => set({ kind: event.target.value === 'job' ? 'job' : 'pod' })}>
            <option value="pod">{t('source.pod')}</option>
            <option value="job">{t('source.job')}</option>
          </select>
        </label>
        <SourcePicker
          contexts={contexts}
          value={source}
          onChange={setSource}
          pods={podList.pods}
          podsError={podList.error}
          loading={podList.loading}
          onLoadPods={() => void podList.load(source.contextId, source.namespace)}
          anyContainerLabel={t('source.allContainers')}
        />
        {options.kind === 'job' && (
          <label className="field">
            <span>{t('source.job')}</span>
            <input value={options.job} onChange={(event) => set({ job: event.target.value.trim() })} />
          </label>
        )}
        <label className="check">
          <input type="checkbox" checked={options.follow} onChange={(event) => set({ follow: event.target.checked })} /> {t('logs.follow')}
        </label>
        <label className="check">
          <input type="checkbox" checked={options.previous} onChange={(event) => set({ previous: event.target.checked })} /> {t('logs.previous')}
        </label>
        <label className="check">
          <input type="checkbox" checked={options.timestamps} onChange={(event) => set({ timestamps: event.target.checked })} /> {t('logs.timestamps')}
        </label>
        <label className="field">
          <span>{t('logs.tailLines')}</span>
          <input inputMode="numeric" size={7} value={options.tailLines} onChange={(event) => set({ tailLines: event.target.value })} />
        </label>
        <label className="field">
          <span>{t('logs.since')}</span>
          <select value={options.sinceSeconds} onChange={(event) => set({ sinceSeconds: Number(event.target.value) })}>
            {SINCE_CHOICES.map((seconds) => (
              <option key={seconds} value={seconds}>
                {sinceLabel(seconds, t('logs.sinceAll'))}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button button-primary" disabled={!canStart}>
          {t('logs.start')}
        </button>
        {stream.running && (
          <button type="button" className="button" onClick={stream.stop}>
            {t('logs.stop')}
          </button>
        )}
      </form>

      {stream.error && <ErrorBlock error={stream.error} />}
      <ul className="log-sources">
        {stream.sources.map((logSource) => (
          <li key={logSource.id} data-state={logSource.state}>
            {logSource.pod}/{logSource.container}: {t(`logs.sourceStates.${logSource.state}`)}
            {logSource.error && <ErrorBlock error={logSource.error} compact />}
          </li>
        ))}
      </ul>

      <div className="log-toolbar" role="toolbar">
        <input type="search" aria-label={t('logs.search')} placeholder={t('logs.search')} value={query} onChange={(event) => setQuery(event.target.value)} />
        <span aria-live="polite">{query !== '' ? t('logs.matches', { count: matchCount }) : ''}</span>
        <label className="check">
          <input type="checkbox" checked={onlyMatches} onChange={(event) => setOnlyMatches(event.target.checked)} /> {t('logs.onlyMatches')}
        </label>
        <label className="check">
          <input type="checkbox" checked={colours} onChange={(event) => setColours(event.target.checked)} /> {t('logs.colours')}
        </label>
        <button type="button" className="button" disabled={lines.length === 0} onClick={() => download('visible')}>
          {t('logs.downloadText')}
        </button>
        <button type="button" className="button" disabled={lines.length === 0} onClick={() => download('raw')}>
          {t('logs.downloadRaw')}
        </button>
      </div>
      {stream.buffer.dropped > 0 && <p className="field-hint">{t('logs.dropped', { count: stream.buffer.dropped })}</p>}
      <LogLines lines={visibleLines} query={query} colours={colours} follow={options.follow} showSource={stream.sources.length > 1} sourceNames={stream.sources.map((s) => `${s.pod}/${s.container}`)} version={stream.version} />
    </section>
  );
}

interface LinesProps {
  lines: ReturnType<typeof useLogStream>['buffer']['lines'];
  query: string;
  colours: boolean;
  follow: boolean;
  showSource: boolean;
  sourceNames: string[];
  version: number;
}

function LogLines({ lines, query, colours, follow, showSource, sourceNames, version }: LinesProps) {
  const { t } = useTranslation(SESSIONS_NAMESPACE);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: lines.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });

  // Follow the end while the user has not scrolled away from it.
  useEffect(() => {
    const element = scroller.current;
    if (follow && element && element.scrollHeight - element.scrollTop - element.clientHeight < ROW_HEIGHT * 3 + 1) {
      virtualizer.scrollToIndex(lines.length - 1, { align: 'end' });
    }
  }, [follow, lines.length, version, virtualizer]);

  if (lines.length === 0) {
    return <p className="empty-state">{t('logs.empty')}</p>;
  }
  return (
    <div className="log-view" ref={scroller} role="log" aria-live="off">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const line = lines[item.index];
          if (!line) return null;
          return (
            <div key={line.id} className="log-line" style={{ position: 'absolute', top: 0, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}>
              {line.time !== undefined && <span className="log-time">{line.time} </span>}
              {showSource && <span className="log-source">[{sourceNames[line.source] ?? line.source}] </span>}
              <LogLineText raw={line.text} query={query} colours={colours} />
              {(line.part === 'first' || line.part === 'middle') && (
                <span className="log-continued" title={t('logs.continued')} aria-label={t('logs.continued')}>
                  {' ↩'}
                </span>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** Saves text as a file through a Blob link, which works in the browser and in Electron. */
function saveText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function sinceLabel(seconds: number, allLabel: string): string {
  if (seconds === 0) return allLabel;
  if (seconds >= 3600) return `${seconds / 3600} h`;
  return `${seconds / 60} min`;
}
