// Every export is recognised by its content, whatever its name; nothing else is claimed (the agent's XML and JSON
// state files, status files, logs).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { eventExportParsers, sniffEventCsv, sniffEventXmlText, sniffPowerShellJson, sniffWevtutilText } from '../../../src/parsers/event-exports/index.js';
import { parsers } from '../../../src/parsers/index.js';
import { fixtureBytes, readBytes, routeOf, utf16le, utf8 } from './helpers.js';

const lines = (text: string): string[] => text.split(/\r?\n/).filter((l) => l.trim() !== '');

const FIXTURES: [string, string][] = [
  ['saved-all.fr-FR.xml', 'event-xml'],
  ['saved-all.fr-FR.utf16.xml', 'event-xml'],
  ['wevtutil-qe.utf16.xml', 'event-xml'],
  ['wevtutil-qe.utf16-nobom.xml', 'event-xml'],
  ['wevtutil-qe.cp1252.xml', 'event-xml'],
  ['rendered-split.en-US.xml', 'event-xml'],
  ['damaged.xml', 'event-xml'],
  ['wevtutil-text.en-US.txt', 'event-text'],
  ['wevtutil-text.ru-RU-labels.txt', 'event-text'],
  ['wevtutil-text.ru-RU-labels.utf16.txt', 'event-text'],
  ['eventviewer.en-US.csv', 'event-csv'],
  ['eventviewer.de-DE.csv', 'event-csv'],
  ['eventviewer.fr-FR.utf16.csv', 'event-csv'],
  ['eventviewer.en-AU.csv', 'event-csv'],
  ['eventviewer.header-only.csv', 'event-csv'],
  ['eventviewer-damaged.csv', 'event-csv'],
  ['powershell-5.1-export.csv', 'event-csv'],
  ['powershell-useculture.de-DE.csv', 'event-csv'],
  ['powershell-5.1.json', 'event-json'],
  ['powershell-7.json', 'event-json'],
  ['powershell-compressed.json', 'event-json'],
  ['powershell-single.json', 'event-json'],
  ['powershell-damaged.json', 'event-json'],
  ...['de-DE', 'en-US', 'es-ES', 'fr-FR', 'it-IT', 'ja-JP', 'pt-BR', 'pt-PT', 'zh-CN', 'zh-TW'].map((l) => [`viewer-details.${l}.txt`, 'event-text-viewer'] as [string, string]),
];

describe('recognising exports by content', () => {
  it('covers every fixture', () => {
    const dir = fileURLToPath(new URL('../../fixtures/event-exports/', import.meta.url));
    expect(FIXTURES.map(([n]) => n).sort()).toEqual(readdirSync(dir).sort());
  });

  it.each(FIXTURES)('%s -> %s, under any name', async (name, id) => {
    const bytes = fixtureBytes(name);
    for (const path of [`exports/${name}`, 'C/Windows/Temp/export', 'logs/System.evtx.txt']) expect((await readBytes(bytes, { path })).parser).toBe(id);
  });

  it.each(FIXTURES)('%s -> %s also with the default parsers routed first', async (name, id) => {
    expect((await readBytes(fixtureBytes(name), { path: 'exports/events', parsers: [...parsers, ...eventExportParsers] })).parser).toBe(id);
  });

  it('recognises the first lines of each format', () => {
    expect(sniffEventXmlText('<?xml version="1.0" encoding="utf-8" standalone="yes"?>\r\n<Events><Event xmlns=\'http://schemas.microsoft.com/win/2004/08/events/event\'><System>')).toBe(true);
    expect(sniffEventXmlText('<?xml version="1.0" encoding="utf-8" standalone="yes"?>\r\n<Events></Events>')).toBe(true);
    expect(sniffEventXmlText("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='x'/>")).toBe(true);
    expect(sniffEventXmlText('<Events>\n  <Event>\n    <System>')).toBe(true);
    expect(sniffWevtutilText(lines('Event[0]:\n  Log Name: System\n  Source: EventLog'))).toBe(true);
    expect(sniffEventCsv(lines('Level,Date and Time,Source,Event ID,Task Category'))).toBe(true);
    expect(sniffEventCsv(lines('"Keywords","Date and Time","Source","Event ID","Task Category"'))).toBe(true);
    expect(sniffEventCsv(lines('Уровень,Дата и время,Источник,Код события,Категория задачи'))).toBe(true);
    // unknown localised names: by the shape of the first row
    expect(sniffEventCsv(lines('Nivå,Datum och tid,Källa,Händelse-ID,Aktivitetskategori\nInformation,2024-06-11 03:00:00,EventLog,6005,Ingen,"x"'))).toBe(true);
    expect(sniffEventCsv(lines('N1,N2,N3,N4,N5\nInfo,11.06.2024 03:00:00,EventLog,6005,None,"x'))).toBe(true);
    expect(sniffEventCsv(lines('#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord'))).toBe(true);
    expect(sniffEventCsv(lines('"Message","Id","Version","Qualifiers","Level"'))).toBe(true);
    expect(sniffPowerShellJson(lines('[\n    {\n        "Id":  13,\n        "Version":  0,\n        "ProviderName":  "x"'))).toBe(true);
    expect(sniffPowerShellJson(lines('{"TimeCreated":"/Date(1)/","Id":1,"Message":"x"}'))).toBe(true);
  });

  it('recognises UTF-16 exports from the garbled first lines the router hands over', () => {
    const garbled = (text: string): string[] => new TextDecoder('utf-8').decode(utf16le(text)).split(/\r?\n/, 20).filter((l) => l.trim() !== '');
    expect(sniffWevtutilText(garbled('Event[0]:\r\n  Log Name: System\r\n'))).toBe(true);
    expect(sniffEventCsv(garbled('Level,Date and Time,Source,Event ID,Task Category\r\n'))).toBe(true);
    expect(sniffPowerShellJson(garbled('[\r\n    {\r\n        "Id":  13,\r\n        "Version":  0,\r\n        "ProviderName":  "x",\r\n'))).toBe(true);
  });
});

