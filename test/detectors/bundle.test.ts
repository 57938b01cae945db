import { describe, expect, it } from 'vitest';
import detector from '../../src/detectors/bundle.js';
import { analyze } from '../../src/analyze.js';
import { memoryBundle } from '../helpers/detector-tester.js';

describe('detector bundle', () => {
  it('fires once per damaged bundle, with one evidence per problem, at warning', async () => {
    const input = memoryBundle({ 'var/log/waagent.log': '2024-05-02T06:00:01.178802Z INFO Daemon Daemon Run daemon\n' });
    input.problems.push({ path: 'var/log/waagent.log.2.gz', message: 'gzip: unexpected end of file' }, { path: 'b.tgz', message: 'archive truncated' });
    const report = await analyze(input, { detectors: [detector] });
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({ id: 'bundle.unreadable', severity: 'warning', category: 'bundle', count: 2 });
    expect(report.findings[0]!.evidence.map((e) => e.path)).toEqual(['var/log/waagent.log.2.gz', 'b.tgz']);
  });

  it('does not fire on a clean bundle', async () => {
    const report = await analyze(memoryBundle({ 'var/log/waagent.log': '2024-05-02T06:00:01.178802Z INFO Daemon Daemon Run daemon\n' }), { detectors: [detector] });
    expect(report.findings).toEqual([]);
  });
});
