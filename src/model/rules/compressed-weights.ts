/**
 * Advice for compressed weights: palettized, quantized or pruned (MIL `constexpr_lut_to_dense`,
 * `constexpr_affine_dequantize`, `constexpr_blockwise_shift_scale`, `constexpr_sparse_to_dense` and the other
 * `constexpr_*` decompressions; NeuralNetwork weights stored `quantized`). coremltools' "Palettization:
 * performance": the latency advantage "is available only when palettized weights are loaded and are decompressed
 * 'just in time' for computation. Starting with iOS17/macOS14, this is more likely to happen for models running
 * primarily on the Neural Engine backend"; "What's new": iOS 16 supports them "via ahead-of-runtime weight
 * decompression to float16", and activation quantization (W8A8) is "accelerated on NE for A17 pro/M4 chips". A
 * program that quantizes activations has `quantize` ops that compute at run time.
 */
import type { FunctionFacts, ModelSpecFacts } from '../facts.js';
import { type Finding, type Rule, finding } from './rule.js';
import { functionsOf } from './program.js';
import { modelSubject } from './subjects.js';

/** Specification 8 is iOS 17 / macOS 14. */
const JUST_IN_TIME_SPEC = 8;

const meta = {
  id: 'compressed-weights',
  severity: 'info',
  evidence: 'Apple',
  sources: ['https://apple.github.io/coremltools/docs-guides/source/opt-palettization-perf.html', 'https://apple.github.io/coremltools/docs-guides/source/opt-whats-new.html'],
  scope: 'iOS 17+ / macOS 14+ (just-in-time decompression); W8A8: A17 Pro / M4',
  description: 'The model holds compressed weights (constexpr_* ops, quantized NeuralNetwork weights).',
  why: 'Compressed weights save space; they save time only when decompressed just in time, from iOS 17 / macOS 14 and mostly on the ANE, and W8A8 is accelerated on the ANE only on A17 Pro and M4 chips.',
  fix: 'Target iOS 17 / macOS 14 or later (minimum_deployment_target) for the latency gain, and measure on the devices you ship to; prefer weight-only compression unless they are A17 Pro / M4 or newer.',
} as const;

function compressionOps(fn: FunctionFacts): string[] {
  return Object.entries(fn.operationCounts)
    .filter(([type]) => type.startsWith('constexpr_'))
    .map(([type, count]) => `${count} ${type}`);
}

function programFinding(model: ModelSpecFacts, fn: FunctionFacts): Finding[] {
  const ops = compressionOps(fn);
  if (ops.length === 0) return [];
  const early =
    model.specificationVersion !== null && model.specificationVersion < JUST_IN_TIME_SPEC
      ? ` This model loads from ${model.minimumOs ? `iOS ${model.minimumOs.iOS}` : `specification ${model.specificationVersion}`}, where they are decompressed ahead of run time: they save space, not time, before iOS 17 / macOS 14.`
      : ' Their latency gain needs just-in-time decompression, from iOS 17 / macOS 14, mostly on the ANE.';
  const quantize = fn.operationCounts.quantize ?? 0;
  const w8a8 = quantize > 0 ? ` Its ${quantize} quantize ops quantize activations (W8A8): int8 compute is accelerated on the ANE only on A17 Pro and M4 chips.` : '';
  return [finding(meta, modelSubject(model, fn), `Function ${fn.name} holds compressed weights (${ops.join(', ')}).${early}${w8a8} ${meta.fix}`)];
}

export const compressedWeights: Rule = {
  meta,
  check(model) {
    const programs = functionsOf(model).flatMap((fn) => programFinding(model, fn));
    const quantized = model.network?.weightStorage.quantized ?? 0;
    if (quantized === 0) return programs;
    return [
      ...programs,
      finding(
        meta,
        modelSubject(model),
        `The network stores ${quantized} bytes of quantized weights: they shrink the file, and the latency gain of just-in-time decompression comes with ML programs from iOS 17 / macOS 14. Convert to an ML program and compress it with ct.optimize.coreml.`,
      ),
    ];
  },
};
