// The shapes every stage agrees on: ingest -> entries -> parsers -> events + facts -> detectors -> findings.
// Core module: no Node imports, so the same engine runs in the browser.

/** One file of the bundle, as ingest hands it over. `bytes` can be read once. */
export interface Entry {
  /** Path inside the bundle with `/` separators, as the archive stores it (normalised, never absolute). */
  path: string;
  /** Size in bytes as stored (compressed size for a `.gz` member), when known. */
  size: number;
  mtime?: Date;
  /** Decompressed content: for `x.log.2.gz` this is the text of `x.log.2`. */
  bytes: AsyncIterable<Uint8Array>;
  /**
   * A gzip member offered whole and still compressed, when the reader asked for it (the CLI's parallel mode):
   * a worker can decompress it while the bundle moves on. Whoever takes it leaves `bytes` unread past the first chunk.
   */
  gzip?: DetachedGzip;
}

export interface DetachedGzip {
  compressed: Uint8Array;
  /** The expansion ratio limit for one compressed stream. */
  maxRatio: number;
  /**
   * Adds bytes decompressed elsewhere to the bundle's total. Returns the limit's message once the total is over it
   * (the bundle then stops at its next entry, and whoever decompresses should stop too).
   */
  account(expanded: number): string | undefined;
}

/** A damaged or unreadable part of the bundle. Listed in the report; never fatal for the rest. */
export interface Problem {
  path: string;
  message: string;
}

export type Level = 'error' | 'warning' | 'info' | 'verbose';

/**
 * Where an event's time came from: `utc` (the line says so, e.g. a trailing `Z`), `assumed-utc`
 * (a local time taken as UTC because no `--tz` was given), `tz` (a local time converted with `--tz`),
 * `inferred-offset` (a local time converted with the zone offset that UTC stamps of the same file show, kept in
 * `fields.localOffset`: the safefreeze binary's lines relayed in extension.log), `none` (no time at all).
 * A line written without a year (syslog `Jan 14 22:16:48`) whose file states no year either says where its year
 * came from after a `+`: `year-mtime` (the member's modification time), `year-bundle` (the bundle's dated sources
 * showed the member's year was wrong; a second pass), `year-now` (today), e.g. `assumed-utc+year-mtime`. Compare
 * the zone part with `timeSourceParts` (src/time/time-source.ts), not the whole value.
 */
export type TimeSource = 'utc' | 'assumed-utc' | 'tz' | 'inferred-offset' | 'none' | `${'utc' | 'assumed-utc' | 'tz'}+year-${'mtime' | 'bundle' | 'now'}`;

export interface LogEvent {
  /** Milliseconds since the epoch, UTC; null when the line carries no time. */
  time: number | null;
  /** The time exactly as written in the file. */
  timeText: string;
  timeSource: TimeSource;
  level: Level;
  /** Id of the parser that read it, e.g. `waagent-log`. */
  source: string;
  path: string;
  /** 1-based line of the entry's first line (decompressed); 0 for binary formats, which give `record`. */
  line: number;
  /** Record number in a binary event log (EVTX EventRecordID), where lines mean nothing. */
  record?: number;
  /** Last line when the entry spans several lines (tracebacks, stdout/stderr blocks). */
  endLine?: number;
  thread?: string;
  /** Logger prefix: `Daemon`, `ExtHandler`, `[Name-1.2.3]`, ... */
  prefix?: string;
  extension?: { name: string; version?: string };
  /** The message, continuation lines joined with `\n`. */
  message: string;
  /** Structured parts, e.g. the `Event: name=…, op=…` fields. */
  fields?: Record<string, string>;
  /** Format era or variant the line was recognised as (e.g. `2.2.47+`). */
  format?: string;
  /** The entry's first line exactly as written (evidence quotes it); continuation lines are in `message`. */
  raw?: string;
  /**
   * Set by a parser that checked the message's bytes against the detectors' keywords (`ParseContext.quiet`) and
   * found none: an info line no detector watches for, so the engine skips its keyword check on the string.
   */
  routine?: true;
}

/** A thing the bundle says about the VM: one type per kind (src/facts/kinds.ts). */
export type { Fact, FactKind, FactOf } from './facts/kinds.js';

export type Severity = 'critical' | 'error' | 'warning' | 'info';

/**
 * An EVTX record's message (provider, event id, then its data) is cut past this many characters: a shorter message
 * holds all of the record's data.
 */
export const EVTX_MESSAGE_MAX_CHARS = 2000;

export const SEVERITY_RANK: Record<Severity, number> = { critical: 4, error: 3, warning: 2, info: 1 };

