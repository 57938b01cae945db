// One hostile case through the CLI: built, run for its JSON report and each other output it names, and judged.
// Used by the suite (test/hostile/cli.test.ts) and by the fuzzer's scaled phase (scripts/fuzz.ts --full).
import { citedOptionsExist, type HostileCase, type Output, type Scale } from '../cases.js';
import {
  absent, cleanRun, damageListed, htmlContained, noControls, noFormulaCells, noLiveMarkdown, pathsInside, reportOf, sourcesRead,
} from './checks.js';
import { ROOT, runCli, type CliRun } from './cli.js';

export interface CaseResult {
  failures: string[];
  runs: { output: Output; run: CliRun }[];
}

/** Markup that must never leave the embedded JSON of the HTML page. */
const HTML_MARKERS = ['<img src=x onerror', '<script>alert', '<a href="http://evil.example'];

function argsFor(output: Output, input: string, extra: string[]): string[] {
  switch (output) {
    case 'json':
      return [input, '--format', 'json', '--no-progress', ...extra];
    case 'text':
      return [input, '--no-progress', '--width', '100', ...extra];
    case 'markdown':
      return [input, '--format', 'markdown', '--no-progress', '--evidence', 'all', ...extra];
    case 'html':
      return [input, '--format', 'html', '--no-progress', ...extra];
    case 'jsonl':
      return ['timeline', input, '--no-progress', ...extra];
    case 'csv':
      return ['timeline', input, '--format', 'csv', '--no-progress', ...extra];
  }
}

/** Checks on one output's text. */
export function outputChecks(output: Output, text: string, c: Pick<HostileCase, 'absent'>): string[] {
  const where = `${output} output`;
  const failures = absent(text, c.absent ?? [], where);
  if (output === 'text' || output === 'markdown') failures.push(...noControls(text, where));
  if (output === 'markdown') failures.push(...noLiveMarkdown(text, where));
  if (output === 'csv') failures.push(...noFormulaCells(text, where));
  if (output === 'html') failures.push(...htmlContained(text, HTML_MARKERS, where));
  return failures;
}

export async function runCase(c: HostileCase, scale: Scale, dir: string, onRun?: (output: Output, run: CliRun) => void): Promise<CaseResult> {
  const { input, stdin } = await c.build(dir, scale);
  const extra = c.args?.[scale] ?? [];
  const budget = c.budgetMs[scale];
  const failures: string[] = [];
  const runs: CaseResult['runs'] = [];
  for (const output of ['json', ...(c.outputs ?? [])] as Output[]) {
    const run = await runCli(argsFor(output, input, extra), { timeoutMs: budget * 2, ...(stdin ? { input: stdin } : {}) });
    runs.push({ output, run });
    onRun?.(output, run);
    const clean = cleanRun(run, budget);
    failures.push(...clean.map((f) => `[${output}] ${f}`));
    if (run.timedOut || run.killedForMemory) continue;
    if (output === 'json') {
      const report = reportOf(run);
      if (typeof report === 'string') {
        if (!(c.mayRefuse && run.code === 2)) failures.push(`[json] ${report}`);
        continue;
      }
      failures.push(
        ...[
          ...damageListed(report, c.damaged ?? []),
          ...sourcesRead(report, c.read ?? []),
          ...pathsInside(report),
          ...citedOptionsExist(report, ROOT),
          ...outputChecks('json', run.stdout.toString('utf8'), c),
          ...(c.check?.(report) ?? []),
        ].map((f) => `[json] ${f}`),
      );
    } else if (run.code !== 2) {
      failures.push(...outputChecks(output, run.stdout.toString('utf8'), c).map((f) => `[${output}] ${f}`));
    }
  }
  return { failures, runs };
}
