import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { waitForCrdsEstablished } from '../../crd-wait';
import type { ClusterContext } from '../../profile';

/**
 * Third-party CRDs of the demo, read from the Go module cache (the modules
 * are fetched through the Go module proxy like the cluster's own tools):
 * Kueue's CRD bases, the Kubeflow training operator's job CRDs and KServe's
 * minimal CRDs (schemas that keep unknown fields, enough to store objects
 * with status).
 */

const run = promisify(execFile);

interface CrdSource {
  module: string;
  version: string;
  /** Files relative to the module's root folder. */
  files: string[];
}

export const kueueVersion = 'v0.17.0';

const sources: CrdSource[] = [
  {
    module: 'sigs.k8s.io/kueue',
    version: kueueVersion,
    files: [
      'admissionchecks', 'clusterqueues', 'cohorts', 'localqueues', 'multikueueclusters', 'multikueueconfigs',
      'provisioningrequestconfigs', 'resourceflavors', 'topologies', 'workloadpriorityclasses', 'workloads',
    ].map((name) => `config/components/crd/bases/kueue.x-k8s.io_${name}.yaml`),
  },
  {
    module: 'github.com/kubeflow/training-operator',
    version: 'v1.9.3',
    files: ['pytorchjobs', 'tfjobs', 'mpijobs'].map((name) => `manifests/base/crds/kubeflow.org_${name}.yaml`),
  },
  {
    module: 'github.com/kserve/kserve',
    version: 'v0.15.2',
    files: ['inferenceservices', 'servingruntimes', 'clusterservingruntimes'].map((name) => `config/crd/minimal/serving.kserve.io_${name}.yaml`),
  },
];

/** Returns the module's folder in the Go module cache, downloading it through the Go module proxy if needed. */
export async function goModuleDir(module: string, version: string): Promise<string> {
  try {
    const { stdout } = await run('go', ['mod', 'download', '-json', `${module}@${version}`], { maxBuffer: 4 * 1024 * 1024 });
    const dir = (JSON.parse(stdout) as { Dir?: string }).Dir;
    if (!dir) throw new Error('the output has no Dir');
    return dir;
  } catch (error) {
    throw new Error(`demo: could not download ${module}@${version} with 'go mod download -json' (${(error as Error).message}); check that Go is installed and the Go module proxy is reachable`, { cause: error });
  }
}

/** Server-side applies every CRD and waits until the API server serves them. */
export async function installDemoCrds(context: ClusterContext): Promise<void> {
  const files: string[] = [];
  for (const source of sources) {
    const dir = await goModuleDir(source.module, source.version);
    files.push(...source.files.map((file) => join(dir, file)));
  }
  // Server-side, because Kueue's largest CRDs exceed the size limit of the client-side last-applied annotation.
  await context.kubectl(['apply', '--server-side', '--force-conflicts', '--field-manager=drun-demo', ...files.flatMap((file) => ['-f', file])]);
  await waitForCrdsEstablished((args) => context.kubectl(args), ['crd', '--all']);
}
