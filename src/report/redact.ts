// Keeps secrets out of every output. The kinds and their forms are one table (`secret-kinds.ts`); here, the
// redactor that applies it: each distinct secret gets one token (`«redacted:sas-1»`) for the whole output, so the
// same signature in two evidence lines reads the same, and what was removed is counted by kind and by file.
// A line holding none of the kinds' words costs one regex test. Core module: no Node imports.
import type { Report } from '../model.js';
import { SECRET_KINDS, TOKEN_START, type SecretKind } from './secret-kinds.js';

export { SECRET_KINDS } from './secret-kinds.js';

export type RedactionCounts = Record<string, number>;

/** Occurrences of one kind in one file (`Report.redactedIn`). */
export interface RedactedIn {
  kind: string;
  path: string;
  count: number;
}

/** The `path` of text that is the report's own (a finding's summary, the verdict), not one file's. */
export const REPORT_PLACE = '(report)';
/** Entries of `redactedIn` at most; past them, one entry per kind with path `…` counts the other files. */
export const MAX_PLACES = 100;
/** Distinct secrets numbered at most; past them a secret's token has no number (`«redacted:sas»`). */
export const MAX_DISTINCT = 20_000;

const TOKEN = /«redacted:([a-z-]+?)(?:-(\d+))?»/g;

/** A token for the reader: the kind, and the secret's number in this output. */
function tokenText(kind: string, n?: number): string {
  return `${TOKEN_START}${kind}${n === undefined ? '' : `-${n}`}»`;
}

