// The facts of a bundle indexed by kind, read with the kind's own type.
import type { Fact, FactKind, FactOf, FactRole } from './kinds.js';

export class FactIndex {
  private readonly byKind = new Map<FactKind, Fact[]>();

  constructor(facts: readonly Fact[]) {
    for (const f of facts) {
      const list = this.byKind.get(f.kind);
      if (list) list.push(f);
      else this.byKind.set(f.kind, [f]);
    }
  }

  /** Every fact of a kind, in the order reported. */
  of<K extends FactKind>(kind: K): readonly FactOf<K>[] {
    // Parsers build each kind through its FactOf type (src/parsers/state/report.ts); the index only groups them.
    return (this.byKind.get(kind) ?? []) as readonly Fact[] as readonly FactOf<K>[];
  }

  /** The newest fact of a kind (by time, then by order seen), optionally of one role. */
  latest<K extends FactKind>(kind: K, role?: FactRole<K>): FactOf<K> | undefined {
    let best: FactOf<K> | undefined;
    for (const f of this.of(kind)) {
      if (role !== undefined && f.role !== role) continue;
      if (!best || (f.time ?? -Infinity) >= (best.time ?? -Infinity)) best = f;
    }
    return best;
  }
}
