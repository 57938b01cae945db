// The status blob a guest agent reports, read for both parsers that see it: the Linux agent's waagent_status.json
// (state/waagent-status.ts; the blob uploaded to Azure, wire.py vm_status_to_v1) and the Windows agent's
// AggregateStatus/aggregatestatus*.json (windows/aggregate-status.ts). Both have the shape `{"version", "timestampUTC",
// "aggregateStatus": {"guestAgentStatus", "handlerAggregateStatus": [...], "vmArtifactsAggregateStatus"?},
// "guestOSInfo"?}`, so the same detectors read the same facts: `agent-status`, `os`, `hostname`, `goal-state-status`
// and `extension-status` per handler, with one event for the agent, one for a goal state that did not succeed and one
// per handler. A `BlobDialect` holds the few places where the two parsers report differently (ids, source attrs,
// levels, which keys are read); the `agent-version` facts stay with each parser.
import type { Level } from '../../model.js';
import type { ParseContext } from '../types.js';
import type { Judgement, Outcome } from './extension-outcome.js';
import { judgeStatus, levelOf } from './extension-outcome.js';
import { arr, attrs, cut, emit, fact, obj, str, utcTime } from './util.js';
import type { DocTime, Locator, Obj } from './util.js';

/** How one parser reports a status blob. */
export interface BlobDialect {
  /** Parser id: the source of the events. */
  id: string;
  /** `source` attr of the `extension-status` facts. */
  source: string;
  /** Role of the `os` and `hostname` facts. */
  role: 'status-file' | 'windows-agent';
  /** Attrs appended to the `agent-status`, `os` and `goal-state-status` facts. */
  tag: Record<string, string>;
  /** Reads `guestAgentStatus.updateStatus` (the agent's self-update) into the agent-status fact and event. */
  updateStatus: boolean;
  /** `agent-status` value when guestAgentStatus has no status; undefined: no fact. */
  missingStatus: string | undefined;
  /** Level of the guest agent event. */
  agentLevel(status: string | undefined, updateFailed: boolean): Level;
  /** A handler item may also name itself with `name`, `version` and `message`. */
  altHandlerKeys: boolean;
  /** Handler event text of the extension's own status (`name`: the extension name, else the handler name). */
  extensionSummary(name: string, j: Judgement): string;
  /** Judgement details copied into the handler events' fields. */
  detailFields: readonly string[];
}

/** The parts of a status blob every report reads. */
export interface BlobParts {
  /** The blob's time. */
  t: DocTime;
  agg: Obj;
  ga: Obj | undefined;
  os: Obj | undefined;
  /** Agent version: guestAgentStatus.version, else guestOSInfo.version. */
  version: string | undefined;
  /** `format` of the events. */
  format: string;
}

/** `time`: the blob's timestamp value (the parsers differ in which keys they accept). */
export function blobParts(blob: Obj, time: unknown, format: string): BlobParts {
  const agg = obj(blob['aggregateStatus']) ?? {};
  const ga = obj(agg['guestAgentStatus']);
  const os = obj(blob['guestOSInfo']);
  return { t: utcTime(time), agg, ga, os, version: str(ga?.['version']) ?? str(os?.['version']), format };
}

