// Small, varied bundles for the fleet's tests and its bench (scripts/bench-fleet.ts): the sample fixture trees
// (test/fixtures/bundles, read through make-samples' filesOf) as .tgz and .zip, the Linux ones each given a VM of
// its own by a HostGAPlugin VmSettings file (its inVMMetadata names the VM id and name), so the fleet sees many VMs.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { filesOf } from '../../scripts/make-samples.js';
import { makeTgz, makeZip, type FixtureFile } from '../helpers/archives.js';

const trees = join(fileURLToPath(import.meta.url), '..', '..', 'fixtures', 'bundles');

/** The VM id of generated VM number `n`: a GUID, distinct per VM. */
export function generatedVmId(n: number): string {
  return `0f1e2d3c-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** A VmSettings file as the agent keeps it in its history folder, naming the VM. */
export function vmSettingsFile(vm: { vmId: string; vmName: string }): FixtureFile {
  const doc = {
    hostGAPluginVersion: '1.0.8.159',
    activityId: '00000000-0000-0000-0000-00000000000c',
    correlationId: '00000000-0000-0000-0000-00000000000d',
    inSvdSeqNo: 4,
    extensionGoalStatesSource: 'FastTrack',
    inVMMetadata: { subscriptionId: '00000000-0000-0000-0000-00000000000e', resourceGroupName: 'rg-fleet', vmName: vm.vmName, location: 'westeurope', vmId: vm.vmId, vmSize: 'Standard_B2s', osType: 'Linux' },
    gaFamilies: [],
    extensionGoalStates: [],
  };
  return { path: 'var/lib/waagent/history/2024-05-01T10-00-00__1234567890/VmSettings.json', content: JSON.stringify(doc, null, 2) };
}

export interface GeneratedBundle {
  path: string;
  tree: string;
  vmId?: string;
  vmName?: string;
}

/**
 * Writes `count` bundles into `dir`: the fixture trees in turn (all, or `only` these), every other one a zip, the
 * Linux ones with a VM of their own. Returns them in the order written.
 */
export async function generateFleetBundles(dir: string, count: number, only?: readonly string[]): Promise<GeneratedBundle[]> {
  mkdirSync(dir, { recursive: true });
  const names = readdirSync(trees)
    .sort()
    .filter((name) => only === undefined || only.includes(name));
  const files = new Map<string, FixtureFile[]>();
  for (const name of names) files.set(name, await filesOf(join(trees, name)));
  const out: GeneratedBundle[] = [];
  for (let i = 0; i < count; i++) {
    const tree = names[i % names.length]!;
    const base = files.get(tree)!;
    const windows = base.some((f) => /^windowsazure\//i.test(f.path));
    const vm = windows ? undefined : { vmId: generatedVmId(i), vmName: `vm-${String(i).padStart(4, '0')}` };
    const content = vm ? [...base, vmSettingsFile(vm)] : base;
    const zip = i % 2 === 1;
    const path = join(dir, `${String(i).padStart(4, '0')}-${tree}.${zip ? 'zip' : 'tgz'}`);
    writeFileSync(path, zip ? await makeZip(content) : await makeTgz(content));
    out.push({ path, tree, ...(vm ?? {}) });
  }
  return out;
}
