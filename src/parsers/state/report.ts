// Fact and event builders of the state parsers: empty values are left out, the path comes from the context.
import { anyFact, type FactAttrs, type FactKind, type FactOf, type FactRole } from '../../facts/kinds.js';
import type { Level, LogEvent } from '../../model.js';
import type { ParseContext } from '../types.js';
import type { ExtensionRef } from './paths.js';
import type { DocTime } from './times.js';

/** Attribute names the kind does not declare, each typed `never`: a misspelt name fails to compile. */
type Undeclared<A, K extends FactKind> = { [X in Exclude<keyof A, keyof FactAttrs<K>>]: never };

export interface FactInput<K extends FactKind, A extends FactAttrs<K> = FactAttrs<K>> {
  role?: FactRole<K> | undefined;
  attrs?: (A & Undeclared<A, K>) | undefined;
  time?: number | null;
  line?: number;
  text?: string;
}

/** Reports a fact; skips it when the value is empty. */
export function fact<K extends FactKind, A extends FactAttrs<K>>(ctx: ParseContext, kind: K, value: string | undefined, input: FactInput<K, A> = {}): void {
  if (value === undefined || value === '') return;
  const f: FactOf<K> = { kind, value, time: input.time ?? null, path: ctx.path, line: input.line ?? 1 };
  if (input.role) f.role = input.role;
  if (input.attrs && Object.keys(input.attrs).length > 0) f.attrs = input.attrs;
  f.text = input.text ?? `${kind}=${value}`;
  ctx.fact(anyFact(f));
}

export interface EventInput extends DocTime {
  level: Level;
  line: number;
  raw: string;
  message: string;
  extension?: ExtensionRef | undefined;
  fields?: Record<string, string> | undefined;
  format?: string;
}

export function emit(ctx: ParseContext, source: string, input: EventInput): void {
  const e: LogEvent = {
    time: input.time,
    timeText: input.timeText,
    timeSource: input.timeSource,
    level: input.level,
    source,
    path: ctx.path,
    line: input.line,
    message: input.message,
    raw: input.raw,
  };
  if (input.extension) e.extension = input.extension.version ? { name: input.extension.name, version: input.extension.version } : { name: input.extension.name };
  if (input.fields && Object.keys(input.fields).length > 0) e.fields = input.fields;
  if (input.format) e.format = input.format;
  ctx.emit(e);
}
