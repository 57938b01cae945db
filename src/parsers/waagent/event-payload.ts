// The `Event: name=…, op=…, message=…, duration=…` text (waagent.md §1.4) and its base64+zlib message (§1.3).
import { Unzlib } from 'fflate';
import type { LogEvent } from '../../model.js';
import { concatBytes } from '../../text/bytes.js';

export interface EventFields {
  name: string;
  op: string;
  message: string;
  /** Absent when the line has none (2.1/2.2.0 events, or a cut line). */
  duration?: string;
}

const EVENT_HEAD = 'Event: name=';

/**
 * Splits the whole entry text (continuation lines included) of an `Event:` message; undefined when `text`
 * is not one. `duration` is taken only from the very end (`, duration=<int>` then blanks), since the message
 * itself may contain commas and even `duration=`.
 */
export function splitEvent(text: string): EventFields | undefined {
  if (!text.startsWith(EVENT_HEAD)) return undefined;
  const opAt = text.indexOf(', op=', EVENT_HEAD.length);
  if (opAt < 0) return undefined;
  const name = text.slice(EVENT_HEAD.length, opAt);
  if (name.includes('\n')) return undefined;
  const msgAt = text.indexOf(', message=', opAt + 5);
  if (msgAt < 0) {
    const op = text.slice(opAt + 5).trimEnd();
    return op.includes('\n') ? undefined : { name, op, message: '' };
  }
  const op = text.slice(opAt + 5, msgAt);
  let message = text.slice(msgAt + 10);
  let duration: string | undefined;
  const durAt = message.lastIndexOf(', duration=');
  if (durAt >= 0 && /^-?\d+\s*$/.test(message.slice(durAt + 11))) {
    duration = message.slice(durAt + 11).trim();
    message = message.slice(0, durAt);
  }
  return duration === undefined ? { name, op, message } : { name, op, message, duration };
}

/** The shape of an encoded message (§1.3): base64 alphabet only, at least 16 characters, zlib header `eJ`. */
export function looksEncoded(message: string): boolean {
  return message.length >= 16 && message.startsWith('eJ') && /^[A-Za-z0-9+/]+={0,2}$/.test(message);
}

const B64 = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;

/** Decodes base64 (padding optional; a trailing partial group yields the whole bytes it holds). */
export function base64Bytes(text: string): Uint8Array {
  let len = text.length;
  while (len > 0 && text.charCodeAt(len - 1) === 61 /* = */) len--;
  const out = new Uint8Array(Math.floor((len * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? B64[c]! : -1;
    if (v < 0) throw new Error(`not base64 at ${i}`);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return o === out.length ? out : out.subarray(0, o);
}

export type DecodeResult = { ok: true; text: string } | { ok: false; error: string; partial: string };

const MAX_DECODED_CHARS = 64 * 1024;

function concatUtf8(parts: Uint8Array[]): string {
  const text = new TextDecoder('utf-8').decode(concatBytes(parts));
  return text.length > MAX_DECODED_CHARS ? text.slice(0, MAX_DECODED_CHARS) : text;
}

/**
 * base64 -> zlib inflate -> UTF-8 text. A cut payload (the usual case in pasted logs) fails with an error but
 * keeps what could be inflated before the cut in `partial`.
 */
export function decodeZlibBase64(text: string): DecodeResult {
  const parts: Uint8Array[] = [];
  let size = 0;
  let bytes: Uint8Array;
  try {
    bytes = base64Bytes(text);
  } catch (e) {
    return { ok: false, error: (e as Error).message, partial: '' };
  }
  const inflater = new Unzlib((chunk) => {
    if (size < MAX_DECODED_CHARS * 4) parts.push(chunk);
    size += chunk.length;
  });
  try {
    inflater.push(bytes, false);
  } catch (e) {
    return { ok: false, error: `corrupt zlib data: ${(e as Error).message}`, partial: concatUtf8(parts) };
  }
  try {
    inflater.push(new Uint8Array(0), true);
  } catch {
    // Everything pushed inflated without error, but the stream did not end: the text was cut.
    return { ok: false, error: 'truncated zlib data (unexpected end)', partial: concatUtf8(parts) };
  }
  return { ok: true, text: concatUtf8(parts) };
}

/**
 * `Event: name=…, op=…, message=…, duration=…` fields. An encoded message is decoded into `fields.message`
 * (`fields.encoded = 'zlib+base64'`) and appended to the event message after ` [decoded] `; a cut one keeps
 * the raw text, sets `fields.decodeError`, and appends what could be inflated after ` [decoded, incomplete] `.
 */
export function eventFields(ev: LogEvent): Record<string, string> | undefined {
  const parsed = splitEvent(ev.message);
  if (parsed === undefined) return undefined;
  const fields: Record<string, string> = { name: parsed.name, op: parsed.op, message: parsed.message };
  if (parsed.duration !== undefined) fields.duration = parsed.duration;
  const payload = parsed.message.trim();
  if (looksEncoded(payload)) {
    const decoded = decodeZlibBase64(payload);
    if (decoded.ok) {
      fields.message = decoded.text;
      fields.encoded = 'zlib+base64';
      ev.message = `${ev.message} [decoded] ${decoded.text}`;
    } else {
      fields.decodeError = decoded.error;
      if (decoded.partial !== '') {
        fields.decodedPartial = decoded.partial;
        ev.message = `${ev.message} [decoded, incomplete] ${decoded.partial}`;
      }
    }
  }
  return fields;
}
