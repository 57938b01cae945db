#!/usr/bin/env node
// Thin launcher: the bundled CLI lives in dist/bin/ (built by `npm install` through the prepare script).
import { main } from '../dist/bin/main.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
