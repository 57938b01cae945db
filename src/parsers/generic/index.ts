// The reader of last resort: a text file no other parser claims (by glob or by its first lines) is read by the
// generic text reader with Windows events on (text.ts): a customer's paste can carry any name (`paste.md`,
// `app.out`, `events.csv`). Only names that say the file is data, configuration, code or a key are left out.
// Routed by `router().fallback` (parsers/index.ts) only after every other parser declined, so a known format never
// lands here.
import type { LogEvent } from '../../model.js';
import type { Parser } from '../types.js';
import { TextLogLines } from './text.js';

export const TEXT_LOG_ID = 'text-log';

/** Extensions of files that are not logs: structured data and settings, scripts and code, keys, images and programs. */
const RE_NOT_A_LOG =
  /\.(?:json|xml|ya?ml|ini|conf|cfg|config|toml|properties|settings|status|manifest|reg|sh|bash|py|pyc|ps1|psm1|psd1|bat|cmd|vbs|js|mjs|ts|css|html?|pem|crt|cer|key|pub|p7b|pfx|asc|gpg|sig|png|jpe?g|gif|bmp|ico|svg|exe|dll|sys|so|msi|cab)$/i;

/** True for a file name the generic reader takes: any text file but data, configuration, code and keys. */
export function isTextLogName(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1).replace(/\.gz$/i, '');
  if (base === '' || base.startsWith('.')) return false;
  return !RE_NOT_A_LOG.test(base);
}

const utc = (y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0): number => Date.UTC(y, mo - 1, d, h, mi, s, ms);

/** One sample per timestamp shape and prefix (parsed alone: local times taken as UTC). */
const SAMPLES: { line: string; expect: Partial<LogEvent> }[] = [
  { line: '2024-05-02T03:10:41.118Z ERROR write failed: No space left on device', expect: { format: 'iso', time: utc(2024, 5, 2, 3, 10, 41, 118), timeSource: 'utc', level: 'error', message: 'write failed: No space left on device' } },
  { line: '2024-05-02 05:10:41,118+02:00 WARN retrying', expect: { format: 'iso-space', time: utc(2024, 5, 2, 3, 10, 41, 118), timeSource: 'utc', level: 'warning' } },
  { line: '2024-05-02 03:10:41 connection to 168.63.129.16 timed out', expect: { format: 'iso-space', timeSource: 'assumed-utc', level: 'info' } },
  { line: '2025-02-21 9:48:48 PM service stopped', expect: { format: 'iso-space', time: utc(2025, 2, 21, 21, 48, 48), level: 'info' } },
  { line: '11/14/2019 05:52:13.44 Agent started', expect: { format: 'local-slash', time: utc(2019, 11, 14, 5, 52, 13, 440), timeText: '11/14/2019 05:52:13.44', timeSource: 'assumed-utc' } },
  { line: '14.11.2019 17:52:13 Fehler beim Herunterladen', expect: { format: 'dotted', time: utc(2019, 11, 14, 17, 52, 13), level: 'info' } },
  { line: '4/17/2024 7:19:26 PM [Error] upload failed', expect: { format: 'local-slash', time: utc(2024, 4, 17, 19, 19, 26), level: 'error', message: 'upload failed' } },
  { line: '[00000004] [11/14/2019 05:52:13.44] [INFO]  WindowsAzureGuestAgent starting', expect: { thread: '00000004', time: utc(2019, 11, 14, 5, 52, 13, 440), level: 'info', message: 'WindowsAzureGuestAgent starting' } },
  { line: '[ERROR] 2024-05-02T03:10:41Z handler crashed', expect: { format: 'iso', level: 'error', message: 'handler crashed' } },
  { line: 'May  2 03:10:41 vm1 agent[12]: started', expect: { format: 'syslog', timeText: 'May  2 03:10:41', level: 'info' } },
  { line: '1714619441.250 heartbeat', expect: { format: 'epoch', time: utc(2024, 5, 2, 3, 10, 41, 250), timeSource: 'utc' } },
  {
    line: 'Faulting application name: WaAppAgent.exe, version: 2.7.41491.1102, time stamp: 0x6398a3b1',
    expect: { format: 'event-description', time: null, timeSource: 'none', level: 'error', fields: { provider: 'Application Error', eventId: '1000', channel: 'Application', 'data.0': 'WaAppAgent.exe', catalog: '*' } },
  },
];

export const genericTextParser: Parser = {
  id: TEXT_LOG_ID,
  description: 'text log of no known format (timestamped lines of any common shape, pasted Windows events)',
  globs: [],
  samples: SAMPLES,
  create: (ctx) => new TextLogLines(ctx, { source: TEXT_LOG_ID, windowsEvents: true }),
};
