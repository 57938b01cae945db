// The work expanding records may take. Templates repeat an element once per array item and splice nested Binary XML
// where a substitution stands, so a few hundred crafted bytes can describe 10^30 elements (an array-bound <Data>
// nested 30 deep) or 50^11 (a nested value that uses the same template 50 times, 11 levels). Depth limits do not
// bound that; counting what is produced does. Units: one per element, attribute, text piece and substituted value;
// characters: every name and text produced.

/**
 * One record's limits. The largest record of the real samples (../shared/corpus/evtx) takes 479 units and 7,178
 * characters; 100,000 units is also one per byte of the largest record a chunk can hold (an array of one-byte
 * items), and 4 M characters (8 MB of text) sixty per byte.
 */
export const RECORD_UNITS = 100_000;
export const RECORD_CHARS = 4_000_000;
/**
 * A file's allowance grows with the record bytes read. Real files take at most 0.1 unit and 1.3 characters per
 * byte (plaso-System.evtx), so a file of real records never runs short, while a file of crafted records costs at
 * most the base plus 1 unit per byte: once its allowance is spent, each further record fails at once, as a problem.
 */
export const FILE_BASE_UNITS = 1_000_000;
export const FILE_UNITS_PER_BYTE = 1;
export const FILE_BASE_CHARS = 32_000_000;
export const FILE_CHARS_PER_BYTE = 16;

export class ExpansionLimitError extends Error {}

/** What one walk of a record may still spend; `spend` throws ExpansionLimitError when either runs out. */
export class WorkBudget {
  units: number;
  chars: number;

  constructor(
    readonly unitLimit = RECORD_UNITS,
    readonly charLimit = RECORD_CHARS,
    /** The limits are what was left of the file's allowance, not the per-record ones. */
    readonly fileShare = false,
  ) {
    this.units = unitLimit;
    this.chars = charLimit;
  }

  spend(units: number, chars: number): void {
    this.units -= units;
    this.chars -= chars;
    if (this.units < 0 || this.chars < 0) throw new ExpansionLimitError(this.describe());
  }

  get spentUnits(): number {
    return this.unitLimit - Math.max(this.units, 0);
  }

  get spentChars(): number {
    return this.charLimit - Math.max(this.chars, 0);
  }

  private describe(): string {
    const what = this.units < 0 ? `${this.unitLimit} elements, attributes and values` : `${this.charLimit} characters`;
    return this.fileShare
      ? `expanding its templates takes more than the ${what} left of this file's work allowance`
      : `expanding its templates takes more than ${what} (the limit per record)`;
  }
}

/** A file's allowance: a base, plus a share of every record's bytes; records draw on it. */
export class FileAllowance {
  private units = FILE_BASE_UNITS;
  private chars = FILE_BASE_CHARS;

  /** The budget of a record of `size` bytes: the per-record limits, or less when the file's allowance is low. */
  budgetFor(size: number): WorkBudget {
    this.units += FILE_UNITS_PER_BYTE * size;
    this.chars += FILE_CHARS_PER_BYTE * size;
    if (this.units >= RECORD_UNITS && this.chars >= RECORD_CHARS) return new WorkBudget();
    return new WorkBudget(Math.min(this.units, RECORD_UNITS), Math.min(this.chars, RECORD_CHARS), true);
  }

  charge(budget: WorkBudget): void {
    this.units -= budget.spentUnits;
    this.chars -= budget.spentChars;
  }
}
