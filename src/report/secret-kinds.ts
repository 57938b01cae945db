// The secrets logscan keeps out of its outputs: one table of kinds, each with the forms it is found in. The
// formats are facts (Azure SAS tokens, PEM blocks, JWTs, connection strings, the agent's settings); every value
// here is matched on the text as a bundle carries it: plain, URL-encoded, JSON-escaped, XML-escaped.
// Core module: no Node imports.

/** Where a secret sits in a text: `[start, end)` is replaced by its token, `quote` wraps the token when given. */
export interface SecretSpan {
  start: number;
  end: number;
  /** The secret was a structured value (a JSON object): the token is written as a string in this quoting. */
  quote?: string;
}

export interface SecretForm {
  /** What the form is, for the tests and the reader of this table. */
  name: string;
  /** Global; each match is handed to `value`. */
  re: RegExp;
  /** The secret in the match: a span, or undefined when this match holds none (a token, `null`, a port number). */
  value(text: string, m: RegExpExecArray): SecretSpan | undefined;
}

export interface SecretKind {
  /** Names the token (`«redacted:sas-1»`) and the count in the report's `redactions`. */
  kind: string;
  /** What it is, in the README's words. */
  what: string;
  /**
   * Lower-case words one of which every text holding this kind contains: the cheap test that lets a line without
   * any of them through untouched.
   */
  words: string[];
  forms: SecretForm[];
}

/** The start of a token, so that a value already redacted is left as it is. */
export const TOKEN_START = '«redacted:';

const isToken = (text: string, at: number): boolean => text.startsWith(TOKEN_START, at);

// ---- Value readers -------------------------------------------------------------------------------------------

/** Backslashes right before `at`. */
function backslashesBefore(text: string, at: number): number {
  let n = 0;
  while (at - 1 - n >= 0 && text.charCodeAt(at - 1 - n) === 92) n++;
  return n;
}

/**
 * Is the quote at `at` a delimiter of a string escaped `level` times (0: JSON, 1: JSON inside a JSON string...)?
 * Escaping a delimiter preceded by k backslashes (k even) gives 2k+1: a delimiter at level L is preceded by b
 * backslashes with b mod 2^(L+1) = 2^L - 1; a quote inside the string has the other remainder.
 */
function delimits(text: string, at: number, level: number): boolean {
  const b = backslashesBefore(text, at);
  const m = 2 ** (level + 1);
  return b % m === 2 ** level - 1;
}

/** The escaping level of a quote preceded by `b` backslashes (1 → 1, 3 → 2, 0 → 0). */
function levelOf(b: number): number {
  return Math.max(0, Math.floor(Math.log2(b + 1)));
}

/** End (exclusive) of the string whose opening quote `q` is at `open`, or the text's end when it is not closed. */
function stringEnd(text: string, open: number, q: string, level: number): number {
  let i = open + 1;
  for (;;) {
    const at = text.indexOf(q, i);
    if (at < 0) return text.length;
    if (delimits(text, at, level)) return at;
    i = at + 1;
  }
}

/**
 * End (exclusive) of the object or array opening at `open`, strings in `quotes` skipped; the text's end when it is
 * not closed (a value cut by the end of a line is redacted to the end rather than let through).
 */
function balancedEnd(text: string, open: number, quotes: string, level: number): number {
  let depth = 0;
  let inString = '';
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (quotes.includes(c)) {
      if (inString === '') {
        if (delimits(text, i, level)) inString = c;
      } else if (c === inString && delimits(text, i, level)) inString = '';
      continue;
    }
    if (inString !== '') continue;
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

const SCALAR_NOT_SECRET = /^(?:null|true|false|none|\*+)$/i;

/**
 * The value of a quoted key (`"key": v`, `\"key\": v`, `'key': v`) starting at `at`, the key's quote being `q`
 * preceded by `b` backslashes: a string of the same quoting (its content is the secret), an object or array
 * (replaced whole by a quoted token), or a bare scalar. Undefined for null/true/false, an empty string, a token.
 */
function quotedKeyValue(text: string, at: number, q: string, b: number): SecretSpan | undefined {
  const level = levelOf(b);
  const esc = '\\'.repeat(b);
  const quotes = q === "'" ? `'"` : '"';
  let i = at;
  // Python 2 writes u'…'.
  if (q === "'" && /[uUbBrR]/.test(text[i] ?? '') && quotes.includes(text[i + 1] ?? '')) i++;
  if (text.startsWith(esc, i) && quotes.includes(text[i + b] ?? '')) {
    const open = i + b;
    const start = open + 1;
    const end = stringEnd(text, open, text[open]!, level);
    // The closing quote's own backslashes stay.
    const contentEnd = end < text.length ? end - b : end;
    if (contentEnd <= start || isToken(text, start)) return undefined;
    return { start, end: contentEnd };
  }
  const c = text[i];
  if (c === '{' || c === '[') {
    const end = balancedEnd(text, i, quotes, level);
    return { start: i, end, quote: esc + (q === "'" ? "'" : '"') };
  }
  const scalar = /^[^\s,;}\]\\"'<>]+/.exec(text.slice(i, i + 4096));
  if (!scalar || SCALAR_NOT_SECRET.test(scalar[0]) || isToken(text, i)) return undefined;
  return { start: i, end: i + scalar[0].length };
}

