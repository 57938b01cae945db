// When the reader of stdout goes away (`logscan bundle.tgz | head -1`, `logscan timeline big.tgz | head`): the output
// ends there, quietly, with the exit code the whole output would have had (the analysis's 0 or 1, the timeline's 0).
// `process.exit` runs the 'exit' listeners, so the timeline's temporary folder goes too. Any other failure to write
// stdout (a full disk behind `> file`) is one line on stderr and exit 2. A closed stderr is ignored: nothing is left to
// say anything on.
import { terminalLine } from '../report/output-escape.js';

let codeIfClosed = 0;
let guarded = false;

/** The exit code a closed stdout ends the process with from now on: what the output being written would end with. */
export function exitCodeIfStdoutCloses(code: number): void {
  codeIfClosed = code;
}

/** Errors a closed pipe gives: the write itself, or any later write to the stream it destroyed. */
const CLOSED = new Set(['EPIPE', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END', 'ECONNRESET']);

/** Installs the listeners once; `main` calls it before anything is written. */
export function guardStdout(): void {
  if (guarded) return;
  guarded = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (CLOSED.has(error.code ?? '')) process.exit(codeIfClosed);
    try {
      process.stderr.write(`logscan: cannot write the output: ${terminalLine(error.message.split('\n')[0] ?? '')}\n`);
    } finally {
      process.exit(2);
    }
  });
  process.stderr.on('error', () => {});
}
