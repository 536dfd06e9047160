import { pathToFileURL } from 'node:url';

/** Whether the module at `moduleUrl` is the script Node was started with (not an import). */
export function isMainModule(moduleUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && pathToFileURL(script).href === moduleUrl;
}

/** Parses `--name value` and `--name=value` pairs; a flag without a value reads as 'true'. */
export function parseFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] ?? '';
    if (!argument.startsWith('--')) {
      throw new Error(`unexpected argument ${JSON.stringify(argument)}; options look like --name value`);
    }
    const [name, inlineValue] = argument.slice(2).split('=', 2) as [string, string | undefined];
    if (inlineValue !== undefined) {
      flags.set(name, inlineValue);
      continue;
    }
    const next = argv[index + 1];
    if (next === undefined || next.startsWith('--')) {
      flags.set(name, 'true');
    } else {
      flags.set(name, next);
      index += 1;
    }
  }
  return flags;
}

/** Reads an integer flag, rejecting values that are not whole numbers. */
export function integerFlag(flags: Map<string, string>, name: string, fallback: number): number {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`--${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  }
  return value;
}
