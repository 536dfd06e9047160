/** Types of scripts/build-electron.mjs, for the test that runs it. */
export function contractChannels(): Promise<string[]>;
export function buildElectron(options?: { outdir?: string }): Promise<{ main: string; preload: string; channels: string[] }>;
