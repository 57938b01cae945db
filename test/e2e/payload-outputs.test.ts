// Outputs that stay text (issue 11, item 4): a bundle that plants terminal escape sequences, Markdown links, images
// and HTML, line breaks and spreadsheet formulas in its member names, extension names, OS name, log lines, a damaged
// member, a binary member and its own file name, through the built CLI: the text report shows them as escapes and
// keeps its width, Markdown keeps them as text, the CSV timeline starts no cell with a formula.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/report/terminal-layout.js';
import { makeTgz } from '../helpers/archives.js';
import { BUNDLE_FILE_NAME, FORMULAS, payloadBundle, payloadFiles } from './payload-bundle.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'logscan.js');
const tmp = mkdtempSync(join(tmpdir(), 'logscan-payload-'));
const bundle = join(tmp, BUNDLE_FILE_NAME);
beforeAll(async () => writeFileSync(bundle, await payloadBundle()));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', COLUMNS: '', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** C0 controls but newline (and tab where allowed), DEL, C1 controls, bidi controls, line/paragraph separators. */
const RAW = (tabs: boolean) => new RegExp(`[\\x00-\\x08${tabs ? '' : '\\x09'}\\x0b-\\x1f\\x7f-\\x9f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\u2028\\u2029]`);

describe('text report of a payload bundle', () => {
  for (const width of [60, 100]) {
    it(`at ${width} columns: no raw control character, every payload shown as escapes, no line wider`, () => {
      const r = run([bundle, '--width', String(width), '--evidence', 'all']);
      expect(r.code).toBe(1);
      const out = r.stdout;
      expect(out).not.toMatch(RAW(false));
      expect(out).toContain('\\x1b]0;pwned\\x07');
      expect(out).toContain('\\u202eevil');
      expect(out).toContain('\\x9b31mC1');
      expect(out).toContain('\\rover\\x08X');
      // The payload member names and the bundle's own name are there, escaped.
      expect(out).toContain('var/log/\\x1b]0;pwned');
      expect(out).toMatch(/· \\x1b\]0;pwned/);
      // The extension name in the verdict's clause.
      expect(out).toMatch(/CustomScript\\x1b\]0;ext\\x07/);
      // A member name with line breaks stays on its line.
      expect(out).not.toMatch(/^# injected/m);
      for (const line of out.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(width);
    });
  }

  it('with colour on: the only escape sequences are our own colours', () => {
    const r = run([bundle, '--width', '100', '--evidence', 'all'], { NO_COLOR: '', FORCE_COLOR: '1' });
    const withoutColours = r.stdout.replace(/\x1b\[[0-9;]*m/g, '');
    expect(r.stdout).toMatch(/\x1b\[1m/);
    expect(withoutColours).not.toMatch(RAW(false));
    for (const line of r.stdout.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(100);
  });

  it('an error that names members is one line on stderr, escaped too', async () => {
    const binaryOnly = join(tmp, 'binary-only.tgz');
    writeFileSync(binaryOnly, await makeTgz(payloadFiles().filter((f) => f.path.endsWith('.dat'))));
    for (const args of [[binaryOnly], ['timeline', binaryOnly]]) {
      const r = run(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^logscan: binary-only\.tgz: nothing to analyse: .*\\x1b\]0;pwned.*\\n# injected\\n- item\.dat: binary content\)\n$/);
      expect(r.stderr).not.toMatch(RAW(false));
    }
  });
});

/**
 * What a Markdown reader parses as prose: fenced code blocks and code spans removed (by their backtick-run rules),
 * backslash escapes replaced by `§`. Throws when a fence is left open.
 */
function prose(markdown: string): string[] {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    if (fence !== undefined) {
      if (new RegExp(`^ {0,3}${fence}\`*\\s*$`).test(line)) fence = undefined;
      continue;
    }
    const open = /^ {0,3}(`{3,})/.exec(line);
    if (open) {
      fence = open[1]!;
      continue;
    }
    out.push(withoutCodeSpans(line).replace(/\\[!-/:-@[-`{-~]/g, '§'));
  }
  expect(fence).toBeUndefined();
  return out;
}

/** A code span opens at a backtick run (not escaped) and closes at the next run of the same length. */
function withoutCodeSpans(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    if (line[i] === '\\' && i + 1 < line.length) {
      out += line.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (line[i] !== '`') {
      out += line[i++];
      continue;
    }
    const run = /^`+/.exec(line.slice(i))![0];
    let close = -1;
    for (let j = i + run.length; j < line.length; ) {
      const m = /^`+/.exec(line.slice(j));
      if (m) {
        if (m[0].length === run.length) {
          close = j;
          break;
        }
        j += m[0].length;
      } else j++;
    }
    if (close < 0) {
      out += run;
      i += run.length;
    } else {
      out += '⟦code⟧';
      i = close + run.length;
    }
  }
  return out;
}

