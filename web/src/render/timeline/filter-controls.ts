// The filter inputs: level checkboxes, source and finding-category selects and the text box.
import type { Finding } from '../../../../src/model.js';
import { LEVELS } from '../../timeline/events.js';
import type { EventTable } from '../../timeline/events.js';
import { h } from '../dom.js';
import { allFilter, categoryMask } from './filter.js';
import type { Filter } from './filter.js';

export class FilterControls {
  filter: Filter = allFilter();
  readonly levels: HTMLElement;
  readonly levelBoxes: HTMLInputElement[];
  readonly sourceSelect: HTMLSelectElement;
  readonly categorySelect: HTMLSelectElement;
  readonly textInput: HTMLInputElement;

  /** `onChange` is called whenever an input changes the filter. */
  constructor(table: EventTable, findings: Finding[], onChange: () => void) {
    this.levelBoxes = LEVELS.map((l) => {
      const box = h('input', { type: 'checkbox', name: 'level', value: l });
      box.checked = true;
      box.addEventListener('change', () => {
        this.filter.levels = this.levelBoxes.map((b) => b.checked);
        onChange();
      });
      return box;
    });
    this.sourceSelect = h(
      'select',
      { class: 'source', 'aria-label': 'Source' },
      h('option', { value: '-1' }, 'All sources'),
      table.sourceNames.map((s, i) => [s, i] as const).sort((a, b) => a[0].localeCompare(b[0])).map(([s, i]) => h('option', { value: String(i) }, s)),
    );
    this.sourceSelect.addEventListener('change', () => {
      this.filter.source = Number(this.sourceSelect.value);
      onChange();
    });
    const categories = [...new Set(findings.map((f) => f.category))].sort();
    this.categorySelect = h(
      'select',
      { class: 'category', 'aria-label': 'Finding category' },
      h('option', { value: '' }, 'All categories'),
      categories.map((c) => h('option', { value: c }, c)),
    );
    this.categorySelect.hidden = categories.length === 0;
    this.categorySelect.addEventListener('change', () => {
      this.filter.category = this.categorySelect.value ? categoryMask(table, findings, this.categorySelect.value) : null;
      onChange();
    });
    this.textInput = h('input', { type: 'search', class: 'text', placeholder: 'Filter text', 'aria-label': 'Filter text' });
    let typing = 0;
    this.textInput.addEventListener('input', () => {
      clearTimeout(typing);
      typing = window.setTimeout(() => {
        this.filter.text = this.textInput.value.trim().toLowerCase();
        onChange();
      }, 120);
    });
    this.levels = h(
      'fieldset',
      { class: 'levels' },
      h('legend', null, 'Level'),
      LEVELS.map((l, i) => h('label', null, this.levelBoxes[i], ` ${l}`)),
    );
  }

  /** Resets the filter and the inputs to keep everything (without notifying). */
  reset(): void {
    this.filter = allFilter();
    for (const b of this.levelBoxes) b.checked = true;
    this.sourceSelect.value = '-1';
    this.categorySelect.value = '';
    this.textInput.value = '';
  }
}
