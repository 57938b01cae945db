// The browser's figures (the renderer's peak memory while the viewer analyses a bundle, and its time against
// the CLI's single thread): measured with the renderer memory helper under test/browser/ once it exists.
import type { Sized } from './linux-figure.js';
import { notRun, type Row } from './results.js';

export const RENDERER_TARGET_MB = 500;

export async function browserRows(_size: Sized | undefined, _workDir: string): Promise<Row[]> {
  return [
    notRun('browser: renderer peak memory', `<= ${RENDERER_TARGET_MB} MB`, 'not measured yet', 'not measured'),
    notRun('browser: time / CLI --jobs 1', '<= 1.50x', 'not measured yet', 'not measured'),
  ];
}
