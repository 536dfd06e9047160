/**
 * Plans of the job actions: the request each sends and the kubectl command
 * that does the same. The screen shows the command before the user confirms,
 * and main sends exactly that request.
 */
import type { JobAction, JobKind } from '../models/queues';

export interface ActionTarget {
  kind: JobKind;
  namespace: string;
  name: string;
  /** The Kueue Workload of the job, when Kueue manages it. */
  workload?: string;
}

export interface ActionPlan {
  /** Resource the request goes to: the job itself, or its Kueue Workload. */
  resource: 'job' | 'workload';
  name: string;
  method: 'PATCH' | 'DELETE';
  /** JSON merge patch body for PATCH. */
  patch?: Record<string, unknown>;
  kubectl: string;
  destructive: boolean;
}

/** kubectl resource names by kind, fully qualified so that kubectl cannot pick another group's kind. */
const KUBECTL_RESOURCE: Record<JobKind, string> = {
  PyTorchJob: 'pytorchjobs.kubeflow.org',
  TFJob: 'tfjobs.kubeflow.org',
  MPIJob: 'mpijobs.kubeflow.org',
  TrainJob: 'trainjobs.trainer.kubeflow.org',
  Job: 'jobs.batch',
};

/** Builds the merge patch of a kind's suspend switch. */
function suspendPatch(kind: JobKind, suspend: boolean): Record<string, unknown> {
  if (kind === 'PyTorchJob' || kind === 'TFJob' || kind === 'MPIJob') {
    return { spec: { runPolicy: { suspend } } };
  }
  return { spec: { suspend } };
}

/** Quotes one shell word only when it needs it. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Plans an action. A job that Kueue manages is suspended and resumed through
 * its Workload's spec.active, because Kueue owns the job's suspend field and
 * would flip it back. Other jobs are patched directly.
 */
export function planJobAction(target: ActionTarget, action: JobAction): ActionPlan {
  const ns = `-n ${shellQuote(target.namespace)}`;
  if (action === 'delete') {
    return {
      resource: 'job',
      name: target.name,
      method: 'DELETE',
      kubectl: `kubectl delete ${KUBECTL_RESOURCE[target.kind]} ${shellQuote(target.name)} ${ns}`,
      destructive: true,
    };
  }
  const suspend = action === 'suspend';
  if (target.workload) {
    const patch = { spec: { active: !suspend } };
    return {
      resource: 'workload',
      name: target.workload,
      method: 'PATCH',
      patch,
      kubectl: `kubectl patch workloads.kueue.x-k8s.io ${shellQuote(target.workload)} ${ns} --type=merge -p ${shellQuote(JSON.stringify(patch))}`,
      destructive: false,
    };
  }
  const patch = suspendPatch(target.kind, suspend);
  return {
    resource: 'job',
    name: target.name,
    method: 'PATCH',
    patch,
    kubectl: `kubectl patch ${KUBECTL_RESOURCE[target.kind]} ${shellQuote(target.name)} ${ns} --type=merge -p ${shellQuote(JSON.stringify(patch))}`,
    destructive: false,
  };
}

/** The kubectl command that submits a previewed job file the way the app does. */
export function submitCommand(fileName: string, dryRun: boolean): string {
  return `kubectl apply --server-side --field-manager=drun-desktop${dryRun ? ' --dry-run=server' : ''} -f ${shellQuote(fileName)}`;
}
