import type { Profile } from './profile.js';

// Core ML's private engine functions (see docs/profiles.md). They change between OS releases:
// every name here is a guess to verify on the target OS, which is why the report says which resolved.
// Built-in regexes are anchored with ^ so that they do not also match lambdas and templates that
// merely mention the name. Each probe names the image that holds it (`module`): Espresso and E5RT in
// `Espresso`, `_ANEClient`/`_ANEModel` in `AppleNeuralEngine`, the engines' entry points in `CoreML`, so
// that LLDB searches one image instead of every image of the process (slow over a device tunnel).
//
// Prediction probes may call one another (a batch calls the single entry, an async submit calls its private
// worker, the NeuralNetwork engine calls Espresso's net): the measurement counts hits of prediction probes
// with no dispatch between them as one prediction (analysis/predictions.ts), so listing both is safe.
//
// Dispatch probes of one engine are added up, so two that sat on one call path would count one unit of
// work twice. Each profile has one ANE dispatch probe: an ANE double count would be a false pass. Where a
// profile has two GPU or two CPU dispatch probes, the comment says why they do not nest; and were they to
// nest, the double count would only lower ANE coverage, never raise it.

/** Classic Espresso: NeuralNetwork (.mlmodel) models. */
const espresso: Profile = {
  name: 'espresso',
  probes: [
    { engine: 'ane', role: 'dispatch', symbol: '-[_ANEClient evaluateWithModel:options:request:qos:error:]', module: 'AppleNeuralEngine' },
    { engine: 'ane', role: 'marker', symbol: '-[_ANEModel program]', module: 'AppleNeuralEngine' },
    { engine: 'ane', role: 'marker', regex: '^Espresso::ANERuntimeEngine::', module: 'Espresso' },
    { engine: 'gpu', role: 'dispatch', symbol: 'Espresso::MPSEngine::context::__launch_kernel', module: 'Espresso' },
    { engine: 'gpu', role: 'marker', regex: '^Espresso::MetalLowmemEngine::', module: 'Espresso' },
    // Two families of one layer's CPU kernel launch (a BNNS-backed kernel, or Espresso's own): a layer
    // launches one kernel, and neither launch calls the other family.
    { engine: 'cpu', role: 'dispatch', regex: '^Espresso::BNNSEngine::[A-Za-z0-9_]+_kernel::__launch', module: 'Espresso' },
    { engine: 'cpu', role: 'dispatch', regex: '^Espresso::[A-Za-z0-9_]+_kernel_cpu::__launch', module: 'Espresso' },
    { role: 'prediction', symbol: '-[MLNeuralNetworkEngine predictionFromFeatures:options:error:]', module: 'CoreML' },
    { role: 'prediction', symbol: 'Espresso::net::__forward', module: 'Espresso' },
  ],
};

/** E5RT, the "Espresso 5 runtime": ML Program (.mlpackage) models from iOS 17 / macOS 14. */
const e5rt: Profile = {
  name: 'e5rt',
  probes: [
    { engine: 'ane', role: 'dispatch', symbol: '-[_ANEClient doEvaluateDirectWithModel:options:request:qos:error:]', module: 'AppleNeuralEngine' },
    { engine: 'ane', role: 'marker', symbol: 'E5RT::Ops::Impl::AneInferenceOperationImplUsingAnefAPIs::EvaluateANERequest', module: 'Espresso' },
    { engine: 'ane', role: 'marker', symbol: '-[_ANEModel program]', module: 'AppleNeuralEngine' },
    // The least certain names. An operation is executed either synchronously or submitted, one or the
    // other per execution, so the two are alternatives, not caller and callee.
    { engine: 'gpu', role: 'dispatch', symbol: 'E5RT::Ops::MpsGraphInferenceOperation::Impl::ExecuteSync', module: 'Espresso' },
    { engine: 'gpu', role: 'dispatch', symbol: 'E5RT::Ops::MpsGraphInferenceOperation::Impl::SubmitAsync', module: 'Espresso' },
    // A BNNS-graph CPU segment runs in Accelerate (BNNSGraphContextExecute_v2), not through Espresso's
    // kernels, which run for other CPU layers; the operation's ExecuteSync calls its Impl's, so the outer
    // one is probed to count each segment once.
    { engine: 'cpu', role: 'dispatch', symbol: 'E5RT::Ops::BnnsCpuInferenceOperation::ExecuteSync', module: 'Espresso' },
    { engine: 'cpu', role: 'dispatch', regex: '^Espresso::[A-Za-z0-9_]+_kernel_cpu::__launch', module: 'Espresso' },
    // Every entry of a prediction (domain.md, "Field evidence"): single, stateful, batch and async.
    { role: 'prediction', symbol: '-[MLE5Engine predictionFromFeatures:options:error:]', module: 'CoreML' },
    { role: 'prediction', symbol: '-[MLE5Engine predictionFromFeatures:usingState:options:error:]', module: 'CoreML' },
    { role: 'prediction', symbol: '-[MLE5Engine predictionsFromBatch:options:error:]', module: 'CoreML' },
    { role: 'prediction', symbol: '-[MLE5Engine submitPredictionRequest:completionHandler:]', module: 'CoreML' },
    { role: 'prediction', symbol: '-[MLE5Engine _predictionFromFeatures:options:completionHandler:]', module: 'CoreML' },
  ],
};

export const BUILT_IN_PROFILES = { espresso, e5rt } as const;
export type BuiltInProfileName = keyof typeof BUILT_IN_PROFILES;
