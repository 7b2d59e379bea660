/**
 * Which checks a run makes (contract.md, `check`): `static` the model check, `measure` the measurement, `both`,
 * or `auto`: the model check whenever `model` is given, and the measurement whenever there is something to
 * run: a command, an app or a project, a simulator or device target, or one model on a Mac with Xcode, where the
 * harness can be built. So `model` alone on Linux, or on a Mac without Xcode, is the model check alone, and
 * needs nothing but Node.
 */
import type { Settings } from './settings.js';

export interface PlannedChecks {
  model: boolean;
  measure: boolean;
  /** Why `auto` left the measurement out, for the report's notes. */
  note?: string;
}

export interface Host {
  platform: NodeJS.Platform;
  /** Whether Xcode's compiler is there (`xcrun --find swiftc`); only asked on macOS. */
  hasXcode: () => Promise<boolean>;
}

export async function planChecks(settings: Pick<Settings, 'check' | 'models' | 'model' | 'command' | 'target' | 'app' | 'project' | 'workspace'>, host: Host): Promise<PlannedChecks> {
  const hasModels = settings.models.length > 0;
  if (settings.check === 'static') return { model: true, measure: false };
  if (settings.check === 'measure') return { model: false, measure: true };
  if (settings.check === 'both') return { model: hasModels, measure: true };
  const somethingToRun = settings.command !== undefined || settings.app !== undefined || settings.project !== undefined || settings.workspace !== undefined || settings.target !== 'host';
  if (somethingToRun) return { model: hasModels, measure: true };
  if (settings.model === undefined) {
    return { model: true, measure: false, note: 'Only the model check ran: `model` names several models, and the measurement runs one at a time.' };
  }
  if (host.platform !== 'darwin') {
    return { model: true, measure: false, note: `Only the model check ran: measuring needs a Mac with Xcode (this runner is ${host.platform}).` };
  }
  if (!(await host.hasXcode())) {
    return { model: true, measure: false, note: 'Only the model check ran: measuring builds the bundled harness with Xcode, which this Mac does not have (`xcrun --find swiftc` failed).' };
  }
  return { model: true, measure: true };
}
