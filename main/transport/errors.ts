/** Turns whatever a service threw into the serialisable AppError of the wire. */
import { isAppErrorException, type AppError } from '../../shared/result';

interface StatusLike {
  code?: number;
  body?: unknown;
  message?: string;
}

/** Reads a Kubernetes Status out of a client-node ApiException or a raw Status body. */
function kubernetesStatus(error: StatusLike): AppError['status'] | undefined {
  const body = typeof error.body === 'string' ? safeJson(error.body) : error.body;
  const status = body as { kind?: string; code?: number; reason?: string; message?: string } | undefined;
  if (status?.kind === 'Status' && typeof status.code === 'number') {
    return { code: status.code, ...(status.reason ? { reason: status.reason } : {}), ...(status.message ? { message: status.message } : {}) };
  }
  if (typeof error.code === 'number' && error.code >= 400 && error.code < 600) {
    return { code: error.code };
  }
  return undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: the body is plain text, which the message already carries.
    return undefined;
  }
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);
const CERT_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|HOSTNAME_MISMATCH|ALTNAME/i;

/** The network or TLS cause code of an error, following `cause` chains (undici wraps them). */
function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      return code;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function kindForStatus(code: number): AppError['kind'] {
  if (code === 401) return 'Unauthorized';
  if (code === 403) return 'Forbidden';
  if (code === 404) return 'NotFound';
  if (code === 409) return 'Conflict';
  if (code === 422 || code === 400) return 'InvalidInput';
  if (code === 504) return 'Timeout';
  return 'Unavailable';
}

/** Maps an unknown thrown value to an AppError; unknown errors become `Internal` with their message. */
export function toAppError(error: unknown, context: { cluster?: string } = {}): AppError {
  if (isAppErrorException(error)) {
    return { ...context, ...error.appError };
  }
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name === 'AbortError') {
    return { ...context, kind: 'Cancelled', message: 'The request was cancelled.' };
  }
  const status = kubernetesStatus(error as StatusLike);
  if (status) {
    return { ...context, kind: kindForStatus(status.code), message: status.message ?? message, status };
  }
  // fetch refuses ports on the WHATWG "bad port" list (1, 6000, 6665-6669, ...) before dialling.
  if ((error as { cause?: { message?: string } }).cause?.message === 'bad port') {
    return { ...context, kind: 'InvalidInput', message: 'The server URL uses a port that HTTP clients block (the fetch "bad port" list); serve the API on another port such as 6443.' };
  }
  const code = causeCode(error);
  if (code && CERT_CODES.test(code)) {
    return { ...context, kind: 'Certificate', message: `TLS certificate check failed (${code}): ${message}` };
  }
  if (code && NETWORK_CODES.has(code)) {
    return { ...context, kind: 'Unreachable', message: `The server cannot be reached (${code}): ${message}` };
  }
  return { ...context, kind: 'Internal', message };
}
