// The real outcome of an extension status object (`{name, operation, status, code, formattedMessage, substatus}`),
// shared by the per-extension status files and waagent_status.json.
//
// The ARM rewrite trap (backup-extension.md §1.3): for ARM VMs VMSnapshotLinux rewrites a terminal error to
// `"status": "success"` in the file it hands to the agent; the error survives in the code (e.g. 122) and in the
// nested blob-status JSON carried as the substatus `name` (its own status, code and telemetry such as
// `extErrorCode`). Those are read here, so `outcome` says `error` even when `status` says `success`.
import type { Level } from '../../model.js';
import { MAX_MESSAGE, arr, cut, obj, str, utcTime } from './util.js';
import type { Obj } from './util.js';

export type Outcome = 'success' | 'error' | 'warning' | 'transitioning' | 'unknown';

/** VMSnapshotLinux codes that are not failures (ExtensionErrorCodeHelper.py): 0, 1, 3 success; 4 in progress. */
const BACKUP_OK_CODES = new Set(['0', '1', '3']);
const BACKUP_TRANSITIONING_CODE = '4';
/** `extErrorCode` names that are not failures. */
const BACKUP_OK_NAMES = new Set(['success', 'success_appconsistent', 'successalreadyprocessedinput', 'extensiontempterminalstate']);

/** Telemetry keys copied from the nested VMSnapshotLinux status (values are codes, names, durations, versions). */
const TELEMETRY_KEYS = [
  'extErrorCode',
  'snapshotCreator',
  'hostStatusCodePreSnapshot',
  'hostStatusCodeDoSnapshot',
  'statusBlobUploadError',
  'FreezeTime',
  'ThawTime',
  'snapshotTimeTaken',
  'consistencyType',
  'guestAgentVersion',
  'extensionVersion',
  'osVersion',
  'kernelVersion',
] as const;

/** `key=value, ` pairs VMSnapshotLinux appends to its message (used when the telemetry list is absent). */
const MESSAGE_KEYS = ['snapshotCreator', 'hostStatusCodePreSnapshot', 'hostStatusCodeDoSnapshot', 'statusBlobUploadError'] as const;

export interface Judgement {
  outcome: Outcome;
  level: Level;
  /** The file says success but the outcome is error (the rewrite trap, or a failed substatus). */
  rewritten: boolean;
  /** Why the outcome differs from `status`, e.g. `code 122`, `substatus error`. */
  reasons: string[];
  status?: string;
  code?: string;
  operation?: string;
  /** `formattedMessage.message`; VMSnapshotLinux's JSON wrapper is unwrapped to its `messageStr`; cut to 500 chars. */
  message?: string;
  /** The status object's own `name`. */
  name?: string;
  /** Substatus summary, telemetry and snapshot counts (attrs for the fact). */
  details: Record<string, string>;
}

export function isBackupExtension(name: string | undefined): boolean {
  return !!name && /VMSnapshotLinux/i.test(name);
}

