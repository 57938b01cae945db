// <Publisher.Type>-<version>/config/<N>.settings (and old `<N>_settings`): the runtime settings the agent handed the
// extension. Reported: sequence number, whether protected settings are present, the certificate thumbprint, the
// public settings' keys. Never reported: any setting value (public ones can hold secrets too).
// An unreadable file is a problem AND a fact (`valid: 'false'`): the extension would fail to parse it as well.
import type { DocumentParser } from '../types.js';
import { firstHandlerSettings, summarizeHandlerSettings } from './runtime-settings.js';
import { Locator, MiB, arr, attrs, basename, extensionFromPath, fact, obj, tryJson } from './util.js';

export const EXTENSION_SETTINGS_ID = 'extension-settings';

const RE_SETTINGS_NAME = /^(?:(.+)\.)?(\d+)(?:\.settings|_settings)$/i;

export const extensionSettingsParser: DocumentParser = {
  kind: 'document',
  id: EXTENSION_SETTINGS_ID,
  description: 'extension runtime settings (<Publisher.Type>-<version>/config/<N>.settings)',
  globs: ['**/config/*.settings', '**/config/*_settings', '**/RuntimeSettings/*.settings'],
  maxBytes: 4 * MiB,
  samples: [
    {
      path: 'var/lib/waagent/Microsoft.Azure.Extensions.CustomScript-2.1.10/config/3.settings',
      text: '{"runtimeSettings":[{"handlerSettings":{"protectedSettingsCertThumbprint":"0123456789ABCDEF0123456789ABCDEF01234567","protectedSettings":"MIIB-not-a-real-secret","publicSettings":{"fileUris":["https://example.invalid/a.sh"],"commandToExecute":"sh a.sh"}}}]}',
      expectFacts: [
        {
          kind: 'extension-settings',
          value: 'Microsoft.Azure.Extensions.CustomScript',
          line: 1,
          attrs: {
            version: '2.1.10',
            seq: '3',
            hasProtectedSettings: 'true',
            thumbprint: '0123456789ABCDEF0123456789ABCDEF01234567',
            publicSettingsKeys: 'fileUris,commandToExecute',
            valid: 'true',
          },
        },
      ],
    },
  ],
  parse(source, ctx) {
    const m = RE_SETTINGS_NAME.exec(basename(ctx.path));
    const ext = extensionFromPath(ctx.path, 1);
    const base = { version: ext?.version, seq: m?.[2], extensionName: m?.[1] };
    const r = tryJson(source, 'extension settings file');
    if ('error' in r) {
      ctx.problem(r.error);
      fact(ctx, 'extension-settings', ext?.name, { line: 1, text: `${basename(ctx.path)}: unreadable`, attrs: attrs({ ...base, valid: 'false', error: r.error }) });
      return;
    }
    const doc = obj(r.value);
    const list = arr(doc?.['runtimeSettings']);
    if (!doc || list.length === 0 || !obj(obj(list[0])?.['handlerSettings'])) {
      const error = 'extension settings file has no runtimeSettings[].handlerSettings: not the runtime settings format';
      ctx.problem(error);
      fact(ctx, 'extension-settings', ext?.name, { line: 1, text: `${basename(ctx.path)}: unexpected shape`, attrs: attrs({ ...base, valid: 'false', error }) });
      return;
    }
    const summary = summarizeHandlerSettings(firstHandlerSettings(doc));
    const at = new Locator(source);
    fact(ctx, 'extension-settings', ext?.name, {
      line: at.json('handlerSettings'),
      text: `${basename(ctx.path)}: protected settings ${summary.hasProtectedSettings === 'true' ? 'present' : 'absent'}, public keys ${summary.publicSettingsKeys ?? 'none'}`,
      attrs: attrs({
        ...base,
        hasProtectedSettings: summary.hasProtectedSettings,
        thumbprint: summary.thumbprint,
        publicSettingsKeys: summary.publicSettingsKeys,
        vmType: summary.vmType,
        commandStartTime: summary.commandStartTime,
        valid: 'true',
      }),
    });
  },
};
