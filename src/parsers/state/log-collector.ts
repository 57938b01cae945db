// results.txt of the agent's log collector (`waagent -collect-logs`, ga/logcollector.py; waagent.md §3,
// bundles.md §1): `YYYY-MM-DDTHH:MM:SSZ LEVEL msg` (UTC); the `ls -alF` output after
// `Output of command [ls -alF /var/log]:` and any other line without a header continue the previous entry.
// Events: one per entry (source `log-collector`). Facts: what was collected and what was left out:
// collected-file (value = path as logged; attrs size, truncated, archiveName), collector-cap (the 150 MB limit
// stopped collection), collector-discarded (a large .gz/.zip/.xz dropped), collector-skipped (missing / failed
// file), collector-archive-size, collector-mode.
import { anyFact, type FactAttrs } from '../../facts/kinds.js';
import type { Level, LogEvent } from '../../model.js';
import type { LineParser, ParseContext, Parser } from '../types.js';
import { utcFromFields } from '../../time/fields.js';

export const LOG_COLLECTOR_ID = 'log-collector';

/** RE_LOGCOLLECTOR_RESULTS (waagent.md §1.2). */
const RE_HEADER = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)Z (INFO|WARNING|ERROR|DEBUG|CRITICAL) (.*)$/;
const MAX_CONTINUATION_LINES = 200;
const MAX_MESSAGE_CHARS = 64 * 1024;

const RE_ADDING = /^Adding (truncated )?file (.+), size (\d+) b$/;
const RE_DISCARD = /^Discarding large binary file (.+)$/;
const RE_MISSING = /^File (.+) does not exist, skipping collection for this file$/;
const RE_ADD_FAILED = /^Failed to add file (.+?) to the archive: (.*)$/;
const RE_UNCOMPRESSED = /^Uncompressed archive size is (\d+) b$/;
const RE_MODE = /^Using log collection mode (\w+)$/;
const CAP_MESSAGE = 'Archive too big, done with adding files.';
const TRUNCATED_DIR = '/logcollector/truncated/';

const LEVELS: Record<string, Level> = { INFO: 'info', WARNING: 'warning', ERROR: 'error', CRITICAL: 'error', DEBUG: 'verbose' };

export function sniffLogCollector(firstLines: string[]): boolean {
  for (const line of firstLines.slice(0, 5)) {
    const m = RE_HEADER.exec(line);
    if (m && /^(Starting log collection|Using log collection mode|Using \S+ as \$LIB_DIR)/.test(m[8]!)) return true;
  }
  return false;
}

export const logCollectorParser: Parser = {
  kind: 'lines',
  id: LOG_COLLECTOR_ID,
  description: 'guest agent log collector results (results.txt)',
  globs: ['results.txt', '**/logcollector/results.txt'],
  sniff: sniffLogCollector,
  samples: [
    {
      line: '2024-05-01T10:00:00Z INFO Starting log collection at 2024-05-01T10:00:00Z',
      expect: { source: LOG_COLLECTOR_ID, time: Date.UTC(2024, 4, 1, 10), timeSource: 'utc', level: 'info', message: 'Starting log collection at 2024-05-01T10:00:00Z', timeText: '2024-05-01T10:00:00Z' },
    },
    { line: '2024-05-01T10:00:09Z WARNING Archive too big, done with adding files.', expect: { level: 'warning', message: CAP_MESSAGE } },
    { line: '2024-05-01T10:00:09Z ERROR Failed to collect logs: disk full', expect: { level: 'error', message: 'Failed to collect logs: disk full' } },
  ],
  create: (ctx) => new LogCollectorLines(ctx),
};

class LogCollectorLines implements LineParser {
  private ev: LogEvent | null = null;
  private extra: string[] = [];
  private chars = 0;
  private omitted = 0;
  private unparsed = 0;
  private seen = false;

  constructor(private readonly ctx: ParseContext) {}

