// Runs detectors and folds repeated evidence into one finding with a count and first/last seen.
import { isoTime, SEVERITY_RANK } from '../model.js';
import type { Evidence, Fact, FactKind, Finding, LogEvent, Problem, Severity } from '../model.js';
import type { Detector, DetectorContext, DetectorVisitor, DocLink, EvidenceFix, Facts, ReportOptions, Steps } from './types.js';
import type { Platform } from '../platform.js';
import { platformOf, platformOfPath } from '../platform.js';
import { extensionOfPath } from '../knowledge/extension-paths.js';
import { byCodeUnit } from '../text/order.js';

/** Evidence kept per finding: the first ones show how it began, the last ones how it ends. */
const FIRST_EVIDENCE = 8;
const LAST_EVIDENCE = 3;
const MAX_DETAILS = 12;
const MAX_EVIDENCE_LINES = 15;
const MAX_EVIDENCE_CHARS = 2000;

interface Aggregate {
  variant: string;
  severity: Severity;
  count: number;
  first: number | null;
  last: number | null;
  head: Evidence[];
  /** The last reports, made into evidence only when the findings are read: most reports of a flood are never shown. */
  tail: (() => Evidence)[];
  details: Map<string, number>;
  summary?: string;
  dropped: boolean;
  /** Evidence from each platform's sources: the finding's remediation follows it. */
  linux: number;
  windows: number;
  /** The evidence-picked fixes (`EvidenceFix`) some evidence matched. */
  fixes: Set<EvidenceFix>;
  /** The extensions the evidence names (bounded). */
  extensions: Set<string>;
}

const MAX_EXTENSIONS = 8;
const AGENT_NAMES = new Set(['WALinuxAgent', 'WALA', 'None', '']);
const EXTENSION_FACTS = new Set<FactKind>(['extension-status', 'extension-settings', 'handler-state', 'handler-status', 'extension-config', 'extension']);

/** An event's platform: its parser's or path's, else Windows for a Windows event read from pasted text (provider and id). */
function platformOfEvent(event: LogEvent): Platform | undefined {
  return platformOf(event.source, event.path) ?? (event.fields?.provider !== undefined && event.fields.eventId !== undefined ? 'windows' : undefined);
}

/** The extension an event is about, if any: its prefix, its `Event: name=`, its plugin, else where its file lives. */
function extensionOfEvent(event: LogEvent): string | undefined {
  if (event.extension?.name) return event.extension.name;
  const f = event.fields;
  const named = f?.plugin ?? f?.handler ?? f?.name;
  if (named !== undefined && !AGENT_NAMES.has(named) && /\./.test(named)) return named;
  return extensionOfFile(event.path);
}

/**
 * The extension named by where a file lives (src/knowledge/extension-paths.ts). The last path's answer is kept: a
 * detector reports the events of one file after another, and a flood of them (a million error rows) asked each time.
 */
function extensionOfFile(path: string): string | undefined {
  if (path !== lastExtensionPath) {
    lastExtensionPath = path;
    lastExtension = extensionOfPath(path)?.name;
  }
  return lastExtension;
}
let lastExtensionPath: string | undefined;
let lastExtension: string | undefined;


/** The text a piece of evidence quotes: the entry's first line as written, then its continuation lines. */
export function evidenceText(event: LogEvent): string {
  // A binary log record's one-line summary reads better than its XML (the viewer shows the XML).
  if (event.record !== undefined && event.line === 0) return cutEvidence(event.message);
  const nl = event.message.indexOf('\n');
  const head = event.raw ?? (nl < 0 ? event.message : event.message.slice(0, nl));
  let text = head;
  if (nl >= 0) {
    const rest = event.message.slice(nl + 1).split('\n');
    const shown = rest.slice(0, MAX_EVIDENCE_LINES - 1);
    text += '\n' + shown.join('\n');
    if (rest.length > shown.length) text += `\n… ${rest.length - shown.length} more lines`;
  }
  return cutEvidence(text);
}