/**
 * The value after `key=` / `key: ` / `--key ` starting at `at`: a quoted string (also `\"…\"` inside a JSON string),
 * a braced ODBC value (`{…}`), else the run up to a delimiter (space, `;`, `&`, `,`, quotes, brackets, an escape).
 */
function plainValue(text: string, at: number): SecretSpan | undefined {
  let i = at;
  let b = 0;
  while (text.charCodeAt(i) === 92) {
    i++;
    b++;
  }
  const c = text[i];
  if (c === '"' || c === "'") {
    const start = i + 1;
    const end = stringEnd(text, i, c, levelOf(b));
    const contentEnd = end < text.length ? end - b : end;
    if (contentEnd <= start || isToken(text, start)) return undefined;
    return { start, end: contentEnd };
  }
  if (b > 0) i = at;
  if (c === '{' && b === 0) {
    const end = balancedEnd(text, i, '"', 0);
    return end > i + 2 ? { start: i + 1, end: end < text.length ? end - 1 : end } : undefined;
  }
  let end = i;
  while (end < text.length && end - i < 4096) {
    const ch = text.charCodeAt(end);
    // space and controls, " & ' , ; < > ) ] }
    if (ch <= 32 || ch === 34 || ch === 38 || ch === 39 || ch === 44 || ch === 59 || ch === 60 || ch === 62 || ch === 41 || ch === 93 || ch === 125) break;
    // An escape ends it inside a JSON string (\" \n \u0026), a lone backslash does not (C:\ paths, a\b).
    if (ch === 92 && /^\\(?:["'nrt]|u00)/.test(text.slice(end, end + 4))) break;
    end++;
  }
  if (end === i || isToken(text, i) || SCALAR_NOT_SECRET.test(text.slice(i, end))) return undefined;
  return { start: i, end };
}

/** The XML element's content up to its closing tag (`</Password>`, `&lt;/Password&gt;`), or the text's end. */
function elementValue(text: string, at: number, close: RegExp): SecretSpan | undefined {
  close.lastIndex = at;
  const m = close.exec(text);
  const end = m ? m.index : text.length;
  if (end <= at || isToken(text, at)) return undefined;
  return { start: at, end };
}

// ---- Form builders -------------------------------------------------------------------------------------------

/**
 * A key as JSON, escaped JSON (`\"key\"`, `\\\"key\\\"`) and Python (`'key'`, `u'key'`) write it, followed by `:`
 * (or `=`): `key` is a regex source matched case-insensitively, whole.
 */
function quotedKey(key: string): SecretForm {
  return {
    name: 'quoted key (JSON, escaped JSON, Python dict)',
    re: new RegExp(`(\\\\*)(["'])(?:${key})\\1\\2\\s*[:=]\\s*`, 'gi'),
    value: (text, m) => quotedKeyValue(text, m.index + m[0].length, m[2]!, m[1]!.length),
  };
}

/** `key=value`, `key: value` (a space after the colon: `passwd:chauthtok` is a PAM service), attributes `key="v"`. */
function plainKey(key: string): SecretForm {
  return {
    name: 'key=value, key: value, attribute',
    re: new RegExp(`(?<![\\w.\\\\'"-])(?:${key})(?:\\s*=\\s*|:\\s+)`, 'gi'),
    value: (text, m) => plainValue(text, m.index + m[0].length),
  };
}

/** `<Key>value</Key>` (namespaced, with attributes, XML-escaped inside another document), `<Data Name="Key">`. */
function xmlElement(key: string): SecretForm {
  const close = new RegExp(`(?:<|&lt;)/(?:\\w+:)?(?:${key})\\s*(?:>|&gt;)`, 'gi');
  const closeData = /(?:<|&lt;)\/Data\s*(?:>|&gt;)/gi;
  return {
    name: 'XML element',
    re: new RegExp(`(?:<|&lt;)(?:(?:\\w+:)?(${key})\\b[^<>&]*(?<!/)|Data\\s+Name\\s*=\\s*(?:"|&quot;)(?:${key})(?:"|&quot;)\\s*)(?:>|&gt;)`, 'gi'),
    value: (text, m) => elementValue(text, m.index + m[0].length, m[1] !== undefined ? close : closeData),
  };
}

/** A key in all three forms: quoted, plain, XML. */
function keyed(key: string): SecretForm[] {
  return [quotedKey(key), plainKey(key), xmlElement(key)];
}

/** A regex whose group `v` is the secret. */
function group(name: string, re: RegExp, accept: (v: string) => boolean = () => true): SecretForm {
  return {
    name,
    re,
    value: (text, m) => {
      const v = m.groups?.['v'];
      if (v === undefined || v === '' || !accept(v)) return undefined;
      const start = m.index + m[0].length - v.length;
      return isToken(text, start) ? undefined : { start, end: start + v.length };
    },
  };
}

// ---- The kinds -----------------------------------------------------------------------------------------------

/** A SAS signature's characters: base64, URL-escaped (but not an escaped `&`: `%26`, `%2526`), `\/` in JSON. */
const SIG_VALUE = String.raw`(?:[A-Za-z0-9+/=_-]|\\\/|%(?!26|2526)[0-9A-Fa-f]{2})+`;
const SIG_EQ = String.raw`sig(?:=|%3[dD]|%253[dD])`;

/** Keys whose value is a password: any name ending in password/passwd/pwd (`adminPassword`, `MYSQL_ROOT_PASSWORD`). */
const PASSWORD_KEY = String.raw`[\w.-]*(?:password|passwd|pwd)`;

/** Command-line options that take a password. */
const LONG_PASSWORD_OPTION = String.raw`(?<![\w-])--?[\w-]*(?:password|passwd|pass)`;

/**
 * `-p X` and `-pX` are a password only where the command takes one there: after a user option (`-u`, `-U`,
 * `--user`, `/u:`, `/user:`) or in a command known for it (mysql, sqlcmd, sshpass, useradd...). Elsewhere `-p` is a
 * port or a flag (`mkdir -p`, `ssh -p 22`, `cp -pr`); digits alone are a port and stay.
 */
const SHORT_P_CONTEXT = String.raw`(?:(?<![\w-])(?:-[uU]\s+|--user(?:name)?[\s=])\S+|(?<![\w-])/u(?:ser)?:\S+|\b(?:sshpass|useradd|usermod|mysql\w*|mariadb\w*|sqlcmd|bcp)\b)[^\n]{0,400}?\s-[pP]`;

/**
 * `PWD=/home/user` in an environment dump is the working directory, and `passwd: password updated` the passwd
 * program talking: not passwords.
 */
function notShellNoise(value: SecretForm['value']): SecretForm['value'] {
  return (text, m) => {
    const v = value(text, m);
    if (!v) return undefined;
    if (/pwd\s*=\s*$/i.test(m[0]) && /^[/~]/.test(text.charAt(v.start))) return undefined;
    if (/^passwd:/i.test(m[0])) return undefined;
    return v;
  };
}

export const SECRET_KINDS: readonly SecretKind[] = [
  {
    kind: 'private-key',
    what: 'private keys (the whole PEM block)',
    words: ['private key'],
    forms: [
      {
        name: 'PEM block, to its END line or the end of the text',
        re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$(?![\s\S]))/g,
        value: (text, m) => ({ start: m.index, end: m.index + m[0].length }),
      },
    ],
  },
  {
    kind: 'protected-settings',
    what: "an extension's protectedSettings (string or object)",
    words: ['protectedsettings'],
    forms: keyed('protectedSettings'),
  },
  {
    kind: 'sas',
    what: 'SAS signatures (sig=) in URLs, JSON-escaped, XML-escaped, URL-encoded or bare',
    words: ['sig=', 'sig%3d', 'sig%253d'],
    forms: [
      // After ? & ; (also &amp;), \u0026, %26, %3F: any length.
      group('URL query parameter', new RegExp(String.raw`(?:[?&;]|\\u0026|%26|%3[fF]|%2526|%253[fF])${SIG_EQ}(?<v>${SIG_VALUE})`, 'gi')),
      // Anywhere else (after a space, a quote, at the start): the length of a real signature.
      group('bare sig=', new RegExp(String.raw`(?<![\w?&;%\\])${SIG_EQ}(?<v>${SIG_VALUE})`, 'gi'), (v) => v.length >= 16),
    ],
  },
  {
    kind: 'storage-key',
    what: 'storage account keys (88 base64 characters ending ==) and connection-string keys',
    words: ['accountkey', 'accesskey', '=='],
    forms: [
      ...keyed(String.raw`[\w.-]*(?:AccountKey|SharedAccessKey|AccessKey)`),
      group('bare account key', /(?:(?<![A-Za-z0-9+/])|(?<=\\[nrt]|\\u00[0-9a-fA-F]{2}))(?<v>(?:[A-Za-z0-9+/]|\\\/){86}==)(?![A-Za-z0-9+/=])/g),
    ],
  },
  {
    kind: 'jwt',
    what: 'JSON web tokens (three base64url parts, the first starting eyJ)',
    words: ['eyj'],
    forms: [group('JWT', /(?:(?<![A-Za-z0-9_-])|(?<=\\[nrt]|\\u00[0-9a-fA-F]{2}))(?<v>eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*)/g)],
  },
  {
    kind: 'bearer',
    what: 'bearer tokens (any case)',
    words: ['bearer'],
    forms: [
      // Words are not tokens: 'Bearer authentication' stays.
      group('Bearer token', /\bbearer\s+(?<v>[A-Za-z0-9\-._~+/]{16,}=*)/gi, (v) => !/^[a-z]+$/i.test(v)),
    ],
  },
  {
    kind: 'client-secret',
    what: 'client secrets',
    words: ['secret'],
    forms: keyed(String.raw`client[_-]?secret`),
  },
  {
    kind: 'access-token',
    what: 'access tokens',
    words: ['token'],
    forms: keyed(String.raw`access[_-]?token`),
  },
  {
    kind: 'refresh-token',
    what: 'refresh tokens',
    words: ['token'],
    forms: keyed(String.raw`refresh[_-]?token`),
  },
  {
    kind: 'password',
    what: 'passwords in JSON, XML, key=value, connection strings and command lines',
    words: ['pass', 'pwd', '-p', '/p:', '/rp'],
    forms: [
      ...keyed(PASSWORD_KEY).map((f) => (f.name.startsWith('key=value') ? { ...f, value: notShellNoise(f.value) } : f)),
      {
        name: 'command line --password X, -Password X, --password=X',
        re: new RegExp(String.raw`${LONG_PASSWORD_OPTION}(?:=|\s+)(?!-)`, 'gi'),
        value: (text, m) => plainValue(text, m.index + m[0].length),
      },
      {
        name: 'command line -p X, -pX after a user option or in a command that takes one',
        re: new RegExp(String.raw`${SHORT_P_CONTEXT}\s*(?=[^\s-])`, 'g'),
        value: (text, m) => {
          const v = plainValue(text, m.index + m[0].length);
          return v && /^\d+$/.test(text.slice(v.start, v.end)) ? undefined : v;
        },
      },
      {
        name: 'Windows command line /p:X, /pass:X, /password:X, /RP X',
        re: /(?<![\w/])\/(?:p|pass|password|pw):(?![^\s"]*=)|(?<![\w/])\/rp\s+/gi,
        value: (text, m) => plainValue(text, m.index + m[0].length),
      },
    ],
  },
  {
    kind: 'secret',
    what: 'other secrets named so (a key ending in secret: appSecret, shared_secret)',
    words: ['secret'],
    forms: keyed(String.raw`[\w.-]*secret`),
  },
];
