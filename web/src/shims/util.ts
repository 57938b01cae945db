// Browser stand-in for `node:util`, aliased by scripts/build-web.mjs. micromatch and fill-range use
// `inspect` only to quote a bad argument in an error message.
export function inspect(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export default { inspect };
