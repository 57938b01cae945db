// Event Viewer "Copy details as text" in every language the labels are known for, the XML view pasted as text, and
// description-only pastes (the message catalog). Fixtures are written for these tests in the real layouts; where a
// description is not in English, German, French, Spanish, Chinese or Japanese as the catalog knows it, its text is a
// placeholder and the event comes from the block's labels.
import { describe, expect, it } from 'vitest';
import { parsers } from '../../../src/parsers/index.js';
import { readFileSync } from 'node:fs';
import { fixtureBytes, readBytes, readFixture, utc } from './helpers.js';

const genericBytes = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../fixtures/generic/${name}`, import.meta.url)));
const read = (name: string) => readBytes(genericBytes(name), { path: `paste/${name}`, parsers });

describe('Event Viewer details blocks', () => {
  it('English: three blocks, with and without blank lines between, the Event Xml part read', async () => {
    const r = await readFixture('viewer-details.en-US.txt');
    expect(r.parser).toBe('event-text-viewer');
    expect(r.problems).toEqual([]);
    expect(r.stats).toMatchObject({ unparsed: 0 });
    expect(r.events.map((e) => [e.line, e.endLine, e.fields?.provider, e.fields?.eventId, e.level])).toEqual([
      [1, 47, 'Application Error', '1000', 'error'],
      [49, 59, 'Service Control Manager', '7031', 'error'],
      [60, 76, 'VSS', '12289', 'error'],
    ]);
    const [crash, scm, vss] = r.events;
    // The XML gives the UTC time, the record and the event data.
    expect(crash).toMatchObject({
      time: utc(2024, 5, 2, 3, 10, 41, 531),
      timeSource: 'utc',
      format: 'eventviewer-details',
      fields: { recordId: '11002', channel: 'Application', computer: 'vm-web-01', 'data.AppName': 'WaAppAgent.exe', taskName: 'Application Crashing Events', userId: 'S-1-5-18' },
    });
    expect(crash!.message).toMatch(/^Faulting application name: WaAppAgent\.exe/);
    expect(crash!.message).not.toContain('Event Xml');
    // Without XML: the local date (month first: AM/PM), the catalog's data.
    expect(scm).toMatchObject({ time: utc(2024, 5, 2, 3, 10, 42), timeSource: 'assumed-utc', fields: { 'data.param1': 'Windows Azure Guest Agent', levelName: 'Error', keywordNames: 'Classic' } });
    expect(scm!.fields!.userId).toBeUndefined();
    expect(vss!.message).toContain('Processing PostSnapshot Event');
    expect(vss!.fields).toMatchObject({ 'data.hr': '0x80070001' });
  });

  it.each([
    ['viewer-details.de-DE.txt', [['Application Error', '1000', utc(2024, 5, 2, 5, 10, 41)], ['VSS', '8194', utc(2024, 5, 2, 5, 25, 10)]]],
    ['viewer-details.fr-FR.txt', [['Application Error', '1000', utc(2024, 5, 2, 5, 10, 41)], ['Service Control Manager', '7031', utc(2024, 5, 14, 5, 10, 42)]]],
    ['viewer-details.es-ES.txt', [['Application Error', '1000', utc(2024, 5, 2, 5, 10, 41)]]],
    ['viewer-details.it-IT.txt', [['VSS', '12289', utc(2024, 5, 2, 5, 25, 10)]]],
    ['viewer-details.pt-BR.txt', [['Service Control Manager', '7031', utc(2024, 5, 2, 5, 10, 42)]]],
    ['viewer-details.pt-PT.txt', [['Microsoft-Windows-Kernel-Power', '41', utc(2024, 5, 2, 5, 10, 42)]]],
    ['viewer-details.ja-JP.txt', [['Service Control Manager', '7031', utc(2024, 5, 2, 3, 10, 42, 123)]]],
    ['viewer-details.zh-CN.txt', [['VSS', '8193', utc(2024, 5, 2, 11, 25, 10)]]],
    ['viewer-details.zh-TW.txt', [['Application Error', '1000', utc(2024, 5, 2, 13, 10, 41)]]],
  ] as const)('%s', async (name, want) => {
    const r = await readFixture(name);
    expect(r.parser).toBe('event-text-viewer');
    expect(r.problems).toEqual([]);
    expect(r.events.map((e) => [e.fields?.provider, e.fields?.eventId, e.time])).toEqual(want);
    for (const e of r.events) {
      expect(e.level).toBe('error');
      expect(e.fields?.computer).toBe('vm-web-01');
      expect(e.format).toBe('eventviewer-details');
      expect(e.message.length).toBeGreaterThan(10);
      expect(e.fields?.userId === undefined || !['N/A', 'N/V', 'N/D', '暂缺', '不適用'].includes(e.fields.userId)).toBe(true);
    }
  });

  it('German: a label longer than the column is glued to its value; the description keeps its blank lines', async () => {
    const r = await readFixture('viewer-details.de-DE.txt');
    expect(r.events[0]!.fields).toMatchObject({ taskName: '(100)', keywordNames: 'Klassisch', levelName: 'Fehler' });
    expect(r.events[1]!.message).toContain('\n\nVorgang:');
    expect(r.stats!.formats).toContain('dates:d/m/y');
  });

  it('Japanese: the XML view after `イベント XML:` is the reference for time and data', async () => {
    const r = await readFixture('viewer-details.ja-JP.txt');
    expect(r.events[0]).toMatchObject({ timeSource: 'utc', fields: { recordId: '4711', 'data.param1': 'RdAgent', channel: 'System', levelName: 'エラー' } });
    expect(r.events[0]!.message).not.toContain('イベント XML');
  });

  it('labels no list knows are read by their place in the block', async () => {
    const text = [
      'Nazwa dziennika: System',
      'Źródło:        Service Control Manager',
      'Data:          02.05.2024 05:10:42',
      'Identyfikator zdarzenia: 7034',
      'Kategoria zadania: Brak',
      'Poziom:        Błąd',
      'Słowa kluczowe: Klasyczne',
      'Użytkownik:    Nie dotyczy',
      'Komputer:      vm-web-01',
      'Opis:',
      'Usługa Windows Azure Guest Agent została nieoczekiwanie zakończona.',
    ].join('\r\n');
    const r = await readBytes(new TextEncoder().encode(text), { path: 'paste/pl.txt', parsers });
    expect(r.parser).toBe('text-log');
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({ fields: { channel: 'System', provider: 'Service Control Manager', eventId: '7034', levelName: 'Błąd' }, level: 'error', time: utc(2024, 5, 2, 5, 10, 42) });
    expect(r.stats!.formats).toContain('labels-by-place');
  });

  it('UTF-16 with a byte-order mark, as Notepad saves a paste', async () => {
    const text = new TextDecoder().decode(fixtureBytes('viewer-details.en-US.txt'));
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      bytes[2 + i * 2] = text.charCodeAt(i) & 255;
      bytes[3 + i * 2] = text.charCodeAt(i) >> 8;
    }
    const r = await readBytes(bytes, { path: 'paste/events.txt', parsers });
    expect(r.parser).toBe('event-text-viewer');
    expect(r.events.map((e) => e.fields?.eventId)).toEqual(['1000', '7031', '12289']);
  });
});

describe('the XML view pasted as text (a browser adds `- ` before folding elements)', () => {
  it('reads each <Event> with its fields and UTC time', async () => {
    const r = await read('xml-view-pasted.txt');
    expect(r.parser).toBe('text-log');
    // Pasted events point at their lines: the record number stays a field (`record` is for binary logs).
    expect(r.events.every((e) => e.record === undefined)).toBe(true);
    expect(r.events.map((e) => [e.line, e.endLine, e.fields?.provider, e.fields?.eventId, e.fields?.recordId, e.time, e.format])).toEqual([
      [1, 17, 'VSS', '8194', '9001', utc(2024, 5, 2, 3, 25, 10), 'eventviewer-xml'],
      [19, 33, 'Service Control Manager', '7034', '9002', utc(2024, 5, 2, 3, 26, 0), 'eventviewer-xml'],
    ]);
    expect(r.events[1]!.fields).toMatchObject({ 'data.param1': 'Windows Azure Guest Agent' });
    expect(r.events.every((e) => e.level === 'error')).toBe(true);
  });

  it('event XML without the markers is the event-xml export, whatever the file is called', async () => {
    const text = new TextDecoder().decode(genericBytes('xml-view-pasted.txt')).replace(/^(\s*)- /gm, '$1');
    const r = await readBytes(new TextEncoder().encode(text), { path: 'paste/events.txt', parsers });
    expect(r.parser).toBe('event-xml');
    expect(r.events.map((e) => e.fields?.eventId)).toEqual(['8194', '7034']);
  });
});

describe('descriptions pasted without labels (the message catalog)', () => {
  it('names provider and id from the text in the languages it knows; other paragraphs stay text', async () => {
    const r = await read('descriptions.txt');
    expect(r.parser).toBe('text-log');
    expect(r.problems).toEqual([]);
    const got = r.events.map((e) => [e.line, e.fields?.provider ?? null, e.fields?.eventId ?? null, e.fields?.catalog ?? null]);
    expect(got).toEqual([
      [1, null, null, null],
      [3, 'Application Error', '1000', '*'],
      [7, 'Application Error', '1000', '*'],
      [9, 'Application Error', '1000', '*'],
      [10, 'Application Error', '1000', '*'],
      [11, 'Application Error', '1000', '*'],
      [13, '.NET Runtime', '1026', '*'],
      [17, 'Service Control Manager', '7031', 'ja'],
      [18, 'Service Control Manager', '7036', 'ja'],
      [20, 'VSS', '8194', 'de'],
      [23, 'VSS', '8193', 'en'],
      [24, 'Microsoft-Windows-Kernel-Power', '41', 'en'],
      [25, 'EventLog', '6008', 'en'],
      [26, 'User32', '1074', 'en'],
      [27, 'Microsoft-Windows-DNS-Client', '1014', 'en'],
      [29, null, null, null],
    ]);
    const byLine = new Map(r.events.map((e) => [e.line, e]));
    expect(byLine.get(3)).toMatchObject({ level: 'error', time: null, timeSource: 'none', endLine: 5, format: 'event-description', fields: { channel: 'Application', 'data.0': 'WaAppAgent.exe', 'data.1': '2.7.41491.1102' } });
    expect(byLine.get(7)!.endLine).toBe(8);
    expect(byLine.get(13)).toMatchObject({ endLine: 15, fields: { 'data.0': 'WindowsAzureGuestAgent.exe', 'data.frameworkVersion': 'v4.0.30319' } });
    expect(byLine.get(17)).toMatchObject({ level: 'error', fields: { 'data.param1': 'RdAgent', 'data.param2': '1' } });
    expect(byLine.get(18)).toMatchObject({ level: 'info', fields: { 'data.param1': 'RdAgent', 'data.param2': '実行中' } });
    expect(byLine.get(20)).toMatchObject({ endLine: 21, fields: { 'data.hr': '0x80070005' } });
    expect(byLine.get(26)).toMatchObject({ level: 'info', fields: { 'data.param1': 'C:\\Windows\\system32\\shutdown.exe (VM-WEB-01)', 'data.param5': 'restart' } });
    expect(byLine.get(27)).toMatchObject({ level: 'warning', fields: { 'data.QueryName': 'md-hdd-x1y2z3.z44.blob.storage.azure.net' } });
    expect(byLine.get(29)).toMatchObject({ level: 'info', format: 'no-timestamp' });
  });
});
