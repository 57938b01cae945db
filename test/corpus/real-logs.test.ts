// Reads ../shared/corpus/real-logs in place (never copied into the project) and checks the
// expectations of real-logs/expected.json. Skipped when the corpus is not beside the project.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeFiles } from '../helpers/detector-tester.js';
import { parseText } from '../../src/parsers/run.js';
import { waagentLogParser } from '../../src/parsers/waagent/index.js';
import { SEVERITY_RANK } from '../../src/model.js';
import type { Report } from '../../src/model.js';

const corpus = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'corpus', 'real-logs');
const present = existsSync(corpus);

/** Where a bundle would hold a backup excerpt: its `# source:` header names the file (expected.json's rule). */
function placeBackupExcerpt(header: string): string {
  if (/waagent\.log/.test(header)) return 'var/log/waagent.log';
  if (/WaAppAgent\.log/.test(header)) return 'WindowsAzure/Logs/WaAppAgent.log';
  if (/status JSON|status-file/i.test(header)) return 'var/lib/waagent/Microsoft.Azure.RecoveryServices.VMSnapshotLinux-1.0.9184.0/status/0.status';
  return 'var/log/azure/Microsoft.Azure.RecoveryServices.VMSnapshotLinux/extension.log';
}

/** The excerpts start with `# ` header lines (source, format, diagnosis); the log follows. */
function logOf(file: string): string {
  const lines = readFileSync(file, 'utf8').split('\n');
  let i = 0;
  while (i < lines.length && lines[i]!.startsWith('# ')) i++;
  return lines.slice(i).join('\n');
}

function checkExpectations(report: Report, categories: string[]): void {
  const summary = report.findings.map((f) => `${f.severity} ${f.id}`);
  if (categories.length > 0) {
    const hit = report.findings.some((f) => categories.includes(f.category) && SEVERITY_RANK[f.severity] >= SEVERITY_RANK.warning);
    expect(hit, `expected one of ${categories.join(', ')}; got ${summary.join('; ') || 'nothing'}`).toBe(true);
  }
  const stray = report.findings.filter(
    (f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK.error && !categories.includes(f.category) && f.category !== 'bundle' && f.category !== 'other',
  );
  expect(stray.map((f) => `${f.severity} ${f.id}`), `unexpected errors; all findings: ${summary.join('; ')}`).toEqual([]);
  // The verdict's first root cause is one of the expected categories; a benign excerpt has none.
  const first = report.findings.find((f) => f.id === report.verdict.rootCauses[0]);
  if (categories.length === 0) expect(report.verdict.rootCauses, report.verdict.summary).toEqual([]);
  else expect(categories, `first root cause ${first?.id ?? 'none'}: ${report.verdict.summary}; all findings: ${summary.join('; ')}`).toContain(first?.category);
}

describe.skipIf(!present)('corpus: real backup excerpts', () => {
  const expected: Record<string, string[]> = present ? JSON.parse(readFileSync(join(corpus, 'expected.json'), 'utf8')) : {};
  const files = present ? readdirSync(join(corpus, 'backup')).filter((f) => f.endsWith('.log')).sort() : [];
  for (const file of files) {
    const categories = expected[`backup/${file}`];
    if (categories === undefined) continue;
    it(`${file}: findings match expected.json (${categories.join(', ') || 'benign'})`, async () => {
      const text = readFileSync(join(corpus, 'backup', file), 'utf8');
      const header = text.split('\n')[0]!;
      const path = placeBackupExcerpt(header);
      const report = await analyzeFiles({ [path]: logOf(join(corpus, 'backup', file)) });
      expect(report.sources.map((s) => s.path)).toEqual([path]);
      checkExpectations(report, categories);
    });
  }
});

describe.skipIf(!present)('corpus: real waagent.log excerpts', () => {
  const expected: Record<string, string[]> = present ? JSON.parse(readFileSync(join(corpus, 'expected.json'), 'utf8')) : {};
  const files = present ? readdirSync(join(corpus, 'waagent')).filter((f) => f.endsWith('.log')).sort() : [];

  it('has excerpts to read', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  for (const file of files) {
    it(`${file}: the same events whether the header is read from the line's bytes or its text`, () => {
      const text = logOf(join(corpus, 'waagent', file));
      expect(parseText(waagentLogParser, text, { bytes: true })).toEqual(parseText(waagentLogParser, text));
    });

    it(`parses every timestamped line of ${file}`, async () => {
      const report = await analyzeFiles({ 'var/log/waagent.log': logOf(join(corpus, 'waagent', file)) });
      expect(report.sources).toHaveLength(1);
      expect(report.sources[0]!.unparsed ?? 0).toBe(0);
      expect(report.sources[0]!.events).toBeGreaterThan(0);
    });

    const categories = expected[`waagent/${file}`];
    if (categories === undefined) continue;
    it(`${file}: findings match expected.json (${categories.join(', ') || 'benign'})`, async () => {
      const report = await analyzeFiles({ 'var/log/waagent.log': logOf(join(corpus, 'waagent', file)) });
      checkExpectations(report, categories);
    });
  }
});
