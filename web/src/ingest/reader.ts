// A Blob as a chunk stream, and slices of it read whole.
import { Body } from './body.js';

/**
 * The bytes of `blob` (or of its slice from `start` to `end`) as a Body, each chunk counted by `onRead`.
 * Discarding or closing cancels the read: nothing after it depends on it.
 */
export function blobBody(blob: Blob, onRead: (n: number) => void, start = 0, end = blob.size): Body {
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  let cancelled = false;
  const cancel = (): void => {
    cancelled = true;
    reader?.cancel().catch(() => undefined);
  };
  const source: AsyncIterator<Uint8Array> = {
    next: async () => {
      if (cancelled) return { done: true, value: undefined };
      reader ??= (start === 0 && end === blob.size ? blob : blob.slice(start, end)).stream().getReader();
      const r = await reader.read();
      if (r.done) return { done: true, value: undefined };
      onRead(r.value.length);
      return { done: false, value: r.value };
    },
  };
  return new Body(source, {
    discard: async () => {
      cancel();
      return null;
    },
    close: cancel,
  });
}

/** The bytes of a slice of `blob`, read whole (headers, the zip central directory). */
export async function blobBytes(blob: Blob, start: number, end: number): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(start, end).arrayBuffer());
}
