// The report's picture of the VM, from the combiners that every detector reads too (src/facts/): the OS, the
// agent version, which VM it is (id, name, host name), and each extension with its version, desired state and last status.
import type { Report } from './model.js';
import type { Facts } from './facts/store.js';

/** `_sources` is unused (the facts carry their sources); analysis.ts still passes it. */
export function buildSystem(facts: Facts): Report['system'] {
  const { running, daemon } = facts.agent;
  const agentVersion = running?.value;
  const { vmId, vmName, hostname } = facts.vm;
  return {
    os: facts.os.platform,
    ...(facts.os.name ? { osName: facts.os.name } : {}),
    ...(agentVersion ? { agentVersion } : {}),
    ...(daemon && daemon.value !== agentVersion ? { daemonVersion: daemon.value } : {}),
    ...(vmId ? { vmId: vmId.value } : {}),
    ...(vmName ? { vmName: vmName.value } : {}),
    ...(hostname ? { hostname: hostname.value } : {}),
    extensions: facts.extensions.list,
  };
}
