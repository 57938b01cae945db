// WaAppAgent.log, the Windows guest agent's log (../shared/docs/windows.md §1), both eras:
// current `[tid] 2024-04-17T07:19:26.812Z [LEVEL] msg` (UTC) and older `[tid] [MM/DD/YYYY HH:MM:SS.ff] [LEVEL] msg`
// (local time of the VM). Lines without a header continue the previous entry.
import type { Level, LogEvent } from '../../model.js';
import type { LineParser, ParseContext, Parser } from '../types.js';

const CURRENT = /^\[(\d{8})\] (\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?Z \[(INFO|WARN|WARNING|ERROR|TRACE|VERBOSE)\]\s+(.*)$/;
const OLDER = /^\[(\d{8})\] \[(\d\d)\/(\d\d)\/(\d{4}) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?\] \[(INFO|WARN|WARNING|ERROR|TRACE|VERBOSE)\]\s+(.*)$/;
const LOOKS_DATED = /^\[\d{8}\] (?:\d{4}-|\[\d\d\/)/;
const VERSION = /WindowsAzureGuestAgent starting\. Version (\d+(?:\.\d+)+)/;

const LEVELS: Record<string, Level> = { INFO: 'info', WARN: 'warning', WARNING: 'warning', ERROR: 'error', TRACE: 'verbose', VERBOSE: 'verbose' };

function fractionMs(digits: string | undefined): number {
  return digits ? Math.round(Number(`0.${digits}`) * 1000) : 0;
}

class WaAppAgentLines implements LineParser {
  private pending: LogEvent | undefined;
  private lines: string[] = [];
  private unparsed = 0;
  private readonly formats = new Set<string>();

  constructor(private readonly ctx: ParseContext) {}

  line(text: string, lineNo: number): void {
    const current = CURRENT.exec(text);
    const older = current ? undefined : OLDER.exec(text);
    if (!current && !older) {
      if (LOOKS_DATED.test(text)) this.unparsed++;
      if (this.pending && this.lines.length < 200) {
        this.lines.push(text);
        this.pending.endLine = lineNo;
      }
      return;
    }
    this.flush();
    let time: number;
    let timeText: string;
    let timeSource: LogEvent['timeSource'];
    let m: RegExpExecArray;
    if (current) {
      m = current;
      timeText = text.slice(11, text.indexOf('Z', 11) + 1);
      time = Date.UTC(+m[2]!, +m[3]! - 1, +m[4]!, +m[5]!, +m[6]!, +m[7]!, fractionMs(m[8]));
      timeSource = 'utc';
      this.formats.add('iso-utc');
    } else {
      m = older!;
      timeText = text.slice(12, text.indexOf(']', 12));
      time = this.ctx.tz.toUtc(+m[4]!, +m[2]!, +m[3]!, +m[5]!, +m[6]!, +m[7]!, fractionMs(m[8]));
      timeSource = this.ctx.tz.explicit ? 'tz' : 'assumed-utc';
      this.formats.add('mm/dd/yyyy-local');
    }
    const message = m[10]!;
    this.pending = {
      time,
      timeText,
      timeSource,
      level: LEVELS[m[9]!]!,
      source: 'waappagent-log',
      path: this.ctx.path,
      line: lineNo,
      thread: m[1]!,
      message,
      raw: text,
    };
    const version = VERSION.exec(message);
    if (version) {
      this.ctx.fact({ kind: 'agent-version', value: version[1]!, role: 'windows-agent', time, path: this.ctx.path, line: lineNo, text });
      this.ctx.fact({ kind: 'os', value: 'Windows', time, path: this.ctx.path, line: lineNo, text });
    }
  }

  private flush(): void {
    if (!this.pending) return;
    if (this.lines.length > 0) this.pending.message += '\n' + this.lines.join('\n');
    this.ctx.emit(this.pending);
    this.pending = undefined;
    this.lines = [];
  }

  end(): void {
    this.flush();
  }

  stats(): { unparsed: number; formats: string[] } {
    return { unparsed: this.unparsed, formats: [...this.formats] };
  }
}

export const waAppAgentParser: Parser = {
  id: 'waappagent-log',
  description: 'Windows guest agent log (WaAppAgent.log)',
  globs: ['**/WaAppAgent*.log', '**/WaAppAgent.log.*'],
  sniff: (lines) => lines.some((l) => CURRENT.test(l) || OLDER.test(l)),
  samples: [
    {
      line: '[00000004] 2024-04-17T07:19:26.812Z [INFO]  Beginning enable of plugin Microsoft.CPlat.Core.RunCommandWindows.',
      expect: { time: Date.UTC(2024, 3, 17, 7, 19, 26, 812), level: 'info', thread: '00000004', message: 'Beginning enable of plugin Microsoft.CPlat.Core.RunCommandWindows.' },
    },
    {
      line: '[00000006] [11/14/2019 05:52:31.77] [WARN]  Waiting for OOBE to Complete ...',
      expect: { time: Date.UTC(2019, 10, 14, 5, 52, 31, 770), level: 'warning', timeSource: 'assumed-utc', message: 'Waiting for OOBE to Complete ...' },
    },
  ],
  create: (ctx) => new WaAppAgentLines(ctx),
};
