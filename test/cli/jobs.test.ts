// `--jobs auto`: a second thread for the event logs of a large input, once a core stood idle beside the run; `--jobs N`
// as given.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { autoJobs, GIVE_UP_MS, jobPlan, MEASURE_MS, PARALLEL_FROM_BYTES, spareCoreGate, spareCores, type CpuTimes } from '../../src/cli/jobs.js';

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
    expect(spareCores(start, after(start, ms, own, others), 2)).toBe(spare);
  });

  it('applies the machine-wide share to the cores this process may use (a container pinned to 2 of 64)', () => {
    const host: CpuTimes = { cores: 64, total: 1e10, busy: 5e9, own: 0 };
    // Other programs keep 48 of the 64 cores busy: a quarter of each usable core stands idle, 0.5 of the 2, less this run's 1.
    expect(spareCores(host, after(host, 500, 1, 48), 2)).toBeCloseTo(2 * 0.25 - 1);
    expect(spareCores(host, after(host, 500, 1, 0), 2)).toBeCloseTo(1);
  });

  it('cannot compare samples without cores, or of another number of cores', () => {
    expect(spareCores({ cores: 0, total: 0, busy: 0, own: 0 }, { cores: 0, total: 0, busy: 0, own: 10 }, 2)).toBeNaN();
    expect(spareCores(start, { ...after(start, 500, 1), cores: 3 }, 2)).toBeNaN();
  });
});

describe('spareCoreGate', () => {
  /** A gate over a scripted machine: each sample moves time by the next step. */
  function gate(steps: [ms: number, own: number, others: number][], sample?: () => CpuTimes): ReturnType<typeof spareCoreGate> {
    let now: CpuTimes = { cores: 2, total: 5e8, busy: 3e8, own: 20 };
    let wall = 0;
    const script = () => {
      const step = steps.shift();
      if (step) {
        now = after(now, step[0], step[1], step[2]);
        wall += step[0];
      }
      return now;
    };
    return spareCoreGate(2, sample ?? script, () => wall);
  }

  it('waits until enough time passed, then says yes when the other core stood idle', () => {
    const admit = gate([[0, 0, 0], [30, 1, 0], [200, 1.2, 0]]);
    expect(admit()).toBe('later');
    expect(admit()).toBe('yes');
  });

  it('says no when another program keeps the other core busy (this run takes one)', () => {
    expect(gate([[0, 0, 0], [300, 1, 1]])()).toBe('no');
  });

  it('says no below SPARE_CORE of a core idle', () => {
    expect(gate([[0, 0, 0], [400, 1, 0.3]])()).toBe('no');
  });

  it('says no when the CPU times cannot be read or never move (rather than asking forever)', () => {
    expect(spareCoreGate(2, () => ({ cores: 0, total: 0, busy: 0, own: 0 }))()).toBe('no');
    let wall = 0;
    const frozen = spareCoreGate(2, () => ({ cores: 2, total: 1000, busy: 500, own: 0 }), () => wall);
    expect(frozen()).toBe('later');
    wall = GIVE_UP_MS;
    expect(frozen()).toBe('no');
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
      const gate = () => () => 'yes' as const;
      expect(jobPlan('auto', path, 2, gate)).toEqual({ jobs: 2, auto: { gate } });
      expect(jobPlan('auto', path, 1, gate)).toEqual({ jobs: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
