// Agent state files in their real formats, for detector tests that need facts.
export const SNAPSHOT_DIR = 'var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0';

/** A VMSnapshotLinux status/<N>.status file (backup-extension.md §1.3). */
export function vmSnapshotStatus(opts: { status: string; code: string; time: string; message?: string; substatus?: string; extErrorCode?: string }): string {
  const inner = JSON.stringify([
    {
      version: '1.0',
      timestampUTC: `\\/Date(${Date.parse(opts.time)})\\/`,
      status: {
        name: 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux',
        operation: 'Enable',
        status: opts.substatus ?? opts.status,
        code: opts.code,
        telemetryData: opts.extErrorCode ? [{ Key: 'extErrorCode', Value: opts.extErrorCode }] : [],
      },
    },
  ]);
  return JSON.stringify([
    {
      version: '1.0',
      timestampUTC: opts.time,
      status: {
        name: 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux',
        operation: 'Enable',
        status: opts.status,
        code: opts.code,
        formattedMessage: { lang: 'en-US', message: JSON.stringify({ messageStr: opts.message ?? '', snapshotConsistency: 0 }) },
        substatus: [{ code: '0', name: inner, status: opts.substatus ?? opts.status, formattedMessage: null }],
      },
    },
  ]);
}

/** /etc/waagent.conf with the given settings. */
export function waagentConf(settings: Record<string, string>): string {
  return ['# Microsoft Azure Linux Agent Configuration', ...Object.entries(settings).map(([k, v]) => `${k}=${v}`)].join('\n') + '\n';
}
