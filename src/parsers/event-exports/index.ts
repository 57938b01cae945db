// Windows event exports, recognised by their content (../shared/docs/evtx.md §4): Event Viewer and wevtutil XML,
// wevtutil text, Event Viewer "Copy details as text", Event Viewer and PowerShell CSV, PowerShell JSON. None claims a path by glob: exports carry any
// name (`System.xml`, `events.csv`, `app.json`), and the agent's own XML and JSON state files must stay with their
// parsers. The XML parser reads bytes (recognised by its first bytes, like EVTX); the others read lines and sniff.
import type { AnyParser } from '../types.js';
import { eventCsvParser, sniffEventCsv } from './csv.js';
import { powerShellJsonParser, sniffPowerShellJson } from './json.js';
import { sniffWevtutilText, wevtutilTextParser } from './text.js';
import { EVENT_VIEWER_TEXT_SOURCE, eventViewerTextParser, sniffEventViewerText } from './viewer.js';
import { eventXmlLineParser, eventXmlParser, quickXml, readEventXml, slowXml, sniffEventXmlText } from './xml.js';

export { EVENT_CSV_SOURCE, EVENT_JSON_SOURCE, EVENT_TEXT_SOURCE, EVENT_XML_SOURCE } from './common.js';
export { recogniseDescription, catalogStart, type CatalogHit } from './catalog.js';
export {
  EVENT_VIEWER_TEXT_SOURCE,
  eventCsvParser,
  eventViewerTextParser,
  eventXmlLineParser,
  eventXmlParser,
  powerShellJsonParser,
  quickXml,
  readEventXml,
  slowXml,
  sniffEventCsv,
  sniffEventViewerText,
  sniffEventXmlText,
  sniffPowerShellJson,
  sniffWevtutilText,
  wevtutilTextParser,
};

/** Every event-export parser (ids `event-xml`, `event-text`, `event-text-viewer`, `event-csv`, `event-json`); the routing order is ../registry.ts. */
export const eventExportParsers: AnyParser[] = [eventXmlParser, wevtutilTextParser, eventViewerTextParser, eventCsvParser, powerShellJsonParser];
