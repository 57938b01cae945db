import { strToU8, zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../src/parsers/run.js';
import { base64Bytes } from '../../src/parsers/waagent/event-payload.js';
import { decodeZlibBase64, looksEncoded, splitEvent, waagentLogParser } from '../../src/parsers/waagent/index.js';

const encode = (text: string): string => Buffer.from(zlibSync(strToU8(text))).toString('base64');
const LAUNCH_FAILED = "Agent WALinuxAgent-2.2.45 launched with command 'python3 -u /usr/sbin/waagent -run-exthandlers' failed with return code: 1";

describe('splitEvent', () => {
  it.each([
    ['Event: name=WALinuxAgent, op=Download, message=Download succeeded, duration=132', { name: 'WALinuxAgent', op: 'Download', message: 'Download succeeded', duration: '132' }],
    ['Event: name=WALA, op=HeartBeat, message=', { name: 'WALA', op: 'HeartBeat', message: '' }],
    ['Event: name=X, op=Install, message=Non-zero exit code: 1, bin/install.sh, duration=-1', { name: 'X', op: 'Install', message: 'Non-zero exit code: 1, bin/install.sh', duration: '-1' }],
    ['Event: name=X, op=Enable, message=took duration=5, still running', { name: 'X', op: 'Enable', message: 'took duration=5, still running' }],
    ['Event: name=X, op=Enable, message=a\nb\n, duration=7  ', { name: 'X', op: 'Enable', message: 'a\nb\n', duration: '7' }],
    ['Event: name=X, op=Enable', { name: 'X', op: 'Enable', message: '' }],
  ])('%j', (text, want) => expect(splitEvent(text)).toEqual(want));

  it.each([['Event happened'], ['Event: name=X without op'], ['Something else']])('not an event: %j', (text) => expect(splitEvent(text)).toBeUndefined());
});

describe('base64 + zlib event messages', () => {
  it('recognises the shape', () => {
    expect(looksEncoded(encode(LAUNCH_FAILED))).toBe(true);
    expect(looksEncoded('eJw1zLs')).toBe(false); // too short
    expect(looksEncoded('Download succeeded, all fine')).toBe(false);
    expect(looksEncoded('aGVsbG8gd29ybGQgaGVsbG8gd29ybGQ=')).toBe(false); // base64 but not zlib
  });

  it('decodes base64 with and without padding', () => {
    expect(new TextDecoder().decode(base64Bytes('aGVsbG8='))).toBe('hello');
    expect(new TextDecoder().decode(base64Bytes('aGVsbG8'))).toBe('hello');
    expect(() => base64Bytes('a$b')).toThrow();
  });

  it('decodes a whole payload', () => {
    expect(decodeZlibBase64(encode(LAUNCH_FAILED))).toEqual({ ok: true, text: LAUNCH_FAILED });
  });

  it('reports a truncated payload, with what could be inflated', () => {
    const cut = encode(LAUNCH_FAILED.repeat(3)).slice(0, 60);
    const result = decodeZlibBase64(cut);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(/truncated|corrupt/);
      expect(result.partial.length).toBeGreaterThan(0);
      expect(LAUNCH_FAILED.repeat(3).startsWith(result.partial)).toBe(true);
    }
  });

  it('puts the decoded text in fields.message and after " [decoded] " in the message', () => {
    const payload = encode(LAUNCH_FAILED);
    const line = `2020/01/02 03:04:05.000000 ERROR Daemon Event: name=WALinuxAgent, op=Enable, message=${payload}, duration=0`;
    const [event] = parseText(waagentLogParser, line).events;
    expect(event!.fields).toEqual({ name: 'WALinuxAgent', op: 'Enable', message: LAUNCH_FAILED, encoded: 'zlib+base64', duration: '0' });
    expect(event!.message).toBe(`Event: name=WALinuxAgent, op=Enable, message=${payload}, duration=0 [decoded] ${LAUNCH_FAILED}`);
    expect(event!.raw).toBe(line);
  });

  it('keeps the raw text and sets decodeError for a cut payload (syslog-wrapped, no duration)', () => {
    const cut = encode(LAUNCH_FAILED).slice(0, 70);
    const line = `Oct 27 20:58:24 vm-name python3[30009]: 2022/10/27 20:58:24.366435 ERROR Daemon Event: name=WALinuxAgent, op=Enable, message=${cut}`;
    const [event] = parseText(waagentLogParser, line).events;
    expect(event!.fields!.message).toBe(cut);
    expect(event!.fields!.encoded).toBeUndefined();
    expect(event!.fields!.decodeError).toBeTruthy();
    expect(LAUNCH_FAILED.startsWith(event!.fields!.decodedPartial!)).toBe(true);
    expect(event!.message).toContain(' [decoded, incomplete] Agent WALinuxAgent-2');
    expect(event).toMatchObject({ level: 'error', prefix: 'Daemon', format: '2.2.27-2.2.45', time: Date.UTC(2022, 9, 27, 20, 58, 24, 366) });
  });

  it('leaves a non-base64 message alone', () => {
    const [event] = parseText(waagentLogParser, '2020/01/02 03:04:05.000000 ERROR Event: name=X, op=Enable, message=eJ but not base64 at all, duration=1').events;
    expect(event!.fields).toEqual({ name: 'X', op: 'Enable', message: 'eJ but not base64 at all', duration: '1' });
  });
});
