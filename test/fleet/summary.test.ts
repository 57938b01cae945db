// The fleet summary from real analyses: bundles by root cause and category, VMs by identity, unreadable bundles; every
// output keeps bundle text from acting (terminal escapes, Markdown, HTML), and NDJSON lines carry their fields.
import { describe, expect, it } from 'vitest';
import { digestOf, DIGEST_EVIDENCE } from '../../src/fleet/digest.js';
import { renderFleetHtml } from '../../src/fleet/render-html.js';
import { renderFleetMarkdown, renderFleetText } from '../../src/fleet/render-summary.js';
import { renderFleetNdjson } from '../../src/cli/fleet/ndjson.js';
import { FleetSummaryBuilder, worstSeverity } from '../../src/fleet/summary.js';
import { analyzeFiles } from '../helpers/detector-tester.js';
import { vmSettingsFile } from './fleet-generator.js';

const WIRESERVER_DOWN =
  '2024-05-02T07:10:07.421905Z ERROR ExtHandler ExtHandler Error fetching the goal state: [ProtocolError] [HTTP Failed] GET http://168.63.129.16/machine/?comp=goalstate -- IOError [Errno 110] Connection timed out -- 6 attempts made\n';
const HEALTHY = '2024-05-02T06:00:01.178802Z INFO Daemon Daemon Wire server endpoint:168.63.129.16\n';

function vmFiles(vmId: string, vmName: string): Record<string, string> {
  return { 'var/lib/waagent/history/2024-05-01T10-00-00__1/VmSettings.json': vmSettingsFile({ vmId, vmName }).content as string };
}

async function fleet() {
  const builder = new FleetSummaryBuilder();
  const failing = await analyzeFiles({ 'var/log/waagent.log': WIRESERVER_DOWN.repeat(3), ...vmFiles('0f1e2d3c-0000-4000-8000-000000000001', 'web-01') });
  const healthy = await analyzeFiles({ 'var/log/waagent.log': HEALTHY, ...vmFiles('0f1e2d3c-0000-4000-8000-000000000002', 'web-02') });
  builder.add('bundles/web-01.tgz', digestOf(failing));
  // The same VM again, later: one VM with two bundles.
  builder.add('bundles/web-01-after.tgz', digestOf(failing));
  builder.add('bundles/web-02.tgz', digestOf(healthy));
  // Hostile names: a terminal escape, Markdown and HTML in a bundle's path and in the reason it could not be read.
  builder.fail('bundles/bad.zip', 'bad.zip: not a zip archive (no PK signature at the start)');
  builder.fail('bundles/\u001b]0;pwned\u0007<img src=x onerror=alert(1)>[link](http://evil)|x.tgz', 'x.tgz: not a gzip <script>alert(1)</script> sig=AAAABBBBCCCCDDDDEEEEFFFF0123456789abcdef%3D');
  return builder;
}

