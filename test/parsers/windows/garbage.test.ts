// No input makes a Windows parser throw: random bytes, binary-looking text, huge lines, half headers, broken documents.
import { describe, expect, it } from 'vitest';
import type { DocumentParser, Parser } from '../../../src/parsers/types.js';
import { windowsParsers } from '../../../src/parsers/windows/index.js';
import { detectLayout } from '../../../src/parsers/windows/layout.js';
import { runDoc, runLines } from './helpers.js';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  '[00000004] ',
  '[1748+00000001] ',
  '2024-04-17T07:19:26.812Z ',
  '[11/14/2019 05:52:13.44] ',
  '4/17/2024 7:19:26 PM ',
  '2024-13-45 99:99:99 ',
  '[INFO] ',
  '[ERROR]  ',
  "Getting plugin locations for plugin '",
  "'. Current Version: '",
  'Beginning enable of plugin ',
  'Microsoft.Azure.RecoveryServices.VMSnapshot',
  '(name: ',
  ', version: ',
  'http://168.63.129.16:32526/',
  '(403) Forbidden',
  '<Event time="',
  '" category="ERROR">',
  '</Event>',
  '<![CDATA[',
  '&#0;&#x110000;&amp;',
  '{"aggregateStatus":',
  '"handlerAggregateStatus": [',
  '"status": ',
  'ImageState=',
  '[State]',
  '\u0000',
  '\uFFFD',
  '\t',
  ' ',
  '\\',
  '.',
  '9',
];

function garbage(seed: number, lines: number): string {
  const next = rng(seed);
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    let line = '';
    const n = Math.floor(next() * 12);
    for (let k = 0; k < n; k++) line += next() < 0.7 ? PIECES[Math.floor(next() * PIECES.length)]! : String.fromCharCode(Math.floor(next() * 0xffff));
    out.push(line);
  }
  return out.join(next() < 0.5 ? '\n' : '\r\n');
}

const PATHS: Record<string, string> = {
  'waappagent-log': 'WindowsAzure/Logs/WaAppAgent.log',
  'vmsnapshot-windows-log': 'WindowsAzure/Logs/Plugins/Microsoft.Azure.RecoveryServices.VMSnapshot/1.0.74.0/IaaSBcdrExtension1.log',
  'windows-agent-log': 'WindowsAzure/Logs/Telemetry.log',
  'windows-aggregate-status': 'WindowsAzure/Logs/AggregateStatus/aggregatestatus.json',
  'windows-plugin-seqnumber': 'Packages/Plugins/X.Y/1.0/SeqNumber.txt',
  'windows-plugin-heartbeat': 'Packages/Plugins/X.Y/1.0/Status/HeartBeat.Json',
  'windows-plugin-package': 'Packages/Plugins/X.Y/1.0/PackageInformation.txt',
  'windows-image-state': 'Windows/Setup/State/state.ini',
  'windows-setup-log': 'Windows/Panther/WaSetup.xml',
};

const DOCS = [
  '',
  '   ',
  'null',
  '[]',
  '{}',
  '[null]',
  '"x"',
  '{"aggregateStatus": null}',
  '{"aggregateStatus": {"guestAgentStatus": "Ready", "handlerAggregateStatus": {"handlerName": 5}}}',
  '{"aggregateStatus": {"handlerAggregateStatus": [null, 1, {"handlerName": "A.B", "runtimeSettingsStatus": [null, {"settingsStatus": {"status": "x"}}]}]}}',
  '[{"heartbeat": null}]',
  '<Event time="" category="">',
  '<Event time="2024-99-99T00:00:00Z"/>',
  '<Event time="x"><Message></Message></Event></Event>',
  '<<<>>>',
  '[State]\nImageState=\n',
  '\uFEFF[State]\r\nImageState=IMAGE_STATE_COMPLETE',
];

describe('windows parsers never throw', () => {
  for (const parser of windowsParsers) {
    const path = PATHS[parser.id]!;
    it(`${parser.id}: random text`, () => {
      expect(path).toBeDefined();
      for (let seed = 1; seed <= 30; seed++) {
        const text = garbage(seed, 40);
        if (parser.kind === 'document') runDoc(parser as DocumentParser, path, text);
        else runLines(parser as Parser, path, text);
      }
    });
    it(`${parser.id}: odd documents and huge lines`, () => {
      const inputs = [...DOCS, 'x'.repeat(200_000), `[00000004] 2024-04-17T07:19:26.812Z [ERROR] ${'y'.repeat(100_000)}`, '\n'.repeat(1000)];
      for (const text of inputs) {
        if (parser.kind === 'document') runDoc(parser as DocumentParser, path, text);
        else {
          const r = runLines(parser as Parser, path, text);
          for (const e of r.events) expect(e.message.length).toBeLessThanOrEqual(70_000);
        }
      }
    });
  }

  // A hang guard (the test's time-out), not a timing: one pattern over the body, retried at each opening without a
  // closing, took 43 s on this megabyte of openings, and tag stripping as long on `<` without `>`; now milliseconds.
  it('WaSetup.xml: child elements opened again and again without a close stay linear, and read as before', { timeout: 15_000 }, () => {
    const parser = windowsParsers.find((p) => p.id === 'windows-setup-log') as DocumentParser;
    const event = (body: string) => `<Event time="2019-05-16T21:32:58.660Z" category="ERROR" source="Unattend">${body}</Event>`;
    const crafted = event(`<Message>${'<Message a="1">x'.repeat(60_000)}`);
    const [ev] = runDoc(parser, 'Windows/Panther/WaSetup.xml', crafted).events;
    expect(ev!.message).toMatch(/^x x x/);
    // No child message: the body's text without its tags, where a megabyte of `<` without `>` took as long.
    const unclosed = event(`<UnhandledError>${'<Messag '.repeat(120_000)}`);
    const [plain] = runDoc(parser, 'Windows/Panther/WaSetup.xml', unclosed).events;
    expect(plain!.message.startsWith('<Messag <Messag')).toBe(true);
    // The first opening with a closing after it, whatever comes between; case and attributes as written.
    const read = (body: string) => runDoc(parser, 'Windows/Panther/WaSetup.xml', event(body)).events[0]!.message;
    expect(read('<MESSAGE lang="en">first</message><Message>second</Message>')).toBe('first');
    expect(read('<Messages>not it</Messages><Message>it</Message >')).toBe('it');
    expect(read('<Message>a <b>bold</b> word</Message>')).toBe('a bold word');
    expect(read('<Message>&lt;tag&gt; &amp; more</Message><Number>5</Number>')).toBe('<tag> & more (5)');
  });

  it('detectLayout on random paths: a known layout name, and random paths name none', () => {
    for (let seed = 1; seed <= 20; seed++) expect(detectLayout(garbage(seed, 30).split(/\r?\n/))).toBe('unknown');
    expect(detectLayout([...garbage(3, 30).split(/\r?\n/), 'var/log/waagent.log', 'var/lib/waagent/ExtensionsConfig.1.xml'])).toBe('linux-tarball');
  });
});
