// Summaries read as sentences, not fragments: an OS error keeps its brackets, an HTTP status reads as one, and a
// Windows event's provider is written as Windows writes it (Event Viewer's Source), not as the detectors match it.
import { describe, expect, it } from 'vitest';
import agentCrash from '../../src/detectors/agent-crash.js';
import network from '../../src/detectors/network.js';
import vmShutdown from '../../src/detectors/vm-shutdown.js';
import vss from '../../src/detectors/vss.js';
import { analyzeFiles, findingsForEvents, log, winEvent } from '../helpers/detector-tester.js';

async function summaryOf(line: string): Promise<string> {
  const { findings } = await analyzeFiles({ 'var/log/waagent.log': log(line) }, [network]);
  expect(findings).toHaveLength(1);
  return findings[0]!.summary;
}

describe('network details', () => {
  it('an OS error keeps its opening bracket and loses the retry note', async () => {
    const summary = await summaryOf(
      '2024-06-12T01:10:07.421905Z ERROR ExtHandler ExtHandler Error fetching the goal state: [ProtocolError] [HTTP Failed] GET http://168.63.129.16/machine/?comp=goalstate -- IOError [Errno 110] Connection timed out -- 6 attempts made',
    );
    expect(summary).toMatch(/Z: \[Errno 110\] Connection timed out\.$/);
  });

  it('an HTTP status in brackets reads as an HTTP status', async () => {
    const summary = await summaryOf(
      '2024-06-12T01:10:07.421905Z WARNING ExtHandler ExtHandler Fetch failed: [HttpError] [HTTP Failed] GET http://168.63.129.16/machine/?comp=goalstate -- [500: Internal Server Error] -- 6 attempts made',
    );
    expect(summary).toMatch(/Z: HTTP 500: Internal Server Error\.$/);
  });

  it('a bare time-out says what timed out', async () => {
    const summary = await summaryOf(
      '2024-05-01T09:12:44.301227Z WARNING ExtHandler ExtHandler Fetch failed: [HttpError] [HTTP Failed] GET https://md-hdd-x1.z10.blob.storage.azure.net/$system/vm.vmstatus -- IOError timed out -- 1 attempts made',
    );
    expect(summary).toMatch(/Z: request timed out\.$/);
  });

  it('a status code in brackets loses both brackets, not one', async () => {
    const summary = await summaryOf(
      '2024-06-12T01:10:07.421905Z ERROR ExtHandler ExtHandler Failed to report status: HTTP PUT to http://168.63.129.16/machine?comp=health failed with status code [503]',
    );
    expect(summary).not.toMatch(/\[\d{3}(?!\])/);
    expect(summary).toContain('HTTP 503');
  });
});

describe('Windows event details name the provider as Windows writes it', () => {
  it.each([
    [agentCrash, '.NET Runtime', 1026, { '0': 'Application: WindowsAzureGuestAgent.exe Framework Version: v4.0.30319 Description: The process was terminated due to an unhandled exception.' }, '.NET Runtime 1026'],
    [vss, 'SQLWRITER', 24583, { '0': 'Sqllib error: OLEDB Error encountered calling ICommandText::Execute.' }, 'SQLWRITER 24583'],
    [vmShutdown, 'Microsoft-Windows-Kernel-Power', 41, {}, 'Kernel-Power 41'],
  ] as const)('%#: %s %i', (detector, provider, id, data, expected) => {
    const findings = findingsForEvents(detector, [winEvent({ provider, id, channel: provider === 'SQLWRITER' || provider === '.NET Runtime' ? 'Application' : 'System', data })]);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0]!.summary).toContain(`: ${expected}`);
    expect(findings[0]!.summary).not.toContain(expected.toLowerCase());
  });
});
