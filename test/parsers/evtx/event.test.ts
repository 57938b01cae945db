// What an EVTX record becomes: the LogEvent shape, fields, levels, message and the lazily rendered XML.
import { describe, expect, it } from 'vitest';
import { evtxParser, parseEvtxBytes, renderRecordXml } from '../../../src/parsers/evtx/index.js';
import { one, parseEvtx, spec, writeEvtx } from './read.js';

const AGENT = spec({
  recordId: 4242,
  time: 133537577301234567n, // 2024-03-01T09:08:50.1234567Z in FILETIME ticks
  system: {
    provider: 'Service Control Manager',
    guid: '{555908d1-a6d7-4695-8e1e-26931d2012f4}',
    eventSourceName: 'Service Control Manager',
    eventId: 7034,
    qualifiers: 49152,
    version: 0,
    level: 2,
    task: 0,
    opcode: 0,
    keywords: '0x8080000000000000',
    channel: 'System',
    computer: 'vm-1.contoso.local',
    userId: 'S-1-5-18',
    processId: 640,
    threadId: 7000,
    activityId: '{11111111-2222-3333-4444-555555555555}',
  },
  data: { param1: 'Windows Azure Guest Agent', param2: 1 },
  binary: new Uint8Array([0x57, 0x00, 0x69, 0x00]),
});

