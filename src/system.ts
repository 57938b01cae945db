// Reconciles the facts parsers reported into one picture of the VM (insights-core's "combiner").
import type { ExtensionInfo, Report, SourceSummary } from './model.js';
import type { Facts } from './detectors/types.js';
import { compareVersions } from './knowledge/agent-versions.js';

const LINUX_PARSERS = new Set(['waagent-log']);

export function buildSystem(facts: Facts, sources: SourceSummary[]): Report['system'] {
  const os = sources.some((s) => LINUX_PARSERS.has(s.parser)) ? 'linux' : 'unknown';
  // The goal-state agent is what runs extensions; the daemon is the distro package that launched it.
  const goalState = facts.latest('agent-version', 'goal-state');
  const daemon = facts.latest('agent-version', 'daemon');
  const agentVersion = goalState?.value ?? daemon?.value;

  const extensions = new Map<string, ExtensionInfo>();
  for (const fact of facts.all('extension')) {
    const known = extensions.get(fact.value);
    if (!known || (fact.role && (!known.version || compareVersions(fact.role, known.version) > 0))) {
      extensions.set(fact.value, { name: fact.value, ...(fact.role ? { version: fact.role } : {}) });
    }
  }
  return {
    os,
    ...(agentVersion ? { agentVersion } : {}),
    ...(daemon && daemon.value !== agentVersion ? { daemonVersion: daemon.value } : {}),
    extensions: [...extensions.values()].sort((a, b) => a.name.localeCompare(b.name)),
  };
}
