// WALinuxAgent-<ver>/error.json: the agent's error state for a downloaded version (ga/guestagent.py GuestAgentError):
// `{"last_failure": <epoch s>, "failure_count": n, "was_fatal": bool, "reason": "..."}`. A fatal error or
// 3 failures (MAX_FAILURE) blacklist that version: the agent will not run it again.
import type { DocumentParser } from '../types.js';
import { KiB, Locator, attrs, basename, cut, emit, fact, parseJsonObject, secondsToMs, splitNameVersion, str } from './util.js';

export const AGENT_ERROR_ID = 'agent-error-state';

/** ga/guestagent.py MAX_FAILURE. */
const MAX_FAILURE = 3;

export const agentErrorParser: DocumentParser = {
  kind: 'document',
  id: AGENT_ERROR_ID,
  description: 'guest agent version error state (WALinuxAgent-<ver>/error.json)',
  globs: ['**/WALinuxAgent-*/error.json'],
  maxBytes: 64 * KiB,
  samples: [
    {
      path: 'var/lib/waagent/WALinuxAgent-2.9.1.1/error.json',
      text: '{"last_failure": 1709341844.25, "failure_count": 1, "was_fatal": true, "reason": "Agent failed to start: exit code 1"}',
      expectFacts: [
        {
          kind: 'agent-error-state',
          value: '2.9.1.1',
          line: 1,
          time: 1709341844250,
          attrs: { last_failure: '2024-03-02T01:10:44.250Z', failure_count: '1', was_fatal: 'true', blacklisted: 'true', reason: 'Agent failed to start: exit code 1' },
        },
      ],
      expectEvents: [{ level: 'warning', time: 1709341844250, timeSource: 'utc', fields: { version: '2.9.1.1', blacklisted: 'true' } }],
    },
  ],
  parse(source, ctx) {
    const doc = parseJsonObject(source, ctx, 'agent error state (error.json)');
    if (!doc) return;
    const parts = ctx.path.split('/');
    const dir = parts[parts.length - 2] ?? '';
    const version = splitNameVersion(dir).version ?? dir;
    const time = secondsToMs(doc['last_failure']);
    const count = Number(str(doc['failure_count']) ?? '0');
    const fatal = doc['was_fatal'] === true || str(doc['was_fatal'])?.toLowerCase() === 'true';
    const blacklisted = fatal || count >= MAX_FAILURE;
    const reason = str(doc['reason']);
    const lastFailure = time !== null ? new Date(time).toISOString() : undefined;
    const at = new Locator(source);
    const line = at.json('last_failure');
    const a = attrs({
      last_failure: lastFailure,
      failure_count: str(doc['failure_count']),
      was_fatal: fatal ? 'true' : 'false',
      blacklisted: blacklisted ? 'true' : 'false',
      reason: reason ? cut(reason) : undefined,
    });
    fact(ctx, 'agent-error-state', version, { time, line, attrs: a, text: `${basename(dir)}: failure_count=${str(doc['failure_count']) ?? '?'} was_fatal=${fatal}` });
    if (count > 0 || fatal) {
      emit(ctx, AGENT_ERROR_ID, {
        time,
        timeText: lastFailure ?? '',
        timeSource: time !== null ? 'utc' : 'none',
        level: blacklisted ? 'warning' : 'info',
        line,
        raw: at.raw(line),
        message: `Agent WALinuxAgent-${version} error state: ${count} failure(s)${fatal ? ', fatal' : ''}${blacklisted ? ' - blacklisted, it will not be run again' : ''}${reason ? `: ${cut(reason, 200)}` : ''}`,
        fields: { version, failure_count: String(count), was_fatal: fatal ? 'true' : 'false', blacklisted: blacklisted ? 'true' : 'false' },
        format: 'error.json',
      });
    }
  },
};
