// Helpers for waagent.log lines off the hot path: the `[Name-version]` split, dated and supervisord lines.
// (The per-line recognisers live in formats.ts: calls across modules are slower in V8's hot loops.)
import { digitsAt } from '../../text/chars.js';

/** Splits `[Name-1.2.3]` (or `Name-1.2.3`) at the last `-` followed by a digit. */
export function splitExtension(prefix: string): { name: string; version?: string } {
  const inner = prefix.charCodeAt(0) === 91 ? prefix.slice(1, prefix.endsWith(']') ? -1 : undefined) : prefix;
  for (let k = inner.length - 2; k > 0; k--) {
    if (inner.charCodeAt(k) === 45) {
      const n = inner.charCodeAt(k + 1);
      if (n >= 48 && n <= 57) return { name: inner.slice(0, k), version: inner.slice(k + 1) };
    }
  }
  return { name: inner };
}

/** True when the line starts like a date `\d{4}[-/]\d{2}[-/]\d{2}` (used to count header-looking lines). */
export function looksDated(s: string): boolean {
  const a = s.charCodeAt(4);
  const b = s.charCodeAt(7);
  return (a === 45 || a === 47) && (b === 45 || b === 47) && digitsAt(s, 0, 4) && digitsAt(s, 5, 2) && digitsAt(s, 8, 2);
}

/** supervisord's own log line (`2017-06-17 22:20:18,229 DEBG 'walinuxagent' stdout output:`), noise in a pasted log. */
export function isSupervisordLine(s: string): boolean {
  return (
    s.charCodeAt(4) === 45 &&
    s.charCodeAt(10) === 32 &&
    s.charCodeAt(19) === 44 /* , */ &&
    s.charCodeAt(23) === 32 &&
    /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (?:CRIT|ERRO|WARN|INFO|DEBG|TRAC|BLAT) /.test(s)
  );
}

