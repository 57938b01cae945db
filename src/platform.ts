// Which guest OS a source belongs to: by the parser that read it, else by where the file lives in the bundle.
// The VM summary uses it for the OS, the detector engine to pick Linux or Windows remediation. Core: no Node imports.
export type Platform = 'linux' | 'windows';

const LINUX_PARSERS = /^(?:waagent-log|waagent-status|waagent-conf|vmsnapshot-log|vmsnapshot-shell|syslog|journal|dmesg|cloud-init|log-collector|os-release|agent-error-state|extension-mrseq)/;
const WINDOWS_PARSERS = /^(?:waappagent-log|evtx|event-(?:xml|text|csv|json)|windows-|vmsnapshot-windows)/;
const LINUX_PATHS = /(?:^|\/)(?:var\/lib\/waagent|var\/log|etc)\//i;
const WINDOWS_PATHS = /(?:^|\/)(?:WindowsAzure|Packages\/Plugins|Windows\/(?:System32|Panther|Setup))\/|\.evtx$/i;

/** The platform a parser's events belong to; undefined for formats both share (status files, generic logs). */
export function platformOfParser(parser: string): Platform | undefined {
  if (WINDOWS_PARSERS.test(parser)) return 'windows';
  if (LINUX_PARSERS.test(parser)) return 'linux';
  return undefined;
}

/** The platform a path in the bundle belongs to, when its place says. */
export function platformOfPath(path: string): Platform | undefined {
  if (WINDOWS_PATHS.test(path)) return 'windows';
  if (LINUX_PATHS.test(path)) return 'linux';
  return undefined;
}

/** A source's platform: its parser first (a Windows export can be stored anywhere), then its path. */
export function platformOf(parser: string, path: string): Platform | undefined {
  return platformOfParser(parser) ?? platformOfPath(path);
}
