/** Every channel group the transports serve; the preload allow-list is built from this list. */
import { clustersContract } from './clusters';
import { endpointsContract } from './endpoints';
import { gpuContract } from './gpu';
import { kubeconfigContract } from './kubeconfig';
import { logsContract } from './logs';
import { notebooksContract } from './notebooks';
import { overviewContract } from './overview';
import { portforwardContract } from './portforward';
import { queuesContract } from './queues';
import { tenantsContract } from './tenants';
import { terminalsContract } from './terminals';

export const contracts = [kubeconfigContract, clustersContract, overviewContract, terminalsContract, logsContract, tenantsContract, queuesContract, gpuContract, endpointsContract, portforwardContract, notebooksContract] as const;

export { clustersContract, kubeconfigContract, overviewContract, tenantsContract };
export { logsContract, terminalsContract };
export { queuesContract };
export { gpuContract };
export { endpointsContract };
export { notebooksContract, portforwardContract };
