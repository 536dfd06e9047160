/** Types of scripts/build-electron.mjs, for the test and the benchmark that run it. */
export function contractChannels(): Promise<string[]>;
export function buildElectron(options?: { outdir?: string }): Promise<{ main: string; preload: string; watchWorker: string; channels: string[] }>;
export function bundleForNode(options: { entry: string; outfile: string }): Promise<string>;
