// <Publisher.Type>-<version>/status/<N>.status (and the renamed old `<N>_status`): what the extension itself reports,
// `[{"version", "timestampUTC", "status": {name, operation, status, code, formattedMessage, substatus}}]`
// (waagent.md §2, backup-extension.md §1.3). One fact and one event per status item; the event's level is the
// real outcome (see extension-outcome.ts: a VMSnapshotLinux "success" with code 122 is an error).
import type { DocumentParser, ParseContext } from '../types.js';
import type { Judgement } from './extension-outcome.js';
import { judgeStatus } from './extension-outcome.js';
import { Locator, MiB, attrs, basename, emit, extensionFromPath, fact, obj, parseJsonArray, str, utcTime } from './util.js';
import type { DocTime, ExtensionRef } from './util.js';

export const EXTENSION_STATUS_ID = 'extension-status';

/** `0.status`, `12_status`, multi-config `MCExt1.0.status`. */
const RE_STATUS_NAME = /^(?:(.+)\.)?(\d+)(?:\.status|_status)$/i;

const TRAP_SAMPLE = JSON.stringify([
  {
    version: '1.0',
    timestampUTC: '2024-03-02T01:10:44Z',
    status: {
      name: 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux',
      operation: 'Enable',
      status: 'success',
      code: '122',
      formattedMessage: {
        lang: 'en-US',
        message: JSON.stringify({ messageStr: 'Freeze timed out. snapshotCreator=guestExtension, ', snapshotConsistency: 0, jobMessage: '', isSizeComputationFailed: false }),
      },
      substatus: [
        {
          code: '0',
          status: 'success',
          formattedMessage: null,
          name: JSON.stringify([
            {
              version: '1.0',
              timestampUTC: '\\/Date(1709341844000)\\/',
              status: {
                status: 'error',
                code: '122',
                name: 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux',
                operation: 'Enable',
                telemetryData: [
                  { Key: 'extErrorCode', Value: 'FailedRetryableFsFreezeTimeout' },
                  { Key: 'snapshotCreator', Value: 'guestExtension' },
                ],
              },
            },
          ]),
        },
      ],
    },
  },
]);

