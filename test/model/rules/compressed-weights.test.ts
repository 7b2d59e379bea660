import { compressedWeights } from '../../../src/model/rules/compressed-weights.js';
import { coremltoolsModels, handMadeOp, handMadeProgram, handMadeSpec, ruleCases, sharedModels } from '../../support/rule-tester.js';

const built = coremltoolsModels(['program_palettized', 'rule_palettized_ios16', 'rule_w8a8', 'nn_quantized', 'program_fp16', 'nn_layers'] as const);
const shared = sharedModels({ tinyDrawing: 'ct-tiny-drawing-embedding/TinyDrawingEmbedding.mlmodel' });

ruleCases(compressedWeights, {
  invalid: [
    {
      name: 'a program palettized for iOS 18',
      model: built.program_palettized,
      findings: [
        {
          subject: { kind: 'model', name: 'main', type: 'mlProgram', function: 'main' },
          message:
            'Function main holds compressed weights (2 constexpr_lut_to_dense). Their latency gain needs just-in-time decompression, from iOS 17 / macOS 14, mostly on the ANE. Target iOS 17 / macOS 14 or later (minimum_deployment_target) for the latency gain, and measure on the devices you ship to; prefer weight-only compression unless they are A17 Pro / M4 or newer.',
        },
      ],
    },
    {
      name: 'a program palettized for iOS 16: decompressed ahead of run time there',
      model: built.rule_palettized_ios16,
      findings: [{ subject: { kind: 'model', name: 'main' }, messageIncludes: ['(1 constexpr_lut_to_dense). This model loads from iOS 16, where they are decompressed ahead of run time: they save space, not time, before iOS 17 / macOS 14.'], messageExcludes: ['needs just-in-time'] }],
    },
    {
      name: 'the same program said to be of spec 8 (iOS 17): no longer decompressed ahead of run time (hand-made version)',
      model: () => ({ ...built.rule_palettized_ios16(), specificationVersion: 8, minimumOs: null }),
      findings: [{ subject: { kind: 'model', name: 'main' }, messageIncludes: ['Their latency gain needs just-in-time decompression'] }],
    },
    {
      name: 'of spec 7 with no OS table entry, and of an unknown spec (hand-made versions)',
      model: () => ({ ...built.rule_palettized_ios16(), minimumOs: null }),
      findings: [{ subject: { kind: 'model', name: 'main' }, messageIncludes: ['This model loads from specification 7, where they are decompressed ahead of run time'] }],
    },
    {
      name: 'of no known specification',
      model: () => ({ ...built.rule_palettized_ios16(), specificationVersion: null, minimumOs: null }),
      findings: [{ subject: { kind: 'model', name: 'main' }, messageIncludes: ['Their latency gain needs just-in-time decompression'] }],
    },
    {
      name: 'two kinds of decompression in one function (hand-made)',
      model: handMadeProgram([handMadeOp('constexpr_lut_to_dense', 'a'), handMadeOp('constexpr_lut_to_dense', 'b'), handMadeOp('constexpr_sparse_to_dense', 'c')]),
      findings: [{ subject: { kind: 'model', name: 'main' }, messageIncludes: ['holds compressed weights (2 constexpr_lut_to_dense, 1 constexpr_sparse_to_dense).'] }],
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
    { name: 'a network without weights (hand-made)', model: handMadeSpec({ network: { layers: [], layerCounts: {}, weightStorage: {}, layerNames: 'schema' } }) },
  ],
});
