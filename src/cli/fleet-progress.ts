// `logscan fleet`'s progress bar on stderr: bundles done of all, unreadable ones, the rate. Only on a terminal and
// without --no-progress (stdout stays the summary's); cli-progress is loaded only when a bar is shown.
import type cliProgress from 'cli-progress';
import { createRequire } from 'node:module';

export interface FleetProgress {
  done(failed: boolean): void;
  stop(): void;
}

export function fleetProgress(total: number, wanted: boolean): FleetProgress | undefined {
  if (!wanted || !process.stderr.isTTY || total === 0) return undefined;
  const progressModule = createRequire(import.meta.url)('cli-progress') as typeof cliProgress;
  const bar = new progressModule.SingleBar(
    {
      stream: process.stderr,
      format: 'bundles {bar} {value}/{total} | {unreadable} unreadable | {rate}/s',
      hideCursor: true,
      clearOnComplete: true,
    },
    progressModule.Presets.shades_classic,
  );
  const started = Date.now();
  let value = 0;
  let unreadable = 0;
  bar.start(total, 0, { unreadable, rate: '0' });
  return {
    done: (failed) => {
      value++;
      if (failed) unreadable++;
      const seconds = (Date.now() - started) / 1000;
      bar.update(value, { unreadable, rate: seconds > 0 ? (value / seconds).toFixed(1) : '0' });
    },
    stop: () => bar.stop(),
  };
}
