import { describe, expect, it } from 'vitest';
import { baseName, joinPath, normalizePath } from '../../src/ingest/paths.js';

describe('normalizePath', () => {
  it.each([
    ['var/log/waagent.log', 'var/log/waagent.log'],
    ['./var/log/syslog', 'var/log/syslog'],
    ['/var/log/syslog', 'var/log/syslog'],
    ['///var//log///syslog', 'var/log/syslog'],
    ['var/./log/./syslog', 'var/log/syslog'],
    ['WindowsAzure\\Logs\\WaAppAgent.log', 'WindowsAzure/Logs/WaAppAgent.log'],
    ['C:\\Windows\\x', 'Windows/x'],
    ['c:/Packages/Plugins/x.status', 'Packages/Plugins/x.status'],
    ['C:relative\\x', 'relative/x'],
    ['\\\\server\\share\\x.log', 'server/share/x.log'],
    ['../../etc/passwd', 'etc/passwd'],
    ['a/b/../../../../etc/passwd', 'etc/passwd'],
    ['a/b/../c', 'a/c'],
    ['/abs/x', 'abs/x'],
    ['var/log/', 'var/log'],
    ['..', ''],
    ['/', ''],
    ['.', ''],
    ['a:b/c', 'b/c'], // drive-relative
    ['ab:c/d', 'ab:c/d'],
    ['var/log/x:y', 'var/log/x:y'],
  ])('%j -> %j', (input, expected) => {
    expect(normalizePath(input)).toBe(expected);
  });

  it('never returns a path that leaves the root or is absolute', () => {
    for (const name of ['../x', '/../x', '..\\..\\x', 'C:\\..\\..\\x', './../.././x', 'a/../../x']) {
      const p = normalizePath(name);
      expect(p).toBe('x');
    }
  });
});

describe('joinPath / baseName', () => {
  it('joins a nested member under its archive', () => {
    expect(joinPath('history/a.zip', 'GoalState.xml')).toBe('history/a.zip/GoalState.xml');
    expect(joinPath('', 'x')).toBe('x');
    expect(joinPath('x', '')).toBe('x');
  });
  it('takes the last segment with either separator', () => {
    expect(baseName('/tmp/a/bundle.tgz')).toBe('bundle.tgz');
    expect(baseName('C:\\x\\logs.zip')).toBe('logs.zip');
    expect(baseName('dir/')).toBe('dir');
  });
});
