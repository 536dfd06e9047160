/** The typed clients of main's services that the stores call; built once from the transport. */
import type { ContractClient } from '../../../shared/contract';
import { clustersContract, kubeconfigContract, overviewContract } from '../../../shared/contracts';
import type { Transport } from '../transport/connect';

export interface Services {
  transport: Transport;
  kubeconfig: ContractClient<typeof kubeconfigContract>;
  clusters: ContractClient<typeof clustersContract>;
  overview: ContractClient<typeof overviewContract>;
}

export function createServices(transport: Transport): Services {
  const { connection } = transport;
  return {
    transport,
    kubeconfig: connection.client(kubeconfigContract),
    clusters: connection.client(clustersContract),
    overview: connection.client(overviewContract),
  };
}
