/** Every channel group the transports serve; the preload allow-list is built from this list. */
import { clustersContract } from './clusters';
import { kubeconfigContract } from './kubeconfig';
import { overviewContract } from './overview';

export const contracts = [kubeconfigContract, clustersContract, overviewContract] as const;

export { clustersContract, kubeconfigContract, overviewContract };
