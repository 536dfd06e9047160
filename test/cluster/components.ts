import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { podCidr, serviceClusterIpRange, type ClusterPorts, type RunPaths } from './config';
import { kwokCrdKinds } from './kwok';
import type { Pki } from './pki';
import type { Probe } from './readiness';

/**
 * Command lines and readiness endpoints of the control-plane components, in
 * start order: etcd, kube-apiserver, kube-controller-manager, kube-scheduler,
 * kwok. Every listener binds 127.0.0.1.
 */

export interface ComponentSpec {
  name: string;
  binary: string;
  args: string[];
  ready: Probe;
  readyTimeoutMs: number;
}

export interface ComponentInputs {
  binDir: string;
  paths: RunPaths;
  ports: ClusterPorts;
  pki: Pki;
  /** Kubeconfig path by identity file stem (kube-controller-manager, kube-scheduler, kwok). */
  kubeconfigs: Record<string, string>;
  kwokDir: string;
  kwokStages: string[];
}

function requireKubeconfig(inputs: ComponentInputs, file: string): string {
  const path = inputs.kubeconfigs[file];
  if (!path) throw new Error(`components: no kubeconfig for ${file}`);
  return path;
}

export function etcd({ binDir, paths, ports }: ComponentInputs): ComponentSpec {
  const client = `http://127.0.0.1:${ports.etcdClient}`;
  const peer = `http://127.0.0.1:${ports.etcdPeer}`;
  return {
    name: 'etcd',
    binary: join(binDir, 'etcd'),
    args: [
      '--name=drun', `--data-dir=${paths.etcdData}`,
      `--listen-client-urls=${client}`, `--advertise-client-urls=${client}`,
      `--listen-peer-urls=${peer}`, `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=drun=${peer}`,
      '--quota-backend-bytes=8589934592', '--auto-compaction-retention=1',
      // A test cluster is thrown away on `down`, so durability is not worth the fsyncs.
      '--unsafe-no-fsync=true', '--log-level=warn',
    ],
    ready: { url: `${client}/readyz` },
    readyTimeoutMs: 30_000,
  };
}

export async function apiserver({ binDir, ports, pki }: ComponentInputs): Promise<ComponentSpec> {
  const admin = pki.clients['admin'];
  if (!admin) throw new Error('components: no admin client certificate');
  return {
    name: 'kube-apiserver',
    binary: join(binDir, 'kube-apiserver'),
    args: [
      `--etcd-servers=http://127.0.0.1:${ports.etcdClient}`,
      '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${ports.apiserver}`,
      `--tls-cert-file=${pki.apiserver.cert}`, `--tls-private-key-file=${pki.apiserver.key}`,
      `--client-ca-file=${pki.ca.cert}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${pki.serviceAccountPublicKey}`,
      `--service-account-signing-key-file=${pki.serviceAccountKey}`,
      `--service-cluster-ip-range=${serviceClusterIpRange}`,
      '--authorization-mode=Node,RBAC', '--allow-privileged=true',
      // With a loopback advertise address the default reconciler would keep
      // writing 127.0.0.1 into the `kubernetes` Endpoints.
      '--endpoint-reconciler-type=none',
      // Every simulated node reports InternalIP 127.0.0.1 and the kwok port, so
      // logs, exec, attach and port-forward reach kwok on loopback.
      '--kubelet-preferred-address-types=InternalIP,Hostname',
      `--proxy-client-cert-file=${pki.frontProxyClient.cert}`, `--proxy-client-key-file=${pki.frontProxyClient.key}`,
      `--requestheader-client-ca-file=${pki.ca.cert}`, '--requestheader-allowed-names=front-proxy-client',
      '--requestheader-username-headers=X-Remote-User', '--requestheader-group-headers=X-Remote-Group',
      '--requestheader-extra-headers-prefix=X-Remote-Extra-',
      '--v=1',
    ],
    ready: {
      url: `https://127.0.0.1:${ports.apiserver}/readyz`,
      ca: await readFile(pki.ca.cert, 'utf8'),
      cert: await readFile(admin.cert, 'utf8'),
      key: await readFile(admin.key, 'utf8'),
    },
    readyTimeoutMs: 120_000,
  };
}

