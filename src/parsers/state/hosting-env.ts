// HostingEnvironmentConfig.xml (lib dir, history/*/): deployment, role and VM instance names. waagent.md §2.
// Never reported: <ApplicationSettings> values (storage connection strings with account keys live there).
import type { DocumentParser } from '../types.js';
import { Locator, MiB, attr, attrs, fact, goalStateRoot, historyOf } from './util.js';

export const HOSTING_ENV_ID = 'hosting-environment';

export const hostingEnvironmentParser: DocumentParser = {
  kind: 'document',
  id: HOSTING_ENV_ID,
  description: 'WireServer hosting environment configuration (HostingEnvironmentConfig.xml)',
  globs: ['**/HostingEnvironmentConfig.xml', '**/HostingEnvironmentConfig.*.xml'],
  maxBytes: 4 * MiB,
  samples: [
    {
      path: 'var/lib/waagent/HostingEnvironmentConfig.xml',
      text: [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<HostingEnvironmentConfig version="1.0.0.0" goalStateIncarnation="2">',
        '  <Deployment name="0123456789abcdef0123456789abcdef" guid="{00000000-0000-0000-0000-000000000001}" incarnation="5" />',
        '  <Incarnation number="2" instance="_sample-vm" guid="{00000000-0000-0000-0000-000000000002}" />',
        '  <Role guid="{00000000-0000-0000-0000-000000000003}" name="_sample-vm" settleTimeSeconds="10" />',
        '  <ApplicationSettings><Setting name="ConnectionString" value="AccountKey=NOTASECRET" /></ApplicationSettings>',
        '</HostingEnvironmentConfig>',
      ].join('\n'),
      expectFacts: [
        { kind: 'incarnation', value: '2', role: 'hosting-environment', line: 2 },
        { kind: 'deployment-name', value: '0123456789abcdef0123456789abcdef', line: 3, attrs: { incarnation: '5' } },
        { kind: 'vm-name', value: 'sample-vm', line: 4, attrs: { instance: '_sample-vm' } },
        { kind: 'role-name', value: '_sample-vm', line: 5 },
      ],
    },
  ],
  parse(source, ctx) {
    const he = goalStateRoot(source, ctx, 'hosting environment configuration', 'HostingEnvironmentConfig', 'a hosting environment configuration');
    if (!he) return;
    const at = new Locator(source);
    const time = historyOf(ctx.path)?.time ?? null;
    const inc = he['Incarnation'];
    fact(ctx, 'incarnation', attr(he, 'goalStateIncarnation') ?? attr(inc, 'number'), { role: 'hosting-environment', time, line: at.xml('HostingEnvironmentConfig') });
    const dep = he['Deployment'];
    fact(ctx, 'deployment-name', attr(dep, 'name'), { time, line: at.xml('Deployment'), attrs: attrs({ guid: attr(dep, 'guid'), incarnation: attr(dep, 'incarnation') }) });
    const instance = attr(inc, 'instance');
    fact(ctx, 'vm-name', instance?.replace(/^_/, ''), { time, line: at.xml('Incarnation'), attrs: attrs({ instance }) });
    fact(ctx, 'role-name', attr(he['Role'], 'name'), { time, line: at.xml('Role') });
  },
};
