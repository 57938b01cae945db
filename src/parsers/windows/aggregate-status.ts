// WindowsAzure/Logs/AggregateStatus/aggregatestatus*.json: the Windows agent's aggregate status, the same status blob
// the Linux agent uploads (`{"version", "timestampUTC", "aggregateStatus": {"guestAgentStatus", "handlerAggregateStatus":
// [...], "vmArtifactsAggregateStatus"?}, "guestOSInfo"?}`; per-handler `handlerName`, `handlerVersion`, `status`,
// `code`, `formattedMessage`, `runtimeSettingsStatus`: windows.md §1, field names [unverified] there). Facts mirror
// the Linux waagent_status parser (state/waagent-status.ts) so the same detectors read them: `agent-version` (role
// `windows-agent`), `agent-status`, `os`, `hostname`, `goal-state-status`, `extension-status` per handler with attrs
// `version, handlerStatus, handlerCode, status, code, operation, outcome, sequence, message, handlerMessage, ...,
// source: 'aggregatestatus'`. Events at the document's time with the level of the real outcome.
import type { Level } from '../../model.js';
import type { DocumentParser, ParseContext } from '../types.js';
import type { Judgement, Outcome } from '../state/extension-outcome.js';
import { judgeStatus, levelOf } from '../state/extension-outcome.js';
import { Locator, MiB, arr, attrs, cut, emit, fact, obj, parseJson, str, utcTime } from '../state/util.js';
import type { DocTime, Obj } from '../state/util.js';

export const AGGREGATE_STATUS_ID = 'windows-aggregate-status';
const SOURCE = 'aggregatestatus';

const SAMPLE = JSON.stringify(
  {
    version: '1.1',
    timestampUTC: '2024-04-17T07:25:00Z',
    aggregateStatus: {
      guestAgentStatus: { version: '2.7.41491.1102', status: 'Ready', formattedMessage: { lang: 'en-US', message: 'GuestAgent is running and processing the extensions.' } },
      handlerAggregateStatus: [
        {
          handlerName: 'Microsoft.Azure.RecoveryServices.VMSnapshot',
          handlerVersion: '1.0.75.0',
          status: 'Ready',
          code: 0,
          formattedMessage: { lang: 'en-US', message: 'Plugin enabled' },
          runtimeSettingsStatus: {
            settingsStatus: {
              status: { name: 'Microsoft.Azure.RecoveryServices.VMSnapshot', operation: 'Enable', status: 'error', code: 400, formattedMessage: { lang: 'en-US', message: 'Snapshot failed: VSS writer timed out' } },
              timestampUTC: '2024-04-17T07:24:10Z',
            },
            sequenceNumber: 12,
          },
        },
      ],
    },
    guestOSInfo: { computerName: 'win-vm', osName: 'Windows Server 2019 Datacenter', osVersion: '10.0.17763', version: '2.7.41491.1102' },
  },
  null,
  2,
);

export const aggregateStatusParser: DocumentParser = {
  kind: 'document',
  id: AGGREGATE_STATUS_ID,
  description: 'Windows agent aggregate status (WindowsAzure/Logs/AggregateStatus/aggregatestatus*.json)',
  globs: ['**/AggregateStatus/aggregatestatus*.json', '**/aggregatestatus*.json'],
  maxBytes: 16 * MiB,
  samples: [
    {
      path: 'WindowsAzure/Logs/AggregateStatus/aggregatestatus.json',
      text: SAMPLE,
      expectFacts: [
        { kind: 'agent-version', value: '2.7.41491.1102', role: 'windows-agent', time: Date.UTC(2024, 3, 17, 7, 25), attrs: { source: SOURCE } },
        { kind: 'agent-status', value: 'Ready', attrs: { version: '2.7.41491.1102', message: 'GuestAgent is running and processing the extensions.', source: SOURCE } },
        { kind: 'os', value: 'Windows Server 2019 Datacenter 10.0.17763', role: 'windows-agent' },
        {
          kind: 'extension-status',
          value: 'Microsoft.Azure.RecoveryServices.VMSnapshot',
          attrs: { version: '1.0.75.0', handlerStatus: 'Ready', handlerCode: '0', status: 'error', code: '400', operation: 'Enable', outcome: 'error', sequence: '12', source: SOURCE },
        },
      ],
      expectEvents: [
        { level: 'info', source: AGGREGATE_STATUS_ID, time: Date.UTC(2024, 3, 17, 7, 25), timeSource: 'utc', fields: { version: '2.7.41491.1102', status: 'Ready' } },
        {
          level: 'error',
          extension: { name: 'Microsoft.Azure.RecoveryServices.VMSnapshot', version: '1.0.75.0' },
          fields: { name: 'Microsoft.Azure.RecoveryServices.VMSnapshot', handlerStatus: 'Ready', status: 'error', code: '400', outcome: 'error' },
        },
      ],
    },
  ],
  parse(source, ctx) {
    const parsed = parseJson(source, ctx, 'aggregate status file');
    if (parsed === undefined) return;
    const doc = obj(parsed);
    if (!doc) {
      ctx.problem('aggregate status file is JSON but not an object: not the aggregate status format');
      return;
    }
    // The blob itself, a `__status__` wrapper (as Linux history copies have), or the bare aggregateStatus object.
    const blob = obj(doc['aggregateStatus']) ? doc : obj(obj(doc['__status__'])?.['aggregateStatus']) ? obj(doc['__status__'])! : undefined;
    const bare = !blob && (obj(doc['guestAgentStatus']) || Array.isArray(doc['handlerAggregateStatus'])) ? doc : undefined;
    if (!blob && !bare) {
      ctx.problem('aggregate status file has no aggregateStatus, guestAgentStatus or handlerAggregateStatus: unknown format');
      return;
    }
    read(ctx, new Locator(source), blob ?? { aggregateStatus: bare });
  },
};

