// Which VM a bundle is from, decided once: its Azure VM id, its name in Azure, and its host name. A fleet groups
// bundles by these, so each is one answer: the newest-dated statement (a VM renamed or re-provisioned says so later);
// undated ones (ovf-env.xml is written once, at provisioning) count as oldest, and among equals the last read wins.
import type { FactIndex } from './index-by-kind.js';
import type { FactKind, FactOf } from './kinds.js';

export interface VmIdentity {
  /** The Azure VM id (IMDS `compute.vmId`), lower-cased: a GUID compares the same in any case. */
  vmId?: FactOf<'vm-id'>;
  vmName?: FactOf<'vm-name'>;
  hostname?: FactOf<'hostname'>;
}

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

export function vmIdentity(facts: FactIndex): VmIdentity {
  const vmId = newest(facts, 'vm-id', (v) => GUID.exec(v)?.[1]?.toLowerCase());
  const vmName = newest(facts, 'vm-name', plainName);
  const hostname = newest(facts, 'hostname', plainName);
  return { ...(vmId ? { vmId } : {}), ...(vmName ? { vmName } : {}), ...(hostname ? { hostname } : {}) };
}

/** A name as a one-line value; one with control characters or spread over lines is not a name. */
function plainName(value: string): string | undefined {
  const v = value.trim();
  return v !== '' && v.length <= 255 && !/\p{Cc}/u.test(v) ? v : undefined;
}

/** The newest-dated fact whose value reads as `normalize` allows, with that normalized value. */
function newest<K extends FactKind>(facts: FactIndex, kind: K, normalize: (value: string) => string | undefined): FactOf<K> | undefined {
  let best: FactOf<K> | undefined;
  for (const f of facts.of(kind)) {
    const value = normalize(f.value);
    if (value === undefined) continue;
    if (!best || (f.time ?? -Infinity) >= (best.time ?? -Infinity)) best = value === f.value ? f : { ...f, value };
  }
  return best;
}
