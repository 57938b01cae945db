// Findings no single bundle can prove: the same thing seen across many VMs of a fleet (issue 14, part 2).
// Each member is one bundle's report; two bundles of the same VM count as one VM. Core: no Node imports.
// The patterns and their thresholds: docs/fleet-findings.md.
import type { Category, Report, Severity } from '../model.js';
import { concurrentBackups } from './fleet-pattern-concurrent.js';
import { sharedRootCauses } from './fleet-pattern-shared-cause.js';

export interface FleetMember {
  bundle: string;
  vm: { vmId?: string; vmName?: string; hostname?: string };
  /** The bundle's report; a compact one (findings with their times and first few evidence items) is enough. */
  report: Report;
}

export interface FleetFindingMember {
  bundle: string;
  vm: FleetMember['vm'];
  /** The ids of this bundle's findings that make it part of the pattern. */
  findingIds: string[];
  firstSeen?: string;
  lastSeen?: string;
}

export interface FleetEvidence {
  bundle: string;
  path: string;
  line?: number;
  record?: number;
  time?: string;
  text: string;
}

export interface FleetFinding {
  id: string;
  category: Category;
  severity: Severity;
  title: string;
  summary: string;
  remediation: string[];
  members: FleetFindingMember[];
  evidence: FleetEvidence[];
  firstSeen?: string;
  lastSeen?: string;
}

export interface FleetPatternOptions {
  /** Distinct VMs a pattern needs before it is a fleet finding. */
  minVms?: number;
  /** Concurrent backups: the VMs' snapshot trouble starts within this many minutes of the first one. */
  windowMinutes?: number;
}

/**
 * Three distinct VMs: two VMs failing together is a coincidence a fleet of any size shows every night, and the seed
 * article's "many VMs backed up at the same time" needs more than a pair.
 */
export const FLEET_MIN_VMS = 3;
/**
 * Fifteen minutes: the backups of one policy start within minutes of its scheduled time, and a snapshot's freeze and
 * host call take a few minutes more; longer windows join unrelated nightly runs.
 */
export const FLEET_WINDOW_MINUTES = 15;

export function fleetFindings(members: readonly FleetMember[], options: FleetPatternOptions = {}): FleetFinding[] {
  const settings = { minVms: Math.max(2, options.minVms ?? FLEET_MIN_VMS), windowMinutes: options.windowMinutes ?? FLEET_WINDOW_MINUTES };
  return [...concurrentBackups(members, settings), ...sharedRootCauses(members, settings)];
}
