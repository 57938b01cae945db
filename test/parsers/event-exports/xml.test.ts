import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../src/model.js';
import { eventXmlLineParser, eventXmlParser, quickXml, readEventXml, slowXml } from '../../../src/parsers/event-exports/index.js';
import { parseText } from '../../../src/parsers/run.js';
import { fixtureBytes, parseChunks, readBytes, readFixture, utc, utf16le, utf8 } from './helpers.js';

const NS = "xmlns='http://schemas.microsoft.com/win/2004/08/events/event'";
const strip = (events: LogEvent[]): Omit<LogEvent, 'path'>[] => events.map(({ path: _path, ...rest }) => rest);

describe('Event Viewer "Save All Events As XML"', () => {
  it('reads every event of the one-line <Events> export with the rendered (localised) message', async () => {
    const r = await readFixture('saved-all.fr-FR.xml');
    expect(r.parser).toBe('event-xml');
    expect(r.stats).toEqual({ unparsed: 0, formats: ['saved-xml'] });
    expect(r.problems).toEqual([]);
    expect(r.events.map((e) => [e.line, e.record, e.level, e.time])).toEqual([
      [2, 30001, 'error', utc(2024, 6, 11, 3, 2, 1, 987)],
      [2, 88120, 'error', utc(2024, 6, 11, 3, 1, 30)],
      [2, 88119, 'info', utc(2024, 6, 11, 2, 59, 59, 500)],
    ]);
    const [vss, scm, cleared] = r.events;
    expect(vss).toMatchObject({
      source: 'event-xml',
      path: 'exports/saved-all.fr-FR.xml',
      timeText: '2024-06-11T03:02:01.9876543Z',
      timeSource: 'utc',
      format: 'saved-xml',
      message:
        'Erreur du service de cliché instantané de volume : erreur inattendue lors de l’appel de la routine RegOpenKeyExW. hr = 0x80070005, Accès refusé.\n\nOpération :\n\tInitialisation de l’enregistreur',
      fields: {
        provider: 'VSS',
        eventId: '8193',
        qualifiers: '0',
        levelValue: '2',
        keywords: '0x80000000000000',
        recordId: '30001',
        channel: 'Application',
        computer: 'vmbackup01',
        'data.0': 'RegOpenKeyExW(-2147483646,SYSTEM\\CurrentControlSet\\Services\\VSS\\Diag,...)',
        'data.1': '0x80070005, Accès refusé.',
        'data.Binary': '2D20436F64653A20434F52524547534330303030303135372D',
        culture: 'fr-FR',
        levelName: 'Erreur',
        keywordNames: 'Classique',
      },
    });
    expect(vss!.raw!.startsWith(`<Event ${NS}><System><Provider Name='VSS'/>`)).toBe(true);
    expect(vss!.raw!.endsWith('</RenderingInfo></Event>')).toBe(true);
    expect(scm!.fields).toMatchObject({
      provider: 'Service Control Manager',
      eventSourceName: 'Service Control Manager',
      providerGuid: '{555908d1-a6d7-4695-8e1e-26931d2012f4}',
      qualifiers: '49152',
      processId: '688',
      threadId: '4120',
      'data.param1': 'Agent invité Windows Azure',
      'data.param5': 'Redémarrer le service',
      channelName: 'Système',
      providerDisplayName: 'Microsoft-Windows-Service Control Manager',
    });
    // UserData: the provider element's leaves become data.<name>
    expect(cleared!.fields).toMatchObject({
      userId: 'S-1-5-21-1004336348-1177238915-682003330-500',
      'data.SubjectUserName': 'azureadmin',
      'data.SubjectDomainName': 'VMBACKUP01',
      'data.Channel': 'System',
      'data.BackupPath': '',
      taskName: 'Effacement du journal',
      levelName: 'Informations',
    });
  });

  it('reads the same export written as UTF-16LE with a BOM', async () => {
    const a = await readFixture('saved-all.fr-FR.xml');
    const b = await readFixture('saved-all.fr-FR.utf16.xml');
    expect(b.parser).toBe('event-xml');
    expect(b.stats).toEqual({ unparsed: 0, formats: ['saved-xml', 'utf-16le'] });
    expect(strip(b.events)).toEqual(strip(a.events));
  });

  it('reads an export whose one line is far over the 1 MiB line limit', async () => {
    const one = (i: number): string =>
      `<Event ${NS}><System><Provider Name='VSS'/><EventID Qualifiers='0'>8224</EventID><Level>4</Level><TimeCreated SystemTime='2024-06-11T03:00:00.0000000Z'/><EventRecordID>${i}</EventRecordID><Channel>Application</Channel><Computer>vm</Computer></System><EventData><Data>${'x'.repeat(600)}</Data></EventData><RenderingInfo Culture='en-US'><Message>The VSS service is shutting down due to idle timeout.</Message><Level>Information</Level></RenderingInfo></Event>`;
    const parts = ['<?xml version="1.0" encoding="utf-8" standalone="yes"?>\r\n<Events>'];
    for (let i = 1; i <= 2500; i++) parts.push(one(i));
    parts.push('</Events>');
    const bytes = utf8(parts.join(''));
    expect(bytes.length).toBeGreaterThan(2 * 1024 * 1024);
    const r = await readBytes(bytes);
    expect(r.parser).toBe('event-xml');
    expect(r.problems).toEqual([]);
    expect(r.stats?.unparsed).toBe(0);
    expect(r.events).toHaveLength(2500);
    expect(r.events.every((e, i) => e.record === i + 1 && e.line === 2)).toBe(true);
  });
});

