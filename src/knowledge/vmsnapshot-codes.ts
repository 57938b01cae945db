// VMSnapshotLinux status codes (ExtensionErrorCodeHelper.py; ../shared/docs/backup-extension.md §1.4) and
// which finding owns each, so that the status file's code joins the finding its log lines raise.
import type { Category } from '../model.js';

export const VMSNAPSHOT_LINUX = 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux';

export interface SnapshotCode {
  code: number;
  name: string;
  /** The finding (`detector.variant`) this code is evidence for; undefined for success and generic codes. */
  finding?: string;
  category?: Category;
}

const CODES: SnapshotCode[] = [
  { code: 0, name: 'success_appconsistent' },
  { code: 1, name: 'success' },
  { code: 2, name: 'error' },
  { code: 3, name: 'SuccessAlreadyProcessedInput' },
  { code: 4, name: 'ExtensionTempTerminalState' },
  { code: 11, name: 'error_parameter' },
  { code: 12, name: 'error_12' },
  { code: 15, name: 'error_http_failure', finding: 'network.snapshot-network', category: 'network' },
  { code: 16, name: 'FailedHandlerGuestAgentCertificateNotFound' },
  { code: 17, name: 'FailedInvalidDataDiskLunList' },
  { code: 76, name: 'FailedRetryableSnapshotFailedNoNetwork', finding: 'network.snapshot-network', category: 'network' },
  { code: 85, name: 'FailedSnapshotLimitReached', finding: 'snapshot-failure.snapshot-limit', category: 'snapshot-failure' },
  { code: 121, name: 'FailedRetryableFsFreezeFailed', finding: 'fsfreeze.freeze-failed', category: 'fsfreeze' },
  { code: 122, name: 'FailedRetryableFsFreezeTimeout', finding: 'fsfreeze.freeze-timeout', category: 'fsfreeze' },
  { code: 123, name: 'FailedRetryableUnableToOpenMount', finding: 'fsfreeze.freeze-failed', category: 'fsfreeze' },
  { code: 124, name: 'FailedSafeFreezeBinaryNotFound', finding: 'fsfreeze.binary-missing', category: 'fsfreeze' },
  { code: 173, name: 'FailedRetryableSnapshotRateExceeded', finding: 'snapshot-failure.rate-exceeded', category: 'snapshot-failure' },
  { code: 402, name: 'FailedGuestAgentInvokedCommandTooLate', finding: 'snapshot-timeout.command-too-late', category: 'snapshot-timeout' },
  { code: 556, name: 'FailedHostSnapshotRemoteServerError', finding: 'snapshot-failure.host-error', category: 'snapshot-failure' },
  { code: 761, name: 'FailedRetryableSnapshotFailedRestrictedNetwork', finding: 'network.snapshot-network', category: 'network' },
];

const PREPOST = [
  'PreScriptFailed', 'PostScriptFailed', 'PreScriptNotFound', 'PostScriptNotFound', 'PluginhostConfigParsing', 'PluginConfigParsing',
  'PreScriptPermissionError', 'PostScriptPermissionError', 'PreScriptTimeout', 'PostScriptTimeout', 'PluginhostPreTimeout',
  'PluginhostPostTimeout', 'CheckSumMismatch', 'PluginhostConfigNotFound', 'PluginhostConfigPermissionError',
  'PluginhostConfigOwnershipError', 'PluginConfigNotFound', 'PluginConfigPermissionError', 'PluginConfigOwnershipError',
];
PREPOST.forEach((name, i) =>
  CODES.push({ code: 300 + i, name: `FailedPrepost${name}`, finding: 'snapshot-failure.pre-post-script', category: 'snapshot-failure' }),
);
const WORKLOAD = [
  'PreError', 'ConfParsingError', 'InvalidRole', 'InvalidWorkloadName', 'PostError', 'AuthorizationMissing', 'ConnectionError',
  'IPCDirectoryMissing', 'DatabaseStatusChanged', 'QuiescingError', 'QuiescingTimeout', 'DatabaseInNoArchiveLog', 'LogModeChanged',
];
WORKLOAD.forEach((name, i) =>
  CODES.push({ code: 500 + i, name: `FailedWorkload${name}`, finding: 'snapshot-failure.workload', category: 'snapshot-failure' }),
);

const BY_CODE = new Map(CODES.map((c) => [c.code, c]));
const BY_NAME = new Map(CODES.map((c) => [c.name, c]));

export function snapshotCode(code: string | number | undefined): SnapshotCode | undefined {
  if (code === undefined || code === '') return undefined;
  const n = typeof code === 'number' ? code : Number(code);
  return Number.isFinite(n) ? BY_CODE.get(n) : BY_NAME.get(String(code));
}

/** Codes that mean the operation worked (or is still running). */
export function isSuccessCode(code: string | undefined): boolean {
  return code === undefined || code === '' || ['0', '1', '3', '4'].includes(code);
}
