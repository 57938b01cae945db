// What detectors and the report read: the facts by kind, typed, and the combiners that decide each subject once.
import type { Problem, SourceSummary } from '../model.js';
import { agentVersion, type AgentVersion } from './agent-version.js';
import { extensionStates, type ExtensionStates } from './extension-state.js';
import { FactIndex } from './index-by-kind.js';
import type { Fact } from './kinds.js';
import { operatingSystem, type OperatingSystem } from './os.js';
import { vmIdentity, type VmIdentity } from './vm-identity.js';

/** The facts every parser reported, with one answer per subject so that the report and detectors agree. */
export interface Facts {
  of: FactIndex['of'];
  latest: FactIndex['latest'];
  readonly agent: AgentVersion;
  readonly os: OperatingSystem;
  readonly extensions: ExtensionStates;
  readonly vm: VmIdentity;
  problems: readonly Problem[];
  /** What was read: one summary per parsed file. */
  sources: readonly SourceSummary[];
}

export function makeFacts(facts: readonly Fact[], problems: readonly Problem[], sources: readonly SourceSummary[] = []): Facts {
  const index = new FactIndex(facts);
  let agent: AgentVersion | undefined;
  let os: OperatingSystem | undefined;
  let extensions: ExtensionStates | undefined;
  let vm: VmIdentity | undefined;
  return {
    of: (kind) => index.of(kind),
    latest: (kind, role) => index.latest(kind, role),
    get agent() {
      return (agent ??= agentVersion(index));
    },
    get os() {
      return (os ??= operatingSystem(index, sources));
    },
    get extensions() {
      return (extensions ??= extensionStates(index));
    },
    get vm() {
      return (vm ??= vmIdentity(index));
    },
    problems,
    sources,
  };
}
