// Keeps secrets out of every output: SAS signatures, protected settings, passwords, private keys.
// Applied to the finished report and to every timeline line, so no renderer can forget it.

export type RedactionCounts = Record<string, number>;

interface Rule {
  kind: string;
  pattern: RegExp;
  replace: string;
}

const RULES: Rule[] = [
  {
    kind: 'private-key',
    pattern: /-----BEGIN ((?:[A-Z]+ )*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g,
    replace: '-----BEGIN $1PRIVATE KEY----- [REDACTED] -----END $1PRIVATE KEY-----',
  },
  { kind: 'sas-signature', pattern: /([?&;]sig=)[^&\s"'<>\]\\]+/gi, replace: '$1[REDACTED]' },
  { kind: 'sas-signature', pattern: /(sig%3[dD])[^&\s"'<>\]\\]+/g, replace: '$1[REDACTED]' },
  {
    kind: 'protected-settings',
    pattern: /("?protectedSettings"?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|\{[^}]*\}|[^\s,}]+)/gi,
    replace: '$1"[REDACTED]"',
  },
  {
    kind: 'protected-settings',
    pattern: /(<ProtectedSettings[^>]*>)[\s\S]*?(<\/ProtectedSettings>)/gi,
    replace: '$1[REDACTED]$2',
  },
  {
    kind: 'password',
    pattern: /(<(?:\w+:)?(?:UserPassword|AdminPassword|Password)>)[\s\S]*?(<\/(?:\w+:)?(?:UserPassword|AdminPassword|Password)>)/gi,
    replace: '$1[REDACTED]$2',
  },
  {
    kind: 'password',
    pattern: /(["']?\b(?:password|passwd|pwd|adminPassword|userPassword|secret|storageAccountKey|accountKey)\b["']?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s,;&"'<>}\]]+)/gi,
    replace: '$1[REDACTED]',
  },
  { kind: 'bearer-token', pattern: /(\bBearer\s+)[A-Za-z0-9\-._~+/]{16,}=*/g, replace: '$1[REDACTED]' },
];

/** Quick test so that the common case (nothing secret) costs one regex. */
const MAYBE_SECRET = /PRIVATE KEY|sig=|sig%3d|protectedSettings|password|passwd|pwd|secret|accountKey|Bearer /i;

export function redact(text: string, counts?: RedactionCounts): string {
  if (!MAYBE_SECRET.test(text)) return text;
  let out = text;
  for (const rule of RULES) {
    out = out.replace(rule.pattern, (...args: unknown[]) => {
      if (counts) counts[rule.kind] = (counts[rule.kind] ?? 0) + 1;
      const groups = args.slice(1, -2) as (string | undefined)[];
      return rule.replace.replace(/\$(\d)/g, (_, i: string) => groups[Number(i) - 1] ?? '');
    });
  }
  return out;
}

/** Redacts every string inside a JSON-like value (the report model), counting what was replaced. */
export function redactDeep<T>(value: T, counts: RedactionCounts): T {
  if (typeof value === 'string') return redact(value, counts) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, counts)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, counts);
    return out as T;
  }
  return value;
}
