// The waagent.log parser (WALinuxAgent, all log eras): shared/docs/waagent.md §1.
//
// Conventions of the events it emits:
// - `format`: the era (`2.0`, `2.1-2.2.26`, `2.2.27-2.2.45`, `2.2.46`, `2.2.47+`), `syslog` for a syslog/journal line
//   whose inner text has no waagent time (wrapper time used), `no-timestamp` for lines before the first header.
//   `stats().formats` lists them, plus `syslog` when any wrapped line was seen.
// - `raw`: the first line as written (wrapper, `> `, `**` included); `message`: the text after the header columns,
//   continuation lines joined with `\n` (at most 200 lines / 64 KiB; `fields.omittedLines` / `fields.omittedChars`).
// - `Event: ...` entries get `fields` {name, op, message, duration?}; a base64+zlib message is decoded into
//   `fields.message` (`fields.encoded = 'zlib+base64'`) and appended to `message` after ` [decoded] `; a cut one
//   keeps the raw text, sets `fields.decodeError` (+ `fields.decodedPartial`) and appends ` [decoded, incomplete] `.
// - Facts: `agent-version` (role `daemon` | `goal-state`), `auto-update` (`enabled` | `disabled`), `os`, `python`,
//   each reported when its value changes; `extension` (value = name, role = version) once per prefix per file.
import type { Parser } from '../types.js';
import { ASSUME_UTC } from '../../time/zone.js';
import { HeaderReader } from './formats.js';
import { SOURCE_ID, WaagentLineParser } from './lines.js';
import { WAAGENT_SAMPLES } from './samples.js';
import { readSyslog, readSyslogIso } from './syslog.js';

export { WaagentLineParser, SOURCE_ID, MAX_CONTINUATION_LINES, MAX_MESSAGE_CHARS } from './lines.js';
export { HeaderReader, splitExtension, type Era } from './formats.js';
export { splitEvent, decodeZlibBase64, looksEncoded, type EventFields } from './event-payload.js';
export { messageFacts, type MessageFact } from './facts.js';

const SNIFF_LINES = 20;

/**
 * True when one of the first non-empty lines is a waagent header with a level word (2.1+, ISO with a fraction),
 * the 2.0 banner (`... Azure Linux Agent Version: ...`), or two 2.0 lines one of which glues its level to the message
 * (`ERROR:timed out`): a bare `YYYY/MM/DD HH:MM:SS text` is too common.
 */
export function sniffWaagent(firstLines: string[]): boolean {
  const reader = new HeaderReader(ASSUME_UTC);
  let seen = 0;
  let v20 = 0;
  let glued = 0;
  for (const line of firstLines) {
    let s = line.replaceAll('**', '').replace(/^(?:> ?)+/, '').trimEnd();
    if (s === '') continue;
    if (++seen > SNIFF_LINES) break;
    const wrapped = readSyslog(s, ASSUME_UTC, 0) ?? readSyslogIso(s);
    if (wrapped) s = wrapped.inner;
    if (!reader.read(s)) continue;
    if (reader.era === '2.0') {
      if (s.includes('Azure Linux Agent Version')) return true;
      v20++;
      // 2.0 glues its level to the message (`ERROR:timed out`): with another 2.0 line, that is the agent's log.
      if (/^(?:ERROR|WARNING):\S/.test(s.slice(20))) glued++;
      if (glued > 0 && v20 > 1) return true;
    } else if (!reader.utc || s.charCodeAt(19) === 46) {
      return true;
    }
  }
  return false;
}

export const waagentLogParser: Parser = {
  id: SOURCE_ID,
  description: 'WALinuxAgent log (waagent.log): every era from 1.x/2.0 to 2.15, syslog/journal-wrapped lines, multi-line entries',
  // `*waagent.log*` repeats the last glob for root-level names: inside one `{a,b}` brace pattern micromatch's `**/`
  // no longer matches zero directories.
  // CommandExecution*.log under /var/log/azure/<Handler>/ holds the same lines (waagent.md §1.5).
  globs: ['**/waagent.log', '**/waagent.log.*', '**/waagent.log-*', '**/*waagent.log*', '*waagent.log*', '**/log/azure/**/CommandExecution*.log'],
  sniff: sniffWaagent,
  samples: WAAGENT_SAMPLES,
  create: (ctx) => new WaagentLineParser(ctx),
};
