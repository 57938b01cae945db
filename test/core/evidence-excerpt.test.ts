// Which evidence the text and Markdown reports show, and how a long line keeps the part the detector matched.
import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../src/model.js';
import { matchedDetails, pickEvidence, shortenLine } from '../../src/report/evidence-excerpt.js';

const ev = (path: string, line: number): Evidence => ({ path, line, text: `${path}:${line}` });

describe('pickEvidence', () => {
  const evidence = [ev('extension.log', 7), ev('extension.log', 10), ev('extension.log', 11), ev('77.status', 1)];

  it('shows one line of each file first, then the rest in order, in report order', () => {
    expect(pickEvidence(evidence, 3).map((e) => e.text)).toEqual(['extension.log:7', 'extension.log:10', '77.status:1']);
    expect(pickEvidence(evidence, 2).map((e) => e.text)).toEqual(['extension.log:7', '77.status:1']);
  });

  it('all, or a limit above the count, shows everything; 0 shows nothing', () => {
    expect(pickEvidence(evidence, 'all')).toEqual(evidence);
    expect(pickEvidence(evidence, 9)).toEqual(evidence);
    expect(pickEvidence(evidence, 0)).toEqual([]);
  });
});

describe('matchedDetails: what the detector read, from the summary', () => {
  it('lists the details after "Seen … ." without their counts', () => {
    expect(matchedDetails({ summary: 'Seen 3 times between 2024-06-12T01:10:07.421Z and 2024-06-12T07:16:14.221Z. [Errno 110] Connection timed out (2×); [Errno 113] No route to host.' })).toEqual([
      '[Errno 110] Connection timed out',
      '[Errno 113] No route to host',
    ]);
    expect(matchedDetails({ summary: 'Seen once at 2024-03-14T02:30:02.300Z. Microsoft.Azure.Extensions.CustomScript exit 127.' })).toEqual(['Microsoft.Azure.Extensions.CustomScript exit 127']);
    expect(matchedDetails({ summary: 'Seen once at 2024-03-14T02:30:02.300Z: Microsoft.Azure.Extensions.CustomScript exit 127.' })).toEqual(['Microsoft.Azure.Extensions.CustomScript exit 127']);
    expect(matchedDetails({ summary: 'The extension handler exited 3 times; 3 or more within 6 hours is a crash loop.' })).toEqual([]);
  });
});

describe('shortenLine: a line too long to show keeps its start and the part around the match', () => {
  const head = '2024-06-12T01:10:07.421905Z ERROR ExtHandler ExtHandler Error fetching the goal state:';
  const noise = Array.from({ length: 400 }, (_, i) => `field${i}=value${i}`).join(' ');
  const line = `${head} ${noise} -- IOError [Errno 110] Connection timed out -- 6 attempts made ${noise}`;

  it('a short line is left whole', () => {
    expect(shortenLine(head, 200)).toBe(head);
  });

  it('keeps the start and the detail the summary names, marking both cuts', () => {
    const out = shortenLine(line, 400, ['[Errno 110] Connection timed out']);
    expect(out.length).toBeLessThanOrEqual(400);
    expect(out.startsWith('2024-06-12T01:10:07.421905Z ERROR ExtHandler')).toBe(true);
    expect(out).toContain('[Errno 110] Connection timed out');
    expect(out).toMatch(/ … .* …$/);
  });

  it('without a detail, goes to the first failure word past the start', () => {
    const plain = `2024-06-12T01:10:07Z INFO handler ${noise} then the command exited with code 127 and stopped ${noise}`;
    expect(shortenLine(plain, 300)).toContain('exited with code 127');
  });

  it('with no failure word either, keeps the start only', () => {
    const out = shortenLine(`2024-06-12T01:10:07Z INFO handler ${noise}`, 300);
    expect(out.startsWith('2024-06-12T01:10:07Z INFO handler field0=value0')).toBe(true);
    expect(out.endsWith(' …')).toBe(true);
    expect(out.length).toBeLessThanOrEqual(302);
  });
});
