// syslog/journal wrappers around waagent lines (waagent.md §1.2 RE_SYSLOG, §1.5): the agent's stdout as
// /var/log/messages, /var/log/syslog or journalctl print it.
import type { TimeSource } from '../../model.js';
import type { TimeZoneContext } from '../types.js';
import { guessYear, monthAt } from '../../time/calendar.js';
import { fractionMs, utcFromFields } from '../../time/fields.js';
import { localSource } from '../../time/zone.js';

/** `Mon DD HH:MM:SS host proc[pid]: inner` (RE_SYSLOG). */
const RE_SYSLOG = /^([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\S+) ([\w.-]+)(?:\[(\d+)\])?: ?(.*)$/;
/** `2024-05-01T10:00:00.123456+02:00 host proc[pid]: inner` (rsyslog RFC 3339, `journalctl -o short-iso`). */
const RE_SYSLOG_ISO = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?(Z|[+-]\d\d:?\d\d) (\S+) ([\w.-]+)(?:\[(\d+)\])?: ?(.*)$/;

export interface SyslogWrapped {
  /** The wrapped text (a waagent line, a continuation line, or another program's message). */
  inner: string;
  /** `host proc[pid] time`: journal lines of one multi-line record repeat it. */
  key: string;
  timeText: string;
  /** The wrapper's time, epoch ms. */
  time: number;
  timeSource: TimeSource;
}

/**
 * Reads a classic syslog wrapper. It has no year: the year of `lastTime` (the previous event; the next year if
 * the month wrapped around) or else the current UTC year. The time is local: converted with `tz`.
 */
export function readSyslog(s: string, tz: TimeZoneContext, lastTime: number | null): SyslogWrapped | null {
  const m = RE_SYSLOG.exec(s);
  if (m === null) return null;
  const [, mon, day, hh, mm, ss, host, proc, pid, inner = ''] = m;
  const month = monthAt(mon!, 0);
  if (month === 0) return null;
  const year = guessYear(month, undefined, lastTime);
  const timeText = s.slice(0, 15);
  return {
    inner,
    key: `${host} ${proc}[${pid ?? ''}] ${timeText}`,
    timeText,
    time: tz.toUtc(year, month, Number(day), Number(hh), Number(mm), Number(ss), 0),
    timeSource: localSource(tz),
  };
}

/** Reads an RFC 3339 syslog wrapper; its offset makes the time UTC. */
export function readSyslogIso(s: string): SyslogWrapped | null {
  const m = RE_SYSLOG_ISO.exec(s);
  if (m === null) return null;
  const [, y, mo, d, hh, mi, ss, frac = '', zone = 'Z', host, proc, pid, inner = ''] = m;
  let offset = 0;
  if (zone !== 'Z') {
    const sign = zone.charCodeAt(0) === 45 ? -1 : 1;
    offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2))) * 60_000;
  }
  const ms = fractionMs(frac, 0, frac.length);
  const timeText = s.slice(0, s.indexOf(' '));
  return {
    inner,
    // To the second: rsyslog stamps each line of one record with its own microseconds.
    key: `${host} ${proc}[${pid ?? ''}] ${timeText.slice(0, 19)}`,
    timeText,
    time: utcFromFields(Number(y), Number(mo), Number(d), Number(hh), Number(mi), Number(ss), ms) - offset,
    timeSource: 'utc',
  };
}
