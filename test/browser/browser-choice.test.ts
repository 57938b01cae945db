// Which Chromium the browser tests drive (test/helpers/browser.ts): Debian's when it is there, else the
// npm one; a path that is not there fails with one line that says how to get a browser.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chooseBrowser, HOW_TO_GET_ONE, resolveBrowser } from '../helpers/browser.js';

describe('the browser of the browser tests', () => {
  it('LOGSCAN_CHROMIUM: unset takes Debian\'s chromium when installed, else npm; "npm" forces npm; a path is that browser', () => {
    expect(chooseBrowser(undefined, true)).toEqual({ kind: 'path', path: '/usr/bin/chromium' });
    expect(chooseBrowser('', false)).toEqual({ kind: 'npm' });
    expect(chooseBrowser(undefined, false)).toEqual({ kind: 'npm' });
    expect(chooseBrowser('npm', true)).toEqual({ kind: 'npm' });
    expect(chooseBrowser('/opt/chromium/chrome', true)).toEqual({ kind: 'path', path: '/opt/chromium/chrome' });
  });

  it('a browser that is not there is one line saying how to get one', async () => {
    const error = await resolveBrowser('/nonexistent/chromium').then(() => undefined, (e: Error) => e);
    expect(error?.message).toBe(`no Chromium at /nonexistent/chromium (LOGSCAN_CHROMIUM): ${HOW_TO_GET_ONE}`);
    expect(error?.message).not.toContain('\n');
  });

  it('the npm Chromium is unpacked from the installed package, with its own libraries', async () => {
    const b = await resolveBrowser('npm');
    expect(b.origin).toMatch(/^@sparticuz\/chromium \d+\.\d+\.\d+$/);
    expect(existsSync(b.executablePath)).toBe(true);
    expect(b.env?.LD_LIBRARY_PATH?.split(':')[0]).toMatch(/node_modules\/\.cache\/logscan-chromium-[\d.]+\/lib$/);
    for (const loosening of ['--disable-web-security', '--allow-running-insecure-content']) expect(b.args).not.toContain(loosening);
  }, 60_000);
});
