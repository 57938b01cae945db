// The fleet summary as one self-contained HTML page: no script at all, inline style only, and a Content-Security-
// Policy that forbids fetching anything; every value is HTML-escaped with its control characters shown, so nothing
// from a bundle becomes markup. No Node imports.
import { visibleControls } from '../report/output-escape.js';
import type { FleetSummary } from './summary.js';
import { vmIdentityText } from './render-summary.js';

function h(text: string | number | undefined): string {
  return visibleControls(String(text ?? '')).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:75em;padding:0 1em;color:#1b1f24;background:#fff}
table{border-collapse:collapse;margin:.5em 0 1.5em;width:100%}th,td{border:1px solid #d0d7de;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f6f8fa}code{font:12px ui-monospace,monospace;word-break:break-all}.n{text-align:right}
.critical,.error{color:#b42318;font-weight:600}.warning{color:#9a6700}.fleet{border-left:4px solid #b42318;padding:.2em 1em;margin:1em 0;background:#fff5f5}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}th{background:#161b22}th,td{border-color:#30363d}.fleet{background:#2d1214}}`;

export function renderFleetHtml(s: FleetSummary): string {
  const b = s.bundles;
  const out: string[] = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="logscan ${h(s.tool.version)}">`,
    `<title>Fleet summary: ${b.total} bundles</title><style>${STYLE}</style></head><body>`,
    '<h1>Fleet summary</h1>',
    `<p>${b.total} bundles, ${b.analysed} analysed, ${b.withFindings} with findings${b.unreadable > 0 ? `, ${b.unreadable} could not be read` : ''}; ${s.vms.length} VMs.${
      s.notBundles ? ` ${s.notBundles} files in the folders were no bundle and not read.` : ''
    }</p>`,
  ];
  if (s.fleetFindings.length > 0) {
    out.push('<h2>Across VMs</h2>');
    for (const f of s.fleetFindings) {
      out.push(`<section class="fleet"><h3 class="${h(f.severity)}">${h(f.title)}</h3><p><code>${h(f.id)}</code>, ${h(f.severity)}, ${f.members.length} bundles: ${h(f.summary)}</p>`);
      if (f.evidence.length > 0) {
        out.push('<table><tr><th>bundle</th><th>where</th><th>time</th><th>line</th></tr>');
        for (const e of f.evidence) {
          out.push(`<tr><td><code>${h(e.bundle)}</code></td><td><code>${h(e.path)}${e.line !== undefined ? `:${e.line}` : ''}</code></td><td>${h(e.time)}</td><td><code>${h(e.text)}</code></td></tr>`);
        }
        out.push('</table>');
      }
      if (f.remediation.length > 0) out.push(`<ol>${f.remediation.map((step) => `<li>${h(step)}</li>`).join('')}</ol>`);
      out.push('</section>');
    }
  }
  out.push('<h2>Bundles by root cause</h2><table><tr><th class="n">bundles</th><th>root cause</th><th>id</th><th>bundles</th></tr>');
  for (const g of s.rootCauses) {
    out.push(`<tr><td class="n">${g.bundles.length}</td><td class="${h(g.severity)}">${h(g.title)}</td><td>${g.id === 'none' ? '' : `<code>${h(g.id)}</code>`}</td><td>${g.bundles.map((x) => `<code>${h(x)}</code>`).join(', ')}</td></tr>`);
  }
  out.push('</table><h2>Bundles by category</h2><table><tr><th class="n">bundles</th><th>category</th><th class="n">findings</th><th>worst</th></tr>');
  for (const c of s.categories) out.push(`<tr><td class="n">${c.bundles}</td><td>${h(c.category)}</td><td class="n">${c.findings}</td><td class="${h(c.worst)}">${h(c.worst)}</td></tr>`);
  out.push('</table><h2>VMs</h2>');
  for (const vm of s.vms) {
    out.push(`<h3>${h(vm.label)}</h3><p>${h(vmIdentityText(vm))}; ${h(vm.os)}; bundles: ${vm.bundles.map((x) => `<code>${h(x)}</code>`).join(', ')}</p>`);
    for (const v of vm.verdicts) out.push(`<p>${vm.bundles.length > 1 ? `<code>${h(v.bundle)}</code>: ` : ''}${h(v.summary)}</p>`);
    if (vm.findings.length === 0) continue;
    out.push('<table><tr><th>severity</th><th>finding</th><th>id</th><th>first seen</th><th>last seen</th><th>bundle</th></tr>');
    for (const f of vm.findings) {
      out.push(
        `<tr><td class="${h(f.severity)}">${h(f.severity)}</td><td>${f.rootCause ? '<strong>root cause:</strong> ' : ''}${h(f.title)}</td><td><code>${h(f.id)}</code></td><td>${h(f.firstSeen)}</td><td>${h(f.lastSeen)}</td><td><code>${h(f.bundle)}</code></td></tr>`,
      );
    }
    out.push('</table>');
  }
  if (s.unreadable.length > 0) {
    out.push('<h2>Could not be read</h2><table><tr><th>bundle</th><th>why</th></tr>');
    for (const u of s.unreadable) out.push(`<tr><td><code>${h(u.bundle)}</code></td><td>${h(u.reason)}</td></tr>`);
    out.push('</table>');
  }
  out.push('</body></html>');
  return out.join('\n') + '\n';
}
