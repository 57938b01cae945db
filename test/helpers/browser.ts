// The one place that decides which Chromium the browser tests drive, and with which flags.
//
// LOGSCAN_CHROMIUM:
//   unset or ''  Debian's /usr/bin/chromium when it is installed, else the Chromium of the
//                @sparticuz/chromium dev dependency (what `npm install` brings on any machine)
//   npm          the dev dependency's Chromium even where Debian's is installed (a fresh machine's case)
//   a path       that Chromium; the tests fail when it is not there
//
// The dev dependency ships its Chromium brotli-compressed; it is unpacked once per installed version into
// node_modules/.cache (from the files npm installed: nothing is downloaded here).
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createBrotliDecompress } from 'node:zlib';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, LaunchOptions } from 'playwright-core';
import { extract } from 'tar-stream';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEBIAN = '/usr/bin/chromium';
const NPM_PACKAGE = '@sparticuz/chromium';
export const HOW_TO_GET_ONE = `run npm install (it brings ${NPM_PACKAGE}), or apt-get install chromium, or set LOGSCAN_CHROMIUM to a Chromium's path`;

/** Flags for every browser: one language whatever the machine's, no sandbox (tests run as root), none of Chromium's own traffic. */
const COMMON_FLAGS = ['--lang=en-US', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];
/**
 * The package's flags left out: those that make the page less strict than a reader's browser (the tests check the
 * CSP and origins), and --single-process, which a serverless sandbox needs and which ends the whole browser when a
 * test closes its page's context.
 */
const LEFT_OUT_FLAGS = ['--disable-web-security', '--allow-running-insecure-content', '--disable-site-isolation-trials', '--single-process'];

export interface ChosenBrowser {
  executablePath: string;
  args: string[];
  env?: Record<string, string>;
  /** For messages: where the browser comes from. */
  origin: string;
}

export type Choice = { kind: 'path'; path: string } | { kind: 'npm' };

/** What LOGSCAN_CHROMIUM asks for, given whether Debian's chromium is installed. */
export function chooseBrowser(setting: string | undefined, debianInstalled: boolean): Choice {
  const value = setting?.trim() ?? '';
  if (value === 'npm') return { kind: 'npm' };
  if (value !== '') return { kind: 'path', path: value };
  return debianInstalled ? { kind: 'path', path: DEBIAN } : { kind: 'npm' };
}

let chosen: Promise<ChosenBrowser> | undefined;

/** The browser the tests drive; rejects with one line that says how to get one. */
export function testBrowser(): Promise<ChosenBrowser> {
  chosen ??= resolveBrowser();
  return chosen;
}

/** The browser LOGSCAN_CHROMIUM (or `setting`) names, unpacked when it is the npm one. */
export async function resolveBrowser(setting = process.env.LOGSCAN_CHROMIUM): Promise<ChosenBrowser> {
  const choice = chooseBrowser(setting, existsSync(DEBIAN));
  if (choice.kind === 'path') {
    if (!existsSync(choice.path)) throw new Error(`no Chromium at ${choice.path} (LOGSCAN_CHROMIUM): ${HOW_TO_GET_ONE}`);
    return { executablePath: choice.path, args: [...COMMON_FLAGS, '--disable-gpu'], origin: choice.path };
  }
  return npmChromium(setting?.trim() === 'npm' ? 'LOGSCAN_CHROMIUM=npm' : `${DEBIAN} is absent`);
}

async function npmChromium(why: string): Promise<ChosenBrowser> {
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve(NPM_PACKAGE);
  } catch {
    throw new Error(`no browser for the browser tests: ${why} and ${NPM_PACKAGE} is not installed; ${HOW_TO_GET_ONE}`);
  }
  // Its exports hide package.json: the package folder is the one above build/index.js.
  const pkg = dirname(dirname(entry));
  const manifest = join(pkg, 'package.json');
  const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  const dir = await unpacked(join(pkg, 'bin'), join(root, 'node_modules', '.cache', `logscan-chromium-${version}`));
  const { default: Sparticuz } = (await import(NPM_PACKAGE)) as { default: { args: string[] } };
  return {
    executablePath: join(dir, 'chromium'),
    // The package's flags (GPU in-process on its bundled SwiftShader), less those above; playwright says --headless.
    args: [...COMMON_FLAGS, ...Sparticuz.args.filter((a) => !LEFT_OUT_FLAGS.includes(a) && !a.startsWith('--headless'))],
    // Its own NSS and expat, so it needs nothing from the machine's packages.
    // Its renderers take their language from LANG, not --lang: C.UTF-8 would make it 'en-US@posix', which Intl refuses.
    env: { ...stringEnv(), LANG: 'en_US.UTF-8', LD_LIBRARY_PATH: [join(dir, 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') },
    origin: `${NPM_PACKAGE} ${version}`,
  };
}

/** The package's archives unpacked into `dir`: built beside it and renamed, so parallel test files never see half a browser. */
async function unpacked(bin: string, dir: string): Promise<string> {
  if (existsSync(join(dir, 'chromium'))) return dir;
  const building = `${dir}.${process.pid}.tmp`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  await pipeline(createReadStream(join(bin, 'chromium.br')), createBrotliDecompress(), createWriteStream(join(building, 'chromium'), { mode: 0o755 }));
  // SwiftShader's libraries sit beside the binary, where Chromium looks for them; the AL2023 libraries hold its NSS.
  await untar(join(bin, 'swiftshader.tar.br'), building);
  await untar(join(bin, 'al2023.tar.br'), building);
  try {
    renameSync(building, dir);
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(join(dir, 'chromium'))) throw error;
  }
  return dir;
}

async function untar(archive: string, into: string): Promise<void> {
  const tar = extract();
  const done = (async () => {
    for await (const entry of tar) {
      const target = join(into, entry.header.name);
      if (!target.startsWith(into + '/')) throw new Error(`${archive}: ${entry.header.name} leaves its folder`);
      if (entry.header.type === 'directory') {
        mkdirSync(target, { recursive: true });
        entry.resume();
      } else if (entry.header.type === 'file') {
        mkdirSync(dirname(target), { recursive: true });
        await pipeline(entry, createWriteStream(target, { mode: entry.header.mode ?? 0o644 }));
      } else {
        entry.resume();
      }
    }
  })();
  await Promise.all([pipeline(createReadStream(archive), createBrotliDecompress(), tar), done]);
}

function stringEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
}

function launchOptions(b: ChosenBrowser, timeout: number): LaunchOptions {
  return { executablePath: b.executablePath, headless: true, args: b.args, timeout, ...(b.env ? { env: b.env } : {}) };
}

/** Launches the test browser; a failure is one line naming the browser and how to get another. */
export async function launchBrowser(timeout = 60_000): Promise<Browser> {
  const b = await testBrowser();
  return chromium.launch(launchOptions(b, timeout)).catch((error: Error) => {
    throw new Error(`cannot launch ${b.origin}: ${error.message.split('\n')[0]}; ${HOW_TO_GET_ONE}`);
  });
}

/** Launches the test browser with a profile folder of its own (workers and storage as a reader's browser has them). */
export async function launchPersistentBrowser(profile: string, viewport: { width: number; height: number }, timeout = 60_000): Promise<BrowserContext> {
  const b = await testBrowser();
  return chromium.launchPersistentContext(profile, { ...launchOptions(b, timeout), viewport }).catch((error: Error) => {
    throw new Error(`cannot launch ${b.origin}: ${error.message.split('\n')[0]}; ${HOW_TO_GET_ONE}`);
  });
}