describe('wevtutil qe /f:xml and /f:RenderedXml', () => {
  it('reads concatenated events with no root from UTF-16LE with a BOM', async () => {
    const r = await readFixture('wevtutil-qe.utf16.xml');
    expect(r.parser).toBe('event-xml');
    expect(r.stats).toEqual({ unparsed: 0, formats: ['wevtutil-xml', 'utf-16le'] });
    expect(r.events.map((e) => [e.line, e.record, e.level, e.format])).toEqual([
      [1, 88130, 'error', 'wevtutil-xml'],
      [2, 88131, 'warning', 'wevtutil-xml'],
      [3, 30002, 'error', 'wevtutil-xml'],
    ]);
    // no RenderingInfo: the message is the summary of the event data
    expect(r.events.map((e) => e.message)).toEqual([
      'volsnap 25: \\Device\\HarddiskVolumeShadowCopy3; C:; C:; Binary=000000000300300002000000190004C0',
      'Microsoft-Windows-Resource-Exhaustion-Detector 2004: SystemCommitLimit=8589934592; SystemCommitCharge=8546975744; Process_1_Name=sqlservr.exe; Process_1_PID=3020',
      'Application Error 1000: IaaSBcdrExtension.exe; 1.0.0.0; ntdll.dll; 0xc0000005; Empty=',
    ]);
    expect(r.events[1]!.fields).toMatchObject({ activityId: '{6a1c2c11-8d3c-4b61-9a52-0b6e2f4d1a10}', opcode: '33', task: '3', userId: 'S-1-5-18' });
    expect(r.events[2]!.fields).toMatchObject({ 'data.0': 'IaaSBcdrExtension.exe', 'data.3': '0xc0000005', 'data.Empty': '' });
  });

  it('reads UTF-16LE without a BOM (NUL-interleaved) and the console code page (cp1252)', async () => {
    const bom = await readFixture('wevtutil-qe.utf16.xml');
    const bare = await readFixture('wevtutil-qe.utf16-nobom.xml');
    expect(bare.parser).toBe('event-xml');
    expect(strip(bare.events)).toEqual(strip(bom.events));
    const ansi = await readFixture('wevtutil-qe.cp1252.xml');
    expect(ansi.stats?.formats).toEqual(['wevtutil-xml', 'windows-1252']);
    expect(ansi.events[0]!.fields!['data.2']).toBe('Ausnahme: Zugriff verweigert – Schlüssel gesperrt');
  });

  it('reads events spread over lines, several on one line, and a start tag cut by a line break', async () => {
    const r = await readFixture('rendered-split.en-US.xml');
    expect(r.stats).toEqual({ unparsed: 0, formats: ['rendered-xml'] });
    expect(r.events.map((e) => [e.line, e.endLine, e.record, e.level, e.fields!.eventId])).toEqual([
      [1, 35, 88200, 'warning', '1001'],
      [36, undefined, 88201, 'warning', '1014'],
      [36, undefined, 88202, 'info', '1074'],
      [37, 38, 88210, 'error', '41'],
    ]);
    expect(r.events[0]!.message).toBe(
      'Your computer was not assigned an address from the network (by the DHCP Server) for the Network Card with network address 0x000D3A1B2C3D.  The following error occurred: \n0x79. Your computer will continue to try and obtain an address on its own from the network address (DHCP) server.',
    );
    expect(r.events[0]!.fields).toMatchObject({ 'data.HWAddress': '000D3A1B2C3D', 'data.StatusCode': '0x79', taskName: 'Address Configuration State Event', keywordNames: 'Dhcpv4 Keyword' });
    expect(r.events[2]!.message).toBe(
      'The process C:\\Windows\\System32\\RuntimeBroker.exe (vmbackup01) has initiated the shutdown of computer VMBACKUP01 on behalf of user VMBACKUP01\\azureadmin for the following reason: Other (Unplanned)\n Reason Code: 0x0\n Shutdown Type: shutdown\n Comment:',
    );
    expect(r.events[3]!.fields).toMatchObject({ levelName: 'Critical', keywordNames: '(70368744177664), (2)' });
  });

  it('gives the same events whatever the chunk boundaries, and line by line', async () => {
    const whole = await readFixture('rendered-split.en-US.xml');
    const bytes = fixtureBytes('rendered-split.en-US.xml');
    for (const chunk of [1, 7, 64, 1000]) expect(strip((await parseChunks(eventXmlParser, bytes, chunk)).events)).toEqual(strip(whole.events));
    const utf16 = utf16le(new TextDecoder().decode(bytes));
    for (const chunk of [3, 5, 4096]) expect(strip((await parseChunks(eventXmlParser, utf16, chunk)).events)).toEqual(strip(whole.events));
    const lines = parseText(eventXmlLineParser, new TextDecoder().decode(fixtureBytes('rendered-split.en-US.xml')), { path: 'exports/rendered-split.en-US.xml' });
    expect(lines.stats.unparsed).toBe(0);
    expect(strip(lines.events)).toEqual(strip(whole.events));
  });

  it('sets the format from the root and RenderingInfo', async () => {
    const bare = `<Event ${NS}><System><Provider Name='EventLog'/><EventID Qualifiers='32768'>6005</EventID><Level>4</Level><TimeCreated SystemTime='2024-06-11T03:00:00Z'/><EventRecordID>7</EventRecordID></System><EventData></EventData></Event>`;
    const rooted = `<Events>${bare}</Events>`;
    expect((await readBytes(utf8(bare))).events[0]).toMatchObject({ format: 'wevtutil-xml', message: 'EventLog 6005', record: 7, level: 'info' });
    expect((await readBytes(utf8(rooted))).events[0]).toMatchObject({ format: 'wevtutil-xml' });
  });
});

