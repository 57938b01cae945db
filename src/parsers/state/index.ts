// Parsers for the guest agent's state files under /var/lib/waagent (goal state, extension configuration and status,
// agent status), /etc/waagent.conf, /etc/*-release and the log collector's results.txt (waagent.md §2-3,
// backup-extension.md §1.3). Each turns one small document into facts (and, for status documents, events).
import type { AnyParser } from '../types.js';
import { agentErrorParser } from './agent-error.js';
import { certificatesParser } from './certificates.js';
import { extensionSettingsParser } from './extension-settings.js';
import { extensionStatusParser } from './extension-status.js';
import { extensionsConfigParser } from './extensions-config.js';
import { goalStateParser } from './goal-state.js';
import { handlerEnvironmentParser } from './handler-environment.js';
import { handlerManifestParser } from './handler-manifest.js';
import { handlerStateParser } from './handler-state.js';
import { handlerStatusParser } from './handler-status.js';
import { hostingEnvironmentParser } from './hosting-env.js';
import { incarnationParser } from './incarnation.js';
import { logCollectorParser } from './log-collector.js';
import { mrseqParser } from './mrseq.js';
import { osReleaseParser } from './os-release.js';
import { ovfEnvParser } from './ovf-env.js';
import { sharedConfigParser } from './shared-config.js';
import { vmSettingsParser } from './vm-settings.js';
import { waagentConfParser } from './waagent-conf.js';
import { waagentStatusParser } from './waagent-status.js';

export {
  agentErrorParser,
  certificatesParser,
  extensionSettingsParser,
  extensionStatusParser,
  extensionsConfigParser,
  goalStateParser,
  handlerEnvironmentParser,
  handlerManifestParser,
  handlerStateParser,
  handlerStatusParser,
  hostingEnvironmentParser,
  incarnationParser,
  logCollectorParser,
  mrseqParser,
  osReleaseParser,
  ovfEnvParser,
  sharedConfigParser,
  vmSettingsParser,
  waagentConfParser,
  waagentStatusParser,
};
export { judgeStatus, isBackupExtension, type Judgement, type Outcome } from './extension-outcome.js';
export { extensionFromPath, splitNameVersion, historyOf } from './util.js';
export { sniffLogCollector } from './log-collector.js';

/** Every state parser, for tests and tools that take one family; the routing order is ../registry.ts. */
export const stateParsers: AnyParser[] = [
  goalStateParser,
  extensionsConfigParser,
  vmSettingsParser,
  hostingEnvironmentParser,
  sharedConfigParser,
  certificatesParser,
  ovfEnvParser,
  incarnationParser,
  waagentStatusParser,
  extensionSettingsParser,
  extensionStatusParser,
  handlerStateParser,
  handlerStatusParser,
  handlerEnvironmentParser,
  handlerManifestParser,
  mrseqParser,
  agentErrorParser,
  waagentConfParser,
  osReleaseParser,
  logCollectorParser,
];
