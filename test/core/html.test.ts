import { describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/model.js';
import { embedJson, HTML_CSP, renderHtml } from '../../src/report/html.js';
import type { Notable } from '../../src/report/notable.js';

const ASSETS = { script: 'document.title = "</script><b>x</b>";', css: 'body { color: red } /* </style> */' };

function finding(id: string, texts: string[]): Finding {
  return {
    id,
    detector: 'test',
    category: 'other',
    severity: 'error',
    title: `Title of ${id} </script><script>alert(1)</script>`,
    summary: 'summary <!-- <script>',
    remediation: ['do it'],
    docs: 'https://learn.microsoft.com/azure/backup/',
    evidence: texts.map((text, i) => ({ path: 'var/log/waagent.log', line: i + 1, text })),
    count: texts.length,
  };
}

function report(findings: Finding[]): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'logscan', version: '0.1.0' },
    bundle: { name: 'b</title><script>x</script>.tgz', kind: 'tgz', sizeBytes: 1, files: 1 },
    system: { os: 'linux', extensions: [] },
    sources: [],
    findings,
    verdict: { summary: 'The backup failed because <img src=x onerror=alert(1)>.', rootCauses: findings.slice(0, 1).map((f) => f.id), confidence: 'high', checked: ['network'] },
    problems: [],
    timeline: { events: 0 },
  };
}

/** The text of the `<script type="application/json" id="report">` element, as an HTML parser ends it. */
function embedded(html: string): string {
  const start = html.indexOf('<script type="application/json" id="report">');
  expect(start).toBeGreaterThan(0);
  const from = start + '<script type="application/json" id="report">'.length;
  return html.slice(from, html.toLowerCase().indexOf('</script', from));
}

