// The guest agent's version, decided once for the report and every detector: the goal-state agent runs the
// extensions, the daemon is the distribution's package that launched it (waagent.md §4.1).
import { compareVersions } from '../knowledge/agent-versions.js';
import type { FactIndex } from './index-by-kind.js';
import type { FactOf } from './kinds.js';

type AgentVersionFact = FactOf<'agent-version'>;

export interface AgentVersion {
  /** The agent that runs extensions: the newest goal-state, status-file or Windows agent version, else the daemon's. */
  running?: AgentVersionFact;
  /** The newest-dated daemon version. */
  daemon?: AgentVersionFact;
  /** The Python the agent reports it runs on (newest-dated). */
  python?: string;
  /** Every version stated, in the order reported. */
  stated: readonly AgentVersionFact[];
  /** Some version is the Windows agent's. */
  windows: boolean;
}

export function agentVersion(facts: FactIndex): AgentVersion {
  const stated = facts.of('agent-version');
  const daemon = facts.latest('agent-version', 'daemon');
  const running = newest(stated.filter((f) => f.role === 'goal-state' || f.role === 'status-file' || f.role === 'windows-agent')) ?? daemon;
  const python = facts.latest('python')?.value;
  return {
    ...(running ? { running } : {}),
    ...(daemon ? { daemon } : {}),
    ...(python ? { python } : {}),
    stated,
    windows: stated.some((f) => f.role === 'windows-agent'),
  };
}

/** The newest version among the facts; ties go to the latest seen. */
function newest(list: readonly AgentVersionFact[]): AgentVersionFact | undefined {
  let best: AgentVersionFact | undefined;
  for (const f of list) if (!best || compareVersions(f.value, best.value) >= 0) best = f;
  return best;
}