const WORDS = [...new Set(SECRET_KINDS.flatMap((k) => k.words))];
/** One case-insensitive test for all the kinds' words: most lines stop here. */
const CANDIDATE = new RegExp(WORDS.map((w) => w.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|'), 'i');

/** Could `text` hold a secret? False for a line without any of the kinds' words. */
export function mayHoldSecret(text: string): boolean {
  return CANDIDATE.test(text);
}

/**
 * 53-bit hash of a secret (cyrb53): the redactor remembers which token a secret got by this, never by the secret,
 * so it holds no secret (nor a slice of a large line) in memory and its state can go to another thread.
 */
function hash(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * The same secret as two forms write it gets one token: escapes (`\/`, `\"`, `\n`), whitespace and the URL
 * encoding of `+ / =` (`%2B`, `%252B`) do not count.
 */
function normalize(secret: string): string {
  return secret
    .replace(/\\[nrt]/g, '')
    .replace(/[\\\s]/g, '')
    .replace(/%25/gi, '%')
    .replace(/%2B/gi, '+')
    .replace(/%2F/gi, '/')
    .replace(/%3D/gi, '=');
}

/** What a redactor has handed out, for another thread to go on with the same tokens (the viewer's file view). */
export interface RedactorState {
  /** Secret hash and its token. */
  tokens: [number, string][];
  /** The last number given per kind. */
  numbers: Record<string, number>;
}

interface Span {
  start: number;
  end: number;
  quote?: string;
  kind: string;
  order: number;
}

export interface RedactOptions {
  /**
   * The replacement of a secret that spans lines keeps its line breaks (empty lines after the token), so that the
   * lines of a block keep their numbers (the viewer's file view).
   */
  keepLines?: boolean;
}

const PEM_END = /-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/;
/**
 * A line of a PEM body (or its headers), as a key written line by line (syslog) carries it: read on the trimmed
 * text (around the optional part, `^\s*...?\s*$` split a long run of blanks every way it could).
 */
const PEM_BODY_TEXT = /^(?:[A-Za-z0-9+/=]{16,}|Proc-Type:[^\n]*|DEK-Info:[^\n]*)?$/;
const PEM_BODY_LINE = { test: (text: string): boolean => PEM_BODY_TEXT.test(text.trim()) };

export class Redactor {
  /** Occurrences replaced, by kind. */
  readonly counts: RedactionCounts = {};
  private readonly tokens = new Map<number, string>();
  private readonly hashes = new Map<string, number>();
  private readonly numbers: Record<string, number> = {};
  private readonly places = new Map<string, RedactedIn>();
  private readonly otherPlaces = new Map<string, number>();
  /** Per file: the token of a private key whose BEGIN line came without its END (a key logged line by line). */
  private readonly openKeys = new Map<string, string>();

  constructor(state?: RedactorState) {
    if (state) {
      for (const [h, token] of state.tokens) this.remember(h, token);
      Object.assign(this.numbers, state.numbers);
    }
  }

  /** A redactor whose new tokens do not reuse the numbers a report already shows (a report from elsewhere). */
  static continuing(value: unknown): Redactor {
    const r = new Redactor();
    const text = JSON.stringify(value) ?? '';
    for (const m of text.matchAll(TOKEN)) {
      if (m[2] !== undefined) r.numbers[m[1]!] = Math.max(r.numbers[m[1]!] ?? 0, Number(m[2]));
    }
    return r;
  }

  state(): RedactorState {
    return { tokens: [...this.tokens], numbers: { ...this.numbers } };
  }

  /**
   * `text` with every secret replaced by its token. `where` is the file the text comes from (the report's
   * `redactedIn`), also the key under which a private key logged line by line is followed to its END line.
   */
  text(text: string, where?: string, options: RedactOptions = {}): string {
    let prefix = '';
    if (where !== undefined && this.openKeys.size > 0 && this.openKeys.has(where)) {
      const token = this.openKeys.get(where)!;
      const end = PEM_END.exec(text);
      if (end || PEM_BODY_LINE.test(text)) {
        const stop = end ? end.index + end[0].length : text.length;
        if (end) this.openKeys.delete(where);
        this.count(token, where);
        prefix = token + (options.keepLines ? '\n'.repeat(lineBreaks(text, 0, stop)) : '');
        text = text.slice(stop);
        if (text === '') return prefix;
      } else {
        this.openKeys.delete(where);
      }
    }
    if (!CANDIDATE.test(text)) return prefix + text;
    const spans = findSecrets(text);
    if (spans.length === 0) return prefix + text;
    let out = prefix;
    let at = 0;
    for (const s of spans) {
      const secret = text.slice(s.start, s.end);
      const token = this.tokenFor(s.kind, secret);
      this.count(token, where);
      out += text.slice(at, s.start) + (s.quote ?? '') + token + (s.quote ?? '');
      if (options.keepLines) out += '\n'.repeat(lineBreaks(text, s.start, s.end));
      at = s.end;
      if (s.kind === 'private-key' && s.end === text.length && where !== undefined && !PEM_END.test(secret)) this.openKeys.set(where, token);
    }
    return out + text.slice(at);
  }

  /**
   * `text` redacted by `from` (another redactor of the same bundle), its tokens replaced by this one's for the same
   * secrets: the viewer's event table, redacted while the bundle was read, in the numbers of the report. Not counted.
   */
  translate(text: string, from: Redactor): string {
    if (!text.includes(TOKEN_START)) return text;
    return text.replace(TOKEN, (token, kind: string) => {
      const h = from.hashes.get(token);
      return h === undefined ? token : this.tokenOfHash(kind, h);
    });
  }

  /** Occurrences by kind and file, bounded: at most `MAX_PLACES` entries, then one per kind with path `…`. */
  redactedIn(): RedactedIn[] {
    const listed = [...this.places.values()].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const rest = [...this.otherPlaces].sort(([a], [b]) => (a < b ? -1 : 1)).map(([kind, count]) => ({ kind, path: '…', count }));
    return [...listed.map((p) => ({ ...p })), ...rest];
  }

  private tokenFor(kind: string, secret: string): string {
    return this.tokenOfHash(kind, hash(normalize(secret)));
  }

  private tokenOfHash(kind: string, h: number): string {
    const known = this.tokens.get(h);
    if (known !== undefined) return known;
    if (this.tokens.size >= MAX_DISTINCT) return tokenText(kind);
    const n = (this.numbers[kind] ?? 0) + 1;
    this.numbers[kind] = n;
    const token = tokenText(kind, n);
    this.remember(h, token);
    return token;
  }

  private remember(h: number, token: string): void {
    this.tokens.set(h, token);
    this.hashes.set(token, h);
  }

  private count(token: string, where: string | undefined): void {
    const kind = kindOf(token);
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
    if (where === undefined) return;
    const key = `${kind}\u0000${where}`;
    const place = this.places.get(key);
    if (place) place.count++;
    else if (this.places.size < MAX_PLACES) this.places.set(key, { kind, path: where, count: 1 });
    else this.otherPlaces.set(kind, (this.otherPlaces.get(kind) ?? 0) + 1);
  }
}

function kindOf(token: string): string {
  return token.slice(TOKEN_START.length, -1).replace(/-\d+$/, '');
}

function lineBreaks(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', start); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The secrets in `text`, in order, without overlaps: where two overlap, the one starting first (then the longer). */
export function findSecrets(text: string): Span[] {
  const lower = text.toLowerCase();
  const found: Span[] = [];
  SECRET_KINDS.forEach((kind: SecretKind, order) => {
    if (!kind.words.some((w) => lower.includes(w))) return;
    for (const form of kind.forms) {
      const re = form.re;
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text)) !== null) {
        if (m[0] === '') re.lastIndex++;
        const span = form.value(text, m);
        if (!span || span.end <= span.start) continue;
        found.push({ ...span, kind: kind.kind, order });
        // The next match starts after this value: a value read to the end of the text is read once.
        if (span.end > re.lastIndex) re.lastIndex = span.end;
      }
    }
  });
  if (found.length === 0) return found;
  found.sort((a, b) => a.start - b.start || b.end - a.end || a.order - b.order);
  const kept: Span[] = [];
  let end = -1;
  for (const s of found) {
    if (s.start < end) continue;
    kept.push(s);
    end = s.end;
  }
  return kept;
}

/** `text` cut to `max` characters and `…`, never inside a token (a cut token could be read as another one). */
export function cutRedacted(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max;
  const open = text.lastIndexOf('«', cut);
  if (open >= 0 && text.indexOf('»', open) >= cut) cut = open;
  return `${text.slice(0, cut)}…`;
}

/** One text redacted on its own (tokens numbered within it), counting by kind into `counts`. */
export function redact(text: string, counts?: RedactionCounts): string {
  const r = new Redactor();
  const out = r.text(text);
  if (counts) for (const [k, n] of Object.entries(r.counts)) counts[k] = (counts[k] ?? 0) + n;
  return out;
}

/**
 * Every string inside a JSON-like value redacted with `redactor`; `where` follows the nearest `path` field. What holds
 * no secret is returned as it is, not copied: a report of 200,000 sources is not built twice.
 */
function walk<T>(value: T, redactor: Redactor, where: string): T {
  if (typeof value === 'string') return redactor.text(value, where) as T;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const r = walk(v, redactor, where);
      if (r !== v && !out) out = value.slice(0, i);
      if (out) out.push(r);
    }
    return (out ?? value) as T;
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const obj = value as Record<string, unknown>;
    const path = typeof obj['path'] === 'string' ? redactor.text(obj['path'], where) : undefined;
    const inner = path ?? where;
    let out: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(obj)) {
      const r = k === 'path' && path !== undefined ? path : walk(v, redactor, inner);
      if (r !== v) (out ??= { ...obj })[k] = r;
    }
    return (out ?? obj) as T;
  }
  return value;
}