describe('event data as the EVTX parser names it', () => {
  it('flattens UserData leaves and attributes by element name and joins repeated names', () => {
    const parts = readEventXml(
      `<Event ${NS}><System><Provider Name='Microsoft-Windows-Backup'/><EventID>5</EventID><TimeCreated SystemTime='2024-06-11T03:00:00Z'/></System>` +
        `<UserData><Wrapper xmlns='urn:x' a='skip'><Result value='0'/><Item>one</Item><Item>two</Item><Nested><Deep k='v'>text</Deep></Nested></Wrapper></UserData></Event>`,
    );
    expect(parts?.fields).toEqual({ provider: 'Microsoft-Windows-Backup', eventId: '5', 'data.Result.value': '0', 'data.Item': 'one, two', 'data.Deep.k': 'v', 'data.Deep': 'text' });
    expect(parts?.message).toBe('Microsoft-Windows-Backup 5: Result.value=0; Item=one, two; Deep.k=v; Deep=text');
  });

  it('numbers unnamed Data from 0, skipping named ones, and joins repeated names', () => {
    const parts = readEventXml(
      `<Event ${NS}><System><Provider Name='P'/><EventID>1</EventID><TimeCreated SystemTime='2024-06-11T03:00:00Z'/></System><EventData><Data>a</Data><Data Name='n'>x</Data><Data>b\r\n\tc</Data><Data Name='n'>y</Data></EventData></Event>`,
    );
    expect(parts?.fields).toMatchObject({ 'data.0': 'a', 'data.n': 'x, y', 'data.1': 'b\r\n\tc' });
    expect(parts?.message).toBe('P 1: a; n=x, y; b c');
  });
});

