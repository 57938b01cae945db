// The terminal report fits the terminal: at 60, 80, 100 and 160 columns no line of any sample's report is wider
// (wide characters count 2, colour codes 0), through the built CLI (COLUMNS, --width) and renderText directly;
// --evidence N|all in text and Markdown, and both say what they left out.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/model.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { displayWidth } from '../../src/report/terminal-layout.js';
import { renderText } from '../../src/report/text.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'logscan.js');
const SAMPLES = readdirSync(join(root, 'samples')).sort();
const WIDTHS = [60, 80, 100, 160];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', COLUMNS: '', ...env } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

/** Runs `jobs` a few at a time: one CLI process per core is plenty. */
async function inTurns<T>(jobs: (() => Promise<T>)[], parallel = 4): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await jobs[i]!();
      }
    }),
  );
  return results;
}

function tooWide(text: string, width: number): string[] {
  return text.split('\n').filter((l) => displayWidth(l) > width);
}

const reports = new Map<string, Report>();

beforeAll(async () => {
  const runs = await inTurns(SAMPLES.map((s) => () => run([join('samples', s), '--format', 'json'])));
  SAMPLES.forEach((s, i) => reports.set(s, JSON.parse(runs[i]!.stdout) as Report));
}, 120_000);

describe('no line wider than the terminal, on every sample', () => {
  for (const width of WIDTHS) {
    it(`${width} columns: the CLI with COLUMNS=${width}, and with --width ${width} --evidence all in colour`, async () => {
      const jobs = SAMPLES.flatMap((s) => [
        () => run([join('samples', s)], { COLUMNS: String(width) }),
        () => run([join('samples', s), '--width', String(width), '--evidence', 'all'], { NO_COLOR: '', FORCE_COLOR: '1' }),
      ]);
      const runs = await inTurns(jobs);
      runs.forEach((r, i) => {
        const sample = SAMPLES[Math.floor(i / 2)]!;
        expect(r.stderr, sample).toBe('');
        expect(tooWide(r.stdout, width), `${sample} at ${width}`).toEqual([]);
        if (i % 2 === 1) expect(r.stdout, 'colour on').toMatch(/\x1b\[/);
      });
    }, 120_000);

    it(`${width} columns: renderText on every sample, colour on and off, 3 or all evidence`, () => {
      for (const [sample, report] of reports) {
        for (const color of [false, true]) {
          for (const evidence of [3, 'all'] as const) {
            expect(tooWide(renderText(report, { color, width, evidence }), width), `${sample} ${color} ${evidence}`).toEqual([]);
          }
        }
      }
    });
  }

  it('a table from 90 columns, a list below, the consequences under their cause either way', () => {
    const report = reports.get('network-wireserver.tgz')!;
    const wide = renderText(report, { color: false, width: 100 });
    expect(wide).toMatch(/│ # │ Severity │ Category +│ Finding +│ Count │ Last seen +│/);
    expect(wide).toMatch(/│ 2 │ [A-Z]+ +│ network +│ ↳ /);
    // Every row of the table is as wide as its top border: cli-table3 and the renderer measure alike.
    const table = wide.split('\n').filter((l) => /^[┌│├└]/.test(l));
    expect(new Set(table.map(displayWidth)).size).toBe(1);
    const narrow = renderText(report, { color: false, width: 80 });
    expect(narrow).not.toContain('┌');
    expect(narrow).toMatch(/\nFindings\n {2}#1 ERROR {4}VM cannot reach the Azure wire server \(168\.63\.129\.16\)\n {14}network · 3× · last /);
    expect(narrow).toMatch(/\n {2}#2 \w+ +↳ /);
  });

  it('wide characters, a long path and a 2000-character line stay within 60 columns', () => {
    const base = reports.get('network-wireserver.tgz')!;
    const long = `2024-06-12T01:10:07.421905Z ERROR ExtHandler ${'x=1 '.repeat(450)}IOError [Errno 110] Connection timed out -- 6 attempts made`;
    const finding: Finding = {
      ...base.findings[0]!,
      title: '仮想マシンのエージェントが応答しません (VM agent not responding)',
      evidence: [
        { path: `var/lib/waagent/${'Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/'.repeat(2)}status/77.status`, line: 1, text: 'エラー: スナップショットの作成に失敗しました。ディスクの空き容量が不足しています。' },
        { path: 'var/log/waagent.log', line: 9, text: long },
      ],
    };
    const report: Report = { ...base, findings: [finding, ...base.findings.slice(1)] };
    for (const width of WIDTHS) {
      const text = renderText(report, { color: true, width, evidence: 'all' });
      expect(tooWide(text, width), String(width)).toEqual([]);
      // The long line is shortened around what the detector matched, not cut before it.
      const plain = renderText(report, { color: false, width, evidence: 'all' });
      expect(plain.replace(/\n {5}│ +/g, ' ')).toContain('[Errno 110] Connection timed out');
    }
  });
});

describe('--evidence N|all, in text and Markdown', () => {
  const timeoutOf = (r: Report): Finding => r.findings.find((f) => f.id === 'fsfreeze.freeze-timeout')!;

  it('by default a few per finding, the status file among them, and a line saying how many more', async () => {
    const report = reports.get('fsfreeze-timeout.tgz')!;
    expect(timeoutOf(report).evidence).toHaveLength(4);
    const r = await run(['samples/fsfreeze-timeout.tgz']);
    expect(r.stdout).toContain('status/77.status:1');
    expect(r.stdout).toContain('status success,');
    expect(r.stdout).toContain('   … 1 more (use --evidence all)\n');
    const md = await run(['samples/fsfreeze-timeout.tgz', '--format', 'markdown']);
    expect(md.stdout).toContain('`var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9225.0/status/77.status:1`');
    expect(md.stdout).toContain('_… 1 more (use `--evidence all`)._');
  });

  it('all shows every kept evidence and leaves nothing out; 1 shows one and says 3 more', async () => {
    const [all, one, mdAll, mdOne] = await Promise.all([
      run(['samples/fsfreeze-timeout.tgz', '--evidence', 'all']),
      run(['samples/fsfreeze-timeout.tgz', '--evidence', '1']),
      run(['samples/fsfreeze-timeout.tgz', '--evidence', 'all', '--format', 'markdown']),
      run(['samples/fsfreeze-timeout.tgz', '--evidence', '1', '--format', 'markdown']),
    ]);
    for (const line of [7, 10, 11]) expect(all.stdout).toContain(`extension.log:${line}`);
    expect(all.stdout).not.toContain('more (use --evidence all)');
    expect(one.stdout).toContain('   … 3 more (use --evidence all)\n');
    expect(mdAll.stdout).not.toContain('--evidence all');
    expect(mdAll.stdout.match(/extension\.log:\d+`/g)).toHaveLength(3);
    expect(mdOne.stdout).toContain('_… 3 more (use `--evidence all`)._');
  });

  it('renderMarkdown without options keeps 3 and says what it left out', () => {
    const report = reports.get('windows-agent-crash-loop.zip')!;
    const loop = report.findings.find((f) => f.id === 'agent-crash.windows-restart-loop')!;
    expect(renderMarkdown(report)).toContain(`_… ${loop.evidence.length - 3} more (use \`--evidence all\`)._`);
  });

  it('a bad --evidence or --width is a usage error, one line', async () => {
    for (const args of [['--evidence', 'some'], ['--width', '20'], ['--width', 'wide']]) {
      const r = await run(['samples/healthy.tgz', ...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(args[0]);
    }
  });

  it('--width wins over COLUMNS; without either, a report that is not on a terminal is 80 columns wide', async () => {
    const [both, none] = await Promise.all([run(['samples/fsfreeze-timeout.tgz', '--width', '120'], { COLUMNS: '60' }), run(['samples/fsfreeze-timeout.tgz'])]);
    expect(both.stdout).toContain('┌');
    expect(Math.max(...none.stdout.split('\n').map(displayWidth))).toBeLessThanOrEqual(80);
    expect(Math.max(...none.stdout.split('\n').map(displayWidth))).toBeGreaterThan(70);
  });
});
