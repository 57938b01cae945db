// GoalState.<incarnation>.xml (<= 2.7, in the lib dir) and history/<ts>__<id>/GoalState.xml (2.8+): waagent.md §2.
// The 2.8+ placeholder `<xml>empty placeholder file</xml>` yields nothing and no problem.
import type { DocumentParser } from '../types.js';
import { Locator, MiB, arr, fact, goalStateRoot, historyOf, obj, text } from './util.js';

export const GOAL_STATE_ID = 'goal-state';

export const goalStateParser: DocumentParser = {
  kind: 'document',
  id: GOAL_STATE_ID,
  description: 'WireServer goal state (GoalState.<incarnation>.xml, history/*/GoalState.xml)',
  globs: ['**/GoalState.xml', '**/GoalState.*.xml'],
  maxBytes: 1 * MiB,
  samples: [
    {
      path: 'var/lib/waagent/history/2024-05-01T10-00-00__3.zip/GoalState.xml',
      text: [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<GoalState xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="goalstate10.xsd">',
        '  <Version>2012-11-30</Version>',
        '  <Incarnation>3</Incarnation>',
        '  <Machine><ExpectedState>Started</ExpectedState></Machine>',
        '  <Container>',
        '    <ContainerId>11111111-2222-3333-4444-555555555555</ContainerId>',
        '    <RoleInstanceList><RoleInstance>',
        '      <InstanceId>aaaa.sample-vm</InstanceId>',
        '      <State>Started</State>',
        '    </RoleInstance></RoleInstanceList>',
        '  </Container>',
        '</GoalState>',
      ].join('\n'),
      expectFacts: [
        { kind: 'incarnation', value: '3', role: 'goal-state', line: 4, time: Date.UTC(2024, 4, 1, 10, 0, 0) },
        { kind: 'expected-state', value: 'Started', line: 5 },
        { kind: 'container-id', value: '11111111-2222-3333-4444-555555555555', line: 7 },
        { kind: 'role-instance-id', value: 'aaaa.sample-vm', line: 9, attrs: { state: 'Started' } },
      ],
    },
    { path: 'var/lib/waagent/GoalState.1.xml', text: '<xml>empty placeholder file</xml>', expectFacts: [] },
  ],
  parse(source, ctx) {
    const gs = goalStateRoot(source, ctx, 'goal state', 'GoalState', 'a WireServer goal state');
    if (!gs) return;
    const at = new Locator(source);
    const time = historyOf(ctx.path)?.time ?? null;
    const incarnation = text(gs['Incarnation']);
    fact(ctx, 'incarnation', incarnation, { role: 'goal-state', time, line: at.xml('Incarnation') });
    fact(ctx, 'expected-state', text(obj(gs['Machine'])?.['ExpectedState']), { time, line: at.xml('ExpectedState') });
    const container = obj(gs['Container']);
    fact(ctx, 'container-id', text(container?.['ContainerId']), { time, line: at.xml('ContainerId') });
    for (const ri of arr(obj(container?.['RoleInstanceList'])?.['RoleInstance'])) {
      const id = text(obj(ri)?.['InstanceId']);
      const state = text(obj(ri)?.['State']);
      fact(ctx, 'role-instance-id', id, { time, line: at.xml('InstanceId', undefined, undefined, true), ...(state ? { attrs: { state } } : {}) });
    }
  },
};
