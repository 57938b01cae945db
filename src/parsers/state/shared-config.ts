// SharedConfig.xml (lib dir, history/*/): deployment, role instance and its private IP address. waagent.md §2.
import type { DocumentParser } from '../types.js';
import { Locator, MiB, arr, attr, attrs, fact, goalStateRoot, historyOf, obj } from './util.js';

export const SHARED_CONFIG_ID = 'shared-config';

export const sharedConfigParser: DocumentParser = {
  kind: 'document',
  id: SHARED_CONFIG_ID,
  description: 'WireServer shared configuration (SharedConfig.xml)',
  globs: ['**/SharedConfig.xml', '**/SharedConfig.*.xml'],
  maxBytes: 4 * MiB,
  samples: [
    {
      path: 'var/lib/waagent/SharedConfig.xml',
      text: [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<SharedConfig version="1.0.0.0" goalStateIncarnation="2">',
        '  <Deployment name="0123456789abcdef0123456789abcdef" guid="{00000000-0000-0000-0000-000000000001}" incarnation="5" />',
        '  <Incarnation number="2" instance="_sample-vm" guid="{00000000-0000-0000-0000-000000000002}" />',
        '  <Role guid="{00000000-0000-0000-0000-000000000003}" name="_sample-vm" settleTimeSeconds="10" />',
        '  <Instances>',
        '    <Instance id="_sample-vm" address="10.0.0.4"><InputEndpoints /></Instance>',
        '  </Instances>',
        '</SharedConfig>',
      ].join('\n'),
      expectFacts: [
        { kind: 'incarnation', value: '2', role: 'shared-config', line: 2 },
        { kind: 'deployment-name', value: '0123456789abcdef0123456789abcdef', line: 3 },
        { kind: 'role-name', value: '_sample-vm', line: 5 },
        { kind: 'role-instance', value: '_sample-vm', line: 7, attrs: { address: '10.0.0.4' } },
      ],
    },
  ],
  parse(source, ctx) {
    const sc = goalStateRoot(source, ctx, 'shared configuration', 'SharedConfig', 'a shared configuration');
    if (!sc) return;
    const at = new Locator(source);
    const time = historyOf(ctx.path)?.time ?? null;
    fact(ctx, 'incarnation', attr(sc, 'goalStateIncarnation') ?? attr(sc['Incarnation'], 'number'), { role: 'shared-config', time, line: at.xml('SharedConfig') });
    const dep = sc['Deployment'];
    fact(ctx, 'deployment-name', attr(dep, 'name'), { time, line: at.xml('Deployment'), attrs: attrs({ guid: attr(dep, 'guid'), incarnation: attr(dep, 'incarnation') }) });
    fact(ctx, 'role-name', attr(sc['Role'], 'name'), { time, line: at.xml('Role') });
    for (const inst of arr(obj(sc['Instances'])?.['Instance'])) {
      const id = attr(inst, 'id');
      if (!id) continue;
      fact(ctx, 'role-instance', id, { time, line: at.xml('Instance', 'id', id, true), attrs: attrs({ address: attr(inst, 'address') }) });
    }
  },
};