/** Every string inside a JSON-like value redacted (one numbering for all), counting by kind into `counts`. */
export function redactDeep<T>(value: T, counts: RedactionCounts): T {
  const r = new Redactor();
  const out = walk(value, r, REPORT_PLACE);
  for (const [k, n] of Object.entries(r.counts)) counts[k] = (counts[k] ?? 0) + n;
  return out;
}

/** A report and the redactor of its outputs: what is redacted later for it (the html page's events) shares its tokens. */
interface ReportRedaction {
  redactor: Redactor;
  report: Report;
  /** What the report listed before this redactor (a report from elsewhere, redacted again). */
  base: Pick<Report, 'redactions' | 'redactedIn'>;
}

const byReport = new WeakMap<object, ReportRedaction>();

/**
 * The report with every string redacted, and `redactions`/`redactedIn` saying what was removed where (added to what a
 * report from elsewhere already listed). The redactor stays attached to the report (and to its `findings`): what is
 * redacted for it later (`redactorFor`) gets the same tokens and counts in it (`noteRedactions`).
 */
export function redactReport(report: Report, redactor: Redactor = new Redactor()): Report {
  const base = { redactions: report.redactions, redactedIn: report.redactedIn };
  // The report and its findings are its own (noteRedactions writes to it; the findings array finds it again).
  const walked = walk(report, redactor, REPORT_PLACE);
  const out: Report = { ...walked, findings: [...walked.findings] };
  const entry: ReportRedaction = { redactor, report: out, base };
  byReport.set(out, entry);
  byReport.set(out.findings, entry);
  noteRedactions(out);
  return out;
}

