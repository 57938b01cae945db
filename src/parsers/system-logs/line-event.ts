// The event a system log's header line starts (syslog, dmesg, cloud-init): one shape for the three readers, in one
// property order, so the engine sees one kind of object (and the readers cannot drift apart on a field).
import type { Level, LogEvent, TimeSource } from '../../model.js';
import { cap } from '../multiline.js';

export interface HeaderLine {
  time: number | null;
  timeText: string;
  timeSource: TimeSource;
  level: Level;
  line: number;
  message: string;
  fields: Record<string, string>;
  format: string;
  /** The whole line, kept (capped) as the event's raw text. */
  text: string;
}

export function headerEvent(source: string, path: string, h: HeaderLine): LogEvent {
  return {
    time: h.time,
    timeText: h.timeText,
    timeSource: h.timeSource,
    level: h.level,
    source,
    path,
    line: h.line,
    message: h.message,
    fields: h.fields,
    format: h.format,
    raw: cap(h.text),
  };
}
