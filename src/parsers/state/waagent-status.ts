// waagent_status.json / waagent_status.<inc>.json / history/*/waagent_status.json (waagent.md §2). Shapes, told
// apart by their content (never by the file name):
// - `agent-details` (2.2.3x-2.4, lib dir): `{"agent_name", "current_version", "goal_state_version", "distro_details",
//   "last_successful_status_upload_time", "python_version", "extensions_status": [{name, version, status}]}`;
//   later agents add `extension_status` objects to the items.
// - `status-blob`: the status blob uploaded to Azure (wire.py vm_status_to_v1): `{"version": "1.1", "timestampUTC",
//   "aggregateStatus": {"guestAgentStatus", "handlerAggregateStatus": [...], "vmArtifactsAggregateStatus"?},
//   "guestOSInfo", "supportedFeatures"?}`.
// - `status-debug` (goal-state history copies): `{"__comment__", "__status__": <status blob>, "__debug__":
//   {agentName, daemonVersion, pythonVersion, ...}}`; an agent with no blob yet writes `"__status__": ,` (not JSON),
//   read as a missing blob.
// Facts: agent-version (role status-file; role daemon from __debug__), agent-status, os, hostname, python, goal-state-status, extension-status per
// handler (source waagent_status). Events: one for the agent, one per handler, one for the goal-state aggregate
// status, at the document's time, with the level of the real outcome.
import type { Level } from '../../model.js';
import type { DocumentParser, ParseContext } from '../types.js';
import type { Judgement, Outcome } from './extension-outcome.js';
import { judgeStatus, levelOf } from './extension-outcome.js';
import { summary } from './extension-status.js';
import { Locator, MiB, NO_TIME, arr, attrs, cut, emit, fact, obj, parseJson, str, utcTime } from './util.js';
import type { DocTime, Obj } from './util.js';

export const WAAGENT_STATUS_ID = 'waagent-status';

const BLOB_SAMPLE = JSON.stringify({
  version: '1.1',
  timestampUTC: '2024-03-02T01:15:00Z',
  aggregateStatus: {
    guestAgentStatus: { version: '2.9.1.1', status: 'Ready', formattedMessage: { lang: 'en-US', message: 'Guest Agent is running' } },
    handlerAggregateStatus: [
      {
        handlerVersion: '2.1.10',
        handlerName: 'Microsoft.Azure.Extensions.CustomScript',
        status: 'NotReady',
        code: 1009,
        useExactVersion: true,
        formattedMessage: { lang: 'en-US', message: 'Plugin enable failed' },
        runtimeSettingsStatus: {
          settingsStatus: {
            status: { name: 'Microsoft.Azure.Extensions.CustomScript', operation: 'Enable', status: 'error', code: 1, formattedMessage: { lang: 'en-US', message: 'script failed' } },
            version: 1.0,
            timestampUTC: '2024-03-02T01:14:30Z',
          },
          sequenceNumber: 3,
        },
      },
    ],
  },
  guestOSInfo: { computerName: 'sample-vm', osName: 'ubuntu', osVersion: '22.04', version: '2.9.1.1' },
});

