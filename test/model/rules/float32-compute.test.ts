import { float32Compute } from '../../../src/model/rules/float32-compute.js';
import { coremltoolsModels, handMadeOp, handMadeProgram, ruleCases, sharedModels, tensor } from '../../support/rule-tester.js';

const built = coremltoolsModels(['program_fp32', 'rule_fp32_softmax', 'program_control_flow', 'program_fp16', 'rule_fp32_island', 'nn_layers', 'program_gather_int32'] as const);
const shared = sharedModels({ dtln: 'dtln-aec-128-part1/DTLN_AEC_128_Part1.mlpackage', tinyDrawing: 'ct-tiny-drawing-embedding/TinyDrawingEmbedding.mlmodel' });

ruleCases(float32Compute, {
  invalid: [
    {
      name: 'a program converted with compute_precision=FLOAT32',
      model: built.program_fp32,
      findings: [{ subject: { kind: 'model', name: 'main', type: 'mlProgram', function: 'main' }, messageIncludes: ['Function main computes in float32 (4 ops produce fp32, none fp16)', 'runs on the GPU and CPU only', 'compute_precision=ct.precision.FLOAT16'] }],
    },
    { name: 'a float32 linear and softmax', model: built.rule_fp32_softmax, findings: [{ subject: { kind: 'model', name: 'main' }, messageIncludes: ['(3 ops produce fp32, none fp16)'] }] },
    { name: 'a float32 loop (its int32 and bool ops are not float)', model: built.program_control_flow, findings: [{ subject: { kind: 'model', name: 'main' } }] },
    { name: 'the DTLN package (coremltools 7.2, float32)', model: shared.dtln, findings: [{ subject: { kind: 'model', name: 'main' }, messageIncludes: ['(79 ops produce fp32, none fp16)'] }] },
  ],
  valid: [
    { name: 'a float16 program', model: built.program_fp16 },
    { name: 'a program of int32 ops only (hand-made)', model: handMadeProgram([handMadeOp('add', 'count', { outputs: [tensor('int32', [1])] })]) },
    { name: 'a float16 program with a float32 softmax (float32-island\'s)', model: built.rule_fp32_island },
    { name: 'a float16 gather', model: built.program_gather_int32 },
    { name: 'a NeuralNetwork: Core ML picks its precision at run time', model: built.nn_layers },
    { name: 'a NeuralNetwork with float32 weights in the file', model: shared.tinyDrawing },
  ],
});