  line(text: string, lineNo: number): void {
    const m = RE_HEADER.exec(text);
    if (!m) {
      if (this.ev) this.continuation(text, lineNo);
      else if (text.trim() !== '') this.unparsed++;
      return;
    }
    this.flush();
    this.seen = true;
    const ts = text.slice(0, 20);
    const msg = m[8]!;
    this.ev = {
      time: utcFromFields(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!),
      timeText: ts,
      timeSource: 'utc',
      level: LEVELS[m[7]!] ?? 'info',
      source: LOG_COLLECTOR_ID,
      path: this.ctx.path,
      line: lineNo,
      message: msg.length > MAX_MESSAGE_CHARS ? msg.slice(0, MAX_MESSAGE_CHARS) : msg,
      raw: text,
      format: 'results.txt',
    };
    this.chars = this.ev.message.length;
    this.facts(msg, this.ev.time, lineNo, text);
  }

  private continuation(text: string, lineNo: number): void {
    const ev = this.ev!;
    if (this.extra.length >= MAX_CONTINUATION_LINES || this.chars + text.length > MAX_MESSAGE_CHARS) {
      this.omitted++;
    } else {
      this.extra.push(text);
      this.chars += text.length + 1;
    }
    ev.endLine = lineNo;
  }

  private flush(): void {
    const ev = this.ev;
    if (!ev) return;
    while (this.extra.length > 0 && this.extra[this.extra.length - 1]!.trim() === '') this.extra.pop();
    if (this.extra.length > 0) ev.message += '\n' + this.extra.join('\n');
    if (this.omitted > 0) ev.fields = { omittedLines: String(this.omitted) };
    this.ctx.emit(ev);
    this.ev = null;
    this.extra = [];
    this.chars = 0;
    this.omitted = 0;
  }

  private facts(msg: string, time: number | null, line: number, raw: string): void {
    const ctx = this.ctx;
    const add = <K extends CollectorKind>(kind: K, value: string, attrs?: FactAttrs<K>): void => {
      ctx.fact(anyFact<K>({ kind, value, time, path: ctx.path, line, text: raw, ...(attrs ? { attrs } : {}) }));
    };
    let m: RegExpExecArray | null;
    const c = msg.charCodeAt(0);
    if (c === 65 /* A */) {
      if ((m = RE_ADDING.exec(msg))) {
        const truncated = m[1] !== undefined;
        add('collected-file', m[2]!, { size: m[3]!, truncated: truncated ? 'true' : 'false', archiveName: archiveName(m[2]!) });
      } else if (msg === CAP_MESSAGE) add('collector-cap', 'archive-size-limit', { message: CAP_MESSAGE });
    } else if (c === 68 /* D */) {
      if ((m = RE_DISCARD.exec(msg))) add('collector-discarded', m[1]!, { reason: 'large binary file' });
    } else if (c === 70 /* F */) {
      if ((m = RE_MISSING.exec(msg))) add('collector-skipped', m[1]!, { reason: 'missing' });
      else if ((m = RE_ADD_FAILED.exec(msg))) add('collector-skipped', m[1]!, { reason: 'error', error: m[2]!.slice(0, 300) });
    } else if (c === 85 /* U */) {
      if ((m = RE_UNCOMPRESSED.exec(msg))) add('collector-archive-size', m[1]!);
      else if ((m = RE_MODE.exec(msg))) add('collector-mode', m[1]!);
    }
  }

  end(): void {
    this.flush();
  }

  stats(): { unparsed: number; formats: string[] } {
    return { unparsed: this.unparsed, formats: this.seen ? ['results.txt'] : [] };
  }
}

type CollectorKind = 'collected-file' | 'collector-cap' | 'collector-discarded' | 'collector-skipped' | 'collector-archive-size' | 'collector-mode';

/** Name of a collected file inside logs.zip (ga/logcollector.py _convert_file_name_to_archive_name). */
function archiveName(path: string): string {
  const i = path.indexOf(TRUNCATED_DIR);
  if (i >= 0) return 'truncated_' + path.slice(i + TRUNCATED_DIR.length).replace(/^\/+/, '').replace(/\//g, '_');
  return path.replace(/^\/+/, '');
}
