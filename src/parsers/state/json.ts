// JSON documents read without throwing: a problem says where the text is broken (line, column) but never quotes it.
import type { ParseContext } from '../types.js';
import { TextIndex } from './locate.js';
import { type Obj, arr, obj } from './values.js';

/**
 * Parses JSON; on failure reports a problem that says where (line, column) but never quotes the text (a settings
 * file can hold secrets) and returns undefined.
 */
export function parseJson(text: string, ctx: ParseContext, what: string): unknown {
  const r = tryJson(text, what);
  if ('error' in r) {
    ctx.problem(r.error);
    return undefined;
  }
  return r.value;
}

/** JSON.parse without throwing: the value, or a one-line reason that never quotes the text. */
export function tryJson(text: string, what: string): { value: unknown } | { error: string } {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return { error: `empty file: no ${what} in it` };
  try {
    return { value: JSON.parse(body) };
  } catch (error) {
    return { error: `${what} is not valid JSON (${jsonErrorPlace(body, error)})` };
  }
}

function jsonErrorPlace(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const pos = /position (\d+)/.exec(message);
  const offset = pos ? Number(pos[1]) : jsonErrorOffset(text);
  if (offset >= text.trimEnd().length || /end of (JSON|data)/i.test(message)) return 'the text ends early: cut or truncated file';
  if (offset < 0) return 'malformed';
  const index = new TextIndex(text);
  const line = index.lineAt(offset);
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return `line ${line}, column ${offset - lineStart + 1}`;
}

/**
 * Offset of the first JSON syntax error, found by a small scanner (V8's messages give no position for some errors,
 * and quote the text for others); -1 when the scanner sees none.
 */
export function jsonErrorOffset(s: string): number {
  let i = 0;
  const ws = (): void => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
  };
  const fail = (): never => {
    throw i;
  };
  /** `{...}` or `[...]` at `i`: `item`s separated by commas up to `close`, or none. */
  const sequence = (close: string, item: () => void): void => {
    i++;
    ws();
    if (s[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      ws();
      if (s[i] === ',') i++;
      else if (s[i] === close) {
        i++;
        return;
      } else fail();
    }
  };
  const value = (depth: number): void => {
    if (depth > 512) fail();
    ws();
    const c = s[i];
    if (c === '{') {
      sequence('}', () => {
        ws();
        if (s[i] !== '"') fail();
        string();
        ws();
        if (s[i] !== ':') fail();
        i++;
        value(depth + 1);
      });
    } else if (c === '[') sequence(']', () => value(depth + 1));
    else if (c === '"') string();
    else if (c === 't' || c === 'f' || c === 'n') {
      const word = c === 't' ? 'true' : c === 'f' ? 'false' : 'null';
      for (let k = 0; k < word.length; k++, i++) if (s[i] !== word[k]) fail();
    } else {
      const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(s.slice(i, i + 400));
      if (!m) fail();
      i += m![0].length;
    }
  };
  const string = (): void => {
    i++;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c === 92) i += 2;
      else if (c < 32) fail();
      else i++;
    }
    fail();
  };
  try {
    value(0);
    ws();
    return i < s.length ? i : -1;
  } catch (at) {
    return typeof at === 'number' ? at : -1;
  }
}

/** JSON that must be an object (`{...}`); otherwise a problem and undefined. */
export function parseJsonObject(text: string, ctx: ParseContext, what: string): Obj | undefined {
  const parsed = parseJson(text, ctx, what);
  if (parsed === undefined) return undefined;
  const o = obj(parsed);
  if (!o) ctx.problem(`${what} is JSON but not an object: not the expected format`);
  return o;
}

/** JSON that must be an array (`[...]`, the extension status/manifest shape); otherwise a problem and undefined. */
export function parseJsonArray(text: string, ctx: ParseContext, what: string): unknown[] | undefined {
  const parsed = parseJson(text, ctx, what);
  if (parsed === undefined) return undefined;
  if (!Array.isArray(parsed)) {
    ctx.problem(`${what} is JSON but not an array: not the expected format`);
    return undefined;
  }
  return parsed;
}

/**
 * The first item of a handler document (`[{"name", "version", "<member>": {...}}]`) and its `member` object;
 * undefined, after a problem, when the document is broken or has no such object.
 */
export function handlerItem(text: string, ctx: ParseContext, file: string, member: string): { item: Obj; value: Obj } | undefined {
  const parsed = parseJson(text, ctx, file);
  if (parsed === undefined) return undefined;
  const item = obj(arr(parsed)[0]);
  const value = obj(item?.[member]);
  if (!item || !value) {
    ctx.problem(`${file} has no ${member} object: not the expected format`);
    return undefined;
  }
  return { item, value };
}