export const waagentStatusParser: DocumentParser = {
  kind: 'document',
  id: WAAGENT_STATUS_ID,
  description: 'guest agent status file (waagent_status.json, waagent_status.<incarnation>.json, history/*/waagent_status.json)',
  globs: ['**/waagent_status.json', '**/waagent_status.*.json'],
  maxBytes: 16 * MiB,
  samples: [
    {
      path: 'var/lib/waagent/history/2024-03-02T01-15-00__3.zip/waagent_status.json',
      text: BLOB_SAMPLE,
      expectFacts: [
        { kind: 'agent-version', value: '2.9.1.1', role: 'status-file', time: Date.UTC(2024, 2, 2, 1, 15), attrs: { format: 'status-blob' } },
        { kind: 'agent-status', value: 'Ready', attrs: { message: 'Guest Agent is running' } },
        { kind: 'os', value: 'ubuntu 22.04', role: 'status-file' },
        {
          kind: 'extension-status',
          value: 'Microsoft.Azure.Extensions.CustomScript',
          attrs: { version: '2.1.10', handlerStatus: 'NotReady', handlerCode: '1009', status: 'error', code: '1', operation: 'Enable', sequence: '3', outcome: 'error', source: 'waagent_status' },
        },
      ],
      expectEvents: [
        { level: 'info', source: WAAGENT_STATUS_ID, time: Date.UTC(2024, 2, 2, 1, 15), timeSource: 'utc' },
        { level: 'error', extension: { name: 'Microsoft.Azure.Extensions.CustomScript', version: '2.1.10' }, fields: { name: 'Microsoft.Azure.Extensions.CustomScript', handlerStatus: 'NotReady', status: 'error', code: '1' } },
      ],
    },
    {
      path: 'var/lib/waagent/waagent_status.json',
      text: '{"agent_name": "WALinuxAgent", "current_version": "2.2.45", "goal_state_version": "2.2.45", "distro_details": "centos:7.9.2009", "last_successful_status_upload_time": "2020-06-10T12:00:00Z", "python_version": "Python: 2.7.5", "extensions_status": [{"name": "Microsoft.OSTCExtensions.VMAccessForLinux", "version": "1.5.6", "status": "Ready"}]}',
      expectFacts: [
        { kind: 'agent-version', value: '2.2.45', role: 'status-file', time: Date.UTC(2020, 5, 10, 12), attrs: { goalStateVersion: '2.2.45', format: 'agent-details' } },
        { kind: 'os', value: 'centos 7.9.2009', role: 'status-file' },
        { kind: 'extension-status', value: 'Microsoft.OSTCExtensions.VMAccessForLinux', attrs: { version: '1.5.6', handlerStatus: 'Ready', outcome: 'success' } },
      ],
      expectEvents: [{ level: 'info', extension: { name: 'Microsoft.OSTCExtensions.VMAccessForLinux', version: '1.5.6' } }],
    },
  ],
  parse(source, ctx) {
    const parsed = parseJson(patchEmptyStatus(source), ctx, 'agent status file');
    if (parsed === undefined) return;
    const doc = obj(parsed);
    if (!doc) {
      ctx.problem('agent status file is JSON but not an object: not a waagent_status format');
      return;
    }
    const at = new Locator(source);
    if ('__status__' in doc || '__debug__' in doc) {
      const blob = obj(doc['__status__']);
      const debug = obj(doc['__debug__']);
      if (blob) readBlob(ctx, at, blob, 'status-debug', debug);
      else readDebugOnly(ctx, at, debug);
    } else if (obj(doc['aggregateStatus'])) {
      readBlob(ctx, at, doc, 'status-blob', undefined);
    } else if ('agent_name' in doc || 'extensions_status' in doc || 'current_version' in doc) {
      readAgentDetails(ctx, at, doc);
    } else {
      ctx.problem('agent status file has none of aggregateStatus, __status__ or extensions_status: unknown waagent_status format');
    }
  },
};

/** `"__status__": ,` (the agent had no status blob yet) is not JSON: read it as null. */
function patchEmptyStatus(source: string): string {
  return source.replace(/("__status__"\s*:)\s*,/, '$1 null,');
}

// ---------------------------------------------------------------------------------------------------------------

