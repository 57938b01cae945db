import { describe, expect, it } from 'vitest';
import type { Report, SourceSummary } from '../../src/model.js';
import { decideYears, markAgreedYears, unsettledYearProblems } from '../../src/time/bundle-year.js';

type YearFrom = 'mtime' | 'bundle' | 'now';

/** A source with full dates. */
const dated = (path: string, from: string, to: string, events = 100): SourceSummary => ({ path, parser: 'waagent-log', events, from: `${from}T00:00:00.000Z`, to: `${to}T23:00:00.000Z` });

/** A source whose lines took their year from `year` (the span of those lines is `from`/`to`). */
const yearless = (path: string, from: string, to: string, year: YearFrom = 'mtime', events = 100): SourceSummary => {
  const span = { from: `${from}T00:00:00.000Z`, to: `${to}T23:00:00.000Z` };
  return { path, parser: 'syslog', events, ...span, clock: { local: 'assumed-utc', year, yearless: span } };
};

const decide = (sources: SourceSummary[]) => {
  const d = decideYears(sources);
  return { shifts: Object.fromEntries(d.shifts), agreed: [...d.agreed].sort() };
};

describe('decideYears', () => {
  it.each<[string, SourceSummary[], Record<string, number>, string[]]>([
    ['a file copied a year later: its mtime year is one too many', [dated('var/log/waagent.log', '2024-05-01', '2024-05-12'), yearless('var/log/syslog', '2025-05-03', '2025-05-12')], { 'var/log/syslog': -1 }, []],
    ['a tarball stamped on New Year: May lines took the year before', [dated('var/log/waagent.log', '2024-05-01', '2024-05-12'), yearless('var/log/syslog', '2023-05-03', '2023-05-12')], { 'var/log/syslog': 1 }, []],
    ['a paste read without a date took this year: years off', [dated('waagent.log', '2019-03-01', '2019-03-09'), yearless('messages', '2026-03-02', '2026-03-08', 'now')], { messages: -7 }, []],
    ['overlapping: the bundle agrees', [dated('var/log/waagent.log', '2024-05-01', '2024-05-12'), yearless('var/log/syslog', '2024-05-03', '2024-05-12')], {}, ['var/log/syslog']],
    ['a few days apart: still agrees', [dated('var/log/waagent.log', '2024-05-10', '2024-05-12'), yearless('var/log/syslog.1', '2024-05-01', '2024-05-05')], {}, ['var/log/syslog.1']],
    ['two months older, same year (an old rotated syslog): left alone', [dated('var/log/waagent.log', '2024-05-01', '2024-05-12'), yearless('var/log/syslog.4', '2024-03-01', '2024-03-07')], {}, []],
    ['no dated source: nothing to compare with', [yearless('var/log/syslog', '2025-05-03', '2025-05-12'), yearless('var/log/kern.log', '2025-05-03', '2025-05-12')], {}, []],
    ['far from everything, and no whole-year shift lands among them: left alone', [dated('var/log/waagent.log', '2024-01-01', '2024-01-03'), yearless('var/log/syslog', '2024-09-01', '2024-09-05')], {}, []],
    ['a dated source within half a year blocks the shift (the year might be right)', [dated('var/log/waagent.log', '2024-05-01', '2024-05-12', 5000), dated('status/12.status', '2025-01-10', '2025-01-10', 1), yearless('var/log/syslog', '2025-05-03', '2025-05-12')], {}, []],
    ['the shift near the most events wins', [dated('a/waagent.log', '2024-05-01', '2024-05-12', 10_000), dated('b/x.status', '2026-05-05', '2026-05-05', 1), yearless('var/log/syslog', '2025-05-03', '2025-05-12')], { 'var/log/syslog': -1 }, []],
    ['on a tie, the smaller shift back', [dated('a/waagent.log', '2024-05-01', '2024-05-12'), dated('b/other.log', '2026-05-01', '2026-05-12'), yearless('var/log/syslog', '2025-05-03', '2025-05-12')], { 'var/log/syslog': -1 }, []],
    ['the year-less lines are judged, not the agent lines the syslog file also holds', [dated('var/log/waagent.log', '2024-05-01', '2024-05-12'), { ...yearless('var/log/syslog', '2025-05-03', '2025-05-12'), from: '2024-05-03T00:00:00.000Z' }], { 'var/log/syslog': -1 }, []],
    ['moved on a second pass: agrees now', [dated('var/log/waagent.log', '2024-05-01', '2024-05-12'), yearless('var/log/syslog', '2024-05-03', '2024-05-12', 'bundle')], {}, ['var/log/syslog']],
  ])('%s', (_, sources, shifts, agreed) => {
    expect(decide(sources)).toEqual({ shifts, agreed });
  });

  it('a rotated syslog follows the one that overlaps the agent log, whatever the order', () => {
    const sources = [dated('var/log/waagent.log', '2024-05-10', '2024-05-12'), yearless('var/log/syslog', '2025-05-01', '2025-05-12'), yearless('var/log/syslog.1', '2025-04-22', '2025-04-30')];
    const want = { shifts: { 'var/log/syslog': -1, 'var/log/syslog.1': -1 }, agreed: [] };
    expect(decide(sources)).toEqual(want);
    expect(decide([...sources].reverse())).toEqual(want);
  });

  it('does not depend on the order of the sources', () => {
    const sources = [dated('var/log/waagent.log', '2024-05-01', '2024-05-12'), yearless('var/log/syslog', '2025-05-03', '2025-05-12'), yearless('var/log/kern.log', '2024-05-03', '2024-05-12'), dated('var/log/azure/x/extension.log', '2024-04-01', '2024-05-12')];
    expect(decide([...sources].reverse())).toEqual(decide(sources));
  });
});

describe('the report after the decision', () => {
  const report = (sources: SourceSummary[]): Report =>
    ({ sources, problems: [] }) as unknown as Report;

  it('marks the sources the bundle agrees with `bundle`, and leaves the others', () => {
    const r = report([dated('var/log/waagent.log', '2024-05-01', '2024-05-12'), yearless('var/log/syslog', '2024-05-03', '2024-05-12'), yearless('other/messages', '2022-01-01', '2022-01-02')]);
    markAgreedYears(r, decideYears(r.sources));
    expect(r.sources.map((s) => s.clock?.year)).toEqual([undefined, 'bundle', 'mtime']);
    expect(r.sources[1]!.clock).toMatchObject({ local: 'assumed-utc' });
  });

  it('says which sources may be off when the input cannot be read again', () => {
    const r = report([dated('var/log/waagent.log', '2024-05-01', '2024-05-12'), yearless('var/log/syslog', '2025-05-03', '2025-05-12'), yearless('kern.log', '2022-05-03', '2022-05-12', 'now')]);
    const problems = unsettledYearProblems(r, decideYears(r.sources));
    expect(problems.map((p) => p.path)).toEqual(['kern.log', 'var/log/syslog']);
    expect(problems[0]!.message).toMatch(/took today's year, but the bundle's dated logs put them 2 years later; input from stdin cannot be read twice/);
    expect(problems[1]!.message).toMatch(/took the year of the file's date, but the bundle's dated logs put them 1 year earlier/);
  });
});
