/** The GPU views as React state: a typed client of the `gpu` contract and two stream hooks. */
import { useEffect, useMemo, useState } from 'react';
import type { ContractClient } from '../../../../../shared/contract';
import { gpuContract } from '../../../../../shared/contracts/gpu';
import type { GpuSeriesView, GpuTelemetryView, SeriesScope } from '../../../../../shared/models/gpu';
import type { AppError } from '../../../../../shared/result';
import type { Services } from '../../../store/services';
import { useAppEnvironment, useAppState } from '../../../store/context';
import { mergeTelemetry } from './telemetry-merge';

export type GpuClient = ContractClient<typeof gpuContract>;

const clients = new WeakMap<Services, GpuClient>();

export function useGpuClient(): GpuClient {
  const { services } = useAppEnvironment();
  let client = clients.get(services);
  if (!client) {
    client = services.transport.connection.client(gpuContract);
    clients.set(services, client);
  }
  return client;
}

export interface StreamState<T> {
  value: T | undefined;
  error: AppError | undefined;
}

export function useTelemetry(contextId: string): StreamState<GpuTelemetryView> {
  const client = useGpuClient();
  const epoch = useAppState((state) => state.transportEpoch);
  const [state, setState] = useState<StreamState<GpuTelemetryView>>({ value: undefined, error: undefined });
  useEffect(() => {
    setState({ value: undefined, error: undefined });
    // Messages after the first carry only the node maps that changed; the held view fills in the rest.
    return client.telemetry({ contextId, changedNodesOnly: true }, (event) =>
      setState((previous) => (event.type === 'value' ? { value: mergeTelemetry(previous.value, event.value), error: undefined } : { ...previous, error: event.error })),
    );
  }, [client, contextId, epoch]);
  return state;
}

export function useSeries(contextId: string, scope: SeriesScope, maxPoints = 120): StreamState<GpuSeriesView> {
  const client = useGpuClient();
  const epoch = useAppState((state) => state.transportEpoch);
  const scopeKey = JSON.stringify(scope);
  const stableScope = useMemo(() => JSON.parse(scopeKey) as SeriesScope, [scopeKey]);
  const [state, setState] = useState<StreamState<GpuSeriesView>>({ value: undefined, error: undefined });
  useEffect(() => {
    setState({ value: undefined, error: undefined });
    return client.series({ contextId, scope: stableScope, maxPoints }, (event) =>
      setState(event.type === 'value' ? { value: event.value, error: undefined } : (previous) => ({ ...previous, error: event.error })),
    );
  }, [client, contextId, stableScope, maxPoints, epoch]);
  return state;
}
