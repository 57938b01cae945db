// The fact combiners: one answer per subject, read by the report (system.ts) and the detectors alike.
import { describe, expect, it } from 'vitest';
import { makeFacts } from '../../src/facts/store.js';
import { buildSystem } from '../../src/system.js';
import type { Fact } from '../../src/model.js';

const at = (time: number | null): Pick<Fact, 'time' | 'path'> => ({ time, path: 'var/log/waagent.log' });

describe('typed facts', () => {
  it('reads a kind with its own attributes; a misspelt kind or attribute does not compile', () => {
    const facts = makeFacts([{ kind: 'handler-state', value: 'Ext.A', attrs: { version: '1.0', state: 'Enabled' }, ...at(null) }], []);
    expect(facts.of('handler-state')[0]?.attrs?.state).toBe('Enabled');
    // @ts-expect-error 'handler-states' is no fact kind
    expect(facts.of('handler-states')).toEqual([]);
    // @ts-expect-error handler-state facts have no 'stat' attribute
    expect(facts.of('handler-state')[0]?.attrs?.stat).toBeUndefined();
  });
});

describe('agent version', () => {
  it('is the newest goal-state version over an older daemon, for the report and the detectors alike', () => {
    const facts = makeFacts(
      [
        { kind: 'agent-version', role: 'daemon', value: '2.2.45', ...at(1) },
        { kind: 'agent-version', role: 'goal-state', value: '2.9.1.1', ...at(2) },
        { kind: 'agent-version', role: 'goal-state', value: '2.8.0.11', ...at(3) },
        { kind: 'python', value: '3.8.10', ...at(1) },
      ],
      [],
    );
    expect(facts.agent.running?.value).toBe('2.9.1.1');
    expect(facts.agent.python).toBe('3.8.10');
    expect(buildSystem(facts)).toMatchObject({ agentVersion: '2.9.1.1', daemonVersion: '2.2.45' });
  });

  it('falls back to the daemon when no goal-state agent is named', () => {
    const facts = makeFacts([{ kind: 'agent-version', role: 'daemon', value: '2.2.53', ...at(1) }], []);
    expect(facts.agent.running?.value).toBe('2.2.53');
    expect(buildSystem(facts)).not.toHaveProperty('daemonVersion');
  });
});

describe('operating system', () => {
  it('names the distribution that agrees with the platform the sources show', () => {
    const facts = makeFacts(
      [
        { kind: 'os', value: 'ubuntu 22.04', ...at(1) },
        { kind: 'os', value: 'Windows', ...at(2) },
      ],
      [],
      [{ path: 'var/log/waagent.log', parser: 'waagent-log', events: 0 }],
    );
    expect(facts.os).toEqual({ platform: 'linux', name: 'ubuntu 22.04' });
  });
});

describe('extension state', () => {
  it('takes the newest version, the goal state and the newest real outcome', () => {
    const facts = makeFacts(
      [
        { kind: 'extension', value: 'Ext.A', role: '1.0', ...at(1) },
        { kind: 'extension-config', value: 'Ext.A', attrs: { version: '1.2', state: 'enabled' }, ...at(1) },
        { kind: 'extension-status', value: 'Ext.A', attrs: { status: 'success', outcome: 'error' }, ...at(5) },
        { kind: 'extension-status', value: 'Ext.A', attrs: { status: 'transitioning' }, ...at(4) },
      ],
      [],
    );
    expect(facts.extensions.list).toEqual([{ name: 'Ext.A', version: '1.2', state: 'enabled', status: 'error' }]);
    expect(facts.extensions.namedBy('Ext.A')?.kind).toBe('extension');
    expect(facts.extensions.namedBy('Ext.B')).toBeUndefined();
  });
});