describe('renderHtml', () => {
  it('embeds the report so that </script> in a finding cannot end the element', () => {
    const r = report([finding('a.one', ['line </script><script>alert("x")</script> <!-- end'])]);
    const html = renderHtml(r, ASSETS);
    const json = embedded(html);
    expect(json).not.toContain('<');
    expect(JSON.parse(json)).toEqual(r);
    // The inline script and style are not ended early either.
    expect(html).toContain('document.title = "<\\/script><b>x</b>";');
    expect(html).toContain('/* <\\/style> */');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">`);
    expect(html).toContain('<title>logscan report: b&#60;/title&#62;&#60;script&#62;x&#60;/script&#62;.tgz</title>');
    // Exactly the two inline scripts, no src anywhere.
    expect(html.match(/<script\b/g)).toHaveLength(2);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?https?:/i);
    expect(html).not.toContain('id="cap-note"');
  });

  it('escapes < as \\u003c', () => {
    expect(embedJson({ t: '</script>' })).toBe('{"t":"\\u003c/script>"}');
  });

  it('keeps fewer evidence excerpts when the JSON would be too large, and says so on the page', () => {
    const big = 'x'.repeat(1000);
    const r = report([finding('a.one', Array.from({ length: 30 }, () => big)), finding('a.two', Array.from({ length: 4 }, () => big))]);
    const html = renderHtml(r, ASSETS, { jsonBudget: 18_000 });
    const shown = JSON.parse(embedded(html)) as Report;
    expect(shown.findings.map((f) => f.id)).toEqual(['a.one', 'a.two']);
    expect(shown.findings[0]!.evidence).toHaveLength(10);
    expect(shown.findings[1]!.evidence).toHaveLength(4);
    expect(shown.findings[0]!.count).toBe(30);
    expect(html).toContain('data-evidence-cap="10"');
    expect(html).toMatch(/keeps at most 10 evidence excerpts per finding/);
  });

  it('a bundle of 200,000 members: the lists are cut before anything is serialised, cited and clock sources kept, the page under 5 MB', () => {
    const r = report([finding('a.one', ['failed'])]);
    r.sources = Array.from({ length: 200_000 }, (_, i) => ({ path: `var/log/app/dir${i % 100}/file-${i}.log`, parser: 'text-log', events: 1 }));
    r.sources.push({ path: 'var/log/waagent.log', parser: 'waagent-log', events: 1 });
    r.sources[150_000] = { ...r.sources[150_000]!, clock: 'assumed-utc' } as Report['sources'][number];
    r.problems = Array.from({ length: 50_000 }, (_, i) => ({ path: `bad-${i}.gz`, message: 'truncated gzip' }));
    const html = renderHtml(r, ASSETS);
    expect(Buffer.byteLength(html)).toBeLessThan(5 * 1024 * 1024);
    const shown = JSON.parse(embedded(html)) as Report;
    expect(shown.sources).toHaveLength(2000);
    expect(shown.problems).toHaveLength(2000);
    expect(shown.sources[0]!.path).toBe('var/log/app/dir0/file-150000.log');
    expect(shown.sources.some((s) => s.path === 'var/log/waagent.log')).toBe(true);
    expect(shown.findings[0]!.evidence).toHaveLength(1);
    expect(html).toContain('the first 2000 of 200001 sources read, the first 2000 of 50000 problems');
  });

  it('cuts evidence texts when one excerpt per finding is still too much', () => {
    const r = report([finding('a.one', ['y'.repeat(50_000)])]);
    const shown = JSON.parse(embedded(renderHtml(r, ASSETS, { jsonBudget: 10_000 }))) as Report;
    expect(shown.findings[0]!.evidence[0]!.text.length).toBeLessThan(2100);
  });

  describe('notable events', () => {
    const notable = (events: number, message: string): Notable => ({
      windowMinutes: 10,
      perFinding: 50,
      total: 2000,
      notCollected: 0,
      findings: [
        {
          finding: 'a.one',
          events: Array.from({ length: events }, (_, i) => ({ time: '2024-06-12T01:10:07.421Z', level: 'error' as const, source: 'waagent-log', path: 'var/log/waagent.log', line: i + 1, message, ...(i === 0 ? { evidence: true as const } : {}) })),
          omitted: 0,
        },
      ],
    });
    const notableJson = (html: string): string => {
      const open = '<script type="application/json" id="notable">';
      const from = html.indexOf(open);
      expect(from).toBeGreaterThan(0);
      return html.slice(from + open.length, html.toLowerCase().indexOf('</script', from + open.length));
    };

    it('embeds them in a second JSON script with < escaped, and states the caps', () => {
      const n = notable(3, 'x </script><script>alert(1)</script> <!--');
      const html = renderHtml(report([finding('a.one', ['e'])]), ASSETS, { notable: n });
      const json = notableJson(html);
      expect(json).not.toContain('<');
      expect(JSON.parse(json)).toEqual(n);
      expect(html.match(/<script\b/g)).toHaveLength(3);
      expect(html).toContain('id="notable-note"');
      expect(html).toMatch(/at most 50 per finding and 2000 in total/);
      expect(embedded(html)).not.toContain('<');
    });

    it('keeps fewer of them (never the evidence) when they do not fit, and the report gets the rest of the budget', () => {
      const n = notable(60, 'm'.repeat(400));
      const html = renderHtml(report([finding('a.one', ['e'])]), ASSETS, { notable: n, notableBudget: 6_000 });
      const shown = JSON.parse(notableJson(html)) as Notable;
      const g = shown.findings[0]!;
      expect(g.events.length).toBeLessThan(60);
      expect(g.events[0]!.evidence).toBe(true);
      expect(g.omitted).toBe(60 - g.events.length);
      expect(shown.perFinding).toBeLessThan(50);
      expect(html).toMatch(new RegExp(`at most ${shown.perFinding} per finding`));
    });

    it('without them, no notable element', () => {
      const html = renderHtml(report([]), ASSETS);
      expect(html).not.toContain('id="notable"');
      expect(html).not.toContain('id="notable-note"');
    });
  });
});