/** Judges one status object; `extensionName` decides whether VMSnapshotLinux code rules apply. */
export function judgeStatus(status: Obj | undefined, extensionName: string | undefined): Judgement {
  const s = status ?? {};
  const st = str(s['status'])?.toLowerCase();
  const code = str(s['code']);
  const name = str(s['name']);
  const backup = isBackupExtension(extensionName) || isBackupExtension(name);
  const details: Record<string, string> = {};
  const reasons: string[] = [];

  const rawMessage = str(obj(s['formattedMessage'])?.['message']) ?? str(s['formattedMessage']);
  const { message, pairs } = unwrapMessage(rawMessage);

  // Substatus: the outer entries, and the nested blob status VMSnapshotLinux puts in the first entry's name.
  const subs = arr(s['substatus']).map(obj).filter((x): x is Obj => !!x);
  let worstSub: string | undefined;
  const subCodes: string[] = [];
  let inner: Obj | undefined;
  for (const sub of subs) {
    const ss = str(sub['status'])?.toLowerCase();
    if (ss && (worstSub === undefined || rank(ss) > rank(worstSub))) worstSub = ss;
    const sc = str(sub['code']);
    if (sc !== undefined) subCodes.push(sc);
    inner ??= nestedStatus(str(sub['name']));
  }
  const innerStatus = obj(inner?.['status']);
  const innerSt = str(innerStatus?.['status'])?.toLowerCase();
  const innerCode = str(innerStatus?.['code']);
  const subStatus = innerSt ?? worstSub;
  const subCode = innerCode ?? subCodes[0];
  if (subStatus) details['substatusStatus'] = subStatus;
  if (subCode !== undefined) details['substatusCode'] = subCode;
  if (subCodes.length > 0) details['substatusCodes'] = subCodes.join(',');
  if (inner) {
    const t = utcTime(inner['timestampUTC']);
    if (t.time !== null) details['substatusTime'] = new Date(t.time).toISOString();
  }

  const telemetry = telemetryOf(innerStatus);
  for (const key of TELEMETRY_KEYS) {
    let v = telemetry.get(key);
    if (v === undefined && (MESSAGE_KEYS as readonly string[]).includes(key)) v = pairs.get(key);
    if (v !== undefined && v !== '') details[key] = cut(v, 100);
  }
  const snaps = arr(innerStatus?.['snapshotInfo']).map(obj).filter((x): x is Obj => !!x);
  if (snaps.length > 0) {
    details['snapshots'] = String(snaps.length);
    details['snapshotsFailed'] = String(snaps.filter((x) => str(x['isSuccessful'])?.toLowerCase() === 'false').length);
  }
  const health = obj(innerStatus?.['vmHealthInfo']);
  const healthState = str(health?.['vmHealthState']);
  if (healthState !== undefined) details['vmHealthState'] = healthState;

  let outcome: Outcome;
  if (st === 'error' || st === 'failed') outcome = 'error';
  else if (st === 'transitioning') outcome = 'transitioning';
  else if (st === 'warning') outcome = 'warning';
  else if (st === 'success' || st === 'succeeded') {
    outcome = 'success';
    if (backup && code !== undefined && /^\d+$/.test(code)) {
      if (code === BACKUP_TRANSITIONING_CODE) {
        outcome = 'transitioning';
        reasons.push(`code ${code} (in progress)`);
      } else if (!BACKUP_OK_CODES.has(code)) {
        outcome = 'error';
        reasons.push(`code ${code}`);
      }
    }
    if (innerSt === 'error' || innerSt === 'failed') {
      outcome = 'error';
      reasons.push(`substatus ${innerSt}${innerCode ? ` (code ${innerCode})` : ''}`);
    } else if (worstSub === 'error') {
      outcome = 'error';
      reasons.push('substatus error');
    }
    const ext = details['extErrorCode'];
    if (backup && ext && !BACKUP_OK_NAMES.has(ext.toLowerCase())) {
      if (outcome !== 'error') outcome = 'error';
      reasons.push(`extErrorCode ${ext}`);
    }
  } else outcome = 'unknown';

  const rewritten = (st === 'success' || st === 'succeeded') && outcome === 'error';
  const j: Judgement = { outcome, level: levelOf(outcome), rewritten, reasons, details };
  if (st) j.status = st;
  if (code !== undefined) j.code = code;
  const op = str(s['operation']);
  if (op) j.operation = op;
  if (message) j.message = message;
  if (name) j.name = name;
  return j;
}

export function levelOf(outcome: Outcome): Level {
  return outcome === 'error' ? 'error' : outcome === 'warning' || outcome === 'transitioning' ? 'warning' : 'info';
}

function rank(status: string): number {
  switch (status) {
    case 'error':
    case 'failed':
      return 3;
    case 'warning':
      return 2;
    case 'transitioning':
      return 1;
    default:
      return 0;
  }
}

/** The nested `[{version, timestampUTC, status:{...}}]` JSON VMSnapshotLinux stores as a substatus name. */
function nestedStatus(name: string | undefined): Obj | undefined {
  if (!name || !name.trimStart().startsWith('[')) return undefined;
  try {
    return obj(arr(JSON.parse(name))[0]);
  } catch {
    return undefined;
  }
}

function telemetryOf(status: Obj | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of arr(status?.['telemetryData'])) {
    const o = obj(item);
    const k = str(o?.['Key']);
    const v = str(o?.['Value']);
    if (k && v !== undefined) out.set(k, v);
  }
  return out;
}

/**
 * VMSnapshotLinux wraps its message as JSON `{"messageStr": "... key=value, ", "snapshotConsistency": n, ...}`:
 * the readable text is `messageStr`; its `key=value, ` pairs are collected.
 */
function unwrapMessage(raw: string | undefined): { message?: string; pairs: Map<string, string> } {
  const pairs = new Map<string, string>();
  if (!raw) return { pairs };
  let text = raw;
  if (raw.trimStart().startsWith('{')) {
    try {
      const m = str(obj(JSON.parse(raw))?.['messageStr']);
      if (m !== undefined) text = m;
    } catch {
      // Not the wrapper: keep the text as written.
    }
  }
  for (const m of text.matchAll(/\b(\w+)=([^,\s]*),/g)) pairs.set(m[1]!, m[2]!);
  const message = text.trim();
  return message ? { message: cut(message, MAX_MESSAGE), pairs } : { pairs };
}
