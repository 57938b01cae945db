// Messages between the fleet's pool (./local-pool.ts) and its worker threads (./fleet-worker.ts).
import type { ReadOptions } from './analyser.js';
import type { BundleDigest } from '../../fleet/digest.js';

export interface FleetWorkerSetup {
  read: ReadOptions;
  /** Send the JSON report too (only `--out` writes it). */
  wantJson: boolean;
}

export interface ToFleetWorker {
  id: number;
  path: string;
}

export type FromFleetWorker = { id: number; json?: string; digest: BundleDigest } | { id: number; failure: string };
