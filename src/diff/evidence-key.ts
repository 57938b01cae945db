// What a piece of evidence says, without when it said it: the same log line written on another day, at another line
// of a rotated file, after another number of retries, gives the same key. Error codes, names and messages stay.
// Core: no Node imports.

const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';

/** Each rule replaces what changes from one occurrence of a line to the next; applied in order. */
const RULES: readonly [RegExp, string][] = [
  // ISO dates with a time (2026-11-30T22:00:01.123456Z, 2026-11-30 22:00:01,123 +02:00), and dates alone.
  [/\b\d{4}[-/]\d{2}[-/]\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?)?(?:\s?(?:Z|[+-]\d{2}:?\d{2})\b|Z)?/g, '<time>'],
  // US dates (11/30/2026 10:00:01 PM) and syslog's (Nov 30 22:00:01).
  [/\b\d{1,2}\/\d{1,2}\/\d{4}(?:,?\s\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:\s?[AP]M)?)?/gi, '<time>'],
  [new RegExp(`\\b(?:${MONTHS})\\s+\\d{1,2}\\s+\\d{1,2}:\\d{2}:\\d{2}(?:\\.\\d+)?`, 'g'), '<time>'],
  // A time of day left alone, and the kernel's seconds since boot ([ 1234.567890]).
  [/\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g, '<time>'],
  [/\[\s*\d+\.\d+\]/g, '[<uptime>]'],
  // Counts and durations: "-- 6 attempts made", "Attempt 3 of 25", "(4×)", "duration=1234", "after 30 seconds".
  [/\bAttempt \d+ of \d+/gi, 'Attempt <n> of <n>'],
  [/\b\d+(?:\.\d+)? ?(attempts?|times|retries|tries|ms|msecs?|secs?|seconds?|minutes?|mins?|hours?)\b/gi, '<n> $1'],
  [/\(\d+×\)/g, '(<n>×)'],
  [/\b(duration|elapsed|count|retry|retries|seq(?:uence)?(?:Number)?|pid)([=: ]+)\d+(?:\.\d+)?/gi, '$1$2<n>'],
  // Process ids (waagent[1234]:), GUIDs (operation and correlation ids) and long numbers (epoch times, sizes, ids).
  [/\[\d+\]:/g, '[<pid>]:'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<guid>'],
  [/(?<![\w.])\d{6,}(?:\.\d+)?(?![\w.])/g, '<n>'],
];

/** The key of an evidence text: what changes between occurrences replaced, white space collapsed. */
export function evidenceKey(text: string): string {
  let key = text;
  for (const [pattern, replacement] of RULES) key = key.replace(pattern, replacement);
  return key.replace(/\s+/g, ' ').trim();
}
