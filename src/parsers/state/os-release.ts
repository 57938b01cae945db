// /etc/os-release and the other /etc/*-release files the log collector copies (lsb-release, redhat-release,
// centos-release, SuSE-release, ...): `KEY="value"` lines, or a single descriptive line. Fact `os`
// (role release-file): PRETTY_NAME, else NAME VERSION_ID, else DISTRIB_DESCRIPTION, else the first line.
import type { DocumentParser } from '../types.js';
import { KiB, attrs, basename, fact } from './util.js';

export const OS_RELEASE_ID = 'os-release';

export const osReleaseParser: DocumentParser = {
  kind: 'document',
  id: OS_RELEASE_ID,
  description: 'operating system release file (/etc/os-release, /etc/*-release)',
  globs: ['**/etc/os-release', '**/etc/*-release', '**/usr/lib/os-release'],
  maxBytes: 64 * KiB,
  samples: [
    {
      path: 'etc/os-release',
      text: ['NAME="Ubuntu"', 'VERSION_ID="22.04"', 'VERSION="22.04.4 LTS (Jammy Jellyfish)"', 'ID=ubuntu', 'PRETTY_NAME="Ubuntu 22.04.4 LTS"'].join('\n'),
      expectFacts: [{ kind: 'os', value: 'Ubuntu 22.04.4 LTS', role: 'release-file', line: 5, attrs: { ID: 'ubuntu', VERSION_ID: '22.04', file: 'os-release' } }],
    },
    {
      path: 'etc/redhat-release',
      text: 'Red Hat Enterprise Linux release 8.9 (Ootpa)\n',
      expectFacts: [{ kind: 'os', value: 'Red Hat Enterprise Linux release 8.9 (Ootpa)', role: 'release-file', line: 1 }],
    },
  ],
  parse(source, ctx) {
    const lines = source.split(/\r?\n/);
    const values = new Map<string, { value: string; line: number }>();
    let first: { value: string; line: number } | undefined;
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i]!.trim();
      if (t === '' || t.startsWith('#')) continue;
      const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(t);
      if (m) values.set(m[1]!.toUpperCase(), { value: unquote(m[2]!), line: i + 1 });
      else first ??= { value: t, line: i + 1 };
    }
    const get = (k: string): string | undefined => values.get(k)?.value || undefined;
    const pretty = values.get('PRETTY_NAME') ?? values.get('DISTRIB_DESCRIPTION');
    let chosen: { value: string; line: number } | undefined = pretty?.value ? pretty : undefined;
    if (!chosen && values.get('NAME')?.value) {
      const name = values.get('NAME')!;
      chosen = { value: [name.value, get('VERSION_ID')].filter(Boolean).join(' '), line: name.line };
    }
    chosen ??= first;
    if (!chosen) {
      if (source.trim() !== '') ctx.problem('release file has no NAME, PRETTY_NAME or descriptive line');
      return;
    }
    fact(ctx, 'os', chosen.value.slice(0, 200), {
      role: 'release-file',
      line: chosen.line,
      text: lines[chosen.line - 1]!.trim().slice(0, 200),
      attrs: attrs({ ID: get('ID') ?? get('DISTRIB_ID'), VERSION_ID: get('VERSION_ID') ?? get('DISTRIB_RELEASE') ?? get('VERSION'), file: basename(ctx.path) }),
    });
  },
};

function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0]) return t.slice(1, -1).replace(/\\(["'\\$`])/g, '$1');
  return t;
}
