import type { Engine, Probe, Role } from '../profiles/profile.js';
import { quoteLldb } from './lldb-quote.js';

/**
 * Symbol discovery: the manual `image lookup` step, automated. In the live process, LLDB lists the
 * functions whose names look like Core ML's engine entry points; each is sorted into an engine and a
 * role by the same families the built-in profiles use, giving a candidate profile to verify and adopt.
 */
const FAMILIES: { pattern: RegExp; engine?: Engine; role: Role }[] = [
  { pattern: /^-\[_ANEClient .*[Ee]valuate.*\]$/u, engine: 'ane', role: 'dispatch' },
  { pattern: /^-\[_ANEModel program\]$/u, engine: 'ane', role: 'marker' },
  { pattern: /^Espresso::ANERuntimeEngine::|AneInferenceOperation.*::EvaluateANERequest/u, engine: 'ane', role: 'marker' },
  { pattern: /^Espresso::MPSEngine::context::__launch_kernel|^E5RT::Ops::MpsGraphInferenceOperation::Impl::(ExecuteSync|SubmitAsync)/u, engine: 'gpu', role: 'dispatch' },
  { pattern: /^Espresso::MetalLowmemEngine::/u, engine: 'gpu', role: 'marker' },
  { pattern: /^Espresso::BNNSEngine::\w+_kernel::__launch|^Espresso::\w+_kernel_cpu::__launch|^E5RT::Ops::BnnsCpuInferenceOperation::ExecuteSync/u, engine: 'cpu', role: 'dispatch' },
  {
    pattern:
      /^Espresso::net::__forward|^-\[MLNeuralNetworkEngine predictionFromFeatures:options:error:\]$|^-\[MLE5Engine (predictionFromFeatures:(usingState:)?options:error:|predictionsFromBatch:options:error:|submitPredictionRequest:completionHandler:|_predictionFromFeatures:options:completionHandler:)\]$|^e5rt_execution_stream_execute_sync$/u,
    role: 'prediction',
  },
];

/** What LLDB is asked to list: every family above, in LLDB's regular-expression syntax. */
export const DISCOVERY_REGEX =
  '_ANEClient|_ANEModel|ANERuntimeEngine|AneInferenceOperation|Espresso::MPSEngine|MetalLowmemEngine|MpsGraphInferenceOperation|BNNSEngine::|BnnsCpuInferenceOperation|_kernel_cpu::__launch|Espresso::net::__forward|MLE5Engine|MLNeuralNetworkEngine|e5rt_execution_stream_execute';

export const DISCOVERY_COMMAND = `image lookup -r -n ${quoteLldb(DISCOVERY_REGEX)}`;

export interface DiscoveredFunction {
  module: string;
  name: string;
}

/** `Summary: Espresso`Espresso::net::__forward(...)` lines of `image lookup` (lldb 14 runs them together on one line). */
export function parseImageLookup(text: string): DiscoveredFunction[] {
  const found = new Map<string, DiscoveredFunction>();
  for (const match of text.matchAll(/Summary: ([^`\n]+)`(.*?)(?=\s{2,}Address: |\r?\n|$)/gu)) {
    const fn = { module: match[1]!.trim(), name: match[2]!.replace(/ \+ \d+$/u, '').trim() };
    found.set(`${fn.module}\u0000${fn.name}`, fn);
  }
  return [...found.values()];
}

/** `Espresso::net::__forward(int) const` -> `Espresso::net::__forward`: the name `breakpoint set -n` takes. */
export function breakpointName(functionName: string): string {
  if (functionName.startsWith('-[') || functionName.startsWith('+[')) return functionName;
  let depth = 0;
  for (let i = 0; i < functionName.length; i++) {
    const char = functionName[i];
    if (char === '<') depth++;
    else if (char === '>') depth--;
    else if (char === '(' && depth === 0 && i > 0) return functionName.slice(0, i);
  }
  return functionName;
}

export interface Discovery {
  functions: (DiscoveredFunction & { engine?: Engine; role?: Role })[];
  profile: { name: string; probes: Probe[] };
}

/**
 * Sorts the functions into engines and roles, and builds the candidate profile from those that fit a
 * family. Of the ANE client's evaluate functions only one is a dispatch, the direct one when it is there
 * (the deepest: the others may call it), and the rest are markers: two ANE dispatch probes on one call
 * path would count each ANE dispatch twice.
 */
export function discover(functions: readonly DiscoveredFunction[], profileName: string): Discovery {
  const sorted = functions.map((fn): Discovery['functions'][number] => {
    const family = FAMILIES.find((candidate) => candidate.pattern.test(fn.name));
    return family ? { ...fn, role: family.role, ...(family.engine ? { engine: family.engine } : {}) } : { ...fn };
  });
  const aneDispatches = sorted.filter((fn) => fn.engine === 'ane' && fn.role === 'dispatch');
  const kept = aneDispatches.find((fn) => fn.name.includes('doEvaluateDirect')) ?? aneDispatches[0];
  for (const fn of aneDispatches) if (fn !== kept) fn.role = 'marker';
  const probes: Probe[] = [];
  const seen = new Set<string>();
  for (const fn of sorted) {
    if (!fn.role) continue;
    const symbol = breakpointName(fn.name);
    const key = `${fn.engine}\u0000${fn.role}\u0000${symbol}`;
    if (seen.has(key)) continue;
    seen.add(key);
    probes.push({ ...(fn.engine ? { engine: fn.engine } : {}), role: fn.role, symbol });
  }
  return { functions: sorted, profile: { name: profileName, probes } };
}
