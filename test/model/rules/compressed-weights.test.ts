import { compressedWeights } from '../../../src/model/rules/compressed-weights.js';
import { coremltoolsModels, ruleCases, sharedModels } from '../../support/rule-tester.js';

const built = coremltoolsModels(['program_palettized', 'rule_palettized_ios16', 'rule_w8a8', 'nn_quantized', 'program_fp16', 'nn_layers'] as const);
const shared = sharedModels({ tinyDrawing: 'ct-tiny-drawing-embedding/TinyDrawingEmbedding.mlmodel' });

ruleCases(compressedWeights, {
  invalid: [
    {
      name: 'a program palettized for iOS 18',
      model: built.program_palettized,
      findings: [{ subject: { kind: 'model', name: 'main', type: 'mlProgram', function: 'main' }, messageIncludes: ['Function main holds compressed weights (2 constexpr_lut_to_dense). Their latency gain needs just-in-time decompression, from iOS 17 / macOS 14, mostly on the ANE.', 'Target iOS 17 / macOS 14'], messageExcludes: ['W8A8', 'ahead of run time'] }],
    },
    {
      name: 'a program palettized for iOS 16: decompressed ahead of run time there',
      model: built.rule_palettized_ios16,
      findings: [{ subject: { kind: 'model', name: 'main' }, messageIncludes: ['(1 constexpr_lut_to_dense). This model loads from iOS 16, where they are decompressed ahead of run time: they save space, not time, before iOS 17 / macOS 14.'], messageExcludes: ['needs just-in-time'] }],
    },
    {
      name: 'int8 weights and activations quantized at run time (W8A8)',
      model: built.rule_w8a8,
      findings: [{ subject: { kind: 'model', name: 'main' }, messageIncludes: ['(1 constexpr_affine_dequantize)', 'Its 1 quantize ops quantize activations (W8A8): int8 compute is accelerated on the ANE only on A17 Pro and M4 chips.'] }],
    },
    {
      name: 'NeuralNetwork weights quantized to 8 bits and palettized to 4',
      model: built.nn_quantized,
      findings: [{ subject: { kind: 'model', name: 'neuralNetwork', type: 'neuralNetwork' }, messageIncludes: ['The network stores 6144 bytes of quantized weights: they shrink the file', 'Convert to an ML program and compress it with ct.optimize.coreml.'] }],
    },
  ],
  valid: [
    { name: 'a float16 program', model: built.program_fp16 },
    { name: 'a network with float32 and float16 weights', model: built.nn_layers },
    { name: 'a network with float32 weights', model: shared.tinyDrawing },
  ],
});
