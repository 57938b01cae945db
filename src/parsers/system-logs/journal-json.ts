// `journalctl -o json` exports: one JSON object per line (`-o json-pretty` objects spread over lines are read too).
// Fields used: `__REALTIME_TIMESTAMP` (µs since the epoch, UTC; `_SOURCE_REALTIME_TIMESTAMP` as fallback),
// `MESSAGE` (string, byte array for non-UTF-8 text, null when too large), `PRIORITY` 0-7, `SYSLOG_IDENTIFIER`
// (else `_COMM`), `_PID` (else `SYSLOG_PID`), `_HOSTNAME`, `_TRANSPORT` (`kernel` -> proc `kernel`), `_BOOT_ID`.
//
// Events: source `journal-json`, `timeText` = the `__REALTIME_TIMESTAMP` value, `fields.host/proc/pid`, the kinds of
// classify.ts; level = PRIORITY (0-3 error, 4 warning, else info; a guess when absent), raised by an error kind.
// No `raw` (the evidence quotes the message). A change of `_BOOT_ID` emits a boot marker event (`fields.kind` =
// `boot`, `fields.boot` = the id, `format` = `journal-marker`), as `journalctl` prints `-- Boot <id> --`.
// The agent's records are rendered as `journalctl -o short-iso-precise` lines (`<time>+00:00 host proc[pid]: line`,
// one per line of a multi-line MESSAGE) and handed to the waagent parser; such a rendered line is their `raw`.
import type { LogEvent } from '../../model.js';
import type { LineParser, ParseContext } from '../types.js';
import { classify, guessLevel, maxLevel, plainBytes } from './classify.js';
import { priorityLevel } from './dmesg.js';
import { cap, isBlank, MAX_MESSAGE_CHARS } from '../multiline.js';
import { JournalField, JournalLineBytes, microsToMs } from './journal-json-bytes.js';
import { KERNEL, SYSTEMD_SHUTDOWN } from './syslog-bytes.js';
import { bytesAre } from '../../text/bytes.js';
import { WaagentRoute } from './waagent-route.js';

export const JOURNAL_JSON_SOURCE = 'journal-json';

/** Largest json-pretty object gathered over lines. */
const MAX_PRETTY_CHARS = 1 << 20;

type JsonObject = Record<string, unknown>;

const decoder = new TextDecoder('utf-8', { fatal: false });
const UTF8 = new TextEncoder();

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

/** `MESSAGE`: a string, or the bytes of a message that is not valid UTF-8. */
function messageOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) {
    const bytes = new Uint8Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const b: unknown = v[i];
      bytes[i] = typeof b === 'number' ? b & 255 : 63;
    }
    return decoder.decode(bytes);
  }
  return '';
}

/** Epoch µs as text -> `YYYY-MM-DDTHH:MM:SS.ffffff` (UTC). */
function isoMicros(us: string): string | undefined {
  if (us.length < 7) return undefined;
  const ms = Number(us.slice(0, -3));
  if (!Number.isFinite(ms)) return undefined;
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return undefined;
  return `${d.toISOString().slice(0, 23)}${us.slice(-3)}`;
}

const RE_TAG = /^[\w.-]+$/;

export class JournalJsonLineParser implements LineParser {
  private readonly agent: WaagentRoute;
  private unparsed = 0;
  private readonly formats = new Set<string>();
  private bootId: string | undefined;
  /** `bootId` as UTF-8, for the skim. */
  private bootIdBytes: Uint8Array | undefined;
  /** json-pretty: lines of the object being gathered, and its first line number. */
  private pretty: string[] | null = null;
  private prettyChars = 0;
  private prettyLine = 0;
  private readonly bytes = new JournalLineBytes();

  constructor(private readonly ctx: ParseContext) {
    this.agent = new WaagentRoute(ctx);
  }

