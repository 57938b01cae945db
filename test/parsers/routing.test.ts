// The routing table (src/parsers/routing.ts): generated from the registry and the parsers' globs, and which parser
// the production router gives each path and each kind of first lines.
import { readFileSync } from 'node:fs';
import micromatch from 'micromatch';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { GLOB_OPTIONS, renderRouting } from '../../scripts/gen-parser-routing.mjs';
import { eventExportParsers } from '../../src/parsers/event-exports/index.js';
import { extensionLogParsers } from '../../src/parsers/extension-logs/index.js';
import { parsers, router } from '../../src/parsers/index.js';
import { PATH_ROUTES } from '../../src/parsers/routing.js';
import { stateParsers } from '../../src/parsers/state/index.js';
import { systemLogParsers } from '../../src/parsers/system-logs/index.js';
import { windowsParsers } from '../../src/parsers/windows/index.js';

const route = router();
const SNAP = 'var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux';
const WIN_SNAP = 'Microsoft.Azure.RecoveryServices.VMSnapshot';

/** Paths of real bundle layouts and the parser that reads each; undefined: no glob claims it (sniffing decides). */
const PATHS: [string, string | undefined][] = [
  ['Logs/System.evtx', 'evtx'],
  ['device_0/Windows/System32/winevt/Logs/Application.EVTX', 'evtx'],
  ['var/log/waagent.log', 'waagent-log'],
  ['var/log/waagent.log.1', 'waagent-log'],
  ['var/log/waagent.log-20240107.gz', 'waagent-log'],
  ['waagent.log', 'waagent-log'],
  ['old-waagent.log.txt', 'waagent-log'],
  ['var/log/azure/Microsoft.Azure.Extensions.CustomScript/CommandExecution.log', 'waagent-log'],
  ['var/log/azure/Microsoft.CPlat.Core.RunCommandLinux/CommandExecution_runcmd.log', 'waagent-log'],
  ['device_0/WindowsAzure/Logs/WaAppAgent_2024-05-01.log', 'waappagent-log'],
  ['windowsazure/logs/waappagent.log.1', 'waappagent-log'],
  [`WindowsAzure/Logs/Plugins/${WIN_SNAP}/1.0.74.0/IaaSBcdrExtension3.log`, 'vmsnapshot-windows-log'],
  [`WindowsAzure/Logs/Plugins/${WIN_SNAP}/1.0.74.0/CommandExecution.log`, 'windows-agent-log'],
  ['WindowsAzure/Logs/AggregateStatus/aggregatestatus_20240502031205.json', 'windows-aggregate-status'],
  [`Packages/Plugins/${WIN_SNAP}/1.0.74.0/SeqNumber.txt`, 'windows-plugin-seqnumber'],
  [`device_0/Packages/Plugins/${WIN_SNAP}/1.0.74.0/Status/HeartBeat.Json`, 'windows-plugin-heartbeat'],
  [`Packages/Plugins/${WIN_SNAP}/1.0.74.0/Status/12.status`, 'extension-status'],
  [`Packages/Plugins/${WIN_SNAP}/1.0.74.0/RuntimeSettings/12.settings`, 'extension-settings'],
  [`Packages/Plugins/${WIN_SNAP}/1.0.74.0/HandlerManifest.json`, 'handler-manifest'],
  ['device_0/Packages/Plugins/Microsoft.Compute.BGInfo/2.1/PackageInformation.txt', 'windows-plugin-package'],
  ['Windows/Setup/State/State.ini', 'windows-image-state'],
  ['Windows/Panther/WaSetup.xml', 'windows-setup-log'],
  // One path of each Linux state and log file, in the IID layout (`device_0/`); test/parsers/*/ hold the rest.
  ...[
    ['var/lib/waagent/GoalState.7.xml', 'goal-state'],
    ['var/lib/waagent/ExtensionsConfig.7.xml', 'extensions-config'],
    ['var/lib/waagent/VmSettings.7.json', 'vm-settings'],
    ['var/lib/waagent/HostingEnvironmentConfig.xml', 'hosting-environment'],
    ['var/lib/waagent/SharedConfig.xml', 'shared-config'],
    ['var/lib/waagent/Certificates.json', 'certificates'],
    ['var/lib/waagent/ovf-env.xml', 'ovf-env'],
    ['var/lib/waagent/Incarnation', 'incarnation-file'],
    ['var/lib/waagent/waagent_status.json', 'waagent-status'],
    ['var/lib/waagent/Microsoft.Azure.Extensions.CustomScript-2.1.10/config/0.settings', 'extension-settings'],
    ['var/lib/waagent/Microsoft.Azure.Extensions.CustomScript-2.1.10/status/0.status', 'extension-status'],
    ['var/lib/waagent/Microsoft.Azure.Extensions.CustomScript-2.1.10/config/HandlerState', 'handler-state'],
    ['var/lib/waagent/Microsoft.Azure.Extensions.CustomScript-2.1.10/config/HandlerStatus', 'handler-status'],
    ['var/lib/waagent/Microsoft.Azure.Extensions.CustomScript-2.1.10/HandlerEnvironment.json', 'handler-environment'],
    ['var/lib/waagent/Microsoft.Azure.Extensions.CustomScript-2.1.10/HandlerManifest.json', 'handler-manifest'],
    ['var/lib/waagent/Microsoft.Azure.Extensions.CustomScript-2.1.10/mrseq', 'extension-mrseq'],
    ['var/lib/waagent/WALinuxAgent-2.12.0.4/error.json', 'agent-error-state'],
    ['etc/waagent.conf', 'waagent-conf'],
    ['etc/os-release', 'os-release'],
    ['var/lib/waagent/logcollector/results.txt', 'log-collector'],
    ['var/log/azure/custom-script/handler.log', 'generic-log'],
    ['var/log/journal.json', 'journal-json'],
    ['var/log/cloud-init.log', 'cloud-init-log'],
    ['var/log/dmesg', 'dmesg'],
    ['var/log/journalctl.log', 'journal'],
    ['var/log/messages', 'syslog'],
  ].map(([path, id]): [string, string] => [`device_0/${path}`, id!]),
  [`${SNAP}/extension.log`, 'vmsnapshot-log'],
  [`bundle-1/${SNAP}/1.0.9199.0/extension.log.2.gz`, 'vmsnapshot-log'],
  [`${SNAP}/shell.log.1`, 'vmsnapshot-shell'],
  [`${SNAP}/events/1708390801000000000.json`, 'extension-events'],
  ['exports/System.xml', undefined],
  ['paste.md', undefined],
];