export function controllerManager(inputs: ComponentInputs): ComponentSpec {
  const { binDir, paths, ports, pki } = inputs;
  const kubeconfig = requireKubeconfig(inputs, 'kube-controller-manager');
  return {
    name: 'kube-controller-manager',
    binary: join(binDir, 'kube-controller-manager'),
    args: [
      `--kubeconfig=${kubeconfig}`, `--authentication-kubeconfig=${kubeconfig}`, `--authorization-kubeconfig=${kubeconfig}`,
      '--bind-address=127.0.0.1', `--secure-port=${ports.controllerManager}`,
      `--cert-dir=${join(paths.internalKubeconfigDir, 'kube-controller-manager-serving')}`,
      '--leader-elect=false',
      // The system:kube-controller-manager role only covers the manager's own
      // work; each controller needs its own ServiceAccount, as kubeadm sets up.
      '--use-service-account-credentials=true',
      `--service-account-private-key-file=${pki.serviceAccountKey}`, `--root-ca-file=${pki.ca.cert}`,
      `--cluster-signing-cert-file=${pki.ca.cert}`, `--cluster-signing-key-file=${pki.ca.key}`,
      '--authorization-always-allow-paths=/healthz,/readyz,/livez,/metrics',
      '--kube-api-qps=1000', '--kube-api-burst=2000',
      '--v=1',
    ],
    ready: { url: `https://127.0.0.1:${ports.controllerManager}/healthz`, insecure: true },
    readyTimeoutMs: 60_000,
  };
}

export function scheduler(inputs: ComponentInputs): ComponentSpec {
  const { binDir, paths, ports } = inputs;
  const kubeconfig = requireKubeconfig(inputs, 'kube-scheduler');
  return {
    name: 'kube-scheduler',
    binary: join(binDir, 'kube-scheduler'),
    args: [
      `--kubeconfig=${kubeconfig}`, `--authentication-kubeconfig=${kubeconfig}`, `--authorization-kubeconfig=${kubeconfig}`,
      '--bind-address=127.0.0.1', `--secure-port=${ports.scheduler}`,
      `--cert-dir=${join(paths.internalKubeconfigDir, 'kube-scheduler-serving')}`,
      '--leader-elect=false',
      '--authorization-always-allow-paths=/healthz,/readyz,/livez,/metrics',
      '--kube-api-qps=1000', '--kube-api-burst=2000',
      '--v=1',
    ],
    ready: { url: `https://127.0.0.1:${ports.scheduler}/healthz`, insecure: true },
    readyTimeoutMs: 60_000,
  };
}

export function kwok(inputs: ComponentInputs): ComponentSpec {
  const { binDir, paths, ports, pki, kwokDir, kwokStages } = inputs;
  return {
    name: 'kwok',
    binary: join(binDir, 'kwok'),
    args: [
      `--kubeconfig=${requireKubeconfig(inputs, 'kwok')}`,
      `--config=${paths.kwokConfig}`,
      ...kwokStages.map((stage) => `--config=${join(kwokDir, 'kustomize', stage)}`),
      `--enable-crds=${kwokCrdKinds.join(',')}`,
      '--manage-all-nodes=true',
      '--node-name=localhost', '--node-ip=127.0.0.1', `--node-port=${ports.kwok}`,
      `--server-address=127.0.0.1:${ports.kwok}`,
      // Lease heartbeats keep nodes Ready; without them the node lifecycle
      // controller marks every node NotReady after its grace period.
      '--node-lease-duration-seconds=40',
      `--cidr=${podCidr}`,
      `--tls-cert-file=${pki.kwok.cert}`, `--tls-private-key-file=${pki.kwok.key}`,
    ],
    ready: { url: `http://127.0.0.1:${ports.kwok}/healthz` },
    readyTimeoutMs: 60_000,
  };
}