describe('evtx events', () => {
  it('has the LogEvent shape with System values as fields and event data as data.<Name>', async () => {
    const event = await one(AGENT);
    expect(event).toMatchObject({
      source: 'evtx',
      path: 'Windows/System32/winevt/Logs/System.evtx',
      line: 0,
      record: 4242,
      time: Date.UTC(2024, 2, 1, 9, 8, 50, 123),
      timeText: '2024-03-01T09:08:50.1234567Z',
      timeSource: 'utc',
      level: 'error',
      message: 'Service Control Manager 7034: param1=Windows Azure Guest Agent; param2=1; Binary=57006900',
    });
    expect(event.fields).toEqual({
      provider: 'Service Control Manager',
      providerGuid: '{555908D1-A6D7-4695-8E1E-26931D2012F4}',
      eventSourceName: 'Service Control Manager',
      eventId: '7034',
      qualifiers: '49152',
      version: '0',
      levelValue: '2',
      task: '0',
      opcode: '0',
      keywords: '0x8080000000000000',
      recordId: '4242',
      activityId: '{11111111-2222-3333-4444-555555555555}',
      processId: '640',
      threadId: '7000',
      channel: 'System',
      computer: 'vm-1.contoso.local',
      userId: 'S-1-5-18',
      'data.param1': 'Windows Azure Guest Agent',
      'data.param2': '1',
      'data.Binary': '57006900',
    });
  });

  it.each([
    [1, 'error'],
    [2, 'error'],
    [3, 'warning'],
    [4, 'info'],
    [0, 'info'],
    [5, 'verbose'],
  ] as const)('maps System/Level %i to %s', async (level, expected) => {
    expect((await one({ system: { level } })).level).toBe(expected);
  });

  it('numbers unnamed <Data> from 0 and shows their values alone in the message', async () => {
    const event = await one({ system: { provider: 'Application Error', eventId: 1000 }, data: ['WaAppAgent.exe', '2.7.41491.1102', null, 'c0000005'] });
    expect(event.fields).toMatchObject({ 'data.0': 'WaAppAgent.exe', 'data.1': '2.7.41491.1102', 'data.2': '', 'data.3': 'c0000005' });
    expect(event.message).toBe('Application Error 1000: WaAppAgent.exe; 2.7.41491.1102; ; c0000005');
  });

  it('flattens UserData leaf elements as data.<ElementName>', async () => {
    const event = await one({ userData: { name: 'EventXML', xmlns: 'Event_NS', values: { Param1: 'VSS', Param2: 'stopped' } } });
    expect(event.fields).toMatchObject({ 'data.Param1': 'VSS', 'data.Param2': 'stopped' });
    expect(event.message).toBe('Test-Provider 100: Param1=VSS; Param2=stopped');
  });

  it('gives UserData attributes as data.<Element>.<attribute>', async () => {
    const event = await one({
      content: {
        el: 'UserData',
        children: [{ el: 'Op', attrs: { xmlns: 'http://x' }, children: [{ el: 'Result', attrs: { value: { sub: { t: 'hexint32', v: 5 } } } }, { el: 'URL', attrs: { scheme: 'http' }, children: ['http://a'] }] }],
      },
    });
    expect(event.fields).toMatchObject({ 'data.Result.value': '0x5', 'data.URL.scheme': 'http', 'data.URL': 'http://a' });
    expect(event.fields).not.toHaveProperty('data.Result');
    expect(event.message).toBe('Test-Provider 100: Result.value=0x5; URL.scheme=http; URL=http://a');
  });

  it('keeps the message on one line and cuts it near 2000 characters', async () => {
    const event = await one({ data: { text: 'line one\r\n\tline two\n' + 'x'.repeat(3000) } });
    expect(event.message.startsWith('Test-Provider 100: text=line one line two xxx')).toBe(true);
    expect(event.message).not.toMatch(/[\r\n\t]/);
    expect(event.message.length).toBeLessThanOrEqual(2002);
    expect(event.fields?.['data.text']?.startsWith('line one\r\n\tline two\n')).toBe(true);
  });

  it('renders the XML when raw is first read; raw can be replaced, spread and cloned', async () => {
    const event = await one(AGENT);
    const xml = event.raw!;
    expect(xml).toBe(
      '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System>' +
        '<Provider Name="Service Control Manager" Guid="{555908D1-A6D7-4695-8E1E-26931D2012F4}" EventSourceName="Service Control Manager"/>' +
        '<EventID Qualifiers="49152">7034</EventID><Version>0</Version><Level>2</Level><Task>0</Task><Opcode>0</Opcode>' +
        '<Keywords>0x8080000000000000</Keywords><TimeCreated SystemTime="2024-03-01T09:08:50.1234567Z"/><EventRecordID>4242</EventRecordID>' +
        '<Correlation ActivityID="{11111111-2222-3333-4444-555555555555}"/><Execution ProcessID="640" ThreadID="7000"/>' +
        '<Channel>System</Channel><Computer>vm-1.contoso.local</Computer><Security UserID="S-1-5-18"/></System>' +
        '<EventData><Data Name="param1">Windows Azure Guest Agent</Data><Data Name="param2">1</Data><Binary>57006900</Binary></EventData></Event>',
    );
    expect(event.raw).toBe(xml);
    expect({ ...event }.raw).toBe(xml);
    expect(structuredClone(event).raw).toBe(xml);
    expect(JSON.parse(JSON.stringify(event)).raw).toBe(xml);
    event.raw = 'replaced';
    expect(event.raw).toBe('replaced');
  });

  it('renders one record by EventRecordID, pretty-printed on request', () => {
    const bytes = writeEvtx([spec({ data: { a: '1' } }), AGENT, spec({ recordId: 5000 })]);
    const xml = renderRecordXml(bytes, 4242, { indent: '  ' })!;
    expect(xml.split('\n').slice(0, 4)).toEqual([
      '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">',
      '  <System>',
      '    <Provider Name="Service Control Manager" Guid="{555908D1-A6D7-4695-8E1E-26931D2012F4}" EventSourceName="Service Control Manager"/>',
      '    <EventID Qualifiers="49152">7034</EventID>',
    ]);
    expect(xml).toContain('\n  <EventData>\n    <Data Name="param1">Windows Azure Guest Agent</Data>\n');
    expect(renderRecordXml(bytes, 99)).toBeUndefined();
    expect(parseEvtxBytes(bytes).events.map((e) => e.record)).toEqual([1, 4242, 5000]);
  });

  it('yields the events its samples expect', async () => {
    for (const sample of evtxParser.samples) {
      const { events, problems } = await parseEvtx(sample.bytes());
      expect(problems, sample.name).toEqual([]);
      expect(events, sample.name).toHaveLength(sample.expectEvents.length);
      sample.expectEvents.forEach((expected, i) => expect(events[i], sample.name).toMatchObject(expected));
    }
  });
});

describe('evtx record without a time', () => {
  it('takes a zero FILETIME as no time (wiped records)', async () => {
    const { events } = await parseEvtx(
      writeEvtx([{ time: 0n, system: { provider: 'Test', eventId: 1, level: 4, channel: 'System', computer: 'vm' } }]),
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.time).toBeNull();
    expect(events[0]!.timeSource).toBe('none');
  });
});
