import { describe, expect, it } from 'vitest';
import { cloudInitParser } from '../../../src/parsers/system-logs/index.js';
import { fixedZone, fixture, parse, utc } from './helpers.js';

describe('cloud-init.log', () => {
  it('reads the UTC lines, the levels and the traceback continuation', () => {
    const { events, stats } = parse(cloudInitParser, fixture('cloud-init.log'), { path: 'var/log/cloud-init.log', tz: fixedZone(3) });
    expect(stats).toEqual({ unparsed: 0, formats: ['cloud-init'] });
    expect(events.map((e) => [e.line, e.level, e.fields?.file])).toEqual([
      [1, 'verbose', 'util.py'],
      [2, 'info', 'main.py'],
      [3, 'verbose', 'DataSourceAzure.py'],
      [4, 'warning', 'url_helper.py'],
      [5, 'warning', 'util.py'],
      [6, 'verbose', 'util.py'],
      [12, 'verbose', 'handlers.py'],
      [13, 'error', 'performance.py'],
    ]);
    // cloud-init writes UTC whatever the zone: --tz does not move it.
    expect(events[0]).toMatchObject({ source: 'cloud-init-log', time: utc(2024, 1, 14, 22, 16, 48, 796), timeText: '2024-01-14 22:16:48,796', timeSource: 'utc', format: 'cloud-init' });
    expect(events[5]).toMatchObject({ endLine: 10 });
    expect(events[5]!.message).toBe(
      'failed stage init-local\nTraceback (most recent call last):\n  File "/usr/lib/python3/dist-packages/cloudinit/cmd/main.py", line 767, in status_wrapper\n    ret = functor(name, args)\nOSError: [Errno 28] No space left on device',
    );
  });

  it('reads the rsyslog-written variant with local times', () => {
    const text = 'Jan 14 22:16:48 vm1 [CLOUDINIT] util.py[DEBUG]: Cloud-init v. 0.7.9 running \'init-local\'\nJan 14 22:16:49 vm1 [CLOUDINIT] DataSourceAzure.py[WARNING]: No space left on device\n';
    const { events, stats } = parse(cloudInitParser, text, { tz: fixedZone(1), mtime: new Date('2024-02-01T00:00:00Z') });
    expect(stats).toEqual({ unparsed: 0, formats: ['cloud-init-syslog'] });
    expect(events[0]).toMatchObject({ time: utc(2024, 1, 14, 21, 16, 48), timeSource: 'tz+year-mtime', level: 'verbose', fields: { host: 'vm1', file: 'util.py' }, message: "Cloud-init v. 0.7.9 running 'init-local'" });
    expect(events[1]).toMatchObject({ level: 'error', fields: { kind: 'disk-full', file: 'DataSourceAzure.py' } });
  });
});
