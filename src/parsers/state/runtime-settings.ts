// What a runtimeSettings document says without its secrets: sequence number, whether protected settings are there
// (never what they hold), the certificate thumbprint they are encrypted with, and the public settings' keys.
import { arr, obj, publicSettingsKeys, str, ticksToMs } from './util.js';
import type { Obj } from './util.js';

export interface SettingsSummary {
  hasProtectedSettings: 'true' | 'false';
  publicSettingsKeys?: string;
  thumbprint?: string;
  /** VMSnapshotLinux: `microsoft.compute/virtualmachines` (ARM: terminal errors rewritten to success) or classic. */
  vmType?: string;
  /** VMSnapshotLinux: when the backup service issued the command (ISO, from `commandStartTimeUTCTicks`). */
  commandStartTime?: string;
}

/** Summary of one `handlerSettings` object (or a VmSettings `settings[]` item, same keys). */
export function summarizeHandlerSettings(hs: Obj | undefined): SettingsSummary {
  const protectedValue = hs?.['protectedSettings'];
  const has = protectedValue !== undefined && protectedValue !== null && protectedValue !== '';
  const out: SettingsSummary = { hasProtectedSettings: has ? 'true' : 'false' };
  const keys = publicSettingsKeys(hs?.['publicSettings']);
  if (keys) out.publicSettingsKeys = keys;
  const thumbprint = str(hs?.['protectedSettingsCertThumbprint']);
  if (thumbprint && /^[0-9A-Fa-f]{20,64}$/.test(thumbprint)) out.thumbprint = thumbprint;
  const pub = parsedPublic(hs?.['publicSettings']);
  const vmType = str(pub?.['vmType']);
  if (vmType && /^microsoft\.[a-z]+\/virtualmachines$/i.test(vmType)) out.vmType = vmType;
  const ticks = ticksToMs(pub?.['commandStartTimeUTCTicks']);
  if (ticks !== null) out.commandStartTime = new Date(ticks).toISOString();
  return out;
}

function parsedPublic(v: unknown): Obj | undefined {
  if (typeof v !== 'string') return obj(v);
  try {
    return obj(JSON.parse(v));
  } catch {
    return undefined;
  }
}

/** The first `runtimeSettings[].handlerSettings` of a parsed settings document. */
export function firstHandlerSettings(doc: unknown): Obj | undefined {
  const first = arr(obj(doc)?.['runtimeSettings'])[0];
  return obj(obj(first)?.['handlerSettings']);
}

/** A runtimeSettings JSON text (ExtensionsConfig `<RuntimeSettings>`); undefined when it is not JSON. */
export function summarizeRuntimeSettingsText(json: string | undefined): SettingsSummary | undefined {
  if (!json) return undefined;
  try {
    return summarizeHandlerSettings(firstHandlerSettings(JSON.parse(json)));
  } catch {
    return undefined;
  }
}
