// `--jobs auto`: a second thread for the event logs of a large input, once a core stood idle beside the run; `--jobs N`
// as given.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { autoJobs, spareCores, jobPlan, MEASURE_MS, PARALLEL_FROM_BYTES, spareCoreGate, type CpuTimes } from '../../src/cli/jobs.js';

const large = PARALLEL_FROM_BYTES * 10;

describe('autoJobs', () => {
  it.each([
    // cores, input bytes, threads
    [2, large, 2],
    [8, large, 2], // two at most: each further worker costs another isolate
    [1, large, 1],
    [2, PARALLEL_FROM_BYTES - 1, 1], // small inputs: a worker's start costs more than it saves
    [2, undefined, 1], // a folder or a stream
  ])('%d cores, %s bytes: %d', (cores, bytes, jobs) => {
    expect(autoJobs(cores, bytes)).toBe(jobs);
  });
});

/** The times `ms` of wall time after `start`, with this run keeping `own` cores busy and other programs `others`. */
function after(start: CpuTimes, ms: number, own: number, others = 0): CpuTimes {
  return { cores: start.cores, total: start.total + ms * start.cores, busy: start.busy + ms * (own + others), own: start.own + ms * own };
}

describe('spareCores', () => {
  const start: CpuTimes = { cores: 2, total: 1e9, busy: 6e8, own: 50 };
  it.each([
    // wall ms, this run's cores, other programs' cores, spare cores (undefined: too soon to tell)
    [MEASURE_MS, 1, 0, 1],
    [500, 1.25, 0, 1], // this run's inflation threads are its own: the other core is still free for a worker
    [500, 1, 1, 0],
    [500, 1, 0.5, 0.5],
    [MEASURE_MS - 10, 1, 0, undefined],
    [0, 0, 0, undefined],
  ])('%d ms, this run %d cores, others %d: %s spare', (ms, own, others, spare) => {
    expect(spareCores(start, after(start, ms, own, others))).toBe(spare);
  });
});

describe('spareCoreGate', () => {
  /** A gate over a scripted machine: each sample moves time by the next step. */
  function gate(steps: [ms: number, own: number, others: number][]): ReturnType<typeof spareCoreGate> {
    let now: CpuTimes = { cores: 2, total: 5e8, busy: 3e8, own: 20 };
    return spareCoreGate(() => {
      const step = steps.shift();
      if (step) now = after(now, ...step);
      return now;
    });
  }

  it('waits until enough time passed, then says yes when the other core stood idle', () => {
    const admit = gate([[0, 0, 0], [30, 1, 0], [200, 1.2, 0]]);
    expect(admit()).toBe('later');
    expect(admit()).toBe('yes');
  });

  it('says no when another program keeps the other core busy (this run takes one)', () => {
    const admit = gate([[0, 0, 0], [300, 1, 1]]);
    expect(admit()).toBe('no');
  });

  it('says no below SPARE_CORE of a core idle', () => {
    const admit = gate([[0, 0, 0], [400, 1, 0.3]]);
    expect(admit()).toBe('no');
  });
});

describe('jobPlan', () => {
  const never = () => () => 'no' as const;

  it('takes a number as given and refuses what is not one', () => {
    expect(jobPlan('3', 'x', 2, never)).toEqual({ jobs: 3 });
    expect(() => jobPlan('0', 'x')).toThrow(/--jobs 0: expected auto or a whole number from 1 to 64/);
    expect(() => jobPlan('two', 'x')).toThrow(/--jobs two/);
  });

  it('reads standard input on one thread, and a missing path as no input to split', () => {
    expect(jobPlan('auto', '-', 2, never)).toEqual({ jobs: 1 });
    expect(jobPlan(undefined, '/nonexistent/bundle.tgz', 2, never)).toEqual({ jobs: 1 });
  });

  it('gives auto on a large file its gate', () => {
    const dir = mkdtempSync(join(tmpdir(), 'logscan-jobs-'));
    try {
      const path = join(dir, 'bundle.zip');
      writeFileSync(path, new Uint8Array(PARALLEL_FROM_BYTES));
      const admit = () => 'yes' as const;
      expect(jobPlan('auto', path, 2, () => admit)).toEqual({ jobs: 2, auto: { admit } });
      expect(jobPlan('auto', path, 1, () => admit)).toEqual({ jobs: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
