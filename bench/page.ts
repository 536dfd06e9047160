/**
 * Drives the renderer in Chromium as a user would (connect, open the
 * Overview) and reads what it shows. The code that runs inside the page is
 * kept as plain JavaScript text: the runner's TypeScript loader may add
 * helpers to compiled functions that do not exist in the page.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Page } from 'playwright-core';

/** Per-frame probe installed in the page: see PAGE_PROBE. */
export interface ScreenTotal {
  value: number;
  /** Wall-clock time (ms since the epoch) of the animation frame that first showed the value. */
  at: number;
}

export interface FrameRecording {
  /** Time between consecutive animation frames, in ms. */
  deltas: number[];
  /** Durations of long animation frames (over 50 ms) that Chromium reported, in ms. */
  longFrames: number[];
  /** Pixels scrolled in the pod table. */
  scrolled: number;
}

/**
 * Runs on every animation frame: notes when the pod total on screen changes,
 * records frame intervals while asked to, and scrolls the pod table at a
 * steady speed while asked to, as a user dragging through it would.
 */
const PAGE_PROBE = `(() => {
  if (window.__bench) return;
  const totals = [];
  let lastText = null;
  let recording = null;
  const longFrames = [];
  try {
    new PerformanceObserver((list) => {
      if (recording) for (const entry of list.getEntries()) longFrames.push(entry.duration);
    }).observe({ type: 'long-animation-frame' });
  } catch (error) {
    // Older Chromium without the Long Animation Frames API: the deltas still tell.
  }
  const tick = (now) => {
    const shown = document.querySelector('[data-testid="pods-total"]');
    const text = shown ? shown.textContent : null;
    if (text !== lastText) {
      lastText = text;
      if (text !== null) totals.push({ value: Number(text.replace(/[^0-9]/g, '')), at: performance.timeOrigin + now });
      if (totals.length > 5000) totals.splice(0, totals.length - 5000);
    }
    if (recording) {
      if (recording.last !== undefined) recording.deltas.push(now - recording.last);
      recording.last = now;
      const body = document.querySelector('section[aria-labelledby="pods-title"] .vtable-body');
      if (body && recording.pxPerSecond > 0) {
        const range = Math.max(1, body.scrollHeight - body.clientHeight);
        const target = ((now - recording.started) / 1000) * recording.pxPerSecond;
        body.scrollTop = target % range;
        recording.scrolled = target;
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  window.__bench = {
    totalsSince: (since) => totals.filter((entry) => entry.at >= since),
    start: (pxPerSecond) => {
      longFrames.length = 0;
      recording = { deltas: [], started: performance.now(), pxPerSecond, scrolled: 0, last: undefined };
    },
    stop: () => {
      const result = { deltas: recording ? recording.deltas : [], longFrames: longFrames.slice(), scrolled: recording ? recording.scrolled : 0 };
      recording = null;
      return result;
    },
  };
})()`;

/** Cumulative main-thread time of the renderer, from Chromium's Performance domain, in ms. */
export interface RendererWork {
  taskMs: number;
  scriptMs: number;
  layoutMs: number;
  styleMs: number;
}

/**
 * Starts reading the renderer's main-thread counters over the DevTools
 * protocol; `stop` gives their growth since. Chromium counts only while the
 * Performance domain is enabled, so one session spans the whole phase. The
 * share of the phase the page's own thread was busy separates slow frames
 * caused by the page's work from frames the machine's other processes delayed.
 */
export async function startRendererWork(page: Page): Promise<{ stop(): Promise<RendererWork> }> {
  const session = await page.context().newCDPSession(page);
  await session.send('Performance.enable');
  const read = async (): Promise<RendererWork> => {
    const { metrics } = await session.send('Performance.getMetrics');
    const ms = (name: string) => (metrics.find((metric) => metric.name === name)?.value ?? 0) * 1000;
    return { taskMs: ms('TaskDuration'), scriptMs: ms('ScriptDuration'), layoutMs: ms('LayoutDuration'), styleMs: ms('RecalcStyleDuration') };
  };
  const before = await read();
  return {
    stop: async () => {
      const after = await read();
      await session.detach();
      return { taskMs: after.taskMs - before.taskMs, scriptMs: after.scriptMs - before.scriptMs, layoutMs: after.layoutMs - before.layoutMs, styleMs: after.styleMs - before.styleMs };
    },
  };
}

export async function installProbe(page: Page): Promise<void> {
  await page.evaluate(PAGE_PROBE);
}

export async function screenTotalsSince(page: Page, since: number): Promise<ScreenTotal[]> {
  return (await page.evaluate(`window.__bench.totalsSince(${since})`)) as ScreenTotal[];
}

export async function startFrames(page: Page, pxPerSecond: number): Promise<void> {
  await page.evaluate(`window.__bench.start(${pxPerSecond})`);
}

export async function stopFrames(page: Page): Promise<FrameRecording> {
  return (await page.evaluate('window.__bench.stop()')) as FrameRecording;
}

export interface FirstOverview {
  /** From the click on Connect to the frame that showed the complete Overview. */
  fromConnectMs: number;
  /** From the click on Open Overview, when the lists start, to the same frame. */
  fromOpenMs: number;
}

/**
 * Checks on every animation frame whether the Overview is complete: it says
 * it is live (both lists done), the totals show every node and nearly every
 * pod listed before (a few may go while the run starts), at least one GPU
 * card is drawn, and both tables show rows. Notes the time of the first frame that is. Installed
 * through evaluate, as the page's CSP forbids the eval that waitForFunction
 * uses for text.
 */
function watchCompleteOverview(nodes: number, pods: number): string {
  return `(() => {
    window.__overviewDoneAt = 0;
    const shown = (id) => {
      const element = document.querySelector('[data-testid="' + id + '"]');
      return element ? Number(element.textContent.replace(/[^0-9]/g, '')) : -1;
    };
    const check = (now) => {
      const cards = document.querySelectorAll('[data-testid="gpu-card"]').length;
      const tables = [...document.querySelectorAll('.vtable')].filter((table) => table.querySelector('.vtable-body .vtable-row:not(.vtable-row-pending)')).length;
      const live = [...document.querySelectorAll('p[role="status"]')].some((status) => status.textContent.startsWith('Live.'));
      if (live && shown('nodes-total') === ${nodes} && shown('pods-total') >= ${Math.floor(pods * 0.99)} && cards > 0 && tables >= 2) window.__overviewDoneAt = performance.timeOrigin + now;
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })()`;
}

async function waitForOverviewDone(page: Page, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const doneAt = (await page.evaluate('window.__overviewDoneAt')) as number;
    if (doneAt > 0) return doneAt;
    await delay(200);
  }
  throw new Error(`the Overview was not complete after ${timeoutMs / 1000} s`);
}

/** Opens the app, connects the context, opens its Overview and times both steps. */
export async function openFirstOverview(page: Page, url: string, contextName: string, expected: { nodes: number; pods: number }, timeoutMs: number): Promise<FirstOverview> {
  await page.goto(url);
  const context = page.getByRole('listitem', { name: contextName });
  await context.waitFor({ timeout: timeoutMs });
  await page.evaluate(watchCompleteOverview(expected.nodes, expected.pods));

  const connectAt = Date.now();
  await context.getByRole('button', { name: 'Connect', exact: true }).click();
  const open = context.getByRole('button', { name: 'Open Overview' });
  await open.waitFor({ timeout: timeoutMs });
  const openAt = Date.now();
  await open.click();

  const doneAt = await waitForOverviewDone(page, timeoutMs);
  return { fromConnectMs: doneAt - connectAt, fromOpenMs: doneAt - openAt };
}
