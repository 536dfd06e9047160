/** Maps a notebook pod's status to the launch phase and message shown to the user. */
import type { LaunchNote, LaunchPhase } from '../../shared/models/notebooks';

export interface PodStatusShape {
  metadata: { name: string; deletionTimestamp?: string };
  spec?: { nodeName?: string };
  status?: {
    phase?: string;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    containerStatuses?: { name: string; ready?: boolean; state?: { waiting?: { reason?: string; message?: string }; terminated?: { reason?: string; exitCode?: number } } }[];
  };
}

export interface PodProgress {
  phase: LaunchPhase;
  note?: LaunchNote;
  noteParams?: Record<string, string>;
  /** Kubernetes' own words: the scheduler's condition or the container's waiting reason and message. */
  message?: string;
  /** True when waiting longer will not help: the image name is invalid, the container keeps crashing. */
  fatal?: boolean;
}

/** Waiting reasons after which the pod will not start without a change by the user. */
const FATAL_REASONS = new Set(['InvalidImageName', 'ErrImageNeverPull', 'CreateContainerConfigError', 'CreateContainerError']);

export function podProgress(pod: PodStatusShape | undefined): PodProgress {
  if (!pod || pod.metadata.deletionTimestamp) {
    return { phase: 'creating', note: 'awaiting-pod' };
  }
  const conditions = pod.status?.conditions ?? [];
  const scheduled = conditions.find((condition) => condition.type === 'PodScheduled');
  if (!pod.spec?.nodeName) {
    return { phase: 'scheduling', ...(scheduled?.message ? { message: scheduled.message } : {}) };
  }
  if (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded') {
    return { phase: 'failed', fatal: true, note: 'pod-ended', noteParams: { podPhase: pod.status.phase } };
  }
  if (conditions.some((condition) => condition.type === 'Ready' && condition.status === 'True')) {
    return { phase: 'ready' };
  }
  const waiting = pod.status?.containerStatuses?.map((status) => status.state?.waiting).find((state) => state?.reason);
  if (waiting?.reason) {
    const message = waiting.message ? `${waiting.reason}: ${waiting.message}` : waiting.reason;
    return { phase: 'starting', message, ...(FATAL_REASONS.has(waiting.reason) ? { fatal: true } : {}) };
  }
  return { phase: 'starting', note: pod.status?.phase === 'Running' ? 'awaiting-readiness' : 'pulling' };
}
