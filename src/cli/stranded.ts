// A run stranded: its promise still pending when nothing is left that could settle it (a reader waiting for data
// that will never come). Node then exits as if all went well: code 0, and no output. This says so instead.

const STRANDED =
  'logscan: internal error: the run stopped before it finished (it waited for something that never came); please report this, with the input if you can\n';

/**
 * `run`, watched: when the process is about to exit while `run` is still pending, writes why to stderr and sets
 * exit code 2. Resolves as `run` does.
 */
export function watchForStranding(run: Promise<number>, write: (text: string) => void = (text) => void process.stderr.write(text)): Promise<number> {
  let settled = false;
  const stranded = (): void => {
    if (settled) return;
    settled = true;
    write(STRANDED);
    process.exitCode = 2;
  };
  process.once('beforeExit', stranded);
  return run.finally(() => {
    settled = true;
    process.off('beforeExit', stranded);
  });
}
