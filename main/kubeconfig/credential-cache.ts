/**
 * Caches exec plugin credentials by the exec block that produced them, until
 * their expirationTimestamp. Concurrent first requests share one plugin run.
 */
import type { ExecCredentialStatus } from './exec-credential';

interface CacheEntry {
  credential: ExecCredentialStatus;
}

export class ExecCredentialCache {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly inFlight = new Map<string, Promise<ExecCredentialStatus>>();
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  /** Returns a cached credential that has not expired, or runs `fetch` once for all concurrent callers. */
  get(key: string, fetch: () => Promise<ExecCredentialStatus>): Promise<ExecCredentialStatus> {
    const cached = this.entries.get(key);
    if (cached !== undefined && !this.isExpired(cached.credential)) {
      return Promise.resolve(cached.credential);
    }
    const running = this.inFlight.get(key);
    if (running !== undefined) {
      return running;
    }
    const started = fetch().then(
      (credential) => {
        this.entries.set(key, { credential });
        return credential;
      },
    ).finally(() => {
      this.inFlight.delete(key);
    });
    this.inFlight.set(key, started);
    return started;
  }

  /** Forgets a credential, for example after the API server answered 401 to it. */
  invalidate(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  private isExpired(credential: ExecCredentialStatus): boolean {
    return credential.expiresAt !== undefined && credential.expiresAt <= this.now();
  }
}
