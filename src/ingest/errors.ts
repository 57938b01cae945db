// Short, clear messages for what zlib, tar-stream and unzipper throw.
import { LimitError } from './limits.js';

/** The input cannot be opened at all (missing, unreadable, named .tgz but not gzip, ...). */
export class BundleError extends Error {
  override name = 'BundleError';
}

const TRUNCATED = 'archive truncated: unexpected end of data';

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** True for an error raised by node:zlib (they carry a `Z_...` code). */
function isZlibError(e: unknown): e is Error & { code: string } {
  return e instanceof Error && typeof (e as { code?: unknown }).code === 'string' && (e as unknown as { code: string }).code.startsWith('Z_');
}

/** A zlib error as `<format>: <what zlib said>`; other errors (from upstream) pass unchanged. */
export function codecError(format: 'gzip' | 'zip', e: unknown): unknown {
  if (isZlibError(e)) return new Error(`${format}: ${e.message}`, { cause: e });
  return e;
}

/** What went wrong with an archive stream, as one line. */
export function describeArchiveError(e: unknown): string {
  if (e instanceof LimitError) return e.message;
  const m = messageOf(e);
  if (m === TRUNCATED || /unexpected end of (file|data)|FILE_ENDED|premature close/i.test(m)) return TRUNCATED;
  if (/^Invalid tar header|^Invalid header|Header exceeds max size/.test(m)) return 'archive corrupt: invalid tar header';
  if (/^invalid signature: 0x([0-9a-f]+)/i.test(m)) return `archive corrupt: zip: invalid signature 0x${/0x([0-9a-f]+)/i.exec(m)?.[1] ?? ''}`;
  if (m === 'MISSING_PASSWORD' || m === 'BAD_PASSWORD') return 'zip: encrypted member, cannot read';
  if (/^(gzip|zip): /.test(m)) return `archive corrupt: ${m}`;
  return m;
}

/** An error to throw from a member's bytes when its archive stream failed: LimitErrors unchanged. */
export function archiveError(e: unknown): Error {
  if (e instanceof LimitError) return e;
  const text = describeArchiveError(e);
  if (e instanceof Error && e.message === text) return e;
  return new Error(text, { cause: e });
}

/** `ENOENT` & co as words. */
export function describeFsError(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many symbolic links';
    case 'EIO':
      return 'input/output error';
    default:
      return typeof code === 'string' ? `${code}: ${messageOf(e)}` : messageOf(e);
  }
}