/** `agent-status` fact and event from guestAgentStatus. */
export function reportGuestAgent(ctx: ParseContext, at: Locator, b: BlobParts, d: BlobDialect): void {
  const { ga, t, version } = b;
  if (!ga) return;
  const status = str(ga['status']);
  const message = msg(ga['formattedMessage']);
  const update = d.updateStatus ? obj(ga['updateStatus']) : undefined;
  const sq = at.jsonQuote('status', status);
  const a = attrs({
    version,
    message,
    updateStatus: str(update?.['status']),
    updateExpectedVersion: str(update?.['expectedVersion']),
    updateCode: str(update?.['code']),
    updateMessage: msg(update?.['formattedMessage']),
    ...d.tag,
  });
  fact(ctx, 'agent-status', status ?? d.missingStatus, { time: t.time, line: sq.line, attrs: a, text: `guestAgentStatus ${status ?? '?'}${message ? `: ${cut(message, 200)}` : ''}` });
  const updateFailed = /^(error|failed)$/i.test(str(update?.['status']) ?? '');
  emit(ctx, d.id, {
    ...t,
    level: d.agentLevel(status, updateFailed),
    line: sq.line,
    raw: sq.raw,
    message:
      `Guest agent ${version ?? '?'}: ${status ?? 'no status'}${message ? ` - ${message}` : ''}` +
      (update ? `; update to ${str(update['expectedVersion']) ?? '?'}: ${str(update['status']) ?? '?'}${msg(update['formattedMessage']) ? ` - ${msg(update['formattedMessage'])}` : ''}` : ''),
    fields: attrs({ version, status, updateStatus: str(update?.['status']), updateExpectedVersion: str(update?.['expectedVersion']) }),
    format: b.format,
  });
}

/** `os` and `hostname` facts from guestOSInfo. */
export function reportGuestOs(ctx: ParseContext, at: Locator, b: BlobParts, d: BlobDialect): void {
  const { os, t } = b;
  if (!os) return;
  const name = [str(os['osName']), str(os['osVersion'])].filter(Boolean).join(' ');
  fact(ctx, 'os', name || undefined, { role: d.role, time: t.time, line: at.json('osName'), attrs: attrs({ osName: str(os['osName']), osVersion: str(os['osVersion']), ...d.tag }) });
  fact(ctx, 'hostname', str(os['computerName']), { role: d.role, time: t.time, line: at.json('computerName') });
}

/** `goal-state-status` fact from vmArtifactsAggregateStatus.goalStateAggregateStatus; an event unless it succeeded. */
export function reportGoalState(ctx: ParseContext, at: Locator, b: BlobParts, d: BlobDialect): void {
  const gsa = obj(obj(b.agg['vmArtifactsAggregateStatus'])?.['goalStateAggregateStatus']);
  if (!gsa) return;
  const { t } = b;
  const status = str(gsa['status']);
  const message = msg(gsa['formattedMessage']);
  const q = at.jsonQuote('goalStateAggregateStatus');
  const gt = utcTime(gsa['timestampUTC']);
  fact(ctx, 'goal-state-status', status, {
    time: gt.time ?? t.time,
    line: q.line,
    attrs: attrs({ code: str(gsa['code']), message, inSvdSeqNo: str(gsa['inSvdSeqNo']), ...d.tag }),
  });
  if (status && !/^success$/i.test(status)) {
    emit(ctx, d.id, {
      ...(gt.time !== null ? gt : t),
      level: /^transitioning$/i.test(status) ? 'warning' : 'error',
      line: q.line,
      raw: q.raw,
      message: `Goal state ${str(gsa['inSvdSeqNo']) ?? '?'}: ${status}${str(gsa['code']) ? ` (code ${str(gsa['code'])})` : ''}${message ? ` - ${message}` : ''}`,
      fields: attrs({ status, code: str(gsa['code']), inSvdSeqNo: str(gsa['inSvdSeqNo']) }),
      format: b.format,
    });
  }
}

