/**
 * The two Electron IPC channels of the transport. Every contract travels
 * inside them as a wire message, so these are the only IPC strings there are.
 */

/** Renderer → main: one ClientMessage per IPC message. */
export const IPC_TO_MAIN = 'drun:message';
/** Main → renderer: one ServerMessage per IPC message. */
export const IPC_TO_RENDERER = 'drun:event';
