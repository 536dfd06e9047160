/**
 * Reads a V8 .cpuprofile and lists the functions with the most self time, for
 * the report. The app process runs from a bundle, so each place is mapped
 * back to its source file and line through the bundle's source map.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotFunction {
  name: string;
  /** Source file and line, relative to the repository. */
  where: string;
  selfMs: number;
  share: number;
}

/** Returns a lookup of each bundle's source map, read once; undefined for a file without one. */
function sourceMaps(): (file: string) => SourceMap | undefined {
  const maps = new Map<string, SourceMap | undefined>();
  return (file) => {
    if (!maps.has(file)) {
      const mapFile = `${file}.map`;
      maps.set(file, existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]) : undefined);
    }
    return maps.get(file);
  };
}

/** Returns the source file and line of a profile's call frame, relative to the working folder. */
function placeOf(frame: ProfileNode['callFrame'], mapOf: (file: string) => SourceMap | undefined): string {
  if (!frame.url) return '(native)';
  const file = frame.url.startsWith('file://') ? fileURLToPath(frame.url) : frame.url;
  const entry = mapOf(file)?.findEntry(frame.lineNumber, frame.columnNumber);
  if (entry && 'originalSource' in entry && entry.originalSource) {
    const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : resolve(dirname(file), entry.originalSource);
    return `${relative(process.cwd(), source)}:${entry.originalLine + 1}`;
  }
  return `${relative(process.cwd(), file)}:${frame.lineNumber + 1}`;
}

/** Top functions by self time in the newest profile of `dir`. */
export function hottestFunctions(dir: string, count: number): HotFunction[] {
  const file = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile')).sort().at(-1);
  if (!file) throw new Error(`no .cpuprofile in ${dir}; did the app process exit normally?`);
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, { name: string; where: string; us: number }>();
  let totalUs = 0;
  const mapOf = sourceMaps();
  profile.samples.forEach((id, index) => {
    const frame = byId.get(id)?.callFrame;
    const us = profile.timeDeltas[index] ?? 0;
    totalUs += us;
    if (!frame) return;
    const where = placeOf(frame, mapOf);
    const key = `${frame.functionName}@${where}`;
    const entry = self.get(key) ?? { name: frame.functionName || '(anonymous)', where, us: 0 };
    entry.us += us;
    self.set(key, entry);
  });
  return [...self.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, count)
    .map((entry) => ({ name: entry.name, where: entry.where, selfMs: entry.us / 1000, share: entry.us / totalUs }));
}
