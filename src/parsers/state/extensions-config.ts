// ExtensionsConfig.<incarnation>.xml (<= 2.7) / history/*/ExtensionsConfig.xml (2.8+): the extensions the platform
// wants, the agent version it wants (GAFamily), where status goes. waagent.md §2.
// Never reported: protected settings (encrypted, but still secret), public settings' values, any URL (the status
// blob and artifacts profile URLs carry SAS tokens; manifest locations are reduced to their host).
import type { DocumentParser } from '../types.js';
import { summarizeRuntimeSettingsText } from './runtime-settings.js';
import { Locator, MiB, arr, attr, attrs, fact, goalStateRoot, historyOf, obj, text, ticksToMs, urlHost } from './util.js';
import type { Obj } from './util.js';

export const EXTENSIONS_CONFIG_ID = 'extensions-config';

const SAMPLE = [
  '<?xml version="1.0" encoding="utf-8"?>',
  '<Extensions version="1.0.0.0" goalStateIncarnation="7"><GuestAgentExtension xmlns:i="http://www.w3.org/2001/XMLSchema-instance">',
  '  <GAFamilies>',
  '    <GAFamily>',
  '      <IsVMEnabledForRSMUpgrades>true</IsVMEnabledForRSMUpgrades>',
  '      <IsVersionFromRSM>false</IsVersionFromRSM>',
  '      <Name>Prod</Name>',
  '      <Uris><Uri>https://example.blob.core.windows.net/ga/Prod_manifest.xml</Uri></Uris>',
  '      <Version>2.12.0.2</Version>',
  '    </GAFamily>',
  '  </GAFamilies>',
  '  <Location>westeurope</Location>',
  '</GuestAgentExtension>',
  '<StatusUploadBlob statusBlobType="PageBlob">https://example.blob.core.windows.net/$system/vm.status?sv=2018-03-28&amp;sig=NOTASECRET</StatusUploadBlob>',
  '<Plugins>',
  '  <Plugin name="Microsoft.Azure.RecoveryServices.VMSnapshotLinux" version="1.0.9225.0" location="https://example.blob.core.windows.net/m/manifest.xml" state="enabled" autoUpgrade="true" runAsStartupTask="false" isJson="true" useExactVersion="true" />',
  '</Plugins>',
  '<PluginSettings>',
  '  <Plugin name="Microsoft.Azure.RecoveryServices.VMSnapshotLinux" version="1.0.9225.0">',
  '    <RuntimeSettings seqNo="12">{"runtimeSettings":[{"handlerSettings":{"protectedSettingsCertThumbprint":"0123456789ABCDEF0123456789ABCDEF01234567","protectedSettings":"MIIB-not-a-real-secret","publicSettings":{"locale":"en-us","vmType":"microsoft.compute/virtualmachines"}}}]}</RuntimeSettings>',
  '  </Plugin>',
  '</PluginSettings>',
  '<InVMGoalStateMetaData inSvdSeqNo="7" createdOnTicks="638500000000000000" activityId="00000000-0000-0000-0000-00000000000a" correlationId="00000000-0000-0000-0000-00000000000b" />',
  '</Extensions>',
].join('\n');