describe('fleet summary', () => {
  it('groups bundles by root cause and category, and VMs by their id', async () => {
    const s = (await fleet()).summary();
    expect(s.bundles).toEqual({ total: 5, analysed: 3, unreadable: 2, withFindings: 2 });
    const wire = s.rootCauses.find((g) => g.id === 'network.wireserver-unreachable');
    expect(wire?.bundles).toEqual(['bundles/web-01-after.tgz', 'bundles/web-01.tgz']);
    expect(s.rootCauses.at(-1)).toMatchObject({ id: 'none', bundles: ['bundles/web-02.tgz'] });
    expect(s.categories[0]).toMatchObject({ category: 'network', bundles: 2 });
    expect(s.vms.map((v) => [v.label, v.vmId, v.bundles.length])).toEqual([
      ['web-01', '0f1e2d3c-0000-4000-8000-000000000001', 2],
      ['web-02', '0f1e2d3c-0000-4000-8000-000000000002', 1],
    ]);
    expect(s.vms[0]!.findings.find((f) => f.id === 'network.wireserver-unreachable')).toMatchObject({ rootCause: true, severity: 'error', firstSeen: '2024-05-02T07:10:07.421Z' });
    expect(worstSeverity(s)).toBe('error');
    // The reason drops the name the summary gives anyway, and its secret.
    expect(s.unreadable.find((u) => u.bundle === 'bundles/bad.zip')?.reason).toBe('not a zip archive (no PK signature at the start)');
    expect(JSON.stringify(s.unreadable)).not.toContain('AAAABBBBCCCC');
  });

  it('keeps a few evidence items per finding, cut short', async () => {
    const report = await analyzeFiles({ 'var/log/waagent.log': WIRESERVER_DOWN.replace('made', `made ${'x'.repeat(3000)}`).repeat(8) });
    const digest = digestOf(report);
    expect(report.findings[0]!.evidence.length).toBeGreaterThan(DIGEST_EVIDENCE);
    expect(digest.findings[0]!.evidence.length).toBe(DIGEST_EVIDENCE);
    expect(digest.findings[0]!.evidence[0]!.text.length).toBeLessThan(500);
    expect(digest.sources).toEqual([]);
    expect(digest.problemCount).toBe(report.problems.length);
  });

  it('text: bundle values cannot move the terminal', async () => {
    const text = renderFleetText((await fleet()).summary());
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\u0007');
    expect(text).toContain('\\x1b]0;pwned\\x07');
    expect(text.indexOf('Bundles by root cause')).toBeGreaterThan(0);
    expect(text).toContain('web-01 (name web-01, id 0f1e2d3c-0000-4000-8000-000000000001; linux; 2 bundles)');
  });

  it('Markdown: no link, image, HTML or new table cell from a bundle', async () => {
    const md = renderFleetMarkdown((await fleet()).summary());
    // Outside code spans (whose text Markdown shows as it is), nothing unescaped.
    const prose = md.replace(/`[^`\n]*`/g, '');
    expect(prose).not.toMatch(/[^\\]<(?:img|script)|[^\\]\[link\]\(/);
    expect(prose).toContain('\\<script\\>');
    expect(md).not.toContain('\u001b');
    // Each VM table row keeps its six cells.
    for (const row of md.split('\n').filter((l) => l.startsWith('| error') || l.startsWith('| warning'))) {
      expect(row.replace(/\\\|/g, '').split('|').length - 2).toBe(6);
    }
  });

  it('HTML: one page, no script, nothing fetched, every value escaped', async () => {
    const html = renderFleetHtml((await fleet()).summary());
    expect(html).toContain("Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"");
    expect(html).not.toMatch(/<script|<img|onerror=alert\(1\)>/);
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).not.toContain('\u001b');
  });

  it('NDJSON: one document a line with the bundle, the VM, the verdict and the finding; _bulk action lines on request', async () => {
    const builder = await fleet();
    const s = builder.summary();
    const lines = renderFleetNdjson(s, builder.memberList).trimEnd().split('\n');
    const docs = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const finding = docs.find((d) => d['type'] === 'finding' && d['bundle'] === 'bundles/web-01.tgz' && d['id'] === 'network.wireserver-unreachable');
    expect(finding).toMatchObject({
      bundleName: 'test-bundle',
      vmId: '0f1e2d3c-0000-4000-8000-000000000001',
      vmName: 'web-01',
      os: 'linux',
      rootCauses: ['network.wireserver-unreachable'],
      isRootCause: true,
      severity: 'error',
      category: 'network',
      firstSeen: '2024-05-02T07:10:07.421Z',
      lastSeen: '2024-05-02T07:10:07.421Z',
    });
    expect(typeof finding?.['verdict']).toBe('string');
    expect(typeof finding?.['title']).toBe('string');
    expect(docs.filter((d) => d['type'] === 'unreadable')).toHaveLength(2);

    const bulk = renderFleetNdjson(s, builder.memberList, { bulkIndex: 'logscan-fleet' }).trimEnd().split('\n');
    expect(bulk).toHaveLength(lines.length * 2);
    const action = JSON.parse(bulk[0]!) as { index: { _index: string; _id: string } };
    expect(action.index._index).toBe('logscan-fleet');
    expect(action.index._id).toMatch(/^[0-9a-f]{32}$/);
    // The same run gives the same ids: loading it again replaces its documents.
    expect(renderFleetNdjson(s, builder.memberList, { bulkIndex: 'logscan-fleet' })).toBe(bulk.join('\n') + '\n');
  });
});
