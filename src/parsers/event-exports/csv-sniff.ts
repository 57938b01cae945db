// Recognising an event CSV by its first lines (csv.ts): PowerShell's `#TYPE` line or Get-WinEvent header, or Event
// Viewer's 5-name header (known names, or unknown ones followed by a row that looks like an event).
import { cleanSniffLines } from './common.js';
import { eventViewerNames, eventViewerShape, norm } from './csv-header.js';
import { pickDelimiter, recordsOf } from './csv-records.js';
import { scanStamp } from './dates.js';
import { looksLikeEventRecord } from './powershell.js';

/**
 * `#TYPE …EventLogRecord`, a header of Get-WinEvent property names, or Event Viewer's 5-name header (known names,
 * or unknown ones followed by a row with a date in the 2nd field and a number in the 4th).
 */
export function sniffEventCsv(firstLines: string[]): boolean {
  let lines = cleanSniffLines(firstLines);
  if (lines.length === 0) return false;
  if (/^#TYPE\s/i.test(lines[0]!)) {
    if (/Eventing\.Reader\.Event(?:Log)?Record/i.test(lines[0]!)) return true;
    lines = lines.slice(1);
  }
  const head = lines[0];
  if (head === undefined || head.startsWith('{') || head.startsWith('[') || head.startsWith('<')) return false;
  const delim = pickDelimiter(head);
  const [header, ...rows] = recordsOf(lines, delim, 2);
  if (!header) return false;
  if (looksLikeEventRecord(header.map(norm))) return true;
  if (!eventViewerShape(header)) return false;
  if (eventViewerNames(header) >= 3) return true;
  const row = rows[0];
  return row !== undefined && row.length >= 5 && scanStamp(row[1]!.trim()) !== undefined && /^\d{1,10}$/.test(row[3]!.trim());
}
