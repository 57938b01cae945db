// The page's side of the worker: one analysis at a time; a new file stops the one running.
import type { Progress, ReportReady, ViewRequest, ViewResult, WorkerMessage } from './protocol.js';

export interface AnalysisHandlers {
  progress(p: Progress): void;
  done(r: ReportReady): void;
  failed(message: string): void;
}

export class Analyzer {
  private worker: Worker | null = null;

  constructor(private readonly workerUrl: string) {}

  open(file: File, on: AnalysisHandlers): void {
    this.stop();
    const worker = new Worker(this.workerUrl);
    this.worker = worker;
    const finish = (): void => {
      if (this.worker === worker) this.stop();
    };
    worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
      if (this.worker !== worker) return;
      const m = event.data;
      if (m.type === 'progress') on.progress(m);
      else if (m.type === 'report') {
        finish();
        on.done(m);
      } else if (m.type === 'error') {
        finish();
        on.failed(m.message);
      }
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      if (this.worker !== worker) return;
      finish();
      on.failed(event.message || 'the analysis worker failed');
    };
    worker.postMessage({ type: 'open', file });
  }

  stop(): void {
    this.worker?.terminate();
    this.worker = null;
  }
}

/** Reads one place of the dropped file in a worker of its own; a new request stops the one running. */
export class PlaceReader {
  private worker: Worker | null = null;

  constructor(private readonly workerUrl: string) {}

  read(req: Omit<ViewRequest, 'type'>): Promise<ViewResult> {
    this.stop();
    const worker = new Worker(this.workerUrl);
    this.worker = worker;
    return new Promise<ViewResult>((resolve, reject) => {
      const finish = (): void => {
        if (this.worker === worker) this.stop();
      };
      worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
        const m = event.data;
        if (m.type === 'progress') return;
        finish();
        if (m.type === 'view') resolve(m);
        else reject(new Error(m.type === 'error' ? m.message : 'unexpected answer from the worker'));
      };
      worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        finish();
        reject(new Error(event.message || 'the worker failed'));
      };
      worker.postMessage({ type: 'view', ...req });
    });
  }

  stop(): void {
    this.worker?.terminate();
    this.worker = null;
  }
}
