import { firstLine } from '../environment.js';

const WHAT_TO_DO = 'Run on a self-hosted Apple Silicon Mac, or on an iPhone or iPad attached to one (target: device). CPU and GPU dispatches are still reported.';

export const SIMULATOR_HAS_NO_ANE = `The iOS Simulator has no Neural Engine: ANE coverage cannot be measured there. ${WHAT_TO_DO}`;

export const VIRTUAL_MAC_HAS_NO_ANE = `This Mac is a virtual machine (kern.hv_vmm_present = 1, as GitHub-hosted macOS runners are), which is likely to have no usable Neural Engine, and no ANE dispatch was measured: ANE coverage cannot be measured here. ${WHAT_TO_DO}`;

/**
 * Why this machine is likely to run nothing on the ANE: a macOS virtual machine. Only likely: a VM may
 * expose a paravirtual ANE (`_ANEVirtualClient`), so a measured ANE dispatch overrules it. Elsewhere (a
 * real Mac, or Linux running a stand-in such as the test fixture) it is left to the probes.
 */
export async function hostWithoutAne(platform: NodeJS.Platform = process.platform, readSysctl = (name: string) => firstLine('sysctl', ['-n', name])): Promise<string | undefined> {
  if (platform !== 'darwin') return undefined;
  return (await readSysctl('kern.hv_vmm_present')) === '1' ? VIRTUAL_MAC_HAS_NO_ANE : undefined;
}
