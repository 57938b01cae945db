// The page: a file in (input or drop), progress while the worker analyses it, the report out.
import { Analyzer } from './client.js';
import { renderFindings } from './render/findings.js';
import { ProgressView } from './render/progress.js';
import { renderSummary } from './render/summary.js';

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

  // The state and the file it is about, for the eye (styles) and for tests.
  const setState = (state: State, file?: File): void => {
    document.body.dataset.state = state;
    if (file) results.dataset.file = file.name;
  };

  const open = (file: File): void => {
    setState('working', file);
    results.replaceChildren();
    error.hidden = true;
    progress.start(file);
    analyzer.open(file, {
      progress: (p) => progress.update(p),
      done: ({ report, from, ms }) => {
        progress.hide();
        results.replaceChildren(renderSummary(report, from, ms), renderFindings(report.findings));
        setState('done');
      },
      failed: (message) => {
        progress.hide();
        error.textContent = `${file.name}: ${message}`;
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
  setState('idle');
}

start();
