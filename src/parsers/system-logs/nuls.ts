// A crash leaves a run of NUL bytes in a syslog file where the next write lands: the line after it starts with them.

/** Drops leading NUL bytes. */
export function stripNuls(s: string): string {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) === 0) i++;
  return i === 0 ? s : s.slice(i);
}
