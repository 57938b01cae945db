// Which syslog/journal lines are the guest agent's (waagent.md §1.5): the daemon's stdout, wrapped by syslog or the
// journal, under the tag `waagent`/`WALinuxAgent` or the interpreter's name (`python3[pid]`, `python3.8[pid]`).
// Those lines go to an internal `WaagentLineParser` sharing the entry's context, so they come out exactly like
// waagent.log events (source `waagent-log`), with the line number of the syslog file.
import type { LineParser, ParseContext } from '../types.js';
import { WaagentLineParser } from '../waagent/index.js';
import { digitsAt, isDigit } from '../../text/chars.js';

const MAX_PIDS = 64;

/**
 * True when `s[i..]` starts like a waagent header: `YYYY-MM-DDTHH:MM` (2.2.46+) or `YYYY/MM/DD HH:MM` (older). Python's
 * own logging format (`2024-01-14 22:16:48,123 ...`) of other scripts does not match.
 */
export function waagentDatedAt(s: string, i: number): boolean {
  const a = s.charCodeAt(i + 4);
  const t = s.charCodeAt(i + 10);
  return (
    ((a === 45 && t === 84) || (a === 47 && t === 32)) &&
    s.charCodeAt(i + 7) === a &&
    s.charCodeAt(i + 13) === 58 &&
    digitsAt(s, i, 4) &&
    isDigit(s.charCodeAt(i + 5)) &&
    isDigit(s.charCodeAt(i + 8)) &&
    isDigit(s.charCodeAt(i + 11))
  );
}

/** `python`, `python3`, `python3.10`. */
function isPython(proc: string): boolean {
  if (!proc.startsWith('python')) return false;
  for (let i = 6; i < proc.length; i++) {
    const c = proc.charCodeAt(i);
    if (!isDigit(c) && c !== 46) return false;
  }
  return true;
}

/** The agent's own tags: every line under them is the agent's. */
export function isAgentTag(proc: string): boolean {
  return proc === 'waagent' || proc === 'WALinuxAgent' || proc === 'walinuxagent' || proc === 'waagent.service';
}

/**
 * Routes the agent's lines of one entry to a lazily created `WaagentLineParser`. A python process counts as the
 * agent once one of its lines is a waagent header; its other lines (tracebacks, stderr) follow by pid.
 */
export class WaagentRoute {
  private parser: WaagentLineParser | null = null;
  private readonly pids = new Set<string>();
  /** Second (epoch s) of the last agent line while its entry may still be pending in the agent parser; NaN = none. */
  private openSecond = Number.NaN;

  constructor(private readonly ctx: ParseContext) {}

  /** True when the line (tag `proc[pid]`, text at `s[msgStart..]`) is the agent's. */
  claims(proc: string, pid: string | undefined, s: string, msgStart: number): boolean {
    const c = proc.charCodeAt(0);
    if (c === 112 /* p */) {
      if (!isPython(proc)) return false;
      if (waagentDatedAt(s, msgStart)) {
        if (pid !== undefined && !this.pids.has(pid)) {
          if (this.pids.size >= MAX_PIDS) this.pids.clear();
          this.pids.add(pid);
        }
        return true;
      }
      return pid !== undefined && this.pids.has(pid);
    }
    return (c === 119 || c === 87) && isAgentTag(proc);
  }

  get sub(): LineParser {
    return (this.parser ??= new WaagentLineParser(this.ctx));
  }

  /** An agent line; `time` is the wrapper's (epoch ms). */
  line(text: string, lineNo: number, time: number): void {
    this.sub.line(text, lineNo);
    this.openSecond = Math.floor(time / 1000);
  }

  /** True while the agent's last entry may still get lines (`settle` has not closed it). */
  get open(): boolean {
    return this.openSecond === this.openSecond;
  }

  /** A continuation line (no wrapper) of the agent's last entry. */
  continuation(text: string, lineNo: number): void {
    this.sub.line(text, lineNo);
  }

  /**
   * Another program's line at `time`: once the clock has moved past the agent's last line, the agent's entry can
   * get no more continuation lines (the journal repeats the wrapper second on each line of a record), so it is
   * emitted now rather than at the agent's next line, hours later maybe: events stay roughly in file order.
   */
  settle(time: number): void {
    if (this.openSecond === this.openSecond && Math.floor(time / 1000) !== this.openSecond) {
      this.openSecond = Number.NaN;
      this.parser?.end();
    }
  }

  end(): void {
    this.openSecond = Number.NaN;
    this.parser?.end();
  }

  /** The agent parser's unparsed count and formats (`waagent:<era>`), or nothing when no line was the agent's. */
  stats(): { unparsed: number; formats: string[] } {
    if (this.parser === null) return { unparsed: 0, formats: [] };
    const st = this.parser.stats();
    return { unparsed: st.unparsed, formats: st.formats.map((f) => `waagent:${f}`) };
  }
}
