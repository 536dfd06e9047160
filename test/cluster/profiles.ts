import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { clusterDir } from './binaries';
import { profileNames, type Profile, type ProfileName } from './profile';

/** Checks a profile name from the command line or the environment. */
export function parseProfileName(value: string): ProfileName {
  if ((profileNames as readonly string[]).includes(value)) return value as ProfileName;
  throw new Error(`unknown profile "${value}"; use one of: ${profileNames.join(', ')}`);
}

/** Loads `profiles/<name>/index.ts` and checks that its default export is that profile. */
export async function loadProfile(name: ProfileName): Promise<Profile> {
  const path = join(clusterDir, 'profiles', name, 'index.ts');
  try {
    await access(path);
  } catch {
    throw new Error(`profile "${name}" is not available: ${path} does not exist yet`);
  }

  const module = (await import(pathToFileURL(path).href)) as { default?: Profile };
  const profile = module.default;
  if (!profile || profile.name !== name || typeof profile.seed !== 'function' || typeof profile.startLocalServers !== 'function') {
    throw new Error(`profile "${name}": ${path} must default-export a Profile whose name is "${name}"`);
  }
  return profile;
}

/** True when a running cluster of profile `running` can serve tests written for `wanted`. */
export async function profileSatisfies(running: ProfileName, wanted: ProfileName): Promise<boolean> {
  if (running === wanted) return true;
  const profile = await loadProfile(running);
  return profile.includes.includes(wanted);
}
