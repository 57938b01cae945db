// Every kind of fact a parser (or the bundle detector) can report, with its roles and attribute names: one type per
// kind, so that a misspelt kind or attribute is a compile error rather than a lookup that silently finds nothing.
// Facts stay plain data (they cross the parse worker's structured clone); attribute values stay strings.

/** `role` values of a kind (`never`: the kind has none) and its attribute names (`string`: open-ended). */
interface Shape<Role extends string, Attr extends string> {
  role: Role;
  attr: Attr;
}
type Plain = Shape<never, never>;
type ExtensionVersion = string;

/** The roles that say where an agent version was read. */
export type AgentVersionRole = 'daemon' | 'goal-state' | 'status-file' | 'windows-agent';

interface FactShapes {
  // The guest agent (waagent.log, status blobs, the Windows agent's logs and aggregate status).
  'agent-version': Shape<AgentVersionRole, 'source' | 'format' | 'daemonVersion' | 'goalStateVersion' | 'agentName'>;
  'agent-status': Shape<never, 'version' | 'message' | 'updateStatus' | 'updateExpectedVersion' | 'updateCode' | 'updateMessage' | 'source'>;
  'agent-error-state': Shape<never, 'last_failure' | 'failure_count' | 'was_fatal' | 'blacklisted' | 'reason'>;
  /** Role: the waagent.conf key, e.g. `AutoUpdate.Enabled`. */
  'agent-config': Shape<string, 'credentialsRemoved'>;
  'auto-update': Plain;
  python: Shape<'status-file', never>;
  /** Role: the family, e.g. `Prod`. */
  'ga-family-version': Shape<string, 'isVersionFromRSM' | 'isVMEnabledForRSMUpgrades' | 'incarnation' | 'source'>;
  'host-ga-plugin-version': Plain;

  // The VM.
  os: Shape<'status-file' | 'windows-agent' | 'release-file', 'osName' | 'osVersion' | 'ID' | 'VERSION_ID' | 'file' | 'source'>;
  hostname: Shape<'ovf-env' | 'status-file' | 'windows-agent', never>;
  'admin-user': Shape<never, 'hasPassword' | 'sshPublicKeys' | 'hasCustomData'>;
  'disable-ssh-password': Plain;
  'provision-guest-agent': Plain;
  'preprovisioned-vm': Plain;
  'vm-name': Shape<never, 'instance'>;
  /** The Azure VM id (IMDS `compute.vmId`, a GUID), as the HostGAPlugin's VmSettings states it. */
  'vm-id': Plain;
  'vm-size': Plain;
  region: Plain;
  certificate: Shape<never, 'hasPrivateKey'>;
  'windows-image-state': Shape<never, 'complete' | 'meaning' | 'section'>;
  'windows-setup-error': Shape<never, 'file' | 'source' | 'number' | 'description'>;

  // Goal state and hosting environment.
  incarnation: Shape<'goal-state' | 'file' | 'extensions-config' | 'shared-config' | 'hosting-environment', 'inSvdSeqNo' | 'activityId' | 'correlationId' | 'createdOn'>;
  'expected-state': Plain;
  'container-id': Plain;
  'role-instance-id': Shape<never, 'state'>;
  'role-instance': Shape<never, 'address'>;
  'role-name': Plain;
  'deployment-name': Shape<never, 'guid' | 'incarnation'>;
  'goal-state-source': Shape<never, 'inSvdSeqNo' | 'activityId' | 'correlationId' | 'etag' | 'onHold'>;
  'goal-state-status': Shape<never, 'code' | 'message' | 'inSvdSeqNo' | 'source'>;
  'status-upload-blob-type': Plain;

