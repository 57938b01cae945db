// Which extension a file of the bundle belongs to, from where it lives: `…/log/azure/<Name>[/<version>]/…` (Linux
// extension logs, backup-extension.md §1.1), `…/Logs/Plugins/<Name>/<version>/…` and `…/Packages/Plugins/<Name>/…`
// (Windows, windows.md §1), `…/lib/waagent/<Name>-<version>/…` (the handler's state, waagent.md §2). The generic
// extension-log parser names its events' extension with it; the detector engine names a finding's extensions.
// Core module: no Node imports.

export interface ExtensionOfPath {
  name: string;
  version?: string;
}

const VERSION = /^\d+(?:\.\d+)+$/;
/** A handler folder: `Publisher.Type-1.2.3` (at least one dot in the name). */
const HANDLER_DIR = /^([A-Za-z][\w.-]*\.[\w.-]+?)-(\d+(?:\.\d+)*)$/;

/** The extension `path` belongs to, when one of the layouts above holds it. */
export function extensionOfPath(path: string): ExtensionOfPath | undefined {
  const parts = path.split('/');
  for (let i = parts.length - 2; i >= 0; i--) {
    const dir = parts[i]!.toLowerCase();
    const next = parts[i + 1]!;
    // The folder after `log/azure` or `Plugins`, with a version folder below it when there is one (not the file).
    if ((dir === 'azure' && parts[i - 1]?.toLowerCase() === 'log') || dir === 'plugins') {
      if (i + 1 >= parts.length - 1 || next === '') return undefined;
      const below = parts[i + 2];
      return below !== undefined && i + 2 < parts.length - 1 && VERSION.test(below) ? { name: next, version: below } : { name: next };
    }
    if (dir === 'waagent' && parts[i - 1]?.toLowerCase() === 'lib' && i + 1 < parts.length - 1) {
      const handler = HANDLER_DIR.exec(next);
      return handler ? { name: handler[1]!, version: handler[2]! } : undefined;
    }
  }
  return undefined;
}
