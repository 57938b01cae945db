// Runs the state parsers over the WALinuxAgent test data in ../shared/corpus/waagent-tests-data (read in place, never
// copied). Each relevant file is given the path it has in a bundle, routed by the globs, and must parse with no
// problem; goal states, extension configurations and FastTrack settings must yield their facts.
// Skipped when the corpus is not beside the project.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Fact, LogEvent } from '../../src/model.js';
import { router } from '../../src/parsers/index.js';
import { stateParsers } from '../../src/parsers/state/index.js';
import type { DocumentParser } from '../../src/parsers/types.js';
import { ASSUME_UTC } from '../../src/time/zone.js';

const corpus = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'corpus', 'waagent-tests-data');
const present = existsSync(corpus);
const route = router(stateParsers);

/** Corpus file (relative path) -> the path such a file has in a bundle. */
const PLACES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/(^|\/)(goal_state[^/]*|GoalState[^/]*)\.xml$/, (m) => `var/lib/waagent/GoalState.${m.index}.xml`],
  [/(^|\/)(ext_conf[^/]*|ExtensionsConfig[^/]*)\.xml$/, (m) => `var/lib/waagent/ExtensionsConfig.${m.index}.xml`],
  [/(^|\/)(vm_settings|VmSettings[^/]*)\.json$/, () => 'var/lib/waagent/history/2024-05-01T10-00-00__1.zip/VmSettings.json'],
  [/(^|\/)(hosting_env|HostingEnvironmentConfig)\.xml$/, () => 'var/lib/waagent/HostingEnvironmentConfig.xml'],
  [/(^|\/)(shared_config|SharedConfig)\.xml$/, () => 'var/lib/waagent/SharedConfig.xml'],
  [/(^|\/)Certificates\.json$/, () => 'var/lib/waagent/history/2024-05-01T10-00-00__1.zip/Certificates.json'],
  [/(^|\/)ovf-env[^/]*\.xml$/, () => 'var/lib/waagent/ovf-env.xml'],
  [/(^|\/)sample-status[^/]*\.json$/, () => 'var/lib/waagent/Microsoft.Azure.Extension.VMExtension-1.0.0/status/0.status'],
  [/(^|\/)(valid_manifest|HandlerManifest)\.json$/, () => 'var/lib/waagent/OSTCExtensions.ExampleHandlerLinux-1.3.0/HandlerManifest.json'],
  [/(^|\/)(test_)?waagent\.conf$/, () => 'etc/waagent.conf'],
];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

interface Run {
  rel: string;
  path: string;
  parser: DocumentParser;
  text: string;
  facts: Fact[];
  events: LogEvent[];
  problems: string[];
}

function runAll(): Run[] {
  const runs: Run[] = [];
  for (const full of walk(corpus).sort()) {
    const rel = relative(corpus, full).split('\\').join('/');
    for (const [re, place] of PLACES) {
      const m = re.exec(rel);
      if (!m) continue;
      const path = place(m);
      const parser = route.byPath(path);
      if (!parser || parser.kind !== 'document') throw new Error(`${rel}: ${path} routes to no document parser`);
      const text = readFileSync(full, 'utf8');
      const run: Run = { rel, path, parser, text, facts: [], events: [], problems: [] };
      parser.parse(text, { path, tz: ASSUME_UTC, emit: (e) => run.events.push(e), fact: (f) => run.facts.push(f), problem: (p) => run.problems.push(p) });
      runs.push(run);
      break;
    }
  }
  return runs;
}

const kinds = (r: Run, kind: string): Fact[] => r.facts.filter((f) => f.kind === kind);

