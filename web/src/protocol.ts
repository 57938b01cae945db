// Messages between the page and the analysis worker.
import type { Report } from '../../src/model.js';
import type { RedactorState } from '../../src/report/redact.js';
import type { EventTable } from './timeline/events.js';

export interface OpenRequest {
  type: 'open';
  file: File;
}

/** Asks for the place of one piece of evidence in the dropped file: its lines around `line`, or an EVTX record's XML. */
export interface ViewRequest {
  type: 'view';
  file: File;
  path: string;
  line?: number;
  record?: number;
  /** The tokens handed out so far (the report's, then the file views'): a secret keeps its token. */
  redaction?: RedactorState;
}

/**
 * Lines `first`..`first + lines.length - 1` of `path`, or the XML of EVTX record `record`, redacted as a block;
 * `redaction` with the tokens of secrets first seen there.
 */
export type ViewResult =
  | { type: 'view'; kind: 'lines'; path: string; line: number; first: number; lines: string[]; redaction?: RedactorState }
  | { type: 'view'; kind: 'xml'; path: string; record: number; xml: string; redaction?: RedactorState };

export type WorkerRequest = OpenRequest | ViewRequest;

export interface Progress {
  type: 'progress';
  /** Bytes of the file read so far, and its size. */
  read: number;
  total: number;
  /** Files of the bundle done. */
  entries: number;
}

export interface ReportReady {
  type: 'report';
  report: Report;
  /** `analysis`: analysed here; `json`: a report written by the CLI, opened as is. */
  from: 'analysis' | 'json';
  ms: number;
  /** The analysed events (not for a JSON report, which has none). */
  events?: EventTable;
  /** The report's redaction tokens, for the file view. */
  redaction?: RedactorState;
}

export interface Failure {
  type: 'error';
  message: string;
}

export type WorkerMessage = Progress | ReportReady | Failure | ViewResult;
