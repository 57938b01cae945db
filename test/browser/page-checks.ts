// What the browser tests read off a page of findings (the HTML report or the viewer), the same way for both.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Report } from '../../src/model.js';

/** Every finding in the overview, in document order, with the finding it is indented under and where it links. */
export async function overview(page: Page): Promise<{ id: string; parent: string; href: string; severity: string; count: string }[]> {
  return page.$$eval('nav.overview li[data-id]', (items) =>
    items.map((li) => ({
      id: (li as HTMLElement).dataset.id ?? '',
      parent: li.parentElement?.closest<HTMLElement>('li[data-id]')?.dataset.id ?? '',
      href: li.querySelector(':scope > .row a')?.getAttribute('href') ?? '',
      severity: li.querySelector(':scope > .row .badge')?.textContent ?? '',
      count: li.querySelector(':scope > .row .count')?.textContent ?? '',
    })),
  );
}

/** The overview lists every finding in report order, each under its first cause, linked to its own item. */
export async function expectOverview(page: Page, report: Report): Promise<void> {
  const shown = await overview(page);
  expect(shown.map((x) => x.id)).toEqual(report.findings.map((f) => f.id));
  for (const [i, f] of report.findings.entries()) {
    const x = shown[i]!;
    expect(x.severity).toBe(f.severity);
    expect(x.count).toBe(f.count > 1 ? `×${f.count}` : '');
    expect(x.parent, `${f.id} is indented under its cause`).toBe(f.causedBy?.[0] ?? '');
    expect(await page.$eval(x.href, (el) => (el as HTMLElement).dataset.id ?? ''), `${x.href} is ${f.id}`).toBe(f.id);
  }
  // Right after the verdict.
  expect(await page.$eval('#results', (r) => Array.from(r.children).slice(0, 2).map((c) => c.className.split(' ')[0]))).toEqual(['verdict', 'overview']);
}

/** Each remediation step reads as the report's text without its backticks, each `span` a <code> element. */
export async function expectCodeSpans(page: Page, report: Report): Promise<number> {
  let spans = 0;
  for (const f of report.findings) {
    const steps = await page.$$eval(`li.finding[data-id="${f.id}"] > .remediation ol > li`, (lis) =>
      lis.map((li) => ({ text: li.textContent ?? '', code: Array.from(li.querySelectorAll('code')).map((c) => c.textContent ?? ''), elements: li.querySelectorAll('*').length })),
    );
    expect(steps.length).toBe(f.remediation.length);
    for (const [i, step] of f.remediation.entries()) {
      const expected = [...step.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
      expect(steps[i]!.code).toEqual(expected);
      expect(steps[i]!.elements, 'no element but the code spans').toBe(expected.length);
      expect(steps[i]!.text).toBe(step.replace(/`([^`\n]+)`/g, '$1'));
      spans += expected.length;
    }
  }
  return spans;
}

/** Nothing on the page is wider than the window: long lines wrap, or scroll inside a box of their own. */
export async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, `${what}: page width at ${innerWidth} px`).toBeLessThanOrEqual(innerWidth);
}

/** The notable events listed under each finding, by finding id, with the ids of the findings it is nested in. */
export async function notableByFinding(page: Page): Promise<{ id: string; ancestors: string[]; keys: string[]; contexts: number }[]> {
  return page.$$eval('li.finding[data-id]', (items) =>
    items.map((li) => {
      const ancestors: string[] = [];
      for (let p = li.parentElement?.closest<HTMLElement>('li.finding'); p; p = p.parentElement?.closest<HTMLElement>('li.finding')) ancestors.push(p.dataset.id ?? '');
      const rows = Array.from(li.querySelectorAll<HTMLElement>(':scope > .notable .notable-events > li'));
      return {
        id: (li as HTMLElement).dataset.id ?? '',
        ancestors,
        keys: rows.map((r) => `${r.dataset.path}:${r.dataset.line ?? ''}:${r.dataset.record ?? ''}`),
        contexts: li.querySelectorAll(':scope > .notable').length,
      };
    }),
  );
}
