// The page: a file in (input or drop), progress while the worker analyses it, the report out.
import type { Report } from '../../src/model.js';
import { Analyzer, PlaceReader } from './client.js';
import { EvidenceView } from './render/evidence-view.js';
import { Redactor, type RedactorState } from '../../src/report/redact.js';
import { renderFindings } from './render/findings.js';
import { knownLines } from './render/known-lines.js';
import { renderOverview } from './render/overview.js';
import { ProgressView } from './render/progress.js';
import { renderSummary } from './render/summary.js';
import { renderVerdict } from './render/verdict.js';
import { TimelineView } from './render/timeline.js';

type State = 'idle' | 'working' | 'done' | 'error';

function element<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`page element #${id} missing`);
  return el as T;
}

function start(): void {
  const input = element<HTMLInputElement>('file');
  const drop = element<HTMLElement>('drop');
  const results = element<HTMLElement>('results');
  const error = element<HTMLElement>('error');
  const progress = new ProgressView(element('progress'), element<HTMLProgressElement>('bar'), element('status'));
  const analyzer = new Analyzer('worker.js');
  const keys = element<HTMLElement>('keys');
  const clickHint = element<HTMLElement>('click-hint');
  /** The report shown, for the lines a JSON report quotes of a file. */
  let shownReport: Report | null = null;
  let timeline: TimelineView | null = null;
  const reader = new PlaceReader('worker.js');
  const fileView = new EvidenceView();
  document.body.appendChild(fileView.el);
  /** The dropped bundle the findings came from (none for a JSON report). */
  let bundle: File | null = null;
  /** The tokens of the report's secrets, and of those the file view found since: one token per secret on the page. */
  let redaction: RedactorState | undefined;

  // The state and the file it is about, for the eye (styles) and for tests.
  const setState = (state: State, file?: File): void => {
    document.body.dataset.state = state;
    if (file) results.dataset.file = file.name;
  };

  const open = (file: File): void => {
    setState('working', file);
    timeline?.destroy();
    timeline = null;
    results.replaceChildren();
    reader.stop();
    fileView.close();
    bundle = null;
    shownReport = null;
    redaction = undefined;
    keys.hidden = true;
    error.hidden = true;
    progress.start(file);
    analyzer.open(file, {
      progress: (p) => progress.update(p),
      done: ({ report, from, ms, events, redaction: tokens }) => {
        progress.hide();
        redaction = tokens;
        bundle = from === 'analysis' ? file : null;
        timeline = events ? new TimelineView(events, report.findings) : null;
        const findings = renderFindings(report);
        for (const li of findings.querySelectorAll<HTMLElement>('li.finding')) li.tabIndex = -1;
        shownReport = report;
        results.replaceChildren(...[renderVerdict(report), renderOverview(report), renderSummary(report, from, ms), findings, timeline?.el].filter((x) => x !== null && x !== undefined));
        if (timeline) {
          results.classList.add('has-timeline');
          timeline.mounted();
        } else results.classList.remove('has-timeline');
        keys.hidden = report.findings.length === 0;
        // Say only what this page can do: a JSON report has no bundle to read and no timeline to find lines in.
        clickHint.textContent = bundle
          ? timeline
            ? 'click an evidence place to see its lines in the file and its event in the timeline'
            : 'click an evidence place to see its lines in the file'
          : 'click an evidence place to see its text and the lines of its file that the report quotes (open the bundle for the whole file)';
        setState('done');
      },
      failed: (message) => {
        progress.hide();
        // The engine's own errors already name the bundle ("ls: nothing to analyse …"): name it once.
        error.textContent = message.startsWith(`${file.name}: `) ? message : `${file.name}: ${message}`;
        error.hidden = false;
        setState('error');
      },
    });
  };

  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file) open(file);
    input.value = ''; // the same file can be chosen again
  });

  // Dropping anywhere opens the file; the browser must not navigate to it instead.
  let depth = 0;
  window.addEventListener('dragenter', (e) => {
    e.preventDefault();
    depth++;
    drop.classList.add('over');
  });
  window.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) drop.classList.remove('over');
  });
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    drop.classList.remove('over');
    const file = e.dataTransfer?.files[0];
    if (file) open(file);
  });
  // Clicking an evidence line opens the file view on its place and shows its event in the timeline's table.
  results.addEventListener('click', (e) => {
    const li = (e.target as Element).closest('.evidence li[data-path] .place')?.closest<HTMLElement>('li[data-path]');
    if (!li) return;
    const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));
    const place = { path: li.dataset.path ?? '', line: num(li.dataset.line), record: num(li.dataset.record) };
    showPlace(place, li.querySelector('pre')?.textContent ?? '');
    if (!timeline) return;
    const found = timeline.reveal(place.path, place.line, place.record);
    li.classList.toggle('not-found', !found);
  });

  const showPlace = (place: { path: string; line?: number; record?: number }, text: string): void => {
    const file = bundle;
    const readable = (place.line !== undefined && place.line > 0) || place.record !== undefined;
    if (!file || !readable) {
      // Evidence text in the report is already redacted; redacted again for a report from elsewhere.
      const note = file
        ? 'This evidence has no line or record number, so only its text is shown.'
        : 'The bundle is not loaded (this is a report), so only the evidence text is shown. Open the bundle to see the lines around it.';
      const redactor = new Redactor(redaction);
      const shown = redactor.text(text, place.path);
      redaction = redactor.state();
      fileView.textOnly(place, shown, note, file || !shownReport ? [] : knownLines(shownReport, [], place.path));
      return;
    }
    fileView.loading(place);
    const { line, record } = place;
    reader
      .read({ file, path: place.path, ...(line !== undefined ? { line } : {}), ...(record !== undefined ? { record } : {}), ...(redaction ? { redaction } : {}) })
      .then((result) => {
        if (bundle !== file) return;
        if (result.redaction) redaction = result.redaction;
        fileView.show(place, result);
      })
      .catch((error: unknown) => {
        if (bundle === file) fileView.failed(place, error instanceof Error ? error.message : String(error));
      });
  };

  // j/k (and the arrow keys inside the findings list) move between findings.
  document.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target as HTMLElement;
    if (target.closest('input, select, textarea, [contenteditable="true"]')) return;
    const inList = !!target.closest('.finding-list');
    const step = e.key === 'j' || (inList && e.key === 'ArrowDown') ? 1 : e.key === 'k' || (inList && e.key === 'ArrowUp') ? -1 : 0;
    if (step === 0) return;
    const items = [...results.querySelectorAll<HTMLElement>('li.finding')];
    if (items.length === 0) return;
    e.preventDefault();
    const current = items.indexOf(target.closest<HTMLElement>('li.finding') ?? (null as unknown as HTMLElement));
    const next = current < 0 ? (step > 0 ? 0 : items.length - 1) : Math.min(items.length - 1, Math.max(0, current + step));
    for (const li of items) li.classList.remove('current');
    items[next]!.classList.add('current');
    items[next]!.focus();
  });

  setupTheme(element<HTMLButtonElement>('theme'));
  setState('idle');
}