describe.skipIf(!present)('corpus: WALinuxAgent state files', () => {
  const runs = present ? runAll() : [];
  const of = (id: string): Run[] => runs.filter((r) => r.parser.id === id);

  it('finds the relevant files', () => {
    expect(runs.length).toBeGreaterThanOrEqual(25);
    for (const id of ['goal-state', 'extensions-config', 'vm-settings', 'hosting-environment', 'shared-config', 'ovf-env', 'extension-status', 'handler-manifest', 'waagent-conf']) {
      expect(of(id).length, id).toBeGreaterThan(0);
    }
  });

  for (const run of runs) {
    it(`${run.rel} (${run.parser.id}) parses without a problem`, () => {
      expect(run.problems).toEqual([]);
      expect(run.facts.length).toBeGreaterThan(0);
      for (const f of run.facts) {
        expect(f.path).toBe(run.path);
        expect(f.line).toBeGreaterThanOrEqual(1);
      }
    });
  }

  it('goal states: incarnation, container id, role instance id', () => {
    for (const r of of('goal-state')) {
      const incarnation = /<Incarnation>(\d+)<\/Incarnation>/.exec(r.text)![1];
      expect(kinds(r, 'incarnation').map((f) => f.value), r.rel).toEqual([incarnation]);
      expect(kinds(r, 'container-id'), r.rel).toHaveLength(1);
      expect(kinds(r, 'role-instance-id'), r.rel).toHaveLength(1);
    }
  });

  it('extensions configs: incarnation, one extension-config per plugin with name and version, GA family versions', () => {
    for (const r of of('extensions-config')) {
      expect(kinds(r, 'incarnation').map((f) => f.value), r.rel).toEqual([/goalStateIncarnation="(\d+)"/.exec(r.text)![1]]);
      const section = /<Plugins>([\s\S]*?)<\/Plugins>/.exec(r.text)?.[1] ?? '';
      const plugins = [...section.matchAll(/<Plugin name="([^"]+)" version="([^"]+)"/g)].map((m) => [m[1], m[2]]);
      expect(plugins.length, r.rel).toBeGreaterThan(0);
      expect(kinds(r, 'extension-config').map((f) => [f.value, f.attrs?.['version']]), r.rel).toEqual(plugins);
      const familyVersions = [...r.text.matchAll(/<Version>([\d.]+)<\/Version>\s*<\/GAFamily>/g)].map((m) => m[1]);
      expect(kinds(r, 'ga-family-version').map((f) => f.value), r.rel).toEqual(familyVersions);
    }
    expect(of('extensions-config').some((r) => kinds(r, 'ga-family-version').length > 0)).toBe(true);
  });

  it('FastTrack VmSettings: extension-config per extensionGoalState, GA family version, HostGAPlugin version', () => {
    for (const r of of('vm-settings')) {
      const doc = JSON.parse(r.text) as { hostGAPluginVersion: string; extensionGoalStates: { name: string; version: string }[]; gaFamilies: { name: string; version?: string }[] };
      expect(kinds(r, 'extension-config').map((f) => [f.value, f.attrs?.['version'], f.attrs?.['source']]), r.rel).toEqual(
        doc.extensionGoalStates.map((e) => [e.name, e.version, 'VmSettings']),
      );
      expect(kinds(r, 'ga-family-version').map((f) => [f.role, f.value]), r.rel).toEqual(doc.gaFamilies.filter((g) => g.version).map((g) => [g.name, g.version]));
      expect(kinds(r, 'host-ga-plugin-version').map((f) => f.value)).toEqual([doc.hostGAPluginVersion]);
    }
  });

  it('protected settings never appear in a fact', () => {
    for (const r of [...of('extensions-config'), ...of('vm-settings')]) {
      const out = JSON.stringify(r.facts);
      for (const m of r.text.matchAll(/"protectedSettings":\s*"([^"]{12,})"/g)) expect(out, r.rel).not.toContain(m[1]!);
      expect(out).not.toMatch(/sig=|\?sv=/);
    }
  });

  it('ovf-env: hostname, admin user, guest agent provisioning, no password', () => {
    for (const r of of('ovf-env')) {
      expect(kinds(r, 'hostname').map((f) => f.value)).toEqual(['HostName']);
      expect(kinds(r, 'admin-user').map((f) => [f.value, f.attrs?.['hasPassword']])).toEqual([['UserName', 'true']]);
      expect(kinds(r, 'provision-guest-agent').map((f) => f.value)).toEqual([/<wa:ProvisionGuestAgent>(\w+)</.exec(r.text)![1]]);
      expect(JSON.stringify(r.facts)).not.toContain('"UserPassword"');
    }
  });

  it('extension status samples: a success with the nested VMSnapshotLinux status read', () => {
    for (const r of of('extension-status')) {
      expect(kinds(r, 'extension-status').map((f) => f.attrs?.['outcome'])).toEqual(['success']);
      expect(r.events.map((e) => e.level)).toEqual(['info']);
    }
    const sample = of('extension-status').find((r) => r.rel.endsWith('sample-status.json'))!;
    expect(kinds(sample, 'extension-status')[0]!.attrs).toMatchObject({ substatusStatus: 'success', snapshotCreator: 'backupHostService', hostStatusCodeDoSnapshot: '200', snapshots: '6', snapshotsFailed: '0' });
  });

  it('waagent.conf: one fact per setting line', () => {
    for (const r of of('waagent-conf')) {
      const settings = r.text.split('\n').filter((l) => /^[A-Za-z][\w.-]*\s*=/.test(l.trim()) && !l.trim().startsWith('#'));
      expect(kinds(r, 'agent-config').length, r.rel).toBe(settings.length);
    }
  });
});
