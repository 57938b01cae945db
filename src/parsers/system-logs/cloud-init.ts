// `/var/log/cloud-init.log`:
//   `2024-01-14 22:16:48,796 - util.py[DEBUG]: msg`                 cloud-init's own handler. UTC: cloud-init sets
//                                                                   `logging.Formatter.converter = time.gmtime`
//                                                                   (cloudinit/log.py, "Always format logging
//                                                                   timestamps as UTC time"), so `timeSource` = `utc`.
//   `Jan 14 22:16:48 host [CLOUDINIT] util.py[DEBUG]: msg`          written through rsyslog (older images): local time,
//                                                                   no year (the syslog rules).
// Lines without a header continue the previous entry (tracebacks). Levels: DEBUG -> verbose, INFO -> info,
// WARNING/DEPRECATED -> warning, ERROR/CRITICAL -> error (raised by an error kind of classify.ts).
// Events: source `cloud-init-log`, `fields.file` (the logging module's file name, `util.py`), `fields.host` for the
// rsyslog variant, `format` = `cloud-init` | `cloud-init-syslog`.
import type { Level, TimeSource } from '../../model.js';
import type { ParseContext } from '../types.js';
import { SecondClock, UTC_SECONDS, fractionMs } from '../../time/fields.js';
import { yearBasis } from '../../time/time-source.js';
import { EntryLineParser } from '../entry-parser.js';
import { MAX_MESSAGE_CHARS, isBlank } from '../multiline.js';
import { headerEvent } from './line-event.js';
import { classify, maxLevel } from './classify.js';
import { SyslogClock, looksIsoDated, looksSyslogDated } from './clock.js';
import { stripNuls } from './nuls.js';
import { isDigit } from '../../text/chars.js';

export const CLOUD_INIT_SOURCE = 'cloud-init-log';

function levelOf(word: string): Level {
  switch (word) {
    case 'DEBUG':
      return 'verbose';
    case 'WARNING':
    case 'WARN':
    case 'DEPRECATED':
      return 'warning';
    case 'ERROR':
    case 'CRITICAL':
    case 'FATAL':
      return 'error';
    default:
      return 'info';
  }
}

export class CloudInitLineParser extends EntryLineParser {
  private readonly clock = new SecondClock(UTC_SECONDS);
  private readonly syslogClock: SyslogClock;

  constructor(ctx: ParseContext) {
    super(ctx);
    this.syslogClock = new SyslogClock(ctx.tz, yearBasis(ctx));
  }

  line(text: string, lineNo: number): void {
    let s = text;
    if (s.charCodeAt(0) === 0) s = stripNuls(s);
    const c0 = s.charCodeAt(0);
    let time = Number.NaN;
    let timeSource: TimeSource = 'utc';
    let tsEnd = 0;
    let p = 0;
    let host: string | undefined;
    let format = 'cloud-init';
    if (isDigit(c0)) {
      // `2024-01-14 22:16:48,796 - `
      if (s.charCodeAt(10) === 32 && s.charCodeAt(19) === 44 && s.startsWith(' - ', 23) && isDigit(s.charCodeAt(20)) && isDigit(s.charCodeAt(21)) && isDigit(s.charCodeAt(22))) {
        const base = s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 ? this.clock.at(s) : Number.NaN;
        if (base === base) {
          time = base + fractionMs(s, 20, 23);
          tsEnd = 23;
          p = 26;
        }
      }
    } else if (c0 >= 65 && c0 <= 90) {
      time = this.syslogClock.at(s, 0);
      if (time === time && s.charCodeAt(15) === 32) {
        const hEnd = s.indexOf(' ', 16);
        if (hEnd > 16) {
          host = s.slice(16, hEnd);
          p = hEnd + 1;
          if (s.startsWith('[CLOUDINIT] ', p)) p += 12;
          tsEnd = 15;
          timeSource = this.syslogClock.timeSource;
          format = 'cloud-init-syslog';
        } else time = Number.NaN;
      } else time = Number.NaN;
    }
    if (time !== time) return this.other(s, lineNo);

    // `file.py[LEVEL]: msg`
    let level: Level = 'info';
    const fields: Record<string, string> = {};
    if (host !== undefined) fields.host = host;
    const lb = s.indexOf('[', p);
    if (lb > p && lb - p < 80) {
      const rb = s.indexOf(']', lb);
      if (rb > lb && rb - lb <= 12 && s.charCodeAt(rb + 1) === 58) {
        fields.file = s.slice(p, lb);
        level = levelOf(s.slice(lb + 1, rb));
        p = s.charCodeAt(rb + 2) === 32 ? rb + 3 : rb + 2;
      }
    }
    const message = s.slice(Math.min(p, s.length), p + MAX_MESSAGE_CHARS);
    level = maxLevel(level, classify(message, undefined, fields));
    this.noteFormat(format);
    this.pending.begin(headerEvent(CLOUD_INIT_SOURCE, this.ctx.path, { time, timeText: s.slice(0, tsEnd), timeSource, level, line: lineNo, message, fields, format, text }));
  }

  private other(s: string, lineNo: number): void {
    if (looksIsoDated(s) || looksSyslogDated(s)) {
      this.unparsed++;
      return;
    }
    if (isBlank(s)) return;
    if (!this.pending.add(s, lineNo)) this.unparsed++;
  }
}

const RE_CLOUD_INIT = /^(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - |[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ \[CLOUDINIT\] )[\w.-]+\[(?:DEBUG|INFO|WARNING|ERROR|CRITICAL|DEPRECATED)\]: /;

/** True when one of the first lines is a cloud-init.log line. */
export function sniffCloudInit(firstLines: string[]): boolean {
  return firstLines.slice(0, 20).some((l) => RE_CLOUD_INIT.test(l));
}
