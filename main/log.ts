/**
 * The main process logger: one JSON line per record on stderr, with a scope and
 * a closed set of field keys. Values under secret-looking keys are redacted.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogFields {
  cluster?: string;
  context?: string;
  namespace?: string;
  name?: string;
  resource?: string;
  path?: string;
  port?: number;
  attempt?: number;
  delayMs?: number;
  durationMs?: number;
  count?: number;
  status?: number;
  err?: unknown;
  [key: string]: unknown;
}

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(scope: string): Logger;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /token|password|secret|key-data|keydata|authorization|certificate-data/i;

let threshold: number = LEVELS[(process.env.DRUN_LOG_LEVEL as LogLevel | undefined) ?? 'info'] ?? LEVELS.info;
let sink: (line: string) => void = (line) => process.stderr.write(line + '\n');

/** Redirects records, for tests that assert on logging. */
export function setLogSink(next: (line: string) => void, level: LogLevel = 'debug'): void {
  sink = next;
  threshold = LEVELS[level];
}

function serialiseError(err: unknown): unknown {
  if (err instanceof Error) {
    return { name: err.name, message: err.message };
  }
  return err;
}

function redact(fields: LogFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = SECRET_KEY.test(key) ? '[redacted]' : key === 'err' ? serialiseError(value) : value;
  }
  return out;
}

export function createLogger(scope: string): Logger {
  const write = (level: LogLevel, message: string, fields: LogFields = {}): void => {
    if (LEVELS[level] < threshold) {
      return;
    }
    sink(JSON.stringify({ time: new Date().toISOString(), level, scope, message, ...redact(fields) }));
  };
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    child: (child) => createLogger(`${scope}.${child}`),
  };
}
