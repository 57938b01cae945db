// The one table of guest-agent versions the detectors compare against. Update it here only.

export interface AgentVersionPolicy {
  /** Oldest version Microsoft supports for extensions (and so for Azure Backup). */
  minimumSupported: string;
  /** Newest release known when this table was last updated (for "how far behind" in summaries). */
  newestKnown: string;
  source: string;
}

export const AGENT_VERSIONS: Record<'linux' | 'windows', AgentVersionPolicy> = {
  linux: {
    minimumSupported: '2.2.10',
    newestKnown: '2.15.0.1',
    source: 'https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/support-extensions-agent-version',
  },
  windows: {
    minimumSupported: '2.7.41491.901',
    newestKnown: '2.7.41491.1176',
    source: 'https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/support-extensions-agent-version',
  },
};

/** Compares dotted versions numerically (`2.2.10` > `2.2.9`); non-numeric parts such as `rc6` count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((p) => parseInt(p, 10) || 0);
  const pb = b.split('.').map((p) => parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** `WALinuxAgent-2.2.45` / `2.2.45` / `2.1.5.rc6` -> `2.2.45` / `2.1.5.rc6`; undefined when no version. */
export function agentVersionOf(text: string): string | undefined {
  const m = /(\d+\.\d+(?:\.\d+)*(?:\.?rc\d+)?)/.exec(text);
  return m?.[1];
}

export interface KnownDefect {
  /** Agent versions the defect is known in. */
  matches(version: string, python?: string): boolean;
  effect: string;
  source: string;
}

/** Agent releases with a known defect that crashes the agent, makes it restart in a loop or stop processing extensions. */
export const KNOWN_AGENT_DEFECTS: KnownDefect[] = [
  {
    matches: (v) => /^2\.1\.5\.?rc\d+$/.test(v),
    effect: 'the daemon relaunches a crashing extension handler indefinitely',
    source: 'https://github.com/Azure/WALinuxAgent/issues/319',
  },
  {
    matches: (v, python) => v === '2.2.0' && python !== undefined && python.startsWith('3'),
    effect: 'the extension handler cannot start under Python 3 (unknown encoding: string-escape)',
    source: 'https://github.com/Azure/WALinuxAgent/issues/770',
  },
  {
    matches: (v) => v === '2.2.6',
    effect: "the extension handler exits ('NoneType' object has no attribute 'find') when the host plugin is unavailable",
    source: 'https://github.com/Azure/WALinuxAgent/issues/626',
  },
  {
    matches: (v) => /^2\.1\.[56]$/.test(v),
    effect: 'the agent stops processing extensions (and uses much CPU) after more than one automatic update',
    source: 'https://learn.microsoft.com/troubleshoot/azure/virtual-machines/linux/linux-agent-cannot-process-extensions',
  },
  {
    matches: (v) => v === '2.2.19',
    effect: 'extension status is not reported ([ProtocolError] GoalState.<n>.xml is missing)',
    source: 'https://learn.microsoft.com/troubleshoot/azure/virtual-machines/linux/linux-vm-extension-status-not-reported',
  },
  {
    matches: (v) => /^2\.2\.2[1-4]$/.test(v),
    effect: 'extension updates fail with "[ExtensionError] Downgrade not allowed", so extensions such as Azure Backup stop running',
    source: 'https://learn.microsoft.com/troubleshoot/azure/virtual-machines/linux/extensions-stop-running',
  },
  {
    matches: (v) => v === '2.2.10',
    effect: 'the extension handler crashes when an extension’s log folder under /var/log/azure was removed',
    source: 'https://github.com/Azure/WALinuxAgent/issues/812',
  },
];