  line(text: string, lineNo: number): void {
    // A journal entry holds no nested object: a line opening one while an entry is gathered means that entry was cut
    // (a collector's truncation); it is counted, and this line starts afresh.
    if (this.pretty !== null && text.charCodeAt(0) === 123 /* { */) {
      this.pretty = null;
      this.unparsed++;
    }
    if (this.pretty !== null) {
      this.pretty.push(text);
      this.prettyChars += text.length + 1;
      if (text === '}') {
        const joined = this.pretty.join('\n');
        this.pretty = null;
        this.object(joined, this.prettyLine, 'json-pretty');
      } else if (this.prettyChars > MAX_PRETTY_CHARS) {
        this.pretty = null;
        this.unparsed++;
      }
      return;
    }
    if (text.charCodeAt(0) !== 123 /* { */) {
      if (!isBlank(text)) this.unparsed++;
      return;
    }
    if (text.length === 1 || isBlank(text.slice(1))) {
      this.pretty = [text];
      this.prettyChars = text.length;
      this.prettyLine = lineNo;
      return;
    }
    this.object(text, lineNo, 'json');
  }

  /**
   * A routine record counted from its bytes (`LineParser.skim`): a one-line object in journalctl's plain shape
   * (journal-json-bytes.ts) with a time, the current boot, PRIORITY 5-7, a message without escapes that is plain
   * info no detector watches for, from a process that is not the agent's (p*, w*, W*: `line` decides) nor
   * systemd-shutdown. Anything else goes to `line`.
   */
  skim(b: Uint8Array, start: number, end: number, lineNo: number): boolean {
    if (this.pretty !== null || b[start] !== 123 /* { */) return false;
    const f = this.bytes;
    if (!f.read(b, start, end)) return false;
    const us = f.start[JournalField.Realtime]! >= 0 ? JournalField.Realtime : JournalField.SourceRealtime;
    if (f.start[us]! < 0 || f.escaped[us]) return false;
    const time = microsToMs(b, f.start[us]!, f.end[us]!);
    if (time !== time) return false;
    if (f.start[JournalField.BootId]! >= 0 && (this.bootIdBytes === undefined || f.escaped[JournalField.BootId] || !bytesAre(b, f.start[JournalField.BootId]!, f.end[JournalField.BootId]!, this.bootIdBytes))) {
      return false;
    }
    const priority = f.start[JournalField.Priority]!;
    if (priority < 0 || f.end[JournalField.Priority] !== priority + 1 || b[priority]! < 53 /* 5 */ || b[priority]! > 55 /* 7 */) return false;
    const kernel = f.start[JournalField.Transport]! >= 0 && !f.escaped[JournalField.Transport] && bytesAre(b, f.start[JournalField.Transport]!, f.end[JournalField.Transport]!, KERNEL);
    if (!kernel) {
      const proc = f.start[JournalField.SyslogIdentifier]! >= 0 ? JournalField.SyslogIdentifier : JournalField.Comm;
      const ps = f.start[proc]!;
      if (ps >= 0) {
        const c = b[ps];
        if (f.escaped[proc] || c === 112 /* p */ || c === 119 /* w */ || c === 87 /* W */ || bytesAre(b, ps, f.end[proc]!, SYSTEMD_SHUTDOWN)) return false;
      }
    }
    const ms = f.start[JournalField.Message]!;
    const me = f.end[JournalField.Message]!;
    if (ms < 0 || f.escaped[JournalField.Message] || me - ms > MAX_MESSAGE_CHARS || (me > ms && b[ms] === 60) /* < */) return false;
    if (!plainBytes(b, ms, me) || !this.ctx.quiet!(b, ms, me)) return false;
    // As `record` does: an agent entry this record's time closes is emitted before it, one it leaves open after.
    this.agent.settle(time);
    this.formats.add('json');
    this.ctx.count!(time, 'utc', lineNo);
    return true;
  }

  end(): void {
    if (this.pretty !== null) {
      this.pretty = null;
      this.unparsed++;
    }
    this.agent.end();
  }

  stats(): { unparsed: number; formats: string[] } {
    const agent = this.agent.stats();
    return { unparsed: this.unparsed + agent.unparsed, formats: [...this.formats, ...agent.formats] };
  }

