// The fleet summary as text for the terminal and as Markdown for a ticket: fleet findings first, then bundles by
// root cause and by category, the VMs with their findings, the unreadable bundles. Every bundle value (a bundle's
// path, a title quoting a log, a host name) goes through output-escape.ts. No Node imports.
import { markdownCode, markdownText, terminalLine } from '../report/output-escape.js';
import type { FleetSummary, FleetVm } from './summary.js';

/** Bundles named per root cause before "and N more". */
const NAMED_BUNDLES = 5;
/** Findings listed per VM in text (JSON keeps them all). */
const VM_FINDINGS = 10;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function names(list: readonly string[], show: (s: string) => string): string {
  const named = list.slice(0, NAMED_BUNDLES).map(show).join(', ');
  return list.length > NAMED_BUNDLES ? `${named} and ${list.length - NAMED_BUNDLES} more` : named;
}

export function vmIdentityText(vm: Pick<FleetVm, 'vmId' | 'vmName' | 'hostname'>): string {
  const parts = [vm.vmName ? `name ${vm.vmName}` : '', vm.hostname ? `host ${vm.hostname}` : '', vm.vmId ? `id ${vm.vmId}` : ''].filter((p) => p !== '');
  return parts.length > 0 ? parts.join(', ') : 'the bundle does not say which VM';
}

function headline(s: FleetSummary): string {
  const b = s.bundles;
  const parts = [`${plural(b.total, 'bundle')}`, `${b.analysed} analysed`, `${b.withFindings} with findings`];
  if (b.unreadable > 0) parts.push(`${b.unreadable} could not be read`);
  return `${parts.join(', ')}; ${plural(s.vms.length, 'VM')}`;
}

export function renderFleetText(s: FleetSummary): string {
  const t = terminalLine;
  const out: string[] = [`logscan fleet ${s.tool.version}: ${headline(s)}`];
  if (s.notBundles) out.push(`(${plural(s.notBundles, 'file')} in the folders ${s.notBundles === 1 ? 'was' : 'were'} no bundle and ${s.notBundles === 1 ? 'was' : 'were'} not read)`);
  out.push('');
  if (s.fleetFindings.length > 0) {
    out.push('Across VMs');
    for (const f of s.fleetFindings) {
      out.push(`  [${f.severity}] ${t(f.title)} (${f.id}, ${plural(f.members.length, 'bundle')})`);
      out.push(`    ${t(f.summary)}`);
      for (const e of f.evidence.slice(0, 3)) out.push(`    ${t(e.bundle)}: ${t(e.path)}${e.line !== undefined ? `:${e.line}` : ''} ${t(e.text)}`);
    }
    out.push('');
  }
  out.push('Bundles by root cause');
  for (const g of s.rootCauses) {
    const label = g.id === 'none' ? g.title : `${t(g.title)} (${g.id}${g.severity ? `, ${g.severity}` : ''})`;
    out.push(`  ${String(g.bundles.length).padStart(4)}  ${label}`);
    out.push(`        ${names(g.bundles, t)}`);
  }
  if (s.rootCauses.length === 0) out.push('  (no bundle analysed)');
  out.push('', 'Bundles by category');
  for (const c of s.categories) out.push(`  ${String(c.bundles).padStart(4)}  ${c.category} (${plural(c.findings, 'finding')}, worst ${c.worst})`);
  if (s.categories.length === 0) out.push('  (no findings)');
  out.push('', 'VMs');
  for (const vm of s.vms) {
    out.push(`  ${t(vm.label)} (${t(vmIdentityText(vm))}; ${vm.os}; ${plural(vm.bundles.length, 'bundle')})`);
    for (const f of vm.findings.slice(0, VM_FINDINGS)) {
      const when = f.firstSeen ? ` ${f.firstSeen}${f.lastSeen && f.lastSeen !== f.firstSeen ? ` .. ${f.lastSeen}` : ''}` : '';
      out.push(`    ${f.rootCause ? '*' : '-'} [${f.severity}] ${t(f.title)} (${f.id})${when}${vm.bundles.length > 1 ? ` in ${t(f.bundle)}` : ''}`);
    }
    if (vm.findings.length > VM_FINDINGS) out.push(`    ... ${vm.findings.length - VM_FINDINGS} more (--format json lists them all)`);
    if (vm.findings.length === 0) out.push('    no findings');
  }
  if (s.unreadable.length > 0) {
    out.push('', 'Could not be read');
    for (const u of s.unreadable) out.push(`  ${t(u.bundle)}: ${t(u.reason)}`);
  }
  out.push('', '* a root cause of its bundle\'s verdict');
  return out.join('\n') + '\n';
}

export function renderFleetMarkdown(s: FleetSummary): string {
  const m = (text: string): string => markdownText(text);
  const code = markdownCode;
  const cell = (text: string): string => markdownText(text);
  // A table splits a row at every `|`, code spans included; GitHub reads `\|` there as the character.
  const cellCode = (text: string): string => code(text).replace(/\|/g, '\\|');
  const out: string[] = [`# Fleet summary`, '', m(headline(s)) + '.'];
  if (s.notBundles) out.push('', `${plural(s.notBundles, 'file')} in the folders ${s.notBundles === 1 ? 'was' : 'were'} no bundle and not read.`);
  if (s.fleetFindings.length > 0) {
    out.push('', '## Across VMs');
    for (const f of s.fleetFindings) {
      out.push('', `### ${m(f.title)}`, '', `${code(f.id)}, ${f.severity}, ${plural(f.members.length, 'bundle')}: ${m(f.summary)}`, '');
      for (const e of f.evidence.slice(0, 5)) out.push(`- ${code(e.bundle)} ${code(`${e.path}${e.line !== undefined ? `:${e.line}` : ''}`)}: ${code(e.text)}`);
      for (const [i, step] of f.remediation.entries()) out.push(`${i === 0 ? '\n' : ''}${i + 1}. ${m(step)}`);
    }
  }
  out.push('', '## Bundles by root cause', '', '| bundles | root cause | id | examples |', '| ---: | --- | --- | --- |');
  for (const g of s.rootCauses) out.push(`| ${g.bundles.length} | ${cell(g.title)} | ${g.id === 'none' ? '' : cellCode(g.id)} | ${names(g.bundles, cellCode)} |`);
  out.push('', '## Bundles by category', '', '| bundles | category | findings | worst |', '| ---: | --- | ---: | --- |');
  for (const c of s.categories) out.push(`| ${c.bundles} | ${c.category} | ${c.findings} | ${c.worst} |`);
  out.push('', '## VMs');
  for (const vm of s.vms) {
    out.push('', `### ${m(vm.label)}`, '', `${m(vmIdentityText(vm))}; ${vm.os}; ${plural(vm.bundles.length, 'bundle')}: ${vm.bundles.map(code).join(', ')}`, '');
    if (vm.findings.length === 0) out.push('No findings.');
    else {
      out.push('| severity | finding | id | first seen | last seen | bundle |', '| --- | --- | --- | --- | --- | --- |');
      for (const f of vm.findings) {
        out.push(`| ${f.severity} | ${f.rootCause ? '**root cause:** ' : ''}${cell(f.title)} | ${cellCode(f.id)} | ${f.firstSeen ?? ''} | ${f.lastSeen ?? ''} | ${cellCode(f.bundle)} |`);
      }
    }
  }
  if (s.unreadable.length > 0) {
    out.push('', '## Could not be read', '');
    for (const u of s.unreadable) out.push(`- ${code(u.bundle)}: ${m(u.reason)}`);
  }
  return out.join('\n') + '\n';
}
