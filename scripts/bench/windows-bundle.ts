// The generated Windows bundle: a zip in the layout of the disk-inspection and guest-log zips (bundles.md §2-3)
// holding System and Application event logs, current and archived (Windows' own Archive-<channel>-<time>.evtx),
// written by the project's test EVTX writer, plus the guest agent's and the backup extension's text logs. An SQL
// Server VSS writer failure is planted an hour before the end. The EVTX files stay on disk for evtxexport.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeEvtx, type EvtxEventSpec } from '../../test/helpers/evtx-writer.js';
import { type Member, writeZip } from './archive-files.js';
import type { Layer } from './linux-bundle.js';
import { seeded, type Rng } from './random.js';
import type { Expected } from './report-check.js';
import { APPLICATION_EVENTS, SYSTEM_EVENTS, vssFailure } from './windows-events.js';

export const WINDOWS_GENERATOR_VERSION = 3;

const MB = 1_000_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const END = Date.UTC(2024, 10, 5, 0, 0, 0);

export const WINDOWS_EXPECTED: Expected = {
  findings: ['extension-failure.windows-plugin', 'vss.hold-writes-timeout', 'vss.sql-writer'],
  rootCause: 'vss.sql-writer',
};

export interface WindowsBundle {
  path: string;
  /** The EVTX files as stored in the bundle, for evtxexport. */
  evtxFiles: string[];
  evtxBytes: number;
  layers: Layer[];
  expected: Expected;
}

/** Records in time order from `from` to `to`, about `bytes` of EVTX once written (`perRecord` bytes each). */
function records(r: Rng, channel: 'System' | 'Application', count: number, from: number, to: number, planted: EvtxEventSpec[]): EvtxEventSpec[] {
  const make = channel === 'System' ? SYSTEM_EVENTS : APPLICATION_EVENTS;
  const out: EvtxEventSpec[] = [];
  const step = (to - from) / count;
  let p = 0;
  for (let i = 0; i < count; i++) {
    const t = Math.floor(from + i * step + r() * step);
    while (p < planted.length && (planted[p]!.time as Date).getTime() <= t) out.push(planted[p++]!);
    out.push(make(r)(r, t));
  }
  out.push(...planted.slice(p));
  return out;
}

/** Bytes per record as the writer stores them, from a sample (sets the record count for a file size). */
function bytesPerRecord(channel: 'System' | 'Application'): number {
  const sample = records(seeded(7), channel, 3000, END - DAY, END, []);
  return writeEvtx(sample).length / sample.length;
}

const archiveName = (channel: string, at: number): string => `Archive-${channel}-${new Date(at).toISOString().slice(0, 23).replace(/[T:.]/g, '-')}.evtx`;

async function generate(dir: string, evtxTotal: number, seed: number): Promise<WindowsBundle> {
  rmSync(dir, { recursive: true, force: true });
  const logs = join(dir, 'tree', 'Windows', 'System32', 'winevt', 'Logs');
  mkdirSync(logs, { recursive: true });
  const r = seeded(seed);
  // 20 MB files, Windows' default maximum for System and Application; half the bytes each.
  const perFile = Math.min(20 * MB, evtxTotal / 2);
  const filesPerChannel = Math.max(1, Math.round(evtxTotal / 2 / perFile));
  const span = 60 * DAY;
  const members: Member[] = [];
  const evtxFiles: string[] = [];
  let evtxBytes = 0;
  for (const channel of ['System', 'Application'] as const) {
    const count = Math.round(perFile / bytesPerRecord(channel));
    for (let i = 0; i < filesPerChannel; i++) {
      const from = END - span + (i * span) / filesPerChannel;
      const to = END - span + ((i + 1) * span) / filesPerChannel;
      const current = i === filesPerChannel - 1;
      const planted = current && channel === 'Application' ? vssFailure(r, END - HOUR) : [];
      const bytes = writeEvtx(records(r, channel, count, from, to, planted));
      const name = current ? `${channel}.evtx` : archiveName(channel, to);
      const file = join(logs, name);
      writeFileSync(file, bytes);
      evtxBytes += bytes.length;
      evtxFiles.push(file);
      members.push({ path: `Windows/System32/winevt/Logs/${name}`, file });
    }
  }
  const text = (path: string, lines: string[]): void => {
    const file = join(dir, 'tree', path);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, lines.join('\r\n') + '\r\n');
    members.push({ path, file });
  };
  const at = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 23);
  const iso = (ms: number): string => new Date(ms).toISOString();
  const backup = END - HOUR - 10 * 60_000;
  text('WindowsAzure/Logs/Plugins/Microsoft.Azure.RecoveryServices.VMSnapshot/1.0.99.0/IaaSBcdrExtension0.log', [
    `[${at(backup)}] [INFO] Starting snapshot for task 4f8e2a10-6b5c-4d3e-9a1b-0c2d3e4f5a6b`,
    `[${at(backup + 779)}] [INFO] Requesting VSS full backup of volumes C:\\, F:\\`,
    `[${at(END - HOUR + 1000)}] [ERROR] VSS snapshot failed: writer SqlServerWriter is in failed state (0x800423f4) Waiting for completion`,
    `[${at(END - HOUR + 1300)}] [ERROR] Snapshot failed with error VssWriterFailed`,
  ]);
  text('WindowsAzure/Logs/WaAppAgent.log', [
    `[00000006] ${iso(END - 2 * DAY)} [INFO]  WindowsAzureGuestAgent starting. Version 2.7.41491.1176`,
    `[00000006] ${iso(END - 2 * DAY + 2400)} [INFO]  Beginning enable of plugin Microsoft.Azure.RecoveryServices.VMSnapshot.`,
    `[00000006] ${iso(END - 2 * DAY + 2900)} [INFO]  Successfully enabled plugin Microsoft.Azure.RecoveryServices.VMSnapshot.`,
    `[00000006] ${iso(END - HOUR + 30 * 60_000)} [INFO]  Plugin Microsoft.Azure.RecoveryServices.VMSnapshot reported status Error: code 1 message VSS writer SqlServerWriter failed`,
  ]);
  const path = join(dir, 'bundle.zip');
  await writeZip(path, members);
  return { path, evtxFiles, evtxBytes, layers: [{ kind: 'zip', file: path }], expected: WINDOWS_EXPECTED };
}

/** The cached Windows bundle with about `evtxBytes` of event logs, generated when missing or stale. */
export async function windowsBundle(cacheDir: string, label: string, evtxBytes: number): Promise<WindowsBundle> {
  const dir = join(cacheDir, `windows-${label}`);
  const manifestFile = join(dir, 'manifest.json');
  const key = { version: WINDOWS_GENERATOR_VERSION, evtxBytes, seed: 43 };
  if (existsSync(manifestFile)) {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { key: typeof key; bundle: WindowsBundle };
    if (JSON.stringify(manifest.key) === JSON.stringify(key) && existsSync(manifest.bundle.path)) return manifest.bundle;
  }
  const bundle = await generate(dir, evtxBytes, key.seed);
  writeFileSync(manifestFile, JSON.stringify({ key, bundle }, null, 1));
  return bundle;
}