function readBlob(ctx: ParseContext, at: Locator, blob: Obj, format: string, debug: Obj | undefined): void {
  const t = utcTime(blob['timestampUTC']);
  const agg = obj(blob['aggregateStatus']) ?? {};
  const ga = obj(agg['guestAgentStatus']);
  const os = obj(blob['guestOSInfo']);
  const version = str(ga?.['version']) ?? str(os?.['version']);
  const daemon = str(debug?.['daemonVersion']);

  const vq = at.jsonQuote('version', version);
  fact(ctx, 'agent-version', version, { role: 'status-file', time: t.time, line: vq.line, attrs: attrs({ format, daemonVersion: daemon, source: 'waagent_status' }) });
  fact(ctx, 'agent-version', daemon, { role: 'daemon', time: t.time, line: at.json('daemonVersion'), attrs: { format, source: 'waagent_status' } });
  if (ga) {
    const status = str(ga['status']);
    const message = msg(ga['formattedMessage']);
    const update = obj(ga['updateStatus']);
    const sq = at.jsonQuote('status', status);
    const a = attrs({
      version,
      message,
      updateStatus: str(update?.['status']),
      updateExpectedVersion: str(update?.['expectedVersion']),
      updateCode: str(update?.['code']),
      updateMessage: msg(update?.['formattedMessage']),
    });
    fact(ctx, 'agent-status', status, { time: t.time, line: sq.line, attrs: a, text: `guestAgentStatus ${status ?? '?'}${message ? `: ${cut(message, 200)}` : ''}` });
    const updateFailed = /^(error|failed)$/i.test(str(update?.['status']) ?? '');
    const level: Level = status && status !== 'Ready' ? 'error' : updateFailed ? 'warning' : 'info';
    emit(ctx, WAAGENT_STATUS_ID, {
      ...t,
      level,
      line: sq.line,
      raw: sq.raw,
      message:
        `Guest agent ${version ?? '?'}: ${status ?? 'no status'}${message ? ` - ${message}` : ''}` +
        (update ? `; update to ${str(update['expectedVersion']) ?? '?'}: ${str(update['status']) ?? '?'}${msg(update['formattedMessage']) ? ` - ${msg(update['formattedMessage'])}` : ''}` : ''),
      fields: attrs({ version, status, updateStatus: str(update?.['status']), updateExpectedVersion: str(update?.['expectedVersion']) }),
      format,
    });
  }
  if (os) {
    const name = [str(os['osName']), str(os['osVersion'])].filter(Boolean).join(' ');
    fact(ctx, 'os', name || undefined, { role: 'status-file', time: t.time, line: at.json('osName'), attrs: attrs({ osName: str(os['osName']), osVersion: str(os['osVersion']) }) });
    fact(ctx, 'hostname', str(os['computerName']), { role: 'status-file', time: t.time, line: at.json('computerName') });
  }
  const python = /(\d+(?:\.\d+)+)/.exec(str(debug?.['pythonVersion']) ?? '')?.[1];
  fact(ctx, 'python', python, { role: 'status-file', time: t.time, line: at.json('pythonVersion') });

  const gsa = obj(obj(agg['vmArtifactsAggregateStatus'])?.['goalStateAggregateStatus']);
  if (gsa) {
    const status = str(gsa['status']);
    const message = msg(gsa['formattedMessage']);
    const q = at.jsonQuote('goalStateAggregateStatus');
    const gt = utcTime(gsa['timestampUTC']);
    fact(ctx, 'goal-state-status', status, {
      time: gt.time ?? t.time,
      line: q.line,
      attrs: attrs({ code: str(gsa['code']), message, inSvdSeqNo: str(gsa['inSvdSeqNo']) }),
    });
    if (status && !/^success$/i.test(status)) {
      emit(ctx, WAAGENT_STATUS_ID, {
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
    const name = str(h?.['handlerName']);
    if (!h || !name) continue;
    const rss = arr(h['runtimeSettingsStatus']).map(obj);
    const handler = { name, version: str(h['handlerVersion']), status: str(h['status']), code: str(h['code']), message: msg(h['formattedMessage']) };
    if (rss.length === 0) rss.push(undefined);
    for (const r of rss) {
      const settings = obj(r?.['settingsStatus']);
      const inner = obj(settings?.['status']);
      const j = inner ? judgeStatus(inner, name) : undefined;
      const extTime = utcTime(settings?.['timestampUTC']);
      handlerReport(ctx, at, { handler, j, sequence: str(r?.['sequenceNumber']), extensionName: str(r?.['extensionName']), docTime: t, extTime, format });
    }
  }
}

/** A history copy written before the agent had a status blob: only the daemon version is known. */
function readDebugOnly(ctx: ParseContext, at: Locator, debug: Obj | undefined): void {
  fact(ctx, 'agent-version', str(debug?.['daemonVersion']), { role: 'daemon', line: at.json('daemonVersion'), attrs: { format: 'status-debug', source: 'waagent_status' } });
  const python = /(\d+(?:\.\d+)+)/.exec(str(debug?.['pythonVersion']) ?? '')?.[1];
  fact(ctx, 'python', python, { role: 'status-file', line: at.json('pythonVersion') });
}

function readAgentDetails(ctx: ParseContext, at: Locator, doc: Obj): void {
  const t = utcTime(doc['last_successful_status_upload_time']);
  const version = str(doc['current_version']);
  const format = arr(doc['extensions_status']).some((x) => obj(obj(x)?.['extension_status'])) || 'crp_supported_features' in doc ? 'agent-details+' : 'agent-details';
  fact(ctx, 'agent-version', version, {
    role: 'status-file',
    time: t.time,
    line: at.json('current_version'),
    attrs: attrs({ goalStateVersion: str(doc['goal_state_version']), agentName: str(doc['agent_name']), format, source: 'waagent_status' }),
  });
  const distro = str(doc['distro_details']);
  if (distro) {
    const [name, ver] = distro.split(':');
    fact(ctx, 'os', [name, ver].filter(Boolean).join(' '), { role: 'status-file', time: t.time, line: at.json('distro_details'), attrs: attrs({ osName: name, osVersion: ver }) });
  }
  const python = /(\d+(?:\.\d+)+)/.exec(str(doc['python_version']) ?? '')?.[1];
  fact(ctx, 'python', python, { role: 'status-file', time: t.time, line: at.json('python_version') });

  for (const item of arr(doc['extensions_status'])) {
    const h = obj(item);
    const name = str(h?.['name']);
    if (!h || !name) continue;
    const es = obj(h['extension_status']);
    const j = es ? judgeStatus(toStatusObject(es), name) : undefined;
    handlerReport(ctx, at, {
      handler: { name, version: str(h['version']), status: str(h['status']), code: str(h['code']), message: str(h['message']) },
      j,
      sequence: str(es?.['sequenceNumber']),
      extensionName: undefined,
      docTime: t,
      extTime: NO_TIME,
      format,
    });
  }
}

/** A get_properties(ExtensionStatus) dict in the status-object shape judgeStatus reads. */
function toStatusObject(es: Obj): Obj {
  return {
    name: es['name'],
    operation: es['operation'],
    status: es['status'],
    code: es['code'],
    formattedMessage: { message: es['message'] },
    substatus: arr(es['substatusList']).map((s) => ({ name: obj(s)?.['name'], status: obj(s)?.['status'], code: obj(s)?.['code'] })),
  };
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
  const q = at.jsonQuote(x.format.startsWith('agent-details') ? 'name' : 'handlerName', handler.name, true);
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
      handlerMessage: handler.message ? cut(handler.message) : undefined,
      message: j?.message ?? (handler.message ? cut(handler.message) : undefined),
      reasons: j && j.reasons.length > 0 ? j.reasons.join('; ') : undefined,
      timestamp: x.extTime.time !== null ? new Date(x.extTime.time).toISOString() : undefined,
      statusName: j?.name && j.name !== handler.name ? j.name : undefined,
      ...j?.details,
      source: 'waagent_status',
    }),
  });
  let message = `Handler ${handler.name}${handler.version ? ` ${handler.version}` : ''}: ${handler.status ?? 'no status'}${handler.code !== undefined ? ` (code ${handler.code})` : ''}`;
  if (handler.message) message += ` - ${cut(handler.message, 300)}`;
  if (j) message += `; ${summary(x.extensionName ?? handler.name, j)}${j.message ? `: ${j.message}` : ''}`;
  emit(ctx, WAAGENT_STATUS_ID, {
    ...x.docTime,
    level: levelOf(outcome),
    line: q.line,
    raw: q.raw,
    message,
    extension: handler.version ? { name: handler.name, version: handler.version } : { name: handler.name },
    fields: attrs({ name: handler.name, ...base, ...(j ? pickDetails(j.details) : {}) }),
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

function pickDetails(d: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['substatusStatus', 'substatusCode', 'extErrorCode']) if (d[k] !== undefined) out[k] = d[k]!;
  return out;
}

function msg(v: unknown): string | undefined {
  const m = str(obj(v)?.['message']) ?? str(v);
  const s = m?.trim();
  return s ? cut(s) : undefined;
}
