// Browser stand-in for Node's global `process`, injected by scripts/build-web.mjs: picomatch reads
// `process.platform` when it loads and `process.version` to decide on lookbehind support.
export const process = {
  platform: 'browser',
  version: 'v20.0.0',
  env: {} as Record<string, string | undefined>,
  cwd: (): string => '/',
};