describe('leaving other files alone', () => {
  const root = fileURLToPath(new URL('../../fixtures/', import.meta.url));
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
  const others = ['state', 'waagent', 'system-logs', 'extension-logs'].flatMap((d) => walk(join(root, d)));

  it('has other fixtures to try', () => expect(others.length).toBeGreaterThan(30));

  it.each(others.map((f) => [f.slice(root.length), f]))('does not claim %s', async (_rel, full) => {
    expect(await routeOf(new Uint8Array(readFileSync(full)))).toBeUndefined();
  });

  const NOT_EXPORTS: [string, string][] = [
    ['GoalState.xml', '<?xml version="1.0" encoding="utf-8"?>\n<GoalState xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="goalstate10.xsd">\n  <Version>2012-11-30</Version>\n  <Incarnation>3</Incarnation>\n</GoalState>\n'],
    ['ExtensionsConfig.xml', '<?xml version="1.0" encoding="utf-8"?>\n<Extensions version="1.0.0.0" goalStateIncarnation="3"><GuestAgentExtension xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><GAFamilies><GAFamily><Name>Prod</Name></GAFamily></GAFamilies></GuestAgentExtension>\n<Plugins><Plugin name="Microsoft.Azure.RecoveryServices.VMSnapshot" version="1.0.9" state="enabled"/></Plugins></Extensions>\n'],
    ['placeholder GoalState', '<xml>empty placeholder file</xml>\n'],
    ['an Events element of something else', '<?xml version="1.0"?>\n<Events>\n  <Item id="1"/>\n</Events>\n'],
    ['waagent_status.json', '{"version": "1.1", "timestampUTC": "2024-06-11T03:00:00Z", "aggregateStatus": {"guestAgentStatus": {"version": "2.9.1.1", "status": "Ready"}, "handlerAggregateStatus": []}}\n'],
    ['VMSnapshot status', '[{"version": "1.0", "timestampUTC": "2024-06-11T03:00:00Z", "status": {"name": "Microsoft.Azure.RecoveryServices.VMSnapshotLinux", "operation": "Enable", "status": "error", "code": 400, "formattedMessage": {"lang": "en-US", "message": "Id: 1 TimeCreated x"}}}]\n'],
    ['JSON with Id and Message only', '[\n  {\n    "Id": 1,\n    "Message": "hello"\n  }\n]\n'],
    ['HandlerManifest.json', '[{"version": 1.0, "handlerManifest": {"installCommand": "install.sh", "enableCommand": "enable.sh"}}]\n'],
    ['plain log', '2024-06-11T03:00:00.000000Z INFO ExtHandler ExtHandler Event[0]: no\n2024-06-11T03:00:01.000000Z INFO Daemon x\n'],
    ['WaAppAgent.log', '[00000008] 2024-06-11T03:00:00.123Z [INFO]  WindowsAzureGuestAgent starting. Version 2.7.41491.1102\n'],
    ['a generic CSV', 'name,age,city\nann,31,Oslo\n'],
    ['a five-column CSV without dates', 'a,b,c,d,e\n1,2,3,4,5,6\n'],
    ['an indented config', 'Event[0]:\nnot indented: x\n'],
  ];
  it.each(NOT_EXPORTS)('does not claim %s', async (_name, text) => {
    expect(await routeOf(utf8(text))).toBeUndefined();
    expect(await routeOf(utf16le(text))).toBeUndefined();
  });
});
