// Small per-plugin files of the Windows layout `Packages/Plugins/<Name>/<version>/` (bundles.md §2, IID Windows
// `agents` manifest): `SeqNumber.txt` (the last sequence number the plugin processed; the VMSnapshot plugin's
// counterpart of Linux `mrseq`), `Status/HeartBeat.Json` (the handler heartbeat `[{"version", "heartbeat": {"status",
// "code", "formattedMessage"|"message"}}]`, extension handler convention) and `PackageInformation.txt` (package
// metadata, format undocumented: `key=value` / `key: value` lines, else its first line).
// HandlerManifest.json, HandlerEnvironment.json, RuntimeSettings/*.settings and Status/*.status of the same folders are
// read by the state parsers (their globs and `extensionFromPath` handle the `<Name>/<version>/` layout).
import type { Level } from '../../model.js';
import type { DocumentParser, ParseContext } from '../types.js';
import { KiB, Locator, arr, attrs, cut, emit, fact, obj, str, tryJson } from '../state/util.js';
import type { DocTime } from '../state/util.js';
import { pluginFromPath } from './plugins.js';

export const SEQNUMBER_ID = 'windows-plugin-seqnumber';
export const HEARTBEAT_ID = 'windows-plugin-heartbeat';
export const PACKAGE_INFO_ID = 'windows-plugin-package';

function mtimeOf(ctx: ParseContext): DocTime {
  const t = ctx.mtime?.getTime();
  return t !== undefined && Number.isFinite(t) ? { time: t, timeText: new Date(t).toISOString(), timeSource: 'utc' } : { time: null, timeText: '', timeSource: 'none' };
}

function mtimeAttr(ctx: ParseContext): string | undefined {
  const t = ctx.mtime?.getTime();
  return t !== undefined && Number.isFinite(t) ? new Date(t).toISOString() : undefined;
}

export const seqNumberParser: DocumentParser = {
  kind: 'document',
  id: SEQNUMBER_ID,
  description: 'Windows plugin last processed sequence number (Packages/Plugins/<Name>/<version>/SeqNumber.txt)',
  globs: ['**/Plugins/*/*/SeqNumber.txt', '**/SeqNumber.txt'],
  maxBytes: 4 * KiB,
  samples: [
    {
      path: 'Packages/Plugins/Microsoft.Azure.RecoveryServices.VMSnapshot/1.0.75.0/SeqNumber.txt',
      text: '12\r\n',
      expectFacts: [{ kind: 'extension-sequence', value: 'Microsoft.Azure.RecoveryServices.VMSnapshot', line: 1, attrs: { version: '1.0.75.0', seq: '12', source: 'SeqNumber.txt' } }],
    },
  ],
  parse(source, ctx) {
    const seq = source.replace(/^\uFEFF/, '').trim();
    if (!/^-?\d{1,12}$/.test(seq)) {
      ctx.problem(seq === '' ? 'empty SeqNumber.txt: no sequence number in it' : 'SeqNumber.txt does not hold a plain sequence number');
      return;
    }
    const plugin = pluginFromPath(ctx.path);
    fact(ctx, 'extension-sequence', plugin?.name ?? 'unknown', {
      line: 1,
      time: ctx.mtime?.getTime() ?? null,
      text: seq,
      attrs: attrs({ version: plugin?.version, seq, source: 'SeqNumber.txt', mtime: mtimeAttr(ctx) }),
    });
  },
};

