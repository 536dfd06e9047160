/**
 * The one serialisable error model that crosses every transport. Expected
 * failures (bad input, Forbidden, an unreachable server) travel as values;
 * bugs travel as `Internal` so the renderer can tell them apart.
 */

export type ErrorKind =
  | 'InvalidInput'
  | 'NotFound'
  | 'Forbidden'
  | 'Unauthorized'
  | 'Unreachable'
  | 'Certificate'
  | 'ExecPlugin'
  | 'Kubeconfig'
  | 'Conflict'
  | 'Timeout'
  | 'Cancelled'
  | 'Unavailable'
  | 'Internal';

export interface AppError {
  kind: ErrorKind;
  /** A sentence for people, naming the value and the fix. */
  message: string;
  /** Kubernetes Status fields when the API server produced the error. */
  status?: { code: number; reason?: string; message?: string };
  /** RBAC subject of a Forbidden error: what the user was not allowed to do. */
  denied?: { verb: string; resource: string; group?: string; subresource?: string; namespace?: string };
  cluster?: string;
  namespace?: string;
  /** Extra lines such as an exec plugin's stderr. */
  detail?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(error: AppError): Result<T> {
  return { ok: false, error };
}

/** An exception that carries an AppError, thrown by services and turned into a Result at the transport. */
export class AppErrorException extends Error {
  readonly appError: AppError;

  constructor(appError: AppError) {
    super(appError.message);
    this.name = `AppError(${appError.kind})`;
    this.appError = appError;
  }
}

export function appError(kind: ErrorKind, message: string, extra: Partial<AppError> = {}): AppErrorException {
  return new AppErrorException({ ...extra, kind, message });
}

export function isAppErrorException(value: unknown): value is AppErrorException {
  return value instanceof AppErrorException;
}
