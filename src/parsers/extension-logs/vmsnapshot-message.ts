// What a VMSnapshotLinux message says (backup-extension.md §1.4-1.5): structured fields and, for lines that carry
// no level (Python 3 lines, safefreeze output, `Info` lines of the backuplogger), the level its text implies.
import type { Level } from '../../model.js';
import { KeywordSet } from '../../text/keyword-set.js';

const RE_STEP = /\*{6} ([1-9])\. /;
const RE_STATUS_CODE = /StatusCode\.([A-Za-z_0-9]+)(?:,|\s|$)/;
const RE_FINAL = /(?:^|\s)(Enable|Disable|Install|Uninstall|Update|Daemon),(success|error|transitioning|warning),(-?\d+),/;
const RE_UINT = /^\d+/;
/**
 * Words of failure (case as the extension writes them). Word boundaries keep `ErrorMessage:` (a success line's
 * empty field), `statusBlobUploadError=`, `isanysnapshotfailed`, `error_msg` and `FailedRetryable...` names out.
 */
const RE_ERROR = /\b(?:[Ff]ailed|FAILED|[Ee]rror|ERROR|errror|[Ee]xception|Traceback|timed[- ]out|IsSuccessful:\s?False)\b/;

/** Literal parts of everything `messageFields` and `inferLevel` look for: most lines contain none (one cheap scan). */
const GATE = new KeywordSet([
  '****** ',
  'StatusCode.',
  'taskId: ',
  'Status Code: ',
  'timeout value ',
  'ailed',
  'AILED',
  'rror',
  'xception',
  'Traceback',
  'timed',
  'IsSuccessful:',
]);
const FINAL_OPS = /^(?:Enable|Disable|Install|Uninstall|Update|Daemon),/;

/** Extension status-code names that are not failures (`ExtensionErrorCodeHelper.py`). */
function isSuccessCode(name: string): boolean {
  return name.startsWith('success') || name.startsWith('Success') || name === 'ExtensionTempTerminalState';
}

/** The token after `label` in `msg` (up to a blank or comma), or undefined. */
function tokenAfter(msg: string, label: string): string | undefined {
  const at = msg.indexOf(label);
  if (at < 0) return undefined;
  let i = at + label.length;
  while (msg.charCodeAt(i) === 32) i++;
  let end = i;
  while (end < msg.length) {
    const c = msg.charCodeAt(end);
    if (c === 32 || c === 44 || c === 9) break;
    end++;
  }
  return end > i ? msg.slice(i, end) : undefined;
}

function uintAfter(msg: string, label: string): string | undefined {
  const at = msg.indexOf(label);
  if (at < 0) return undefined;
  const m = RE_UINT.exec(msg.slice(at + label.length, at + label.length + 12).trimStart());
  return m === null ? undefined : m[0];
}

/**
 * Fields of a first line's message:
 * `step` ('1'..'9', `****** N. ...`), `statusCode` (`StatusCode.<Name>,`), `taskId` (`taskId: <id>`),
 * `operation`/`status`/`code` (the final `Enable,<status>,<code>,<msg>,<flag>` line), `hostStatusCode`
 * (`PreSnapshot: Status Code: N`), `freezeTimeout` (`T:S freeze, timeout value N`).
 */
/** False when `msg` contains none of the texts the helpers below look for (they can then skip their searches). */
export function mayMatter(msg: string): boolean {
  return GATE.test(msg);
}

export function messageFields(msg: string, gate = mayMatter(msg)): Record<string, string> | undefined {
  let fields: Record<string, string> | undefined;
  const comma = msg.indexOf(',');
  if (comma > 0 && comma < 64 && (FINAL_OPS.test(msg) || msg.indexOf(' Enable,') >= 0)) {
    const m = RE_FINAL.exec(msg);
    if (m !== null) {
      fields = { operation: m[1]!, status: m[2]!, code: m[3]! };
    }
  }
  if (!gate) return fields;
  if (msg.indexOf('****** ') >= 0) {
    const m = RE_STEP.exec(msg);
    if (m !== null) (fields ??= {}).step = m[1]!;
  }
  if (msg.indexOf('StatusCode.') >= 0) {
    const m = RE_STATUS_CODE.exec(msg);
    if (m !== null) (fields ??= {}).statusCode = m[1]!;
  }
  if (msg.indexOf('taskId: ') >= 0) {
    const id = tokenAfter(msg, 'taskId: ');
    if (id !== undefined) (fields ??= {}).taskId = id;
  }
  if (msg.indexOf('PreSnapshot: Status Code: ') >= 0) {
    const n = uintAfter(msg, 'PreSnapshot: Status Code: ');
    if (n !== undefined) (fields ??= {}).hostStatusCode = n;
  }
  if (msg.indexOf('freeze, timeout value ') >= 0) {
    const n = uintAfter(msg, 'freeze, timeout value ');
    if (n !== undefined) (fields ??= {}).freezeTimeout = n;
  }
  return fields;
}

/** The level a message implies when its line states none (or says `Info`). */
export function inferLevel(msg: string, fields: Record<string, string> | undefined, gate = mayMatter(msg)): Level {
  if (fields !== undefined) {
    const status = fields.status;
    if (status === 'error') return 'error';
    if (status === 'warning') return 'warning';
    if (status === 'success' || status === 'transitioning') return 'info';
    const code = fields.statusCode;
    if (code !== undefined && !isSuccessCode(code)) return 'error';
  }
  if (msg.startsWith('WARNING:') || msg.startsWith('Warning:')) return 'warning';
  return gate && RE_ERROR.test(msg) ? 'error' : 'info';
}