function read(ctx: ParseContext, at: Locator, blob: Obj): void {
  const t = utcTime(blob['timestampUTC'] ?? blob['timestampUtc'] ?? blob['timestamp']);
  const agg = obj(blob['aggregateStatus']) ?? {};
  const ga = obj(agg['guestAgentStatus']);
  const os = obj(blob['guestOSInfo']);
  const version = str(ga?.['version']) ?? str(os?.['version']);
  const format = `aggregatestatus-${str(blob['version']) ?? '?'}`;

  fact(ctx, 'agent-version', version, { role: 'windows-agent', time: t.time, line: at.json('version', version), attrs: { source: SOURCE } });
  if (ga) {
    const status = str(ga['status']);
    const message = msg(ga['formattedMessage']);
    const sq = at.jsonQuote('status', status);
    fact(ctx, 'agent-status', status ?? 'unknown', {
      time: t.time,
      line: sq.line,
      attrs: attrs({ version, message, source: SOURCE }),
      text: `guestAgentStatus ${status ?? '?'}${message ? `: ${cut(message, 200)}` : ''}`,
    });
    const level: Level = !status ? 'warning' : /^ready$/i.test(status) ? 'info' : /^(notready|error|failed|unresponsive)$/i.test(status) ? 'error' : 'warning';
    emit(ctx, AGGREGATE_STATUS_ID, {
      ...t,
      level,
      line: sq.line,
      raw: sq.raw,
      message: `Guest agent ${version ?? '?'}: ${status ?? 'no status'}${message ? ` - ${message}` : ''}`,
      fields: attrs({ version, status }),
      format,
    });
  }
  if (os) {
    const name = [str(os['osName']), str(os['osVersion'])].filter(Boolean).join(' ');
    fact(ctx, 'os', name || undefined, { role: 'windows-agent', time: t.time, line: at.json('osName'), attrs: attrs({ osName: str(os['osName']), osVersion: str(os['osVersion']), source: SOURCE }) });
    fact(ctx, 'hostname', str(os['computerName']), { role: 'windows-agent', time: t.time, line: at.json('computerName') });
  }

  const gsa = obj(obj(agg['vmArtifactsAggregateStatus'])?.['goalStateAggregateStatus']);
  if (gsa) {
    const status = str(gsa['status']);
    const message = msg(gsa['formattedMessage']);
    const q = at.jsonQuote('goalStateAggregateStatus');
    const gt = utcTime(gsa['timestampUTC']);
    fact(ctx, 'goal-state-status', status, { time: gt.time ?? t.time, line: q.line, attrs: attrs({ code: str(gsa['code']), message, inSvdSeqNo: str(gsa['inSvdSeqNo']), source: SOURCE }) });
    if (status && !/^success$/i.test(status)) {
      emit(ctx, AGGREGATE_STATUS_ID, {
        ...(gt.time !== null ? gt : t),
        level: /^transitioning$/i.test(status) ? 'warning' : 'error',
        line: q.line,
        raw: q.raw,
        message: `Goal state ${str(gsa['inSvdSeqNo']) ?? '?'}: ${status}${str(gsa['code']) ? ` (code ${str(gsa['code'])})` : ''}${message ? ` - ${message}` : ''}`,
        fields: attrs({ status, code: str(gsa['code']), inSvdSeqNo: str(gsa['inSvdSeqNo']) }),
        format,
      });
    }
  }

  for (const item of arr(agg['handlerAggregateStatus'])) {
    const h = obj(item);
    const name = str(h?.['handlerName']) ?? str(h?.['name']);
    if (!h || !name) continue;
    const handler: HandlerInfo = { name, version: str(h['handlerVersion']) ?? str(h['version']), status: str(h['status']), code: str(h['code']), message: msg(h['formattedMessage']) ?? msg(h['message']) };
    const rss = arr(h['runtimeSettingsStatus']).map(obj);
    if (rss.length === 0) rss.push(undefined);
    for (const r of rss) {
      const settings = obj(r?.['settingsStatus']);
      const inner = obj(settings?.['status']);
      const j = inner ? judgeStatus(inner, name) : undefined;
      handlerReport(ctx, at, { handler, j, sequence: str(r?.['sequenceNumber']), extensionName: str(r?.['extensionName']), docTime: t, extTime: utcTime(settings?.['timestampUTC']), format });
    }
  }
}

