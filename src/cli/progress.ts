// A progress line on stderr for long runs, only when stderr is a terminal (the contract keeps stdout clean).
import type cliProgress from 'cli-progress';
import { createRequire } from 'node:module';
import { statSync } from 'node:fs';

export interface Progress {
  bytes(n: number): void;
  entry(): void;
  stop(): void;
}

/** Shown only after a second, so short runs print nothing. */
const DELAY_MS = 1000;

export function progress(input: string): Progress | undefined {
  if (!process.stderr.isTTY || input === '-') return undefined;
  let total = 0;
  try {
    const st = statSync(input);
    if (st.isFile()) total = st.size;
  } catch {
    return undefined;
  }
  if (total === 0) return undefined;
  const started = Date.now();
  let read = 0;
  let files = 0;
  let bar: cliProgress.SingleBar | undefined;
  const update = (): void => {
    if (!bar && Date.now() - started > DELAY_MS) {
      // Loaded only when a bar is shown (a terminal, a run longer than a second).
      const progressModule = createRequire(import.meta.url)('cli-progress') as typeof cliProgress;
      bar = new progressModule.SingleBar(
        { stream: process.stderr, format: 'reading {bar} {percentage}% | {mb} of {totalMb} MB | {files} files', hideCursor: true, clearOnComplete: true },
        progressModule.Presets.shades_classic,
      );
      bar.start(total, read, { mb: 0, totalMb: (total / 1e6).toFixed(1), files });
    }
    bar?.update(read, { mb: (read / 1e6).toFixed(1), files });
  };
  return {
    bytes: (n) => {
      read += n;
      update();
    },
    entry: () => {
      files++;
    },
    stop: () => bar?.stop(),
  };
}
