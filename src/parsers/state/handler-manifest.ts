// <Publisher.Type>-<version>/HandlerManifest.json (also the agent's own WALinuxAgent-<ver>/HandlerManifest.json):
// the handler's commands and behaviour flags (`[{"name","version","handlerManifest":{...},"resourceLimits"?}]`).
import type { DocumentParser } from '../types.js';
import { Locator, MiB, attrs, cut, extensionFromPath, fact, handlerItem, obj, str } from './util.js';

export const HANDLER_MANIFEST_ID = 'handler-manifest';

export const handlerManifestParser: DocumentParser = {
  kind: 'document',
  id: HANDLER_MANIFEST_ID,
  description: 'extension handler manifest (<Publisher.Type>-<version>/HandlerManifest.json)',
  globs: ['**/HandlerManifest.json'],
  maxBytes: 1 * MiB,
  samples: [
    {
      path: 'var/lib/waagent/Microsoft.Azure.Extensions.CustomScript-2.1.10/HandlerManifest.json',
      text: [
        '[{',
        '  "name": "CustomScript",',
        '  "version": 1.0,',
        '  "handlerManifest": {',
        '    "installCommand": "bin/custom-script-shim install",',
        '    "enableCommand": "bin/custom-script-shim enable",',
        '    "updateMode": "UpdateWithInstall",',
        '    "reportHeartbeat": false,',
        '    "continueOnUpdateFailure": false',
        '  },',
        '  "resourceLimits": { "cpuQuotaPercentage": 10 }',
        '}]',
      ].join('\n'),
      expectFacts: [
        {
          kind: 'handler-manifest',
          value: 'Microsoft.Azure.Extensions.CustomScript',
          line: 4,
          attrs: { version: '2.1.10', updateMode: 'UpdateWithInstall', reportHeartbeat: 'false', enableCommand: 'bin/custom-script-shim enable', 'resourceLimits.cpuQuotaPercentage': '10' },
        },
      ],
    },
  ],
  parse(source, ctx) {
    const doc = handlerItem(source, ctx, 'HandlerManifest.json', 'handlerManifest');
    if (!doc) return;
    const { item, value: manifest } = doc;
    const ext = extensionFromPath(ctx.path, 0);
    const values: Record<string, string | undefined> = { version: ext?.version, manifestName: str(item['name']), manifestVersion: str(item['version']) };
    for (const [k, v] of Object.entries(manifest)) {
      const s = str(v);
      if (s !== undefined) values[k] = cut(s, 200);
    }
    for (const [k, v] of Object.entries(obj(item['resourceLimits']) ?? {})) {
      const s = str(v);
      if (s !== undefined) values[`resourceLimits.${k}`] = s;
    }
    const at = new Locator(source);
    fact(ctx, 'handler-manifest', ext?.name ?? str(item['name']), {
      line: at.json('handlerManifest'),
      text: `updateMode=${str(manifest['updateMode']) ?? 'default'} reportHeartbeat=${str(manifest['reportHeartbeat']) ?? 'false'}`,
      attrs: attrs(values),
    });
  },
};