function cutEvidence(text: string): string {
  return text.length > MAX_EVIDENCE_CHARS ? text.slice(0, MAX_EVIDENCE_CHARS) + ' …' : text;
}

function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}

export class DetectorRun {
  private readonly aggregates = new Map<string, Aggregate>();
  readonly visitor: DetectorVisitor;

  constructor(readonly detector: Detector) {
    this.visitor = detector.create(this.context());
  }

  private aggregate(variant: string): Aggregate {
    let agg = this.aggregates.get(variant);
    if (!agg) {
      const meta = this.detector.meta.variants[variant];
      if (!meta) throw new Error(`detector ${this.detector.meta.id} reported unknown variant ${variant}`);
      agg = {
        variant,
        severity: meta.severity ?? this.detector.meta.severity,
        count: 0,
        first: null,
        last: null,
        head: [],
        tail: [],
        details: new Map(),
        dropped: false,
        linux: 0,
        windows: 0,
        fixes: new Set(),
        extensions: new Set(),
      };
      this.aggregates.set(variant, agg);
    }
    return agg;
  }

  /** One report. `evidence` makes its evidence, called only when it is kept or an evidence fix still needs its text. */
  private add(
    variant: string,
    evidence: () => Evidence,
    time: number | null,
    options: ReportOptions | undefined,
    platform: Platform | undefined,
    extension: string | undefined,
  ): void {
    const agg = this.aggregate(variant);
    agg.count++;
    if (extension !== undefined && agg.extensions.size < MAX_EXTENSIONS) agg.extensions.add(extension);
    if (platform) agg[platform]++;
    let made: Evidence | undefined;
    const make = (): Evidence => (made ??= evidence());
    for (const fix of this.fixesOf(variant)) if (!agg.fixes.has(fix) && (fix.when.test(make().text) || (options?.detail !== undefined && fix.when.test(options.detail)))) agg.fixes.add(fix);
    if (time !== null) {
      if (agg.first === null || time < agg.first) agg.first = time;
      if (agg.last === null || time > agg.last) agg.last = time;
    }
    if (agg.head.length < FIRST_EVIDENCE) agg.head.push(make());
    else {
      agg.tail.push(make);
      if (agg.tail.length > LAST_EVIDENCE) agg.tail.shift();
    }
    if (options?.severity) agg.severity = maxSeverity(agg.severity, options.severity);
    if (options?.detail) {
      const n = agg.details.get(options.detail);
      if (n !== undefined || agg.details.size < MAX_DETAILS) agg.details.set(options.detail, (n ?? 0) + 1);
    }
  }

  private fixesOf(variant: string): readonly EvidenceFix[] {
    const own = this.detector.meta.variants[variant]?.fixes ?? [];
    const shared = this.detector.meta.fixes ?? [];
    return own.length === 0 ? shared : shared.length === 0 ? own : [...own, ...shared];
  }

  private context(): DetectorContext {
    return {
      report: (variant, event, options) =>
        this.add(
          variant,
          () => ({
            path: event.path,
            ...(event.record !== undefined ? { record: event.record } : { line: event.line }),
            time: isoTime(event.time),
            text: evidenceText(event),
          }),
          event.time,
          options,
          platformOfEvent(event),
          extensionOfEvent(event),
        ),
      reportFact: (variant, fact: Fact, options) =>
        this.add(
          variant,
          () => ({ path: fact.path, line: fact.line, time: isoTime(fact.time), text: fact.text ?? `${fact.kind}: ${fact.value}` }),
          fact.time,
          options,
          platformOfPath(fact.path),
          EXTENSION_FACTS.has(fact.kind) && /\./.test(fact.value) ? fact.value : extensionOfFile(fact.path),
        ),
      reportProblem: (variant, problem: Problem, options) =>
        this.add(variant, () => ({ path: problem.path, text: problem.message }), null, options, platformOfPath(problem.path), extensionOfFile(problem.path)),
      setSeverity: (variant, severity) => {
        const agg = this.aggregates.get(variant);
        if (agg) agg.severity = severity;
      },
      setSummary: (variant, summary) => {
        const agg = this.aggregates.get(variant);
        if (agg) agg.summary = summary;
      },
      drop: (variant) => {
        const agg = this.aggregates.get(variant);
        if (agg) agg.dropped = true;
      },
      has: (variant) => {
        const agg = this.aggregates.get(variant);
        return agg !== undefined && !agg.dropped;
      },
    };
  }