  private object(text: string, lineNo: number, format: string): void {
    let rec: unknown;
    try {
      rec = JSON.parse(text);
    } catch {
      this.unparsed++; // a cut or damaged line
      return;
    }
    if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) {
      this.unparsed++;
      return;
    }
    this.record(rec as JsonObject, lineNo, format);
  }

  private record(r: JsonObject, lineNo: number, format: string): void {
    const us = str(r.__REALTIME_TIMESTAMP) ?? str(r._SOURCE_REALTIME_TIMESTAMP);
    let time: number | null = null;
    if (us !== undefined && /^\d{1,17}$/.test(us)) time = Math.floor(Number(us) / 1000);
    if (time === null && us === undefined && r.MESSAGE === undefined) {
      this.unparsed++; // not a journal record
      return;
    }
    const timeText = us ?? '';
    this.formats.add(format);

    const boot = str(r._BOOT_ID);
    if (boot !== undefined && boot !== this.bootId) {
      if (this.bootId !== undefined) this.bootMarker(boot, time, timeText, lineNo);
      this.bootId = boot;
      this.bootIdBytes = UTF8.encode(boot);
    }

    const message = messageOf(r.MESSAGE);
    const transport = str(r._TRANSPORT);
    const proc = transport === 'kernel' ? 'kernel' : (str(r.SYSLOG_IDENTIFIER) ?? str(r._COMM));
    const pid = str(r._PID) ?? str(r.SYSLOG_PID);
    const host = str(r._HOSTNAME);

    if (proc !== undefined && this.agent.claims(proc, pid, message, 0)) {
      const iso = us !== undefined ? isoMicros(us) : undefined;
      if (iso !== undefined) {
        const wrapper = `${iso}+00:00 ${host !== undefined && host !== '' && !host.includes(' ') ? host : 'localhost'} ${RE_TAG.test(proc) ? proc : 'waagent'}${pid !== undefined ? `[${pid}]` : ''}: `;
        for (const part of message.split('\n')) this.agent.line(cap(wrapper + part), lineNo, time ?? 0);
        return;
      }
    }
    if (time !== null) this.agent.settle(time);

    const fields: Record<string, string> = {};
    if (host !== undefined) fields.host = host;
    if (proc !== undefined) fields.proc = proc;
    if (pid !== undefined) fields.pid = pid;
    const msg = cap(message);
    const kindLevel = classify(msg, proc, fields);
    const prio = str(r.PRIORITY);
    const p = prio !== undefined && prio.length === 1 ? prio.charCodeAt(0) - 48 : -1;
    const level = p >= 0 && p <= 7 ? maxLevel(priorityLevel(p), kindLevel) : kindLevel === 'error' ? 'error' : maxLevel(guessLevel(msg), kindLevel);
    const ev: LogEvent = {
      time,
      timeText,
      timeSource: time === null ? 'none' : 'utc',
      level,
      source: JOURNAL_JSON_SOURCE,
      path: this.ctx.path,
      line: lineNo,
      message: msg,
      fields,
      format,
    };
    this.ctx.emit(ev);
  }

  private bootMarker(boot: string, time: number | null, timeText: string, lineNo: number): void {
    this.formats.add('journal-marker');
    this.ctx.emit({
      time,
      timeText,
      timeSource: time === null ? 'none' : 'utc',
      level: 'info',
      source: JOURNAL_JSON_SOURCE,
      path: this.ctx.path,
      line: lineNo,
      message: `-- Boot ${boot} --`,
      fields: { kind: 'boot', boot },
      format: 'journal-marker',
    });
  }
}

/** True when the first non-empty line is a journal JSON record (or a json-pretty object holding one). */
export function sniffJournalJson(firstLines: string[]): boolean {
  const first = firstLines.find((l) => !isBlank(l));
  if (first === undefined || first.charCodeAt(0) !== 123) return false;
  if (first.includes('"__REALTIME_TIMESTAMP"')) return true;
  return first.trim() === '{' && firstLines.slice(0, 20).some((l) => l.includes('"__REALTIME_TIMESTAMP"'));
}
