// WindowsAzure/Logs/AggregateStatus/aggregatestatus*.json: the Windows agent's aggregate status, the same status blob
// the Linux agent uploads (`{"version", "timestampUTC", "aggregateStatus": {"guestAgentStatus", "handlerAggregateStatus":
// [...], "vmArtifactsAggregateStatus"?}, "guestOSInfo"?}`; per-handler `handlerName`, `handlerVersion`, `status`,
// `code`, `formattedMessage`, `runtimeSettingsStatus`: windows.md §1, field names [unverified] there). Facts mirror
// the Linux waagent_status parser (state/waagent-status.ts) so the same detectors read them: `agent-version` (role
// `windows-agent`), `agent-status`, `os`, `hostname`, `goal-state-status`, `extension-status` per handler with attrs
// `version, handlerStatus, handlerCode, status, code, operation, outcome, sequence, message, handlerMessage, ...,
// source: 'aggregatestatus'`. Events at the document's time with the level of the real outcome. The blob is read by
// state/status-blob.ts, shared with the Linux parser; DIALECT below holds where this parser reports differently.
import type { DocumentParser, ParseContext } from '../types.js';
import { blobParts, reportGoalState, reportGuestAgent, reportGuestOs, reportHandlers } from '../state/status-blob.js';
import type { BlobDialect } from '../state/status-blob.js';
import { Locator, MiB, fact, obj, parseJson, str } from '../state/util.js';
import type { Obj } from '../state/util.js';

export const AGGREGATE_STATUS_ID = 'windows-aggregate-status';
const SOURCE = 'aggregatestatus';

/** The status blob as this parser reports it (state/status-blob.ts): every fact tagged with its source, lenient keys. */
const DIALECT: BlobDialect = {
  id: AGGREGATE_STATUS_ID,
  source: SOURCE,
  role: 'windows-agent',
  tag: { source: SOURCE },
  updateStatus: false,
  missingStatus: 'unknown',
  agentLevel: (status) => (!status ? 'warning' : /^ready$/i.test(status) ? 'info' : /^(notready|error|failed|unresponsive)$/i.test(status) ? 'error' : 'warning'),
  altHandlerKeys: true,
  extensionSummary: (_name, j) => `${j.operation ?? 'operation'} ${j.status ?? '?'}${j.code !== undefined ? ` (code ${j.code})` : ''}`,
  detailFields: [],
};

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
  const b = blobParts(blob, blob['timestampUTC'] ?? blob['timestampUtc'] ?? blob['timestamp'], `aggregatestatus-${str(blob['version']) ?? '?'}`);
  fact(ctx, 'agent-version', b.version, { role: 'windows-agent', time: b.t.time, line: at.json('version', b.version), attrs: { source: SOURCE } });
  reportGuestAgent(ctx, at, b, DIALECT);
  reportGuestOs(ctx, at, b, DIALECT);
  reportGoalState(ctx, at, b, DIALECT);
  reportHandlers(ctx, at, b, DIALECT);
}