export const extensionStatusParser: DocumentParser = {
  kind: 'document',
  id: EXTENSION_STATUS_ID,
  description: 'extension status file (<Publisher.Type>-<version>/status/<N>.status)',
  globs: ['**/status/*.status', '**/status/*_status'],
  maxBytes: 4 * MiB,
  samples: [
    {
      path: 'var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/status/5.status',
      text: TRAP_SAMPLE,
      expectFacts: [
        {
          kind: 'extension-status',
          value: 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux',
          line: 1,
          time: Date.UTC(2024, 2, 2, 1, 10, 44),
          attrs: {
            version: '1.0.9225.0',
            status: 'success',
            code: '122',
            outcome: 'error',
            rewritten: 'true',
            sequence: '5',
            substatusStatus: 'error',
            substatusCode: '122',
            extErrorCode: 'FailedRetryableFsFreezeTimeout',
            snapshotCreator: 'guestExtension',
            message: 'Freeze timed out. snapshotCreator=guestExtension,',
            source: 'status-file',
          },
        },
      ],
      expectEvents: [
        {
          level: 'error',
          source: EXTENSION_STATUS_ID,
          time: Date.UTC(2024, 2, 2, 1, 10, 44),
          timeSource: 'utc',
          extension: { name: 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux', version: '1.0.9225.0' },
          fields: { status: 'success', code: '122', operation: 'Enable', name: 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux', outcome: 'error' },
        },
      ],
    },
    {
      path: 'var/lib/waagent/Microsoft.Azure.Extensions.CustomScript-2.1.10/status/0.status',
      text: [
        '[{',
        '  "version": 1.0,',
        '  "timestampUTC": "2024-03-02T01:12:00Z",',
        '  "status": {',
        '    "name": "Microsoft.Azure.Extensions.CustomScript",',
        '    "operation": "Enable",',
        '    "status": "transitioning",',
        '    "code": 4,',
        '    "formattedMessage": { "lang": "en-US", "message": "Transitioning state in extension" }',
        '  }',
        '}]',
      ].join('\n'),
      expectFacts: [{ kind: 'extension-status', value: 'Microsoft.Azure.Extensions.CustomScript', line: 7, attrs: { status: 'transitioning', code: '4', outcome: 'transitioning', sequence: '0' } }],
      expectEvents: [{ level: 'warning', line: 7, raw: '"status": "transitioning",', timeText: '2024-03-02T01:12:00Z' }],
    },
  ],
  parse(source, ctx) {
    const file = basename(ctx.path);
    const m = RE_STATUS_NAME.exec(file);
    const sequence = m?.[2];
    const multiConfigName = m?.[1];
    const fromPath = extensionFromPath(ctx.path, 1);

    if (source.trim() === '') {
      // The agent creates the file before the extension writes it: "no status yet" is itself a clue.
      fact(ctx, 'extension-status', fromPath?.name, {
        line: 1,
        text: `${file} is empty`,
        attrs: attrs({ version: fromPath?.version, status: 'none', outcome: 'unknown', empty: 'true', sequence, extensionName: multiConfigName, source: 'status-file' }),
      });
      return;
    }
    const items = parseJsonArray(source, ctx, 'extension status file');
    if (!items) return;
    const at = new Locator(source);
    for (const item of items) {
      const o = obj(item);
      const status = obj(o?.['status']);
      if (!o || !status) {
        ctx.problem('extension status item without a "status" object: not the extension status format');
        continue;
      }
      const ext: ExtensionRef | undefined = fromPath ?? (str(status['name']) ? { name: str(status['name'])! } : undefined);
      const name = ext?.name ?? str(status['name']);
      if (!name) continue;
      const j = judgeStatus(status, name);
      const t = utcTime(o['timestampUTC']);
      const where = j.status ? at.jsonQuote('status', str(status['status']), true) : at.jsonQuote('timestampUTC');
      readOne(ctx, { name, ext, j, t, sequence, multiConfigName, where });
    }
  },
};

function readOne(
  ctx: ParseContext,
  x: {
    name: string;
    ext: ExtensionRef | undefined;
    j: Judgement;
    t: DocTime;
    sequence: string | undefined;
    multiConfigName: string | undefined;
    where: { line: number; raw: string };
  },
): void {
  const { name, ext, j, t } = x;
  const base = {
    status: j.status,
    code: j.code,
    operation: j.operation,
    outcome: j.outcome,
    rewritten: j.rewritten ? 'true' : undefined,
    reasons: j.reasons.length > 0 ? j.reasons.join('; ') : undefined,
    sequence: x.sequence,
    extensionName: x.multiConfigName,
  };
  fact(ctx, 'extension-status', name, {
    time: t.time,
    line: x.where.line,
    text: summary(name, j),
    attrs: attrs({
      version: ext?.version,
      ...base,
      message: j.message,
      timestamp: t.time !== null ? new Date(t.time).toISOString() : t.timeText || undefined,
      statusName: j.name && j.name !== name ? j.name : undefined,
      ...j.details,
      source: 'status-file',
    }),
  });
  emit(ctx, EXTENSION_STATUS_ID, {
    ...t,
    level: j.level,
    line: x.where.line,
    raw: x.where.raw,
    message: summary(name, j) + (j.message ? `: ${j.message}` : ''),
    extension: ext ?? { name },
    fields: attrs({ name, ...base, ...pick(j.details, ['substatusStatus', 'substatusCode', 'extErrorCode', 'hostStatusCodePreSnapshot', 'hostStatusCodeDoSnapshot', 'snapshotCreator']) }),
    format: 'status-file',
  });
}

/** `Name Enable: status success, code 122 (real outcome error: code 122; substatus error)`. */
export function summary(name: string, j: Judgement): string {
  let s = `${name}${j.operation ? ` ${j.operation}` : ''}: status ${j.status ?? '?'}`;
  if (j.code !== undefined) s += `, code ${j.code}`;
  if (j.rewritten) s += ` (real outcome error: ${j.reasons.join('; ')})`;
  else if (j.reasons.length > 0) s += ` (${j.reasons.join('; ')})`;
  return s;
}

function pick(o: Record<string, string>, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k]!;
  return out;
}
