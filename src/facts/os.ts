// The VM's operating system, decided once: the platform the sources show, and the distribution or Windows
// edition the facts name that agrees with it (a mixed folder can name both).
import type { SourceSummary } from '../model.js';
import { platformOf, type Platform } from '../platform.js';
import type { FactIndex } from './index-by-kind.js';
import type { FactOf } from './kinds.js';

export interface OperatingSystem {
  platform: Platform | 'unknown';
  /** e.g. `ubuntu 22.04`, `Windows Server 2019 Datacenter 10.0.17763` (the newest-dated fact that agrees). */
  name?: string;
}

export function operatingSystem(facts: FactIndex, sources: readonly SourceSummary[]): OperatingSystem {
  const linux = sources.some((s) => platformOf(s.parser, s.path) === 'linux');
  const windows = sources.some((s) => platformOf(s.parser, s.path) === 'windows');
  const platform = linux ? 'linux' : windows ? 'windows' : 'unknown';
  const agrees = (f: FactOf<'os'>): boolean => (platform === 'linux' ? f.value !== 'Windows' : platform === 'windows' ? /windows/i.test(f.value) : true);
  let named: FactOf<'os'> | undefined;
  for (const f of facts.of('os')) if (agrees(f) && (!named || (f.time ?? -Infinity) >= (named.time ?? -Infinity))) named = f;
  return { platform, ...(named ? { name: named.value } : {}) };
}
