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
// status, at the document's time, with the level of the real outcome. The status blob (agent, OS, goal-state and
// handler statuses) is read by status-blob.ts, shared with the Windows aggregate status parser.
import type { DocumentParser, ParseContext } from '../types.js';
import { judgeStatus } from './extension-outcome.js';
import { summary } from './extension-status.js';
import { blobParts, handlerReport, reportGoalState, reportGuestAgent, reportGuestOs, reportHandlers } from './status-blob.js';
import type { BlobDialect } from './status-blob.js';
import { Locator, MiB, NO_TIME, arr, attrs, fact, obj, parseJson, str, utcTime } from './util.js';
import type { Obj } from './util.js';

export const WAAGENT_STATUS_ID = 'waagent-status';

/** The status blob as this parser reports it (status-blob.ts): facts of the file's role, the agent's update status. */
const DIALECT: BlobDialect = {
  id: WAAGENT_STATUS_ID,
  source: 'waagent_status',
  role: 'status-file',
  tag: {},
  updateStatus: true,
  missingStatus: undefined,
  agentLevel: (status, updateFailed) => (status && status !== 'Ready' ? 'error' : updateFailed ? 'warning' : 'info'),
  altHandlerKeys: false,
  extensionSummary: summary,
  detailFields: ['substatusStatus', 'substatusCode', 'extErrorCode'],
};

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
  const b = blobParts(blob, blob['timestampUTC'], format);
  const { t, version } = b;
  const daemon = str(debug?.['daemonVersion']);

  const vq = at.jsonQuote('version', version);
  fact(ctx, 'agent-version', version, { role: 'status-file', time: t.time, line: vq.line, attrs: attrs({ format, daemonVersion: daemon, source: 'waagent_status' }) });
  fact(ctx, 'agent-version', daemon, { role: 'daemon', time: t.time, line: at.json('daemonVersion'), attrs: { format, source: 'waagent_status' } });
  reportGuestAgent(ctx, at, b, DIALECT);
  reportGuestOs(ctx, at, b, DIALECT);
  const python = /(\d+(?:\.\d+)+)/.exec(str(debug?.['pythonVersion']) ?? '')?.[1];
  fact(ctx, 'python', python, { role: 'status-file', time: t.time, line: at.json('pythonVersion') });
  reportGoalState(ctx, at, b, DIALECT);
  reportHandlers(ctx, at, b, DIALECT);
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
    handlerReport(ctx, at, DIALECT, {
      handler: { name, version: str(h['version']), status: str(h['status']), code: str(h['code']), message: str(h['message']) },
      j,
      sequence: str(es?.['sequenceNumber']),
      extensionName: undefined,
      docTime: t,
      extTime: NO_TIME,
      format,
      key: 'name',
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
