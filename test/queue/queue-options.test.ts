// The queue's inputs: the --queue URL, the job id of a bundle, job data read back from Redis, the worker's options.
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/options.js';
import { concurrencyOption, workerTiming } from '../../src/cli/worker-command.js';
import { queueTarget } from '../../src/cli/fleet/queue-connection.js';
import { TOOL_VERSION } from '../../src/analyze.js';
import { bundleJob, jobDataOf } from '../../src/cli/fleet/queue-jobs.js';

const dir = mkdtempSync(join(tmpdir(), 'logscan-queue-options-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--queue URL', () => {
  it('reads host, port, database and credentials', () => {
    expect(queueTarget('redis://cache.internal:6380/2').connection).toEqual({ host: 'cache.internal', port: 6380, db: 2 });
    expect(queueTarget('redis://10.0.0.5').connection).toEqual({ host: '10.0.0.5', port: 6379 });
    expect(queueTarget('redis://[::1]:7000').connection).toEqual({ host: '::1', port: 7000 });
    const secured = queueTarget('rediss://worker:s%40cret@cache:6390/0');
    expect(secured.connection).toEqual({ host: 'cache', port: 6390, db: 0, username: 'worker', password: 's@cret', tls: { servername: 'cache' } });
    // Shown in messages without the password.
    expect(secured.shown).toBe('rediss://worker:***@cache:6390/0');
  });

  it.each([
    ['cache:6379', /expected a redis:\/\/ or rediss:\/\/ URL/],
    ['http://cache:6379', /expected a redis:\/\/ or rediss:\/\/ URL/],
    ['redis://cache:6379/jobs', /the path is a database number/],
    ['not a url', /expected a Redis URL such as redis:\/\/host:6379/],
    ['redis://:hunter2@cache:99999', /expected a Redis URL/],
  ])('%s is a usage error', (spec, message) => {
    expect(() => queueTarget(spec)).toThrow(UsageError);
    expect(() => queueTarget(spec)).toThrow(message);
    // A password never shows in the message.
    expect(() => queueTarget(spec)).not.toThrow(/hunter2/);
  });
});

describe('job ids', () => {
  const bundle = join(dir, 'vm1.tgz');
  writeFileSync(bundle, 'bytes');

  it('are the same for the same bundle, path and options: enqueued twice, it is one job', () => {
    const first = bundleJob(bundle, {});
    expect(bundleJob(join(dir, '.', 'vm1.tgz'), {}).id).toBe(first.id);
    expect(first.id).toMatch(/^bundle-[0-9a-f]{40}$/);
    expect(first.data).toEqual({ path: bundle, options: {}, version: TOOL_VERSION });
    expect(bundleJob(bundle, { tz: undefined, maxDepth: undefined }).id).toBe(first.id);
  });

  it('change with the bundle (size, modification time), its path and the reading options', () => {
    const first = bundleJob(bundle, {}).id;
    const other = join(dir, 'vm2.tgz');
    writeFileSync(other, 'bytes');
    expect(bundleJob(other, {}).id).not.toBe(first);
    expect(bundleJob(bundle, { tz: 'Europe/Berlin' }).id).not.toBe(first);
    utimesSync(bundle, new Date('2025-01-01T00:00:00Z'), new Date('2025-01-01T00:00:00Z'));
    const touched = bundleJob(bundle, {}).id;
    expect(touched).not.toBe(first);
    writeFileSync(bundle, 'more bytes');
    utimesSync(bundle, new Date('2025-01-01T00:00:00Z'), new Date('2025-01-01T00:00:00Z'));
    expect(bundleJob(bundle, {}).id).not.toBe(touched);
  });

  it('cannot be made for a path that is not there (the fleet lists it as failed)', () => {
    expect(() => bundleJob(join(dir, 'missing.tgz'), {})).toThrow(/ENOENT/);
  });
});

describe('job data read back from Redis', () => {
  it('keeps a fleet job and refuses anything else', () => {
    const job = { path: '/b/vm1.tgz', options: { tz: '+02:00', maxDepth: 2 }, version: '0.1.0' };
    expect(jobDataOf(job)).toEqual(job);
    for (const junk of [null, 'x', {}, { ...job, path: '' }, { ...job, path: 3 }, { ...job, options: { maxDepth: -1 } }, { ...job, options: { tz: 5 } }, { path: '/b', options: {} }]) {
      expect(jobDataOf(junk)).toBeUndefined();
    }
  });
});

describe('worker options', () => {
  it('--concurrency is a whole number from 1 to 64', () => {
    expect(concurrencyOption(undefined)).toBe(1);
    expect(concurrencyOption('4')).toBe(4);
    for (const bad of ['0', '65', '1.5', 'two', '']) expect(() => concurrencyOption(bad)).toThrow(UsageError);
  });

  it('the lock and stalled-job check can be shortened through the environment', () => {
    expect(workerTiming({})).toEqual({ lockDurationMs: 30_000, stalledIntervalMs: 30_000, maxStalledCount: 2 });
    expect(workerTiming({ LOGSCAN_QUEUE_LOCK_MS: '3000', LOGSCAN_QUEUE_STALLED_CHECK_MS: '1000' })).toMatchObject({ lockDurationMs: 3000, stalledIntervalMs: 1000 });
    expect(() => workerTiming({ LOGSCAN_QUEUE_LOCK_MS: 'soon' })).toThrow(/LOGSCAN_QUEUE_LOCK_MS=soon: expected milliseconds/);
  });
});