describe('Markdown report of a payload bundle', () => {
  const md = (): string => run([bundle, '--format', 'markdown', '--evidence', 'all']).stdout;

  it('no raw control character; the payloads are shown as escapes', () => {
    const out = md();
    expect(out).not.toMatch(RAW(true));
    expect(out).toContain('\\x1b]0;pwned\\x07');
    expect(out).toContain('\\u202eevil');
  });

  it('no link, image, raw HTML or autolink outside code: only our documentation links', () => {
    const text = prose(md());
    const all = text.join('\n');
    expect(all).not.toContain('](');
    expect(all).not.toContain('![');
    expect(all.replace(/<https:\/\/learn\.microsoft\.com\/[^\s>]*>/g, '')).not.toMatch(/[<>]/);
    expect(all).not.toMatch(/https?:\/\/evil|www\.evil|\w@evil/);
  });

  it('values stay in their list item, table cell and heading', () => {
    const out = md();
    const text = prose(out);
    // The line breaks of the payload never start a heading or an item.
    expect(text.some((l) => /^#+ injected/.test(l) || /^- item/.test(l))).toBe(false);
    // Every row of the findings table has its seven cell borders, none from a value.
    const rows = text.filter((l) => l.startsWith('| '));
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|').length - 1).toBe(7);
    // Headings and list items that carry bundle values are one line each.
    expect(out).toMatch(/^# logscan report: \\x1b\\\]0;pwned/m);
    expect(out).toMatch(/^- \*\*Extensions:\*\* Microsoft\\\.Azure|^- \*\*Extensions:\*\* Microsoft\.Azure/m);
  });
});

/** Cells of one CSV record (RFC 4180), from `text` at `at`; returns the cells and where the next record starts. */
function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n') {
      cells.push(cell);
      records.push(cells);
      cells = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || cells.length > 0) records.push([...cells, cell]);
  return records;
}

describe('CSV timeline of a payload bundle', () => {
  it('no cell starts with =, +, -, @, tab or carriage return; the formulas are kept behind a quote', () => {
    const r = run(['timeline', bundle, '--format', 'csv']);
    expect(r.code).toBe(0);
    const records = csvRecords(r.stdout);
    expect(records[0]).toEqual(['datetime', 'timestamp_desc', 'message', 'source', 'path', 'line', 'level', 'time_source', 'record']);
    for (const record of records) {
      expect(record).toHaveLength(9);
      for (const cell of record) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
    const messages = records.map((x) => x[2]);
    const paths = records.map((x) => x[4]);
    expect(messages).toContain(`'${FORMULAS[0]}`);
    expect(messages).toContain(`'${FORMULAS[3]}`);
    // Member names that start with a formula, at the bundle's root.
    expect(paths).toContain(`'${FORMULAS[3]}.log`);
    expect(paths).toContain(`'${FORMULAS[4]}.log`);
    expect(paths).toContain(`'${FORMULAS[5]}.log`);
    expect(paths).toContain(`'${FORMULAS[2]}.log`);
  });
});
