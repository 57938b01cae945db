// Ordering of the report's lists (sources by path, findings by time and id, extensions by name): by UTF-16 code unit,
// as `sort` does under LC_ALL=C. Not localeCompare: its first call builds an ICU collator, about 25 ms of every run's
// start, and the order of machine names and ISO times needs no language's rules.

/** -1, 0 or 1 as `a` sorts before, with or after `b`, by code unit. */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