/** Light or dark: the system's choice until the button picks one, remembered in this browser. */
function setupTheme(button: HTMLButtonElement): void {
  const system = window.matchMedia('(prefers-color-scheme: dark)');
  const stored = (): string | null => {
    try {
      return localStorage.getItem('logscan-theme');
    } catch {
      return null;
    }
  };
  const current = (): 'light' | 'dark' => {
    const t = document.documentElement.dataset.theme;
    return t === 'light' || t === 'dark' ? t : system.matches ? 'dark' : 'light';
  };
  const label = (): void => {
    const other = current() === 'dark' ? 'light' : 'dark';
    button.textContent = `${other[0]!.toUpperCase()}${other.slice(1)} theme`;
    button.setAttribute('aria-pressed', String(current() === 'dark'));
  };
  const saved = stored();
  if (saved === 'light' || saved === 'dark') document.documentElement.dataset.theme = saved;
  label();
  button.addEventListener('click', () => {
    const next = current() === 'dark' ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    try {
      localStorage.setItem('logscan-theme', next);
    } catch {
      // storage off: the choice lasts for this page
    }
    label();
    document.dispatchEvent(new Event('themechange'));
  });
  system.addEventListener('change', () => {
    label();
    if (!document.documentElement.dataset.theme) document.dispatchEvent(new Event('themechange'));
  });
}

start();