export const extensionsConfigParser: DocumentParser = {
  kind: 'document',
  id: EXTENSIONS_CONFIG_ID,
  description: 'WireServer extensions configuration (ExtensionsConfig.<incarnation>.xml, history/*/ExtensionsConfig.xml)',
  globs: ['**/ExtensionsConfig.xml', '**/ExtensionsConfig.*.xml'],
  maxBytes: 8 * MiB,
  samples: [
    {
      path: 'var/lib/waagent/ExtensionsConfig.7.xml',
      text: SAMPLE,
      expectFacts: [
        { kind: 'incarnation', value: '7', role: 'extensions-config', line: 2, time: Date.UTC(2024, 3, 29, 15, 6, 40), attrs: { inSvdSeqNo: '7', createdOn: '2024-04-29T15:06:40.000Z' } },
        { kind: 'ga-family-version', value: '2.12.0.2', role: 'Prod', line: 9, attrs: { isVersionFromRSM: 'false', isVMEnabledForRSMUpgrades: 'true' } },
        { kind: 'region', value: 'westeurope', line: 12 },
        { kind: 'status-upload-blob-type', value: 'PageBlob', line: 14 },
        {
          kind: 'extension-config',
          value: 'Microsoft.Azure.RecoveryServices.VMSnapshotLinux',
          line: 16,
          attrs: {
            version: '1.0.9225.0',
            state: 'enabled',
            autoUpgrade: 'true',
            seqNo: '12',
            hasProtectedSettings: 'true',
            publicSettingsKeys: 'locale,vmType',
            locationHost: 'example.blob.core.windows.net',
            vmType: 'microsoft.compute/virtualmachines',
            source: 'ExtensionsConfig',
          },
        },
      ],
    },
  ],
  parse(source, ctx) {
    const ext = goalStateRoot(source, ctx, 'extensions configuration', 'Extensions', 'an ExtensionsConfig document');
    if (!ext) return;
    const at = new Locator(source);
    const meta = ext['InVMGoalStateMetaData'];
    const time = ticksToMs(attr(meta, 'createdOnTicks')) ?? historyOf(ctx.path)?.time ?? null;
    const incarnation = attr(ext, 'goalStateIncarnation');

    fact(ctx, 'incarnation', incarnation, {
      role: 'extensions-config',
      time,
      line: at.xml('Extensions'),
      attrs: attrs({
        inSvdSeqNo: attr(meta, 'inSvdSeqNo'),
        activityId: attr(meta, 'activityId'),
        correlationId: attr(meta, 'correlationId'),
        createdOn: time !== null && attr(meta, 'createdOnTicks') ? new Date(time).toISOString() : undefined,
      }),
    });

    const ga = obj(ext['GuestAgentExtension']);
    for (const family of arr(obj(ga?.['GAFamilies'])?.['GAFamily'])) {
      const f = obj(family);
      const name = text(f?.['Name']);
      const version = text(f?.['Version']);
      if (!version) continue;
      fact(ctx, 'ga-family-version', version, {
        role: name,
        time,
        line: at.line([new RegExp(`<Version>\\s*${version.replace(/\./g, '\\.')}\\s*</Version>`)]),
        attrs: attrs({ isVersionFromRSM: text(f?.['IsVersionFromRSM']), isVMEnabledForRSMUpgrades: text(f?.['IsVMEnabledForRSMUpgrades']), incarnation }),
      });
    }
    fact(ctx, 'region', text(ga?.['Location']), { time, line: at.xml('Location') });

    const blob = ext['StatusUploadBlob'];
    fact(ctx, 'status-upload-blob-type', attr(blob, 'statusBlobType') ?? (text(blob) ? 'BlockBlob' : undefined), { time, line: at.xml('StatusUploadBlob') });

    const settings = settingsByPlugin(ext);
    for (const plugin of arr(obj(ext['Plugins'])?.['Plugin'])) {
      const name = attr(plugin, 'name');
      if (!name) continue;
      const version = attr(plugin, 'version');
      const line = at.xml('Plugin', 'name', name, true);
      const s = settings.get(`${name}\n${version ?? ''}`) ?? settings.get(name);
      const a = attrs({
        version,
        state: attr(plugin, 'state'),
        autoUpgrade: attr(plugin, 'autoUpgrade'),
        runAsStartupTask: attr(plugin, 'runAsStartupTask'),
        isJson: attr(plugin, 'isJson'),
        useExactVersion: attr(plugin, 'useExactVersion'),
        locationHost: urlHost(attr(plugin, 'location')),
        seqNo: s?.seqNo,
        hasProtectedSettings: s?.summary?.hasProtectedSettings,
        publicSettingsKeys: s?.summary?.publicSettingsKeys,
        thumbprint: s?.summary?.thumbprint,
        vmType: s?.summary?.vmType,
        extensions: s?.extensions,
        dependsOn: s?.dependsOn,
        incarnation,
        source: 'ExtensionsConfig',
      });
      fact(ctx, 'extension-config', name, { time, line, attrs: a, text: `Plugin name=${name} version=${version ?? '?'} state=${attr(plugin, 'state') ?? '?'}` });
    }
  },
};

interface PluginSettings {
  seqNo?: string;
  summary?: ReturnType<typeof summarizeRuntimeSettingsText>;
  /** Multi-config: the extension names and their state, `MCExt1:enabled,MCExt2:disabled`. */
  extensions?: string;
  dependsOn?: string;
}

function settingsByPlugin(ext: Obj): Map<string, PluginSettings> {
  const out = new Map<string, PluginSettings>();
  for (const p of arr(obj(ext['PluginSettings'])?.['Plugin'])) {
    const name = attr(p, 'name');
    if (!name) continue;
    const po = obj(p)!;
    const rs = po['RuntimeSettings'];
    const multi = arr(po['ExtensionRuntimeSettings']);
    const first = rs ?? multi[0];
    const s: PluginSettings = {};
    const seqNo = attr(first, 'seqNo');
    if (seqNo) s.seqNo = seqNo;
    const summary = summarizeRuntimeSettingsText(text(first));
    if (summary) s.summary = summary;
    if (multi.length > 0) {
      s.extensions = multi.map((m) => `${attr(m, 'name') ?? '?'}:${attr(m, 'state') ?? '?'}`).join(',');
    }
    const deps = arr(po['DependsOn'])
      .flatMap((d) => arr(obj(d)?.['DependsOnExtension']).map((x) => attr(x, 'handler')))
      .filter((h): h is string => !!h);
    if (deps.length > 0) s.dependsOn = [...new Set(deps)].join(',');
    const version = attr(p, 'version');
    out.set(`${name}\n${version ?? ''}`, s);
    if (!out.has(name)) out.set(name, s);
  }
  return out;
}
