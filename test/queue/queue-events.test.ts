// The fleet hears every job event written after it starts listening, even one written before its QueueEvents has
// sent its first XREAD (BullMQ's '$' start would miss that one: a fleet or test then waited for a job that was done).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { QUEUE_NAME, queueTarget } from '../../src/cli/fleet/queue-connection.js';
import { eventsFromNow } from '../../src/cli/fleet/queue-gather.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';

let redis: RedisServer;
beforeAll(async () => void (redis = await startRedisServer()));
afterAll(async () => void (await redis?.stop()));

it('hears an event written right after it was made, and none written before', { timeout: 20_000 }, async () => {
  const target = queueTarget(redis.url);
  const queue = new Queue(QUEUE_NAME, { connection: target.connection });
  const client = await queue.client;
  const stream = queue.keys.events!;
  await client.xadd(stream, '*', { event: 'failed', jobId: 'before', failedReason: 'old news' });
  const events = await eventsFromNow(queue, target);
  try {
    const heard: string[] = [];
    let heardAfter!: (args: { jobId: string; failedReason: string }) => void;
    const after = new Promise((resolve) => (heardAfter = resolve));
    events.on('failed', (args) => {
      heard.push(args.jobId);
      if (args.jobId === 'after') heardAfter(args);
    });
    // Written at once, on another connection, before the events' own connection has even connected.
    await client.xadd(stream, '*', { event: 'failed', jobId: 'after', failedReason: 'no bundle' });
    await events.waitUntilReady();
    await expect(after).resolves.toMatchObject({ jobId: 'after', failedReason: 'no bundle' });
    expect(heard).toEqual(['after']);
  } finally {
    await events.close();
    await queue.close();
  }
});
