import { gatherLookup } from '../../../src/model/rules/gather-lookup.js';
import { coremltoolsModels, handMadeLayer, handMadeNetwork, handMadeOp, handMadeProgram, ruleCases } from '../../support/rule-tester.js';

const built = coremltoolsModels(['rule_gather_uint16', 'rule_gather_variants', 'rule_nn_lookups', 'program_gather_int32', 'rule_nn_nd_layers', 'program_fp16'] as const);

ruleCases(gatherLookup, {
  invalid: [
    {
      name: 'a gather of uint16 indices',
      model: built.rule_gather_uint16,
      findings: [{ subject: { kind: 'op', name: 'embed_cast_fp16', type: 'gather', function: 'main' }, messageIncludes: ['gather op "embed_cast_fp16" in function main is a lookup', 'even in Apple\'s ANE-optimized distilbert', 'give it uint16 indices'] }],
    },
    { name: 'a gather of constant indices (the int32-indexed ones are gather-int32-indices\'s)', model: built.rule_gather_variants, findings: [{ subject: { kind: 'op', name: 'fixed_columns_cast_fp16', type: 'gather' } }] },
    {
      name: 'NeuralNetwork embedding, gather and gatherND layers',
      model: built.rule_nn_lookups,
      findings: [
        { subject: { kind: 'layer', name: 'embedding', type: 'embedding' }, messageIncludes: ['embedding layer "embedding" is a lookup'] },
        { subject: { kind: 'layer', name: 'gather', type: 'gather' } },
        { subject: { kind: 'layer', name: 'gather_nd', type: 'gatherND' } },
      ],
    },
    {
      name: 'every lookup layer kind, and gathers without indices or of indices of no known type (hand-made)',
      model: () => ({
        ...handMadeProgram([handMadeOp('gather', 'bare'), handMadeOp('gather', 'unknown', { inputs: { indices: 'nowhere' } }), handMadeOp('scatter', 'put', { inputs: { indices: 'nowhere' } })]),
        network: handMadeNetwork(['gather', 'gatherND', 'gatherAlongAxis', 'embedding', 'embeddingND', 'scatter'].map((kind) => handMadeLayer(kind, `a_${kind}`))).network,
      }),
      findings: [
        { subject: { kind: 'op', name: 'bare' } },
        { subject: { kind: 'op', name: 'unknown' } },
        ...['gather', 'gatherND', 'gatherAlongAxis', 'embedding', 'embeddingND'].map((kind) => ({ subject: { kind: 'layer' as const, name: `a_${kind}`, type: kind } })),
      ],
    },
  ],
  valid: [
    { name: 'a gather of int32 ids (gather-int32-indices\'s)', model: built.program_gather_int32 },
    { name: 'other layers', model: built.rule_nn_nd_layers },
    { name: 'no gather', model: built.program_fp16 },
  ],
});
