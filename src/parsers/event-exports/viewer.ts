// Event Viewer "Copy details as text" (and its Ctrl+C): one or more blocks of localised labels, each followed by the
// description and often `Event Xml:` with the event's XML (labels.ts, details.ts). Read by the generic text reader
// with Windows events on, so that anything pasted around the blocks is read too; this parser only claims the files
// that open with a block (any language of labels.ts), which gives them their own source id.
import type { LogEvent } from '../../model.js';
import type { Parser } from '../types.js';
import { TextLogLines } from '../generic/text.js';
import { cleanSniffLines } from './common.js';
import { labelLine } from './labels.js';

export const EVENT_VIEWER_TEXT_SOURCE = 'event-text-viewer';

/** Two or more of the first three lines are known block labels, the first of them the log name or the source. */
export function sniffEventViewerText(firstLines: string[]): boolean {
  const lines = cleanSniffLines(firstLines).slice(0, 3).map((l) => labelLine(l.replace(/^\uFEFF/, '')));
  const first = lines[0]?.key;
  if (first !== 'channel' && first !== 'provider') return false;
  return lines.filter((l) => l?.key !== undefined).length >= 2;
}

const BLOCK_EN = [
  'Log Name:      System',
  'Source:        Service Control Manager',
  'Date:          5/2/2024 3:10:41 AM',
  'Event ID:      7031',
  'Task Category: None',
  'Level:         Error',
  'Keywords:      Classic',
  'User:          N/A',
  'Computer:      vm-sample',
  'Description:',
  'The Windows Azure Guest Agent service terminated unexpectedly.  It has done this 1 time(s).  The following corrective action will be taken in 60000 milliseconds: Restart the service.',
].join('\n');

const BLOCK_DE = [
  'Protokollname: Application',
  'Quelle:        VSS',
  'Datum:         02.05.2024 05:10:41',
  'Ereignis-ID:   8194',
  'Aufgabenkategorie:Keine',
  'Ebene:         Fehler',
  'Schlüsselwörter:Klassisch',
  'Benutzer:      N/V',
  'Computer:      vm-sample',
  'Beschreibung:',
  'Volumeschattenkopie-Dienstfehler: Beim Abfragen nach der Schnittstelle "IVssWriterCallback" ist ein unerwarteter Fehler aufgetreten. hr = 0x80070005, Zugriff verweigert',
].join('\n');

const SAMPLES: { line: string; expect: Partial<LogEvent> }[] = [
  {
    line: BLOCK_EN,
    expect: {
      format: 'eventviewer-details',
      line: 1,
      endLine: 11,
      time: Date.UTC(2024, 4, 2, 3, 10, 41),
      timeSource: 'assumed-utc',
      level: 'error',
      fields: { provider: 'Service Control Manager', eventId: '7031', channel: 'System', computer: 'vm-sample', levelName: 'Error', 'data.param1': 'Windows Azure Guest Agent' },
    },
  },
  {
    line: BLOCK_DE,
    expect: { format: 'eventviewer-details', time: Date.UTC(2024, 4, 2, 5, 10, 41), level: 'error', fields: { provider: 'VSS', eventId: '8194', channel: 'Application', levelName: 'Fehler', taskName: 'Keine', 'data.hr': '0x80070005' } },
  },
];

export const eventViewerTextParser: Parser = {
  id: EVENT_VIEWER_TEXT_SOURCE,
  description: 'Windows events as text (Event Viewer "Copy details as text", any language)',
  globs: [],
  sniff: sniffEventViewerText,
  samples: SAMPLES,
  create: (ctx) => new TextLogLines(ctx, { source: EVENT_VIEWER_TEXT_SOURCE, windowsEvents: true }),
};
