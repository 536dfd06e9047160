/** Errors of the port-forward manager that name the value and the fix. */
import type { AppError } from '../../shared/result';

/** Builds the error for a 403 on the portforward subresource, naming the permission the user needs. */
export function forbiddenPortForward(namespace: string, serverMessage?: string): AppError {
  let detail = serverMessage;
  try {
    detail = (JSON.parse(serverMessage ?? '') as { message?: string }).message ?? serverMessage;
  } catch {
    // Not a Status body; keep the text as it came.
  }
  return {
    kind: 'Forbidden',
    message:
      `You may not port-forward in namespace ${namespace}: the forward needs 'create' (and 'get') on pods/portforward. ` +
      'Ask a cluster administrator for a Role that grants them.',
    status: { code: 403, reason: 'Forbidden', ...(detail ? { message: detail } : {}) },
    denied: { verb: 'create', resource: 'pods', subresource: 'portforward', namespace },
    namespace,
  };
}

/** Builds the error for a local port that another program already uses. */
export function localPortInUse(port: number): AppError {
  return {
    // The user chose the port, so the fix is another value, not a retry as after an edit conflict.
    kind: 'InvalidInput',
    message: `Local port ${port} on 127.0.0.1 is already in use; choose another port, or 0 for a free one.`,
  };
}
