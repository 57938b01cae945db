// Analysing an input with the detectors as declared, and as they were before DetectorMeta.windowsEvents: every
// Windows record reaching every detector. The two reports must be the same (test/detectors/windows-routing.test.ts,
// and test/corpus/windows-routing.test.ts on the real samples).
import { analyze } from '../../src/analyze.js';
import { detectors } from '../../src/detectors/index.js';
import type { Detector } from '../../src/detectors/types.js';
import { openBundle } from '../../src/ingest/index.js';
import { renderJson } from '../../src/report/json.js';

export const declaredRouting: Detector[] = detectors;

export const everyRecord: Detector[] = detectors.map((d) => {
  const { windowsEvents: _, ...meta } = d.meta;
  return { ...d, meta };
});

/** The JSON report of `path` (a bundle or one file), or the error that stopped it. */
export async function reportWith(path: string, list: Detector[]): Promise<string> {
  const bundle = await openBundle(path);
  const input = { name: bundle.name, kind: bundle.kind, sizeBytes: () => bundle.sizeBytes, entries: bundle.entries, problems: bundle.problems };
  try {
    return renderJson(await analyze(input, { detectors: list }));
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}
