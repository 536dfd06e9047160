/** Loads the Pods of a namespace for the source pickers. */
import { useCallback, useState } from 'react';
import type { ContractClient } from '../../../../shared/contract';
import type { logsContract } from '../../../../shared/contracts/logs';
import type { PodSummary } from '../../../../shared/models/logs';
import type { AppError } from '../../../../shared/result';

export function usePods(client: ContractClient<typeof logsContract>) {
  const [pods, setPods] = useState<PodSummary[] | undefined>(undefined);
  const [error, setError] = useState<AppError | undefined>(undefined);
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    async (contextId: string, namespace: string) => {
      setLoading(true);
      const result = await client.pods({ contextId, namespace });
      setLoading(false);
      if (result.ok) {
        setPods(result.value);
        setError(undefined);
      } else {
        setPods(undefined);
        setError(result.error);
      }
    },
    [client],
  );

  return { pods, error, loading, load };
}
