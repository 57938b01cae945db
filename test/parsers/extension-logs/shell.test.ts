import { describe, expect, it } from 'vitest';
import { vmSnapshotShellParser } from '../../../src/parsers/extension-logs/index.js';
import { byLine, EXT, fixedZone, fixture, parse, utc, VMSNAPSHOT_DIR } from './helpers.js';

const PATH = `${VMSNAPSHOT_DIR}/shell.log`;

describe('VMSnapshotLinux shell.log', () => {
  const r = parse(vmSnapshotShellParser, fixture('shell.log'), PATH);

  it('reads `date` and host-daemon prefixes; damaged dates are unparsed continuation', () => {
    expect(r.stats).toEqual({ unparsed: 1, formats: ['date', 'host-daemon'] });
    expect(r.events.map((e) => e.line)).toEqual([1, 2, 3, 4, 5, 6, 8]);
    expect(r.events.every((e) => e.source === 'vmsnapshot-shell' && e.extension?.name === EXT)).toBe(true);
  });

  it('`date -u` is UTC; a padded day parses', () => {
    expect(byLine(r.events, 1)).toMatchObject({ time: utc(2024, 2, 1, 23, 0, 1), timeText: 'Thu Feb  1 23:00:01 UTC 2024', timeSource: 'utc', message: 'The command is install, exiting' });
  });

  it('python version unknown is an error; a non-zero rc a warning', () => {
    expect(byLine(r.events, 4)).toMatchObject({ level: 'error', message: 'python version unknown' });
    expect(byLine(r.events, 5)).toMatchObject({ level: 'warning', fields: { rc: '3' } });
    expect(byLine(r.events, 3)).toMatchObject({ level: 'info', fields: { rc: '0' } });
  });

  it('host daemon lines, and a line without a date continues the one before', () => {
    expect(byLine(r.events, 6)).toMatchObject({ format: 'host-daemon', time: utc(2024, 2, 22, 1, 0, 0, 123), endLine: 7, message: 'python3 path exists\na line a script echoed without the date' });
  });

  it('a local zone name follows --tz', () => {
    expect(byLine(r.events, 8)).toMatchObject({ time: utc(2024, 2, 23, 2, 0, 0), timeSource: 'assumed-utc' });
    const tz = parse(vmSnapshotShellParser, fixture('shell.log'), PATH, fixedZone(1));
    expect(byLine(tz.events, 8)).toMatchObject({ time: utc(2024, 2, 23, 1, 0, 0), timeSource: 'tz' });
    expect(byLine(tz.events, 2)).toMatchObject({ time: utc(2024, 2, 20, 1, 0, 0), timeSource: 'utc' });
  });
});
