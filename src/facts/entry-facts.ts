// The facts one entry states, kept in bounded memory: facts describe the VM (its agent, extensions, settings), so a
// file that states endless distinct ones (a value per task, per request) is a hostile or unusual file, not more to
// know. Each kind keeps its first MAX_PER_KIND statements; after that the newest takes the last place, so that the
// kind's latest value (what the combiners read) is still the file's own latest.
import type { Fact, FactKind } from './kinds.js';

export const MAX_FACTS_PER_KIND = 1000;

export class EntryFacts {
  readonly list: Fact[] = [];
  /** Per kind: how many are kept and where the last one is. */
  private readonly kinds = new Map<FactKind, { kept: number; last: number }>();
  /** Statements that took an earlier one's place. */
  replaced = 0;

  add = (fact: Fact): void => {
    const kind = this.kinds.get(fact.kind);
    if (kind === undefined) {
      this.kinds.set(fact.kind, { kept: 1, last: this.list.push(fact) - 1 });
    } else if (kind.kept < MAX_FACTS_PER_KIND) {
      kind.kept++;
      kind.last = this.list.push(fact) - 1;
    } else {
      this.list[kind.last] = fact;
      this.replaced++;
    }
  };
}
