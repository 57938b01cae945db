// Reaching the Redis of `--queue redis://host:port[/db]` (issue 14): the URL read once into connection options, and a
// first connection that fails fast, so a wrong URL or a Redis that is down is a usage error of one line, not a
// worker that retries forever in silence. Node-only (BullMQ and ioredis); the CLI imports the queue modules only for `fleet --queue` and `worker`.
import './queue-env.js';
import { Queue, type RedisOptions } from 'bullmq';
import { UsageError } from '../options.js';

/** The one queue every fleet and worker of a Redis database shares. */
export const QUEUE_NAME = 'logscan-bundles';

const DEFAULT_PORT = 6379;
/** How long the first connection may take before the URL is reported unreachable. */
const REACH_WITHIN_MS = 5000;

export interface QueueTarget {
  /** The URL as it may be shown: without its password. */
  shown: string;
  connection: RedisOptions;
}

/** `redis://[user:password@]host[:port][/db]` or `rediss://` (TLS) into ioredis options; anything else is a UsageError. */
export function queueTarget(spec: string): QueueTarget {
  let url: URL;
  try {
    url = new URL(spec);
  } catch {
    throw new UsageError(`--queue ${shownSpec(spec)}: expected a Redis URL such as redis://host:6379 or redis://host:6379/2`);
  }
  const shown = urlShown(url);
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new UsageError(`--queue ${shown}: expected a redis:// or rediss:// URL`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new UsageError(`--queue ${shown}: the URL names no host`);
  const port = url.port === '' ? DEFAULT_PORT : Number(url.port);
  const dbText = url.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d{1,5}$/.test(dbText)) throw new UsageError(`--queue ${shown}: the path is a database number (/0, /1, ...), not ${JSON.stringify(dbText)}`);
  const connection: RedisOptions = {
    host,
    port,
    ...(dbText !== '' ? { db: Number(dbText) } : {}),
    ...(url.username !== '' ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password !== '' ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: { servername: host } } : {}),
  };
  return { shown, connection };
}

function urlShown(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password !== '') copy.password = '***';
  return copy.href.replace(/\/$/, '');
}

/** A spec that is not even a URL, shown without anything that looks like a password (user:secret@). */
function shownSpec(spec: string): string {
  return spec.replace(/:[^:@/]*@/, ':***@');
}

/**
 * Connects once, without retrying, within a few seconds: an unreachable Redis (refused, unknown host, time-out, a
 * password it refuses, too old a version) becomes a UsageError naming the URL. The long-lived connections opened
 * afterwards retry on their own, as a worker should when Redis restarts.
 */
export async function checkReachable(target: QueueTarget): Promise<void> {
  const probe = new Queue(QUEUE_NAME, {
    connection: {
      ...target.connection,
      connectTimeout: REACH_WITHIN_MS,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    },
  });
  let lastError: Error | undefined;
  probe.on('error', (error: Error) => (lastError ??= error));
  try {
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${REACH_WITHIN_MS / 1000} s`)), REACH_WITHIN_MS + 1000).unref());
    // Ready means connected, authenticated, and a Redis version BullMQ supports (it asks the server).
    await Promise.race([probe.waitUntilReady(), timeout]);
  } catch (error) {
    const reason = lastError ?? (error as Error);
    throw new UsageError(`--queue ${target.shown}: cannot reach Redis (${oneLine(reason.message)})`);
  } finally {
    await probe.close().catch(() => undefined);
  }
}

function oneLine(text: string): string {
  return text.split('\n')[0]!.trim() || 'no reason given';
}