interface HandlerInfo {
  name: string;
  version: string | undefined;
  status: string | undefined;
  code: string | undefined;
  message: string | undefined;
}

function handlerReport(
  ctx: ParseContext,
  at: Locator,
  x: { handler: HandlerInfo; j: Judgement | undefined; sequence: string | undefined; extensionName: string | undefined; docTime: DocTime; extTime: DocTime; format: string },
): void {
  const { handler, j } = x;
  const outcome = handlerOutcome(handler.status, j);
  const q = at.jsonQuote('handlerName', handler.name, true);
  const base = {
    handlerStatus: handler.status,
    handlerCode: handler.code,
    status: j?.status,
    code: j?.code,
    operation: j?.operation,
    outcome,
    rewritten: j?.rewritten ? 'true' : undefined,
    sequence: x.sequence,
    extensionName: x.extensionName,
  };
  fact(ctx, 'extension-status', handler.name, {
    time: x.docTime.time,
    line: q.line,
    text: `${handler.name} ${handler.version ?? ''}: handler ${handler.status ?? '?'}${j ? `, extension ${j.status ?? '?'}${j.code !== undefined ? ` code ${j.code}` : ''}` : ''}`,
    attrs: attrs({
      version: handler.version,
      ...base,
      handlerMessage: handler.message,
      message: j?.message ?? handler.message,
      reasons: j && j.reasons.length > 0 ? j.reasons.join('; ') : undefined,
      timestamp: x.extTime.time !== null ? new Date(x.extTime.time).toISOString() : undefined,
      statusName: j?.name && j.name !== handler.name ? j.name : undefined,
      ...j?.details,
      source: SOURCE,
    }),
  });
  let message = `Handler ${handler.name}${handler.version ? ` ${handler.version}` : ''}: ${handler.status ?? 'no status'}${handler.code !== undefined ? ` (code ${handler.code})` : ''}`;
  if (handler.message) message += ` - ${cut(handler.message, 300)}`;
  if (j) message += `; ${j.operation ?? 'operation'} ${j.status ?? '?'}${j.code !== undefined ? ` (code ${j.code})` : ''}${j.message ? `: ${j.message}` : ''}`;
  emit(ctx, AGGREGATE_STATUS_ID, {
    ...x.docTime,
    level: levelOf(outcome),
    line: q.line,
    raw: q.raw,
    message,
    extension: handler.version ? { name: handler.name, version: handler.version } : { name: handler.name },
    fields: attrs({ name: handler.name, ...base }),
    format: x.format,
  });
}

function handlerOutcome(handlerStatus: string | undefined, j: Judgement | undefined): Outcome {
  const hs = handlerStatus?.toLowerCase();
  if (hs === 'notready') return j?.outcome === 'transitioning' ? 'transitioning' : 'error';
  if (hs === 'unresponsive') return j?.outcome === 'error' ? 'error' : 'warning';
  if (j) return j.outcome === 'unknown' ? (hs === 'ready' ? 'success' : 'unknown') : j.outcome;
  return hs === 'ready' ? 'success' : 'unknown';
}

function msg(v: unknown): string | undefined {
  const m = str(obj(v)?.['message']) ?? str(v);
  const s = m?.trim();
  return s ? cut(s) : undefined;
}
