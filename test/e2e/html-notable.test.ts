// --format html carries the notable events (warnings and errors around each finding).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';
import type { Notable } from '../../src/report/notable.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'logscan.js');
const tmp = mkdtempSync(join(tmpdir(), 'logscan-notable-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function script(html: string, id: string): unknown {
  const open = `<script type="application/json" id="${id}">`;
  const from = html.indexOf(open);
  expect(from).toBeGreaterThan(0);
  return JSON.parse(html.slice(from + open.length, html.toLowerCase().indexOf('</script', from + open.length)));
}

describe('--format html: notable events', () => {
  it('network-wireserver.tgz: the evidence lines and the warnings/errors around them, under 5 MB', () => {
    const out = join(tmp, 'net.html');
    const r = spawnSync(process.execPath, [bin, join('samples', 'network-wireserver.tgz'), '--format', 'html', '-o', out, '--no-progress', '--fail-on', 'never'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(statSync(out).size).toBeLessThan(5 * 1024 * 1024);
    const html = readFileSync(out, 'utf8');
    const report = script(html, 'report') as Report;
    const notable = script(html, 'notable') as Notable;
    expect(notable.findings.map((g) => g.finding)).toEqual(report.findings.map((f) => f.id));
    const wire = notable.findings.find((g) => g.finding === 'network.wireserver-unreachable')!;
    expect(wire.events.length).toBeGreaterThan(0);
    const evidence = report.findings.find((f) => f.id === 'network.wireserver-unreachable')!.evidence;
    for (const e of evidence) {
      const shown = wire.events.find((n) => n.path === e.path && n.line === e.line);
      expect(shown, `${e.path}:${e.line}`).toMatchObject({ evidence: true, level: 'error', source: expect.any(String) });
      // The evidence line's message is in the file.
      expect(e.text).toContain(shown!.message.split('\n')[0]!.slice(0, 40));
    }
    const times = wire.events.map((e) => Date.parse(e.time!));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(html).toContain('id="notable-note"');
    expect(html).toMatch(/at most 50 per finding and 2000 in total/);
  });
});