describe('routing table', () => {
  it('is generated from the registry and the globs (run npm run build when this fails)', () => {
    expect(readFileSync(new URL('../../src/parsers/routing.ts', import.meta.url), 'utf8')).toBe(renderRouting(parsers));
  });

  it('matches every path as the glob library does, and every matching path holds the route’s required text', () => {
    const globPaths = PATH_ROUTES.map(([, glob]) => glob.replaceAll('**/', 'a/b/').replaceAll('*', 'x'));
    const paths = [...PATHS.map(([path]) => path), ...globPaths, ...globPaths.map((p) => p.toUpperCase())];
    for (const [id, glob, pattern, required] of PATH_ROUTES) {
      for (const path of paths) {
        const matches = micromatch.isMatch(path, glob, GLOB_OPTIONS);
        expect(pattern.test(path), `${id} ${glob} ${path}`).toBe(matches);
        if (matches) expect(path.toLowerCase().includes(required), `${id} ${glob} ${path} holds ${required}`).toBe(true);
      }
    }
  });

  it('has a path above for every parser that claims paths', () => {
    const routed = new Set(PATHS.map(([, id]) => id));
    for (const parser of parsers) if (parser.globs.length > 0) expect(routed.has(parser.id), parser.id).toBe(true);
  });

  it('routes every parser of every family', () => {
    const registered = new Set(parsers);
    for (const parser of [...windowsParsers, ...stateParsers, ...extensionLogParsers, ...systemLogParsers, ...eventExportParsers]) {
      expect(registered.has(parser), parser.id).toBe(true);
    }
  });

  it('refuses a parser whose globs are not in the table', () => {
    const stale = { ...parsers[1]!, globs: ['**/*.new'] };
    expect(() => router([stale])).toThrow(/routing\.ts is stale/);
  });
});

describe('the production router', () => {
  it.each(PATHS)('%s -> %s', (path, id) => expect(route.byPath(path)?.id).toBe(id));

  it('narrowed to some parsers, keeps the production order', () => {
    const narrowed = router([...stateParsers, ...windowsParsers]);
    for (const [path, id] of PATHS) if (id !== undefined && narrowed.byPath(path)) expect(narrowed.byPath(path)?.id, path).toBe(id);
  });

  it.each([
    ['2024-05-02T03:10:41.123456Z INFO ExtHandler ExtHandler Started', 'waagent-log'],
    ['May  2 03:10:41 vm1 python3[812]: 2024-05-02T03:10:41.123456Z INFO Daemon Daemon Azure Linux Agent Version: 2.9.1.1', 'waagent-log'],
    ['[00000004] 2024-04-17T07:19:26.812Z [INFO]  Beginning enable of plugin X.Y.', 'waappagent-log'],
    ['{"__CURSOR":"s=1","__REALTIME_TIMESTAMP":"1705270608123456","MESSAGE":"x"}', 'journal-json'],
    ["2024-01-14 22:16:48,796 - util.py[DEBUG]: Cloud-init v. 23.3.3 running 'init-local'", 'cloud-init-log'],
    ['[    0.000000] Linux version 5.15\n[    0.000000] Command line: ro', 'dmesg'],
    ['-- Logs begin at Sat 2023-12-30 08:12:01 UTC, end at Mon 2024-01-01 00:31:20 UTC. --\nJan 01 00:00:01 vm1 systemd[1]: x', 'journal'],
    ['Jan 14 22:16:48 vm1 systemd[1]: Started x.\nJan 14 22:16:49 vm1 kernel: [  1.0] y', 'syslog'],
    ['2024-04-17 07:19:26 just a line', undefined],
  ])('first lines %j -> %s', (text, id) => expect(route.bySniff(text.split('\n'))?.id).toBe(id));

  it('falls back to the generic text reader for names that look like logs', () => {
    expect(route.fallback('paste.md')?.id).toBe('text-log');
    expect(route.fallback('settings.json')).toBeUndefined();
  });
});
