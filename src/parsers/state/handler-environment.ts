// <Publisher.Type>-<version>/HandlerEnvironment.json: where the agent told the extension to log, read its config,
// write its status and events (`[{"name", "version", "handlerEnvironment": {logFolder, configFolder, ...}}]`).
import type { DocumentParser } from '../types.js';
import { Locator, MiB, attrs, extensionFromPath, fact, handlerItem, pickStrings, str } from './util.js';

export const HANDLER_ENVIRONMENT_ID = 'handler-environment';

export const handlerEnvironmentParser: DocumentParser = {
  kind: 'document',
  id: HANDLER_ENVIRONMENT_ID,
  description: 'extension handler environment (<Publisher.Type>-<version>/HandlerEnvironment.json)',
  globs: ['**/HandlerEnvironment.json'],
  maxBytes: 1 * MiB,
  samples: [
    {
      path: 'var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/HandlerEnvironment.json',
      text: [
        '[{',
        '  "name": "Microsoft.Azure.RecoveryServices.VMSnapshotLinux",',
        '  "version": 1.0,',
        '  "handlerEnvironment": {',
        '    "logFolder": "/var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux",',
        '    "configFolder": "/var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/config",',
        '    "statusFolder": "/var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/status",',
        '    "heartbeatFile": "/var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/heartbeat.log",',
        '    "eventsFolder": "/var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/events"',
        '  }',
        '}]',
      ].join('\n'),
      expectFacts: [
        {
          kind: 'handler-environment',
          value: 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux',
          line: 4,
          attrs: {
            version: '1.0.9225.0',
            environmentVersion: '1',
            logFolder: '/var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux',
            eventsFolder: '/var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/events',
          },
        },
      ],
    },
  ],
  parse(source, ctx) {
    const doc = handlerItem(source, ctx, 'HandlerEnvironment.json', 'handlerEnvironment');
    if (!doc) return;
    const { item, value: env } = doc;
    const ext = extensionFromPath(ctx.path, 0);
    const at = new Locator(source);
    fact(ctx, 'handler-environment', ext?.name ?? str(item['name']), {
      line: at.json('handlerEnvironment'),
      text: `logFolder=${str(env['logFolder']) ?? '?'}`,
      attrs: attrs({
        version: ext?.version,
        environmentVersion: str(item['version']),
        ...pickStrings(env, ['logFolder', 'configFolder', 'statusFolder', 'heartbeatFile', 'eventsFolder']),
        eventsFolderPreview: str(env['eventsFolder_preview']),
      }),
    });
  },
};