describe('damaged XML', () => {
  it('keeps the good events and counts the rest', async () => {
    const r = await readFixture('damaged.xml');
    expect(r.events.map((e) => [e.line, e.record])).toEqual([
      [1, 88201],
      [4, 88202],
      [6, 88210],
    ]);
    // the stray text line, the event cut by the next <Event>, the unreadable event, the event cut at the end
    expect(r.stats?.unparsed).toBe(4);
    expect(r.problems).toEqual([
      'line 3: event not closed before the next <Event>',
      'line 5: an <Event> element that cannot be read as XML',
      'line 8: event cut off at the end of the file',
    ]);
  });

  // A hang guard (the test's time-out), not a timing: searching the whole open event at every piece copied it each
  // time, and this input (3.5 MB in 1 KB pieces) took 9 s; read in linear time, well under a second.
  it('reads a large event that comes in small pieces in linear time, as it reads it whole', async () => {
    const big = `<Event ${NS}><System><Provider Name='A'/><EventID>1</EventID><TimeCreated SystemTime='2024-06-11T03:00:00Z'/></System><EventData><Data Name='Blob'>${'x</ <Even y '.repeat(290_000)}</Data></EventData></Event>\n`;
    const good = `<Event ${NS}><System><Provider Name='B'/><EventID>2</EventID><TimeCreated SystemTime='2024-06-11T03:00:01Z'/></System></Event>\n`;
    const bytes = utf8(good + big);
    const pieces = await readBytes(bytes, { chunk: 1024, parsers: [eventXmlParser] });
    const whole = await readBytes(bytes, { chunk: bytes.length, parsers: [eventXmlParser] });
    expect(pieces.events).toEqual(whole.events);
    expect(pieces.problems).toEqual(whole.problems);
    expect(pieces.events.map((e) => [e.fields!.provider, e.line])).toEqual([
      ['B', 1],
      ['A', 2],
    ]);
  });

  it('never throws on noise', async () => {
    const noise = new Uint8Array(20000);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919) % 251;
    const head = utf8(`<Event ${NS}><System>`);
    const bytes = new Uint8Array(head.length + noise.length);
    bytes.set(head);
    bytes.set(noise, head.length);
    const r = await readBytes(bytes, { parsers: [eventXmlParser] });
    expect(r.parser).toBe('event-xml');
    expect(r.events).toEqual([]);
    expect(r.stats!.unparsed).toBeGreaterThan(0);
    expect(readEventXml('<<<not xml')).toBeUndefined();
    expect(readEventXml(`<Event ${NS}><EventData/></Event>`)).toBeUndefined();
  });

  it('gives up an event that never closes within the size limit and reads on', async () => {
    const huge = `<Event ${NS}><System><Provider Name='A'/><EventID>1</EventID>${'<Data>y</Data>'.repeat(400_000)}\n`;
    const good = `<Event ${NS}><System><Provider Name='B'/><EventID>2</EventID><TimeCreated SystemTime='2024-06-11T03:00:00Z'/></System></Event>\n`;
    // the huge one is cut by the next <Event>: one broken event, the good one read
    const r = await readBytes(utf8(huge + good));
    expect(r.events.map((e) => e.fields!.provider)).toEqual(['B']);
    expect(r.stats!.unparsed).toBe(1);
    // closed but too large: skipped to its end
    const closed = `<Event ${NS}><System><Provider Name='A'/><EventID>1</EventID></System><EventData>${'<Data>y</Data>'.repeat(400_000)}</EventData></Event>\n`;
    const r2 = await readBytes(utf8(closed + good), { chunk: 65536 });
    expect(r2.events.map((e) => e.fields!.provider)).toEqual(['B']);
    expect(r2.stats!.unparsed).toBe(1);
    expect(r2.problems[0]).toMatch(/larger than/);
  });
});

describe('the quick XML reader', () => {
  it('builds the same tree as fast-xml-parser for every fixture event', async () => {
    const names = ['saved-all.fr-FR.xml', 'wevtutil-qe.utf16.xml', 'wevtutil-qe.cp1252.xml', 'rendered-split.en-US.xml', 'damaged.xml'];
    let compared = 0;
    for (const name of names) {
      for (const e of (await readFixture(name)).events) {
        expect(quickXml(e.raw!)).toEqual(slowXml(e.raw!));
        compared++;
      }
    }
    expect(compared).toBe(14);
  });

  it('decodes entities and CDATA, drops namespace prefixes, and rejects what is not plain XML', () => {
    expect(quickXml(`<a:Event xmlns:a='x' a:k="1 &amp; 2"><b>&lt;&#x41;&#66;&gt;&quot;&apos;<![CDATA[<raw>]]></b><c/></a:Event>`)).toEqual({
      Event: { '@k': '1 & 2', b: { '#text': `<AB>"'<raw>` }, c: { '#text': '' } },
    });
    expect(quickXml('<a><b></a></b>')).toBeUndefined();
    expect(quickXml('<a>1 < 2</a>')).toBeUndefined();
    expect(quickXml('<a>')).toBeUndefined();
    expect(quickXml('<!DOCTYPE a><a/>')).toBeUndefined();
  });
});
