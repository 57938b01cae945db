#!/usr/bin/env node
// Thin launcher: the bundled CLI lives in dist/bin/. A package carries it built (`prepack`); a clone builds it
// at `npm install` (the `postprepare` script) or with `npm run build`.
import { existsSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
// `logscan --version` answers from package.json without loading the CLI (half the start-up of a run is loading
// it); test/e2e/startup.test.ts checks that this is the version the CLI reports.
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  const cli = new URL('../dist/bin/main.js', import.meta.url);
  if (!existsSync(cli)) {
    process.stderr.write('logscan: the CLI is not built (dist/bin/main.js is missing): run npm run build\n');
    process.exit(2);
  }
  const { main } = await import(cli.href);
  main(args).then((code) => {
    process.exitCode = code;
  });
}