export const CATEGORIES = [
  'network',
  'agent-outdated',
  'agent-crash',
  'extension-failure',
  'vss',
  'fsfreeze',
  'resource-pressure',
  'dhcp',
  'vm-shutdown',
  'snapshot-timeout',
  'snapshot-failure',
  'provisioning',
  'bundle',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export interface Evidence {
  path: string;
  line?: number;
  record?: number;
  time?: string;
  text: string;
}

export interface Finding {
  id: string;
  detector: string;
  category: Category;
  severity: Severity;
  title: string;
  summary: string;
  remediation: string[];
  docs?: string;
  evidence: Evidence[];
  firstSeen?: string;
  lastSeen?: string;
  count: number;
  /** The extensions the evidence is about (from `[Name-version]` prefixes, `Event: name=`, plugin names and paths). */
  extensions?: string[];
  /** Ids of the findings that explain this one: it is their consequence (../shared/docs/report-contract.md, "Verdict and causes"). */
  causedBy?: string[];
}

export type Confidence = 'high' | 'medium' | 'low';

/** The answer first: why the backup or the agent fails, in one place. */
export interface Verdict {
  /** One sentence a support engineer can paste into a ticket. */
  summary: string;
  /** Finding ids that explain the failure, most probable first; empty when nothing does. */
  rootCauses: string[];
  confidence: Confidence;
  /** Categories whose detectors ran on a source that could show them. */
  checked: Category[];
}

export interface SourceSummary {
  path: string;
  parser: string;
  events: number;
  from?: string;
  to?: string;
  /** Lines that looked like a new entry's header but could not be read. */
  unparsed?: number;
  format?: string[];
  /** The longest silence in the file (only when 6 hours or more): agent stopped, VM off, or lines lost. */
  gap?: { from: string; to: string; line: number };
  /** How the file's times were placed in UTC when the lines alone do not say (absent: every time is UTC as written). */
  clock?: SourceClock;
}

export interface SourceClock {
  /**
   * The file writes local time: taken as UTC because no `--tz` was given (`assumed-utc`), converted with `--tz`
   * (`tz`), or with the offset its own UTC stamps show (`inferred-offset`).
   */
  local?: 'assumed-utc' | 'tz' | 'inferred-offset';
  /**
   * The lines carry no year: taken from the member's time (`mtime`), the bundle's other sources (`bundle`: moved to the
   * year they show, or the member's year and theirs agree), or today (`now`).
   */
  year?: 'mtime' | 'bundle' | 'now';
  /**
   * With `year`: the span of the lines whose year was inferred (`from`/`to` also cover the file's dated lines, such as
   * the agent's own lines in syslog).
   */
  yearless?: { from: string; to: string };
}

export interface ExtensionInfo {
  name: string;
  version?: string;
  state?: string;
  status?: string;
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'logscan'; version: string };
  bundle: {
    name: string;
    kind: BundleKind;
    sizeBytes: number;
    files: number;
    /** Who made it, recognised from its paths: the agent's logs.zip, an Inspect IaaS Disk zip, CollectGuestLogs... */
    layout?: 'wala-logs-zip' | 'iid' | 'collectguestlogs' | 'linux-tarball' | 'unknown';
  };
  system: {
    os: 'linux' | 'windows' | 'unknown';
    /** Distribution and version, e.g. `Ubuntu 22.04.4 LTS`, when the bundle says. */
    osName?: string;
    agentVersion?: string;
    daemonVersion?: string;
    /** The Azure VM id (IMDS `compute.vmId`, a lower-case GUID), when the bundle states it (the HostGAPlugin's VmSettings). */
    vmId?: string;
    /** The VM's name in Azure (VmSettings, HostingEnvironmentConfig.xml). */
    vmName?: string;
    /** The guest's host name (the agent's status, ovf-env.xml, the Windows agent's aggregate status). */
    hostname?: string;
    extensions: ExtensionInfo[];
  };
  sources: SourceSummary[];
  findings: Finding[];
  verdict: Verdict;
  problems: Problem[];
  /**
   * Files of the bundle no parser read, with why (binary content, a name no reader takes); absent when none. At most
   * 1000 are listed; a last entry with path `…` counts the rest.
   */
  skipped?: { path: string; reason: string }[];
  timeline: { events: number; from?: string; to?: string };
  /**
   * Secrets replaced in this output to keep them out (each distinct secret by one token, `«redacted:sas-1»`), counted
   * by kind: `private-key`, `protected-settings`, `sas`, `storage-key`, `jwt`, `bearer`, `client-secret`,
   * `access-token`, `refresh-token`, `password`, `secret`. Absent when nothing was.
   */
  redactions?: Record<string, number>;
  /**
   * Where they were: occurrences by kind and file (`(report)`: the report's own sentences, a summary or the verdict).
   * At most 100 entries name a file; then one entry per kind with path `…` counts the other files. Absent with
   * `redactions`.
   */
  redactedIn?: { kind: string; path: string; count: number }[];
}

export type BundleKind = 'tgz' | 'tar' | 'zip' | 'dir' | 'file' | 'stdin';

export function isoTime(ms: number | null | undefined): string | undefined {
  return ms === null || ms === undefined || !Number.isFinite(ms) ? undefined : new Date(ms).toISOString();
}
