// The renderer's memory while the viewer analyses a bundle: the resident size of Chromium's renderer processes
// (the page and its analysis worker live in one), read from /proc by the pids CDP's SystemInfo gives.
import { readFileSync } from 'node:fs';
import type { Browser, CDPSession } from 'playwright-core';

/** Resident KiB of process `pid`, or 0 once it is gone. */
function residentKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

interface ProcessInfo {
  type: string;
  id: number;
}

export interface MemorySampler {
  /** The largest resident size of a renderer seen so far, in MB. */
  peakMb(): number;
  /** Every sample: ms since start and the largest renderer's MB. */
  samples(): { ms: number; mb: number }[];
  stop(): Promise<void>;
}

/** The pids of the browser's renderer processes. */
async function rendererPids(cdp: CDPSession): Promise<number[]> {
  const info = (await cdp.send('SystemInfo.getProcessInfo' as never)) as unknown as { processInfo: ProcessInfo[] };
  return info.processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
}

/**
 * Samples the renderers' resident size every `everyMs` until stopped. The largest renderer counts (the page's:
 * a spare one holds little).
 */
export async function sampleRendererMemory(browser: Browser, everyMs = 100): Promise<MemorySampler> {
  const cdp = await browser.newBrowserCDPSession();
  const started = Date.now();
  const samples: { ms: number; mb: number }[] = [];
  let pids = await rendererPids(cdp);
  let stopped = false;
  let round = 0;
  const take = async (): Promise<void> => {
    // A new renderer can come (a navigation): look again now and then.
    if (round++ % 10 === 0) pids = await rendererPids(cdp).catch(() => pids);
    const mb = Math.max(0, ...pids.map(residentKb)) / 1024;
    samples.push({ ms: Date.now() - started, mb });
  };
  await take();
  const loop = (async () => {
    while (!stopped) {
      await new Promise((r) => setTimeout(r, everyMs));
      if (!stopped) await take();
    }
  })();
  return {
    peakMb: () => Math.max(0, ...samples.map((s) => s.mb)),
    samples: () => samples,
    stop: async () => {
      stopped = true;
      await loop;
      await cdp.detach().catch(() => undefined);
    },
  };
}
