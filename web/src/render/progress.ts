// The progress bar while a bundle is read.
import type { Progress } from '../protocol.js';
import { formatBytes, plural } from './format.js';

export class ProgressView {
  constructor(
    private readonly box: HTMLElement,
    private readonly bar: HTMLProgressElement,
    private readonly text: HTMLElement,
  ) {}

  start(file: File): void {
    this.box.hidden = false;
    this.bar.removeAttribute('value'); // indeterminate until the first bytes are read
    this.text.textContent = `Reading ${file.name} (${formatBytes(file.size)})…`;
  }

  update(p: Progress): void {
    this.bar.max = 1;
    this.bar.value = p.total > 0 ? Math.min(1, p.read / p.total) : 1;
    this.text.textContent = `${formatBytes(p.read)} of ${formatBytes(p.total)} read · ${plural(p.entries, 'file')} analysed`;
  }

  hide(): void {
    this.box.hidden = true;
  }
}
