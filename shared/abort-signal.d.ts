/**
 * shared/ compiles without DOM or Node types, yet its contracts carry the
 * AbortSignal that both runtimes provide. This declares the one member that
 * shared code may rely on; it merges with the full DOM or Node declaration
 * wherever those are loaded.
 */
interface AbortSignal {
  readonly aborted: boolean;
}
