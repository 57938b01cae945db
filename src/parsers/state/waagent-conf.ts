// /etc/waagent.conf (`etc/waagent.conf` in a bundle): `Key=value` lines, `#` comments (whole-line and trailing, as
// the agent's conf.py reads them). One `agent-config` fact per setting: role = key, value = value.
// Proxy credentials (`user:password@` in HttpProxy.*) are dropped; host and port are kept.
import type { DocumentParser } from '../types.js';
import { MiB, fact } from './util.js';

export const WAAGENT_CONF_ID = 'waagent-conf';

export const waagentConfParser: DocumentParser = {
  kind: 'document',
  id: WAAGENT_CONF_ID,
  description: 'guest agent configuration (/etc/waagent.conf)',
  globs: ['**/waagent.conf'],
  maxBytes: 1 * MiB,
  samples: [
    {
      path: 'etc/waagent.conf',
      text: ['# Microsoft Azure Linux Agent Configuration', 'Extensions.Enabled=y', '', 'AutoUpdate.Enabled=n # pinned', 'HttpProxy.Host=http://user:NOTASECRET@proxy.example:3128', '#Logs.Verbose=y'].join('\n'),
      expectFacts: [
        { kind: 'agent-config', role: 'Extensions.Enabled', value: 'y', line: 2, text: 'Extensions.Enabled=y' },
        { kind: 'agent-config', role: 'AutoUpdate.Enabled', value: 'n', line: 4, text: 'AutoUpdate.Enabled=n' },
        { kind: 'agent-config', role: 'HttpProxy.Host', value: 'http://proxy.example:3128', line: 5, attrs: { credentialsRemoved: 'true' } },
      ],
    },
  ],
  parse(source, ctx) {
    const lines = source.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const trimmed = line.trim();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      const eq = trimmed.indexOf('=');
      if (eq <= 0) continue;
      const key = trimmed.slice(0, eq).trim();
      if (!/^[A-Za-z][\w.-]*$/.test(key)) continue;
      let value = trimmed.slice(eq + 1).split('#')[0]!.trim().replace(/^"+|"+$/g, '').trim();
      let removed = false;
      if (/proxy/i.test(key) || /:\/\/[^/@\s]*@/.test(value)) {
        const cleaned = value.replace(/^([a-z][a-z0-9+.-]*:\/\/)?.*@/i, '$1');
        removed = cleaned !== value;
        value = cleaned;
      } else if (/passw|secret|token/i.test(key) && !/^(y|n|yes|no|true|false|none|\d+)$/i.test(value)) {
        value = '***';
        removed = true;
      }
      fact(ctx, 'agent-config', value === '' ? '(empty)' : value, {
        role: key,
        line: i + 1,
        text: `${key}=${value}`,
        ...(removed ? { attrs: { credentialsRemoved: 'true' } } : {}),
      });
    }
  },
};
