// Which kind of bundle a list of paths is (bundles.md §1-4). Pure: paths in, a name out.
// - `iid`: Inspect IaaS Disk zips hold the OS disk's files under `device_<N>/` (Linux or Windows; an IID zip can also
//   have a `results.txt` from its `ll` lines, so this is decided first).
// - `wala-logs-zip`: `waagent -collect-logs` writes `results.txt` at the archive root next to `var/log/...` /
//   `var/lib/waagent/...` members.
// - `collectguestlogs`: Windows CollectGuestLogs / VMAgentLogs zips reproduce `WindowsAzure/Logs/...` (and
//   `Packages/Plugins/...`).
// - `linux-tarball`: hand-made archives of `/var/log` and `/var/lib/waagent` (no `results.txt`), sosreport-style trees.
// One wrapping folder (an archive extracted into a folder of its own name) is allowed above each of these roots.

export type BundleLayout = 'collectguestlogs' | 'iid' | 'wala-logs-zip' | 'linux-tarball' | 'unknown';

/** `/`-separated, no drive letter, no leading `./` or `/`, lower case. */
function normalise(path: string): string {
  return path
    .replace(/\\/g, '/')
    .replace(/^[A-Za-z]:(?=\/|$)/, '')
    .replace(/^(?:\.?\/)+/, '')
    .toLowerCase();
}

/** The path's parts from its root, and from below a single wrapping folder. */
function roots(parts: string[]): string[][] {
  return parts.length > 1 ? [parts, parts.slice(1)] : [parts];
}

const RE_DEVICE = /^device_\d+$/;

export function detectLayout(paths: string[]): BundleLayout {
  let iid = false;
  let results = false;
  let linux = false;
  let windows = false;
  for (const p of paths) {
    if (typeof p !== 'string' || p === '') continue;
    const parts = normalise(p).split('/').filter((x) => x !== '');
    if (parts.length === 0) continue;
    for (const r of roots(parts)) {
      const [a, b, c] = r;
      if (a !== undefined && RE_DEVICE.test(a) && r.length > 1) iid = true;
      if (a === 'results.txt' && r.length === 1) results = true;
      if (a === 'var' && (b === 'log' || (b === 'lib' && c === 'waagent'))) linux = true;
      if ((a === 'etc' && b !== undefined && /(?:^|-)release$|^waagent\.conf$/.test(b)) || a === 'sos_commands') linux = true;
      if ((a === 'windowsazure' && (b === 'logs' || b === 'config')) || (a === 'packages' && b === 'plugins')) windows = true;
      // CollectGuestLogs output may start at the Logs folder itself.
      if (a === 'logs' && (b === 'waappagent.log' || b === 'plugins' || b === 'aggregatestatus')) windows = true;
    }
  }
  if (iid) return 'iid';
  if (results && linux) return 'wala-logs-zip';
  if (windows) return 'collectguestlogs';
  if (linux) return 'linux-tarball';
  return 'unknown';
}
