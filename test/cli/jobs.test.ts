// `--jobs auto`: a second thread for a large input on a machine with a core to spare, one thread otherwise.
import { describe, expect, it } from 'vitest';
import { autoJobs, jobCount, PARALLEL_FROM_BYTES } from '../../src/cli/jobs.js';

const large = PARALLEL_FROM_BYTES * 10;

describe('autoJobs', () => {
  it.each([
    // cores, load, input bytes, threads
    [2, 0, large, 2],
    [2, 0.2, large, 2],
    [2, 0.25, large, 2],
    [2, 0.3, large, 1], // the other core is busy for a third of the time
    [2, 1.5, large, 1],
    [2, 20, large, 1],
    [8, 0, large, 2], // two at most: each further worker costs ~50 MB
    [8, 6.5, large, 1],
    [1, 0, large, 1],
    [2, 0, PARALLEL_FROM_BYTES - 1, 1], // small inputs: a worker's start costs more than it saves
    [2, 0, undefined, 1], // a folder or a stream
  ])('%d cores, load %d, %s bytes: %d', (cores, load, bytes, jobs) => {
    expect(autoJobs({ cores, load }, bytes)).toBe(jobs);
  });
});

describe('jobCount', () => {
  it('takes a number as given and refuses what is not one', () => {
    expect(jobCount('3', 'x', { cores: 2, load: 0 })).toBe(3);
    expect(() => jobCount('0', 'x')).toThrow(/--jobs 0: expected auto or a whole number from 1 to 64/);
    expect(() => jobCount('two', 'x')).toThrow(/--jobs two/);
  });

  it('reads standard input on one thread, and a missing path as no input to split', () => {
    expect(jobCount('auto', '-', { cores: 2, load: 0 })).toBe(1);
    expect(jobCount(undefined, '/nonexistent/bundle.tgz', { cores: 2, load: 0 })).toBe(1);
  });
});