  // Extensions: the value is the extension (handler) name.
  /** Role: the version a log names. */
  extension: Shape<ExtensionVersion, 'source' | 'from' | 'currentVersion' | 'requestedVersion' | 'highestVersion' | 'operation' | 'result'>;
  'extension-config': Shape<
    never,
    | 'version' | 'state' | 'autoUpgrade' | 'runAsStartupTask' | 'isJson' | 'useExactVersion' | 'isMultiConfig' | 'locationHost' | 'seqNo'
    | 'hasProtectedSettings' | 'publicSettingsKeys' | 'thumbprint' | 'vmType' | 'extensions' | 'dependsOn' | 'incarnation' | 'source'
  >;
  /** Open: the status's telemetry and substatus details join the named attributes (state/extension-outcome.ts). */
  'extension-status': Shape<never, string>;
  'extension-settings': Shape<
    never,
    'version' | 'seq' | 'extensionName' | 'hasProtectedSettings' | 'thumbprint' | 'publicSettingsKeys' | 'vmType' | 'commandStartTime' | 'valid' | 'error'
  >;
  'extension-sequence': Shape<never, 'version' | 'seq' | 'source' | 'mtime'>;
  'extension-heartbeat': Shape<never, 'version' | 'status' | 'code' | 'message' | 'source' | 'mtime'>;
  /** Role: the package's version. Open: the package file's own key/value pairs. */
  'extension-package': Shape<ExtensionVersion, string>;
  'extension-log-version': Shape<never, 'name' | 'prefix'>;
  'handler-state': Shape<never, 'version' | 'state'>;
  'handler-status': Shape<never, 'version' | 'status' | 'code' | 'message'>;
  'handler-environment': Shape<
    never,
    'version' | 'environmentVersion' | 'logFolder' | 'configFolder' | 'statusFolder' | 'heartbeatFile' | 'eventsFolder' | 'eventsFolderPreview'
  >;
  /** Open: the manifest's settings, flattened. */
  'handler-manifest': Shape<never, string>;
  'freeze-timeout': Shape<never, 'unit'>;

  // The log collector's results.txt.
  'collected-file': Shape<never, 'size' | 'truncated' | 'archiveName'>;
  'collector-cap': Shape<never, 'message'>;
  'collector-discarded': Shape<never, 'reason'>;
  'collector-skipped': Shape<never, 'reason' | 'error'>;
  'collector-archive-size': Plain;
  'collector-mode': Plain;

  // Made by the bundle detector from the sources, for its evidence.
  'truncated-file': Plain;
  'log-gap': Plain;
}

export type FactKind = keyof FactShapes;
export type FactRole<K extends FactKind> = FactShapes[K]['role'];
export type FactAttrs<K extends FactKind> = string extends FactShapes[K]['attr'] ? Readonly<Record<string, string>> : { readonly [A in FactShapes[K]['attr']]?: string };

/** A thing the bundle says about the VM, with the place that says it. */
export type FactOf<K extends FactKind> = {
  kind: K;
  value: string;
  /** Qualifier, e.g. `daemon` or `goal-state` for an agent version; the version for an extension. */
  role?: FactRole<K>;
  /** Further named values (an extension's version, state, status code, ...). */
  attrs?: FactAttrs<K>;
  time: number | null;
  path: string;
  line?: number;
  text?: string;
};

/**
 * Any fact, as the pipeline carries it: the kind and role are checked, the attributes are read by name. A detector
 * reads `Facts.of(kind)` (src/facts/store.ts) for attributes typed by kind; parsers build `FactOf<kind>`.
 */
export type Fact = { [K in FactKind]: Omit<FactOf<K>, 'attrs'> & { attrs?: Readonly<Record<string, string>> } }[FactKind];

/** What a parser states, before the place and time are added. */
export type FactStatement = { [K in FactKind]: Pick<FactOf<K>, 'kind' | 'value' | 'role' | 'attrs'> }[FactKind];

/** A fact of a kind known only as a type parameter, as any fact (TypeScript cannot relate the two by itself). */
export function anyFact<K extends FactKind>(fact: FactOf<K>): Fact {
  return fact as unknown as Fact;
}