export const heartbeatParser: DocumentParser = {
  kind: 'document',
  id: HEARTBEAT_ID,
  description: 'Windows plugin heartbeat (Packages/Plugins/<Name>/<version>/Status/HeartBeat.Json)',
  globs: ['**/Plugins/*/*/Status/HeartBeat.Json', '**/Status/HeartBeat.Json'],
  maxBytes: 64 * KiB,
  samples: [
    {
      path: 'Packages/Plugins/Microsoft.Azure.RecoveryServices.VMSnapshot/1.0.75.0/Status/HeartBeat.Json',
      text: '[{"version":"1.0","heartbeat":{"status":"NotReady","code":"1","formattedMessage":{"lang":"en-US","message":"IaaSBcdrExtension is not responding"}}}]',
      expectFacts: [
        {
          kind: 'extension-heartbeat',
          value: 'Microsoft.Azure.RecoveryServices.VMSnapshot',
          attrs: { version: '1.0.75.0', status: 'NotReady', code: '1', message: 'IaaSBcdrExtension is not responding', source: 'HeartBeat.Json' },
        },
      ],
      expectEvents: [{ level: 'warning', source: HEARTBEAT_ID, extension: { name: 'Microsoft.Azure.RecoveryServices.VMSnapshot', version: '1.0.75.0' }, fields: { status: 'NotReady', code: '1' } }],
    },
  ],
  parse(source, ctx) {
    const r = tryJson(source, 'HeartBeat.Json');
    if ('error' in r) {
      ctx.problem(r.error);
      return;
    }
    const item = obj(arr(r.value)[0]);
    const hb = obj(item?.['heartbeat']) ?? obj(item?.['Heartbeat']);
    if (!hb) {
      ctx.problem('HeartBeat.Json has no heartbeat object: not the handler heartbeat format');
      return;
    }
    const plugin = pluginFromPath(ctx.path);
    const name = plugin?.name ?? 'unknown';
    const status = str(hb['status']) ?? str(hb['Status']);
    const code = str(hb['code']) ?? str(hb['Code']);
    const fm = hb['formattedMessage'] ?? hb['FormattedMessage'];
    const message = str(obj(fm)?.['message']) ?? str(fm) ?? str(hb['message']) ?? str(hb['Message']);
    const at = new Locator(source);
    const q = at.jsonQuote('status', status);
    const t = mtimeOf(ctx);
    fact(ctx, 'extension-heartbeat', name, {
      time: t.time,
      line: q.line,
      text: `${name} heartbeat ${status ?? '?'}${message ? `: ${cut(message, 200)}` : ''}`,
      attrs: attrs({ version: plugin?.version, status, code, message: message ? cut(message) : undefined, source: 'HeartBeat.Json', mtime: mtimeAttr(ctx) }),
    });
    const s = status?.toLowerCase();
    if (s && s !== 'ready') {
      const level: Level = s === 'error' || s === 'failed' || s === 'unresponsive' ? 'error' : 'warning';
      emit(ctx, HEARTBEAT_ID, {
        ...t,
        level,
        line: q.line,
        raw: q.raw,
        message: `Plugin ${name}${plugin?.version ? ` ${plugin.version}` : ''} heartbeat: ${status}${code !== undefined ? ` (code ${code})` : ''}${message ? ` - ${cut(message, 300)}` : ''}`,
        extension: plugin ?? { name },
        fields: attrs({ plugin: name, status, code }),
        format: 'heartbeat',
      });
    }
  },
};

export const packageInformationParser: DocumentParser = {
  kind: 'document',
  id: PACKAGE_INFO_ID,
  description: 'Windows plugin package information (Packages/Plugins/<Name>/<version>/PackageInformation.txt)',
  globs: ['**/Plugins/*/*/PackageInformation.txt', '**/PackageInformation.txt'],
  maxBytes: 64 * KiB,
  samples: [
    {
      path: 'Packages/Plugins/Microsoft.Compute.BGInfo/2.1/PackageInformation.txt',
      text: 'Name=Microsoft.Compute.BGInfo\r\nVersion=2.1\r\n',
      expectFacts: [{ kind: 'extension-package', value: 'Microsoft.Compute.BGInfo', role: '2.1', attrs: { version: '2.1', Name: 'Microsoft.Compute.BGInfo', Version: '2.1', source: 'PackageInformation.txt' } }],
    },
  ],
  parse(source, ctx) {
    const text = source.replace(/^\uFEFF/, '');
    const lines = text.split(/\r?\n/);
    const plugin = pluginFromPath(ctx.path);
    const pairs: Record<string, string> = {};
    let count = 0;
    let first: { line: number; text: string } | undefined;
    lines.forEach((l, i) => {
      const s = l.trim();
      if (!s) return;
      first ??= { line: i + 1, text: s };
      const m = /^([A-Za-z][\w .-]{0,40}?)\s*[=:]\s*(.*)$/.exec(s);
      if (m && count < 20 && !/password|secret|key|token|sas/i.test(m[1]!)) {
        pairs[m[1]!.replace(/\s+/g, '')] = cut(m[2]!.trim(), 200);
        count++;
      }
    });
    if (!first) {
      ctx.problem('empty PackageInformation.txt');
      return;
    }
    const name = plugin?.name ?? pairs['Name'] ?? pairs['name'] ?? 'unknown';
    const version = plugin?.version ?? pairs['Version'] ?? pairs['version'];
    fact(ctx, 'extension-package', name, {
      ...(version ? { role: version } : {}),
      line: first.line,
      time: ctx.mtime?.getTime() ?? null,
      text: cut(first.text, 300),
      attrs: attrs({ ...pairs, ...(count === 0 ? { text: cut(first.text, 200) } : {}), version, source: 'PackageInformation.txt' }),
    });
  },
};