/** `extension-status` fact and event per handlerAggregateStatus item and runtime settings status. */
export function reportHandlers(ctx: ParseContext, at: Locator, b: BlobParts, d: BlobDialect): void {
  for (const item of arr(b.agg['handlerAggregateStatus'])) {
    const h = obj(item);
    const alt = (key: string): unknown => (d.altHandlerKeys ? h?.[key] : undefined);
    const name = str(h?.['handlerName']) ?? str(alt('name'));
    if (!h || !name) continue;
    const handler: HandlerInfo = { name, version: str(h['handlerVersion']) ?? str(alt('version')), status: str(h['status']), code: str(h['code']), message: msg(h['formattedMessage']) ?? msg(alt('message')) };
    const rss = arr(h['runtimeSettingsStatus']).map(obj);
    if (rss.length === 0) rss.push(undefined);
    for (const r of rss) {
      const settings = obj(r?.['settingsStatus']);
      const inner = obj(settings?.['status']);
      const j = inner ? judgeStatus(inner, name) : undefined;
      handlerReport(ctx, at, d, {
        handler,
        j,
        sequence: str(r?.['sequenceNumber']),
        extensionName: str(r?.['extensionName']),
        docTime: b.t,
        extTime: utcTime(settings?.['timestampUTC']),
        format: b.format,
        key: 'handlerName',
      });
    }
  }
}

export interface HandlerInfo {
  name: string;
  version: string | undefined;
  status: string | undefined;
  code: string | undefined;
  message: string | undefined;
}

export interface HandlerReport {
  handler: HandlerInfo;
  /** The extension's own status (runtime settings status), when there is one. */
  j: Judgement | undefined;
  sequence: string | undefined;
  extensionName: string | undefined;
  docTime: DocTime;
  extTime: DocTime;
  format: string;
  /** JSON key whose value is the handler name, to find the handler's line (moves the locator on). */
  key: string;
}

/** One handler's `extension-status` fact and event, at the document's time with the level of the real outcome. */
export function handlerReport(ctx: ParseContext, at: Locator, d: BlobDialect, x: HandlerReport): void {
  const { handler, j } = x;
  const outcome = handlerOutcome(handler.status, j);
  const q = at.jsonQuote(x.key, handler.name, true);
  const handlerMessage = handler.message ? cut(handler.message) : undefined;
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
      handlerMessage,
      message: j?.message ?? handlerMessage,
      reasons: j && j.reasons.length > 0 ? j.reasons.join('; ') : undefined,
      timestamp: x.extTime.time !== null ? new Date(x.extTime.time).toISOString() : undefined,
      statusName: j?.name && j.name !== handler.name ? j.name : undefined,
      ...j?.details,
      source: d.source,
    }),
  });
  let message = `Handler ${handler.name}${handler.version ? ` ${handler.version}` : ''}: ${handler.status ?? 'no status'}${handler.code !== undefined ? ` (code ${handler.code})` : ''}`;
  if (handler.message) message += ` - ${cut(handler.message, 300)}`;
  if (j) message += `; ${d.extensionSummary(x.extensionName ?? handler.name, j)}${j.message ? `: ${j.message}` : ''}`;
  emit(ctx, d.id, {
    ...x.docTime,
    level: levelOf(outcome),
    line: q.line,
    raw: q.raw,
    message,
    extension: handler.version ? { name: handler.name, version: handler.version } : { name: handler.name },
    fields: attrs({ name: handler.name, ...base, ...(j ? pick(j.details, d.detailFields) : {}) }),
    format: x.format,
  });
}

/** The handler's outcome: its own status, corrected by the extension's status when there is one. */
function handlerOutcome(handlerStatus: string | undefined, j: Judgement | undefined): Outcome {
  const hs = handlerStatus?.toLowerCase();
  if (hs === 'notready') return j?.outcome === 'transitioning' ? 'transitioning' : 'error';
  if (hs === 'unresponsive') return j?.outcome === 'error' ? 'error' : 'warning';
  if (j) return j.outcome === 'unknown' ? (hs === 'ready' ? 'success' : 'unknown') : j.outcome;
  return hs === 'ready' ? 'success' : 'unknown';
}

function pick(o: Record<string, string>, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k]!;
  return out;
}

/** A `formattedMessage` object (or a plain string), trimmed and cut; empty as undefined. */
function msg(v: unknown): string | undefined {
  const m = str(obj(v)?.['message']) ?? str(v);
  const s = m?.trim();
  return s ? cut(s) : undefined;
}