/** The redactor of a report made by `redactReport` (looked up by the report or its `findings` array). */
export function redactorFor(reportOrFindings: object): Redactor | undefined {
  return byReport.get(reportOrFindings)?.redactor;
}

/** Writes what the report's redactor removed so far into its `redactions` and `redactedIn`. */
export function noteRedactions(reportOrFindings: object): void {
  const entry = byReport.get(reportOrFindings);
  if (!entry) return;
  const { redactor, report, base } = entry;
  const counts: RedactionCounts = { ...(base.redactions ?? {}) };
  for (const [k, n] of Object.entries(redactor.counts)) counts[k] = (counts[k] ?? 0) + n;
  const places = new Map<string, RedactedIn>();
  for (const p of [...(base.redactedIn ?? []), ...redactor.redactedIn()]) {
    const key = `${p.kind}\u0000${p.path}`;
    const had = places.get(key);
    if (had) had.count += p.count;
    else places.set(key, { ...p });
  }
  if (Object.keys(counts).length > 0) report.redactions = counts;
  else delete report.redactions;
  if (places.size > 0) report.redactedIn = boundPlaces([...places.values()]);
  else delete report.redactedIn;
}

/** At most `MAX_PLACES` entries naming a file; the rest folded into one `…` entry per kind. */
function boundPlaces(places: RedactedIn[]): RedactedIn[] {
  const named = places.filter((p) => p.path !== '…');
  const rest = new Map<string, number>();
  for (const p of [...places.filter((p) => p.path === '…'), ...named.slice(MAX_PLACES)]) rest.set(p.kind, (rest.get(p.kind) ?? 0) + p.count);
  return [...named.slice(0, MAX_PLACES), ...[...rest].map(([kind, count]) => ({ kind, path: '…', count }))];
}

/** One kind of secret a report removed: how often, and the files it was in (at most `maxPlaces`, then how many more). */
export interface RedactionLine {
  kind: string;
  count: number;
  places: { path: string; count: number }[];
  morePlaces: number;
}

/** What the report redacted, kind by kind with its files, for the renderers ('(report)' reads "the report's text"). */
export function redactionLines(report: Pick<Report, 'redactions' | 'redactedIn'>, maxPlaces = 3): RedactionLine[] {
  return Object.entries(report.redactions ?? {}).map(([kind, count]) => {
    const places = (report.redactedIn ?? [])
      .filter((p) => p.kind === kind)
      .map((p) => ({ path: p.path === REPORT_PLACE ? "the report's text" : p.path === '…' ? 'other files' : p.path, count: p.count }));
    return { kind, count, places: places.slice(0, maxPlaces), morePlaces: Math.max(0, places.length - maxPlaces) };
  });
}
