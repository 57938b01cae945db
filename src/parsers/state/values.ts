// Untyped values of the JSON and XML documents the state parsers read, and what of them may be reported: scalars as
// strings, cut messages, setting keys without their values, URL hosts without path or query.

export const KiB = 1024;
export const MiB = 1024 * 1024;

/** Longest message kept in a fact attribute or an event (characters). */
export const MAX_MESSAGE = 500;

export type Obj = Record<string, unknown>;

export function obj(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** An array as is; a single value as a one-item array (fast-xml-parser gives one child as an object); nothing as []. */
export function arr(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  return v === undefined || v === null ? [] : [v];
}

/** A scalar as a string (numbers and booleans too); objects, arrays, null and '' as undefined. */
export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return undefined;
}

/** The members `keys` of `o` as `str` reads them, under their own names and in that order (to spread into `attrs`). */
export function pickStrings<K extends string>(o: Obj | undefined, keys: readonly K[]): Record<K, string | undefined> {
  const out = {} as Record<K, string | undefined>;
  for (const key of keys) out[key] = str(o?.[key]);
  return out;
}

/** Text of an XML element read by fast-xml-parser: a plain string or the `#text` of an element with attributes. */
export function text(v: unknown): string | undefined {
  const o = obj(v);
  return o ? str(o['#text']) : str(v)?.trim() || undefined;
}

/** An attribute of an XML element (`@_name`). */
export function attr(v: unknown, name: string): string | undefined {
  return str(obj(v)?.[`@_${name}`]);
}

export function cut(s: string, max = MAX_MESSAGE): string {
  return s.length > max ? s.slice(0, max) + '…' : s;
}

/** Named attributes as a fact kind declares them (src/facts/kinds.ts): the names are kept, so a misspelt one fails to compile. */
export type NamedAttrs<T> = string extends keyof T ? Record<string, string> : { [K in keyof T]?: string };

/** Attributes with the empty values left out. */
export function attrs<T extends Record<string, string | undefined | null>>(values: T): NamedAttrs<T> | undefined {
  const out: Record<string, string> = {};
  let any = false;
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === null || v === '') continue;
    out[k] = v;
    any = true;
  }
  return any ? (out as NamedAttrs<T>) : undefined;
}

/** Keys of the public settings, never their values (a `commandToExecute` or a storage key can hide there). */
export function publicSettingsKeys(value: unknown): string | undefined {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  const o = obj(v);
  if (!o) return undefined;
  const keys = Object.keys(o);
  return keys.length > 0 ? keys.join(',') : undefined;
}

/** Host of a URL, never its path or query (a SAS token would be in the query). */
export function urlHost(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/?#:]+)/i.exec(value.trim());
  return m?.[1];
}
