/** The API server's log lines that close a watch as unresponsive, counted per watch client with their times. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clientSelector, closesByClient } from '../../../bench/watch-clients-model';

const folders: string[] = [];

afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

function closeLine(time: string, resource: string, fields: string): string {
  return `I1205 ${time}    5595 cache_watcher.go:214] Forcing ${resource} watcher close due to unresponsiveness: key: "/${resource}/", labels: "", fields: "${fields}". len(c.input) = 342, len(c.result) = 342, graceful = false`;
}

async function logFile(lines: string[]): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'drun-watch-clients-'));
  folders.push(folder);
  const path = join(folder, 'kube-apiserver.log');
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

describe('watch closes per client', () => {
  it('counts pod watch closes by selector', async () => {
    const path = await logFile([
      closeLine('12:44:28.478914', 'pods', clientSelector('kubectl')),
      closeLine('12:44:28.479109', 'pods', clientSelector('app')),
      closeLine('12:44:29.000000', 'nodes', clientSelector('app')),
      closeLine('12:44:30.000000', 'pods', ''),
      'I1205 12:44:31.000000    5595 httplog.go:134] "HTTP" verb="WATCH" URI="/api/v1/pods"',
    ]);
    const closes = await closesByClient(path, 0);

    expect(closes.kubectl).toEqual([Math.round((12 * 3600 + 44 * 60 + 28.478914) * 1000)]);
    expect(closes.app).toEqual([Math.round((12 * 3600 + 44 * 60 + 28.479109) * 1000)]);
    expect(closes['http2-default']).toEqual([]);
    expect(closes['http2-go-windows']).toEqual([]);
  });

  it('skips the log before the offset', async () => {
    const first = closeLine('12:00:00.000000', 'pods', clientSelector('app'));
    const path = await logFile([first, closeLine('12:00:01.000000', 'pods', clientSelector('app'))]);
    const closes = await closesByClient(path, first.length + 1);

    expect(closes.app).toEqual([(12 * 3600 + 1) * 1000]);
  });
});
