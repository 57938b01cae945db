// What a detector is: metadata plus one function over the events and facts (ESLint's rule shape).
import type { Category, Fact, LogEvent, Problem, Severity } from '../model.js';
import type { Facts } from '../facts/store.js';
import type { Platform } from '../platform.js';
export type { Platform };

/**
 * Steps that fix a finding: the same on every platform, or one list per platform. A finding gets the steps of
 * the platform its evidence comes from (else the VM's); with neither known, both lists, each step saying which.
 */
export type Steps = readonly string[] | { readonly linux: readonly string[]; readonly windows: readonly string[] };

/** A page to read more: one for all, or one per platform. */
export type DocLink = string | { readonly linux: string; readonly windows: string };

/**
 * A fix the evidence itself calls for (a missing interpreter, a full disk, a proxy): when the text of any piece of
 * evidence matches `when`, `steps` come before the general ones; with `only`, they replace them.
 */
export interface EvidenceFix {
  when: RegExp;
  steps: Steps;
  only?: boolean;
}

export interface VariantMeta {
  title: string;
  /** Raised only from this platform's evidence (its steps may then name that platform's paths and tools). */
  platform?: Platform;
  /** Defaults to the detector's severity. */
  severity?: Severity;
  /** Steps that fix it; defaults to the detector's remediation. */
  remediation?: Steps;
  /** Defaults to the detector's docs. */
  docs?: DocLink;
  /** Checked before the detector's own `fixes`. */
  fixes?: readonly EvidenceFix[];
}

export interface DetectorMeta {
  /** Module name; findings get ids `<id>.<variant>`. */
  id: string;
  category: Category;
  severity: Severity;
  title: string;
  /** Every variant is raised only from this platform's evidence (see `VariantMeta.platform`). */
  platform?: Platform;
  /** Where a support engineer reads more (Microsoft docs, the agent's source). */
  docs: DocLink;
  remediation: Steps;
  /** Fixes picked by the evidence, for every variant (after the variant's own). */
  fixes?: readonly EvidenceFix[];
  variants: Record<string, VariantMeta>;
  /**
   * Info and verbose events reach the detector only when their message contains one of these
   * literal strings (warnings and errors always do). Most of a log is routine info lines: this keeps
   * detectors off the hot path. Longer keywords scan faster. Omit it to see every event; `[]` for
   * none (only warnings and errors).
   */
  watch?: readonly string[];
  /**
   * The Windows records (EVTX and event exports: events with `fields.eventId`) the detector reads whatever their
   * level: event ids (any provider), and providers by name as `winEvent` gives them (`'vss'`: lower case, without
   * `Microsoft-Windows-`) for all of a provider's ids. Other Windows records reach it as log lines do: warnings and
   * errors always, info records when their message holds a `watch` keyword. Omit it to see every Windows record;
   * `[]` for none beyond those. A Windows bundle is mostly info records: a detector that declares what it reads is
   * spared the rest.
   */
  windowsEvents?: readonly (number | string)[];
  /**
   * With `windowsEvents`: info-level Windows records whose text this pattern matches (`recordTextMatches`: the
   * message, else the event data) reach the detector too, for text any provider may write (a program named in a
   * record, a disk that is full).
   */
  windowsText?: RegExp;
}

export type { Facts } from '../facts/store.js';

export interface ReportOptions {
  /** Overrides the variant's severity for this piece of evidence (the finding takes the highest). */
  severity?: Severity;
  /** A short distinguishing detail (an extension name, an exit code) listed in the summary. */
  detail?: string;
}

export interface DetectorContext {
  /** Adds evidence to the finding `<detector>.<variant>`; repeated evidence becomes one finding with a count. */
  report(variant: string, event: LogEvent, options?: ReportOptions): void;
  /** Adds a fact as evidence (state files, versions). */
  reportFact(variant: string, fact: Fact, options?: ReportOptions): void;
  /** A finding raised from problems rather than events (the bundle detector). */
  reportProblem(variant: string, problem: Problem, options?: ReportOptions): void;
  /** After all evidence is in: change a finding's severity (a retry that recovered is not an error). */
  setSeverity(variant: string, severity: Severity): void;
  /** Replaces the generated summary sentence. */
  setSummary(variant: string, summary: string): void;
  /** Withdraws a finding (e.g. failures that later turned out benign). */
  drop(variant: string): void;
  has(variant: string): boolean;
}

export interface DetectorVisitor {
  /** Called for every event of every source, in each file's order (not globally sorted). */
  event?(event: LogEvent): void;
  /** Called once after every source is read. */
  finish?(facts: Facts): void;
}

export interface Detector {
  meta: DetectorMeta;
  create(context: DetectorContext): DetectorVisitor;
}

export function defineDetector(detector: Detector): Detector {
  return detector;
}
