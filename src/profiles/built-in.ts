import type { Profile } from './profile.js';

// Core ML's private engine functions (see README, "Symbol profiles"). They change between OS releases:
// every name here is a guess to verify on the target OS, which is why the report says which resolved.
// Built-in regexes are anchored with ^ so that they do not also match lambdas and templates that
// merely mention the name.

/** Classic Espresso: NeuralNetwork (.mlmodel) models. */
const espresso: Profile = {
  name: 'espresso',
  probes: [
    { engine: 'ane', role: 'dispatch', symbol: '-[_ANEClient evaluateWithModel:options:request:qos:error:]' },
    { engine: 'ane', role: 'marker', symbol: '-[_ANEModel program]' },
    { engine: 'ane', role: 'marker', regex: '^Espresso::ANERuntimeEngine::' },
    { engine: 'gpu', role: 'dispatch', symbol: 'Espresso::MPSEngine::context::__launch_kernel' },
    { engine: 'gpu', role: 'marker', regex: '^Espresso::MetalLowmemEngine::' },
    { engine: 'cpu', role: 'dispatch', regex: '^Espresso::BNNSEngine::[A-Za-z0-9_]+_kernel::__launch' },
    { engine: 'cpu', role: 'dispatch', regex: '^Espresso::[A-Za-z0-9_]+_kernel_cpu::__launch' },
    { role: 'prediction', symbol: 'Espresso::net::__forward' },
  ],
};

/** E5RT, the "Espresso 5 runtime": ML Program (.mlpackage) models from iOS 17 / macOS 14. */
const e5rt: Profile = {
  name: 'e5rt',
  probes: [
    { engine: 'ane', role: 'dispatch', symbol: '-[_ANEClient doEvaluateDirectWithModel:options:request:qos:error:]' },
    { engine: 'ane', role: 'marker', symbol: 'E5RT::Ops::Impl::AneInferenceOperationImplUsingAnefAPIs::EvaluateANERequest' },
    { engine: 'ane', role: 'marker', symbol: '-[_ANEModel program]' },
    // The least certain names: both are counted, so that a miss can only understate ANE coverage.
    { engine: 'gpu', role: 'dispatch', symbol: 'E5RT::Ops::MpsGraphInferenceOperation::Impl::ExecuteSync' },
    { engine: 'gpu', role: 'dispatch', symbol: 'E5RT::Ops::MpsGraphInferenceOperation::Impl::SubmitAsync' },
    // The operation's ExecuteSync calls its Impl's: counting the outer one counts each CPU segment once.
    { engine: 'cpu', role: 'dispatch', symbol: 'E5RT::Ops::BnnsCpuInferenceOperation::ExecuteSync' },
    { engine: 'cpu', role: 'dispatch', regex: '^Espresso::[A-Za-z0-9_]+_kernel_cpu::__launch' },
    { role: 'prediction', symbol: '-[MLE5Engine predictionFromFeatures:options:error:]' },
  ],
};

export const BUILT_IN_PROFILES = { espresso, e5rt } as const;
export type BuiltInProfileName = keyof typeof BUILT_IN_PROFILES;
