// Which evidence a text or Markdown report shows, and how a line too long to show whole is shortened.
// Core: no Node imports.
import type { Evidence, Finding } from '../model.js';

/** Evidence shown per finding unless `--evidence` says otherwise. */
export const DEFAULT_EVIDENCE = 3;

/** `--evidence N|all`: a number of excerpts per finding, or every one the report kept. */
export type EvidenceLimit = number | 'all';

/**
 * The evidence to show, in report order: first one from each file (the status file's "success, code 122" next to
 * the extension log's lines), then the rest in order, up to `limit`.
 */
export function pickEvidence(evidence: readonly Evidence[], limit: EvidenceLimit): Evidence[] {
  if (limit === 'all' || evidence.length <= limit) return [...evidence];
  const chosen = new Set<number>();
  const paths = new Set<string>();
  evidence.forEach((e, i) => {
    if (chosen.size < limit && !paths.has(e.path)) {
      paths.add(e.path);
      chosen.add(i);
    }
  });
  for (let i = 0; i < evidence.length && chosen.size < limit; i++) chosen.add(i);
  return evidence.filter((_, i) => chosen.has(i));
}

/** Where evidence is: `path:line`, or `path record N` for a binary event log. */
export function evidencePlace(e: Evidence, recordSeparator = ' '): string {
  return e.record !== undefined ? `${e.path}${recordSeparator}record ${e.record}` : e.line !== undefined ? `${e.path}:${e.line}` : e.path;
}

/** The words that say something failed, whatever the log: the part of a long line a reader looks for. */
const FAILURE_WORDS =
  /\b(?:errno|error|fail(?:ed|ure|s)?|exception|timed? ?out|refused|denied|unreachable|cannot|could not|unable|not found|no space|exit(?:ed)?(?: with)?(?: (?:code|status))|return code)\b/i;

/**
 * What the finding's detector read in its lines: the details its summary lists after "Seen … ." (each the text the
 * detector matched or a name taken from it), without their counts.
 */
export function matchedDetails(finding: Pick<Finding, 'summary'>): string[] {
  // The engine's summary: "Seen 3 times between <t> and <t>: detail (2×); detail." (older reports: ". " before them).
  const m = /^Seen (?:once at|\d+ times between) \S+?(?: and \S+?)?[.:]\s+(.+?)\.?$/.exec(finding.summary);
  if (!m) return [];
  return m[1]!
    .split('; ')
    .map((d) => d.replace(/ \(\d+×\)$/, '').trim())
    .filter((d) => d.length >= 3);
}

/** Where in `line` the reader's eye should go: the earliest detail the detector matched, else the first failure word. */
function focusOf(line: string, details: readonly string[]): number | undefined {
  const lower = line.toLowerCase();
  let best: number | undefined;
  for (const d of details) {
    let at = lower.indexOf(d.toLowerCase());
    if (at < 0) {
      // A detail may be assembled from the line ("Microsoft.Azure.Extensions.CustomScript exit 127"): its longest word.
      const word = d.split(/\s+/).sort((a, b) => b.length - a.length)[0]!;
      if (word.length >= 5) at = lower.indexOf(word.toLowerCase());
    }
    if (at >= 0 && (best === undefined || at < best)) best = at;
  }
  if (best !== undefined) return best;
  const failure = FAILURE_WORDS.exec(line);
  return failure?.index;
}

/** The start of `text` cut back to a word boundary, when one is near. */
function cutAtWord(text: string): string {
  const space = text.lastIndexOf(' ');
  return space > text.length * 0.7 ? text.slice(0, space) : text;
}

/**
 * `line` shortened to about `budget` characters when it is longer. The rule: the line's start is kept (its time,
 * level and logger), and the rest of the budget goes to the part around what the detector matched — the first place
 * the line shows one of the details the finding's summary lists, else its first failure word (error, failed,
 * exception, timed out, exit code, ...); without either, the line's start only. Cuts are marked with `…`.
 */
export function shortenLine(line: string, budget: number, details: readonly string[] = []): string {
  if (line.length <= budget) return line;
  const headSize = Math.min(80, Math.floor(budget / 3));
  const focus = focusOf(line, details);
  // The match is close enough to the start to show both in one piece.
  if (focus === undefined || focus < budget - Math.floor(budget / 3)) return cutAtWord(line.slice(0, budget)) + ' …';
  const head = cutAtWord(line.slice(0, headSize));
  const windowSize = budget - head.length - 3;
  // A little before the match, from a word's start, so the match reads in its sentence.
  let from = Math.max(head.length, focus - Math.floor(windowSize / 4));
  const space = line.lastIndexOf(' ', from);
  if (space > head.length && from - space < 20) from = space + 1;
  const to = Math.min(line.length, from + windowSize);
  const window = line.slice(from, to);
  return `${head} … ${to < line.length ? cutAtWord(window) + ' …' : window}`;
}
