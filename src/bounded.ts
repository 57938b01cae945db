// Sets and maps that parsers and detectors fill per distinct value of the input (a message, an extension name, a
// plugin key): a hostile log of endless distinct values must not grow them without end. Past the bound the value
// first seen longest ago goes; the others keep their order (a detector's report may follow it).

/** Adds `value` to `set`, first removing the oldest value when the set already holds `max`. */
export function addBounded<T>(set: Set<T>, value: T, max: number): void {
  if (set.size >= max && !set.has(value)) set.delete(set.values().next().value as T);
  set.add(value);
}

/** Sets `key` in `map`, first removing the oldest key when the map already holds `max` and `key` is new. */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  if (map.size >= max && !map.has(key)) map.delete(map.keys().next().value as K);
  map.set(key, value);
}
