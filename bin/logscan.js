#!/usr/bin/env node
// Thin launcher: the bundled CLI lives in dist/bin/. A package carries it built (`prepack`); a clone builds it
// at `npm install` (the `postprepare` script) or with `npm run build`.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/bin/main.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('logscan: the CLI is not built (dist/bin/main.js is missing): run npm run build\n');
  process.exit(2);
}
const { main } = await import(cli.href);

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
