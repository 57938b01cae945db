// VmSettings.<n>.json (2.5-2.7) / history/*/VmSettings.json (2.8+): the FastTrack goal state from the HostGAPlugin.
// Same facts as ExtensionsConfig (`source: VmSettings`), plus the HostGAPlugin version. waagent.md §2.
import type { DocumentParser } from '../types.js';
import { summarizeHandlerSettings } from './runtime-settings.js';
import { Locator, MiB, arr, attrs, fact, historyOf, obj, parseJsonObject, pickStrings, str, ticksToMs, urlHost } from './util.js';

export const VM_SETTINGS_ID = 'vm-settings';

const SAMPLE = `{
    "hostGAPluginVersion": "1.0.8.159",
    "activityId": "00000000-0000-0000-0000-00000000000c",
    "correlationId": "00000000-0000-0000-0000-00000000000d",
    "inSvdSeqNo": 4,
    "extensionsLastModifiedTickCount": 638500000000000000,
    "extensionGoalStatesSource": "FastTrack",
    "inVMMetadata": { "subscriptionId": "00000000-0000-0000-0000-00000000000e", "resourceGroupName": "rg", "vmName": "sample-vm", "location": "westeurope", "vmId": "6f0c3f7e-0000-4000-8000-00000000000f", "vmSize": "Standard_B2s", "osType": "Linux" },
    "statusUploadBlob": { "statusBlobType": "BlockBlob", "value": "https://example.blob.core.windows.net/$system/vm.status?sig=NOTASECRET" },
    "gaFamilies": [ { "name": "Prod", "version": "2.11.1.4", "isVersionFromRSM": false, "isVMEnabledForRSMUpgrades": true, "uris": [] } ],
    "extensionGoalStates": [
        {
            "name": "Microsoft.Azure.Extensions.CustomScript",
            "version": "2.1.10",
            "location": "https://example.blob.core.windows.net/m/manifest.xml",
            "state": "enabled",
            "autoUpgrade": true,
            "runAsStartupTask": false,
            "isJson": true,
            "useExactVersion": true,
            "settingsSeqNo": 2,
            "isMultiConfig": false,
            "settings": [ { "protectedSettingsCertThumbprint": "0123456789ABCDEF0123456789ABCDEF01234567", "protectedSettings": "MIIB-not-a-real-secret", "publicSettings": "{\\"fileUris\\":[]}" } ]
        }
    ]
}`;

export const vmSettingsParser: DocumentParser = {
  kind: 'document',
  id: VM_SETTINGS_ID,
  description: 'HostGAPlugin FastTrack goal state (VmSettings.<n>.json, history/*/VmSettings.json)',
  globs: ['**/VmSettings.json', '**/VmSettings.*.json'],
  maxBytes: 8 * MiB,
  samples: [
    {
      path: 'var/lib/waagent/history/2024-05-01T10-00-00__1234567890.zip/VmSettings.json',
      text: SAMPLE,
      expectFacts: [
        { kind: 'host-ga-plugin-version', value: '1.0.8.159', line: 2, time: Date.UTC(2024, 3, 29, 15, 6, 40) },
        { kind: 'goal-state-source', value: 'FastTrack', line: 7, attrs: { inSvdSeqNo: '4', etag: '1234567890' } },
        { kind: 'vm-name', value: 'sample-vm', line: 8 },
        { kind: 'vm-id', value: '6f0c3f7e-0000-4000-8000-00000000000f', line: 8 },
        { kind: 'ga-family-version', value: '2.11.1.4', role: 'Prod', line: 10, attrs: { isVersionFromRSM: 'false', source: 'VmSettings' } },
        {
          kind: 'extension-config',
          value: 'Microsoft.Azure.Extensions.CustomScript',
          line: 13,
          attrs: { version: '2.1.10', state: 'enabled', seqNo: '2', hasProtectedSettings: 'true', publicSettingsKeys: 'fileUris', source: 'VmSettings' },
        },
      ],
    },
  ],
  parse(source, ctx) {
    const doc = parseJsonObject(source, ctx, 'VmSettings');
    if (!doc) return;
    const at = new Locator(source);
    const history = historyOf(ctx.path);
    const time = ticksToMs(doc['extensionsLastModifiedTickCount']) ?? history?.time ?? null;

    fact(ctx, 'host-ga-plugin-version', str(doc['hostGAPluginVersion']), { time, line: at.json('hostGAPluginVersion') });
    fact(ctx, 'goal-state-source', str(doc['extensionGoalStatesSource']), {
      time,
      line: at.json('extensionGoalStatesSource'),
      attrs: attrs({
        ...pickStrings(doc, ['inSvdSeqNo', 'activityId', 'correlationId']),
        etag: history?.tag,
        onHold: str(doc['onHold']),
      }),
    });
    const meta = obj(doc['inVMMetadata']);
    fact(ctx, 'vm-name', str(meta?.['vmName']), { time, line: at.json('vmName') });
    fact(ctx, 'vm-id', str(meta?.['vmId']), { time, line: at.json('vmId') });
    fact(ctx, 'vm-size', str(meta?.['vmSize']), { time, line: at.json('vmSize') });
    fact(ctx, 'region', str(meta?.['location']), { time, line: at.json('location') });
    fact(ctx, 'status-upload-blob-type', str(obj(doc['statusUploadBlob'])?.['statusBlobType']), { time, line: at.json('statusBlobType') });

    for (const family of arr(doc['gaFamilies'])) {
      const f = obj(family);
      const version = str(f?.['version']);
      if (!version) continue;
      fact(ctx, 'ga-family-version', version, {
        role: str(f?.['name']),
        time,
        line: at.json('version', version),
        attrs: attrs({ isVersionFromRSM: str(f?.['isVersionFromRSM']), isVMEnabledForRSMUpgrades: str(f?.['isVMEnabledForRSMUpgrades']), source: 'VmSettings' }),
      });
    }

    for (const item of arr(doc['extensionGoalStates'])) {
      const e = obj(item);
      const name = str(e?.['name']);
      if (!e || !name) continue;
      const settings = arr(e['settings']).map(obj);
      const summary = summarizeHandlerSettings(settings[0]);
      const multi = e['isMultiConfig'] === true;
      const deps = arr(e['dependsOn'])
        .flatMap((d) => arr(obj(d)?.['dependsOnExtension'] ?? obj(d)?.['DependsOnExtension']).map((x) => str(obj(x)?.['handler'])))
        .filter((h): h is string => !!h);
      fact(ctx, 'extension-config', name, {
        time,
        line: at.json('name', name, true),
        text: `extensionGoalState name=${name} version=${str(e['version']) ?? '?'} state=${str(e['state']) ?? '?'}`,
        attrs: attrs({
          ...pickStrings(e, ['version', 'state', 'autoUpgrade', 'runAsStartupTask', 'isJson', 'useExactVersion', 'isMultiConfig']),
          locationHost: urlHost(str(e['location'])),
          seqNo: str(e['settingsSeqNo']),
          hasProtectedSettings: settings.length > 0 ? summary.hasProtectedSettings : undefined,
          publicSettingsKeys: summary.publicSettingsKeys,
          thumbprint: summary.thumbprint,
          vmType: summary.vmType,
          extensions: multi ? settings.map((s) => `${str(s?.['extensionName']) ?? '?'}:${str(s?.['extensionState']) ?? '?'}`).join(',') : undefined,
          dependsOn: deps.length > 0 ? [...new Set(deps)].join(',') : undefined,
          source: 'VmSettings',
        }),
      });
    }
  },
};
