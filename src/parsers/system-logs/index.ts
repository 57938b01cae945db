// Parsers for the system logs a Linux bundle carries (waagent.md §3, bundles.md §1, §6): the syslog family,
// journalctl exports (text and JSON), dmesg and cloud-init.log. Events are tagged with `fields.kind` for the kernel
// and system messages detectors need (classify.ts); the agent's own lines inside syslog/journal are handed to the
// waagent parser and come out as `waagent-log` events.
import type { AnyParser, Parser } from '../types.js';
import { CLOUD_INIT_SOURCE, CloudInitLineParser, sniffCloudInit } from './cloud-init.js';
import { DMESG_SOURCE, DmesgLineParser } from './dmesg.js';
import { JOURNAL_JSON_SOURCE, JournalJsonLineParser, sniffJournalJson } from './journal-json.js';
import { CLOUD_INIT_SAMPLES, DMESG_SAMPLES, JOURNAL_JSON_SAMPLES, JOURNAL_TEXT_SAMPLES, SYSLOG_SAMPLES } from './samples.js';
import { SyslogLineParser } from './syslog.js';

export { SyslogLineParser } from './syslog.js';
export { DmesgLineParser, priorityLevel } from './dmesg.js';
export { JournalJsonLineParser } from './journal-json.js';
export { CloudInitLineParser } from './cloud-init.js';
export { classify, guessLevel } from './classify.js';
export { SyslogClock, IsoZonedReader } from './clock.js';

export const SYSLOG_SOURCE = 'syslog';
export const JOURNAL_TEXT_SOURCE = 'journal';
export { CLOUD_INIT_SOURCE, DMESG_SOURCE, JOURNAL_JSON_SOURCE };

const SNIFF_LINES = 20;

const RE_SYSLOG_LINE =
  /^(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?:\.\d+)?|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)) \S+ [^\s:[]+(?: [^\s:[]+)?(?:\[\d+\])?: /;
const RE_DMESG_LINE = /^(?:<\d+>|[a-z0-9]+ *:[a-z]+ *: )?\[(?: *\d+\.\d+|[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4})\] /;

/** At least two of the first non-empty lines (or the only one) match, and at least half of them. */
function mostly(firstLines: string[], re: RegExp): boolean {
  const lines = firstLines.filter((l) => l.trim() !== '').slice(0, SNIFF_LINES);
  if (lines.length === 0) return false;
  const hits = lines.filter((l) => re.test(l)).length;
  return hits >= Math.min(2, lines.length) && hits * 2 >= lines.length;
}

export function sniffSyslog(firstLines: string[]): boolean {
  return mostly(firstLines, RE_SYSLOG_LINE);
}

/** `journalctl` text output starts with its `-- Logs begin at ... --` / `-- Journal begins at ... --` banner. */
export function sniffJournalText(firstLines: string[]): boolean {
  const first = firstLines.find((l) => l.trim() !== '');
  return first !== undefined && (first.startsWith('-- Logs begin at ') || first.startsWith('-- Journal begins at ') || first.startsWith('-- No entries --'));
}

export function sniffDmesg(firstLines: string[]): boolean {
  return mostly(firstLines, RE_DMESG_LINE);
}

export const syslogParser: Parser = {
  id: SYSLOG_SOURCE,
  description: 'syslog family (syslog, messages, kern.log, auth.log, secure): RFC 3164 and RFC 3339 lines, waagent lines routed to the waagent parser',
  globs: [
    '**/var/log/syslog*',
    '**/var/log/messages*',
    '**/var/log/kern*',
    '**/var/log/auth*',
    '**/var/log/secure*',
    '**/truncated_var_log_syslog*',
    '**/truncated_var_log_messages*',
    '**/truncated_var_log_kern*',
    '**/truncated_var_log_auth*',
    '**/truncated_var_log_secure*',
    '**/syslog',
    '**/syslog.[0-9]*',
    '**/syslog-[0-9]*',
    '**/kern.log*',
    '**/auth.log*',
  ],
  sniff: sniffSyslog,
  samples: SYSLOG_SAMPLES,
  create: (ctx) => new SyslogLineParser(ctx, SYSLOG_SOURCE),
};

export const journalTextParser: Parser = {
  id: JOURNAL_TEXT_SOURCE,
  description: 'journalctl text output (default, short-precise, short-iso): syslog-style lines, boot markers, continuation lines',
  globs: ['**/journal*.txt', '**/journalctl*.log*', '**/journal*.log', '**/sos_commands/logs/journalctl_--no-pager*'],
  sniff: sniffJournalText,
  samples: JOURNAL_TEXT_SAMPLES,
  create: (ctx) => new SyslogLineParser(ctx, JOURNAL_TEXT_SOURCE),
};

export const journalJsonParser: Parser = {
  id: JOURNAL_JSON_SOURCE,
  description: 'journalctl -o json / json-pretty exports: one record per object, PRIORITY as the level',
  globs: ['**/journal*.json', '**/journalctl*.json*'],
  sniff: sniffJournalJson,
  samples: JOURNAL_JSON_SAMPLES,
  create: (ctx) => new JournalJsonLineParser(ctx),
};

export const dmesgParser: Parser = {
  id: DMESG_SOURCE,
  description: 'kernel ring buffer (dmesg, dmesg -T, --time-format iso, -r, -x)',
  globs: ['**/var/log/dmesg*', '**/truncated_var_log_dmesg*', '**/dmesg*.txt', '**/dmesg*.log', '**/dmesg', '**/sos_commands/kernel/dmesg*'],
  sniff: sniffDmesg,
  samples: DMESG_SAMPLES,
  create: (ctx) => new DmesgLineParser(ctx),
};

export const cloudInitParser: Parser = {
  id: CLOUD_INIT_SOURCE,
  description: 'cloud-init.log (cloud-init logging handler, UTC; or written through rsyslog)',
  globs: ['**/var/log/cloud-init.log*', '**/truncated_var_log_cloud-init.log*', '**/cloud-init.log*'],
  sniff: sniffCloudInit,
  samples: CLOUD_INIT_SAMPLES,
  create: (ctx) => new CloudInitLineParser(ctx),
};

/** The system-log parsers, for tests and tools that take one family; the routing order is ../registry.ts. */
export const systemLogParsers: AnyParser[] = [journalJsonParser, cloudInitParser, dmesgParser, journalTextParser, syslogParser];