  /** The findings, with the remediation of the platform their evidence comes from (else the VM's, `vmPlatform`). */
  findings(vmPlatform?: Platform): Finding[] {
    const { meta } = this.detector;
    const out: Finding[] = [];
    for (const agg of this.aggregates.values()) {
      if (agg.dropped || agg.count === 0) continue;
      const variant = meta.variants[agg.variant]!;
      const first = isoTime(agg.first);
      const last = isoTime(agg.last);
      const platform =
        variant.platform ?? meta.platform ?? (agg.windows > 0 && agg.linux === 0 ? 'windows' : agg.linux > 0 && agg.windows === 0 ? 'linux' : vmPlatform);
      const docs = docFor(variant.docs ?? meta.docs, platform);
      out.push({
        id: `${meta.id}.${agg.variant}`,
        detector: meta.id,
        category: meta.category,
        severity: agg.severity,
        title: variant.title,
        summary: agg.summary ?? defaultSummary(agg, first, last),
        remediation: remediationFor(variant.remediation ?? meta.remediation, this.fixesOf(agg.variant).filter((f) => agg.fixes.has(f)), platform),
        ...(docs ? { docs } : {}),
        evidence: [...agg.head, ...agg.tail.map((make) => make())],
        ...(first ? { firstSeen: first } : {}),
        ...(last ? { lastSeen: last } : {}),
        count: agg.count,
        ...(agg.extensions.size > 0 ? { extensions: [...agg.extensions].sort() } : {}),
      });
    }
    return out;
  }
}

/** Steps for one platform; with none known, both lists with each step saying which. */
export function stepsFor(steps: Steps, platform: Platform | undefined): string[] {
  if (isStepList(steps)) return [...steps];
  if (platform) return [...steps[platform]];
  return [...steps.linux.map((s) => `On Linux: ${s}`), ...steps.windows.map((s) => `On Windows: ${s}`)];
}

function isStepList(steps: Steps): steps is readonly string[] {
  return Array.isArray(steps);
}

/** The fixes the evidence picked first, then the general steps (unless a picked fix replaces them); no step twice. */
export function remediationFor(general: Steps, picked: readonly EvidenceFix[], platform: Platform | undefined): string[] {
  const steps = picked.flatMap((f) => stepsFor(f.steps, platform));
  if (!picked.some((f) => f.only)) steps.push(...stepsFor(general, platform));
  return [...new Set(steps)];
}

function docFor(docs: DocLink, platform: Platform | undefined): string | undefined {
  return typeof docs === 'string' ? docs : platform ? docs[platform] : undefined;
}

function defaultSummary(agg: Aggregate, first: string | undefined, last: string | undefined): string {
  const times = agg.count === 1 ? 'Seen once' : `Seen ${agg.count} times`;
  let when = '';
  if (first && last && first !== last) when = ` between ${first} and ${last}`;
  else if (first) when = ` at ${first}`;
  const details = [...agg.details.entries()].map(([d, n]) => (n > 1 ? `${d} (${n}×)` : d));
  // Details keep their own case ("endpoint not found", "srv 2013"): after a colon, not starting a sentence.
  return `${times}${when}` + (details.length > 0 ? `: ${details.join('; ')}.` : '.');
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      b.count - a.count ||
      byCodeUnit(a.firstSeen ?? '', b.firstSeen ?? '') ||
      byCodeUnit(a.id, b.id),
  );
}

export { makeFacts } from '../facts/store.js';
