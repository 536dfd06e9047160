/** Subscribes to one log stream and keeps its lines in a bounded buffer; re-renders once per batch. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ContractClient } from '../../../../../shared/contract';
import type { logsContract, LogStreamInput } from '../../../../../shared/contracts/logs';
import { LOG_VIEW_MAX_LINES, type LogSource } from '../../../../../shared/models/logs';
import type { AppError } from '../../../../../shared/result';
import { LogBuffer } from './log-buffer';

export function useLogStream(client: ContractClient<typeof logsContract>) {
  const buffer = useRef(new LogBuffer(LOG_VIEW_MAX_LINES));
  const stop = useRef<(() => void) | undefined>(undefined);
  const [version, setVersion] = useState(0);
  const [sources, setSources] = useState<LogSource[]>([]);
  const [error, setError] = useState<AppError | undefined>(undefined);
  const [running, setRunning] = useState(false);

  const close = useCallback(() => {
    stop.current?.();
    stop.current = undefined;
    setRunning(false);
  }, []);

  const start = useCallback(
    (input: LogStreamInput) => {
      close();
      buffer.current.clear();
      setSources([]);
      setError(undefined);
      setRunning(true);
      setVersion((value) => value + 1);
      stop.current = client.stream(input, (event) => {
        if (event.type === 'error') {
          setError(event.error);
          setRunning(false);
          return;
        }
        if (event.value.type === 'sources') {
          setSources(event.value.sources);
        } else {
          buffer.current.append(event.value.lines);
          setVersion((value) => value + 1);
        }
      });
    },
    [client, close],
  );

  useEffect(() => close, [close]);

  return { buffer: buffer.current, version, sources, error, running, start, stop: close };
}
