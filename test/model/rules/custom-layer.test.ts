import { customLayer } from '../../../src/model/rules/custom-layer.js';
import { coremltoolsModels, handMadeSpec, ruleCases, sharedModels } from '../../support/rule-tester.js';

const built = coremltoolsModels(['nn_layers', 'rule_custom_model', 'rule_nn_nd_layers', 'program_fp16'] as const);
const shared = sharedModels({ custom: 'hollance-custom-layer/NeuralMcNeuralNet.mlmodel', identity: 'coremlit-identity/identity.mlmodel' });

const customLayerWithoutClass = handMadeSpec({
  network: {
    layers: [{ name: 'mystery', kind: 'custom', inputs: ['x'], outputs: ['y'], inputTensors: [], outputTensors: [], path: [], isUpdatable: false, weights: [] }],
    layerCounts: { custom: 1 },
    weightStorage: {},
    layerNames: 'schema',
  },
});

ruleCases(customLayer, {
  invalid: [
    {
      name: 'add_custom with its class name',
      model: built.nn_layers,
      findings: [{ subject: { kind: 'layer', name: 'custom', type: 'custom' }, messageIncludes: ['custom layer "custom" (class AAPLCustomSwish) is computed by the app\'s own code, on the CPU or GPU', 'MLCustomLayer has no way to use the ANE', 'composite operator'] }],
    },
    { name: 'hollance\'s Swish layer', model: shared.custom, findings: [{ subject: { kind: 'layer', name: 'swish_1' }, messageIncludes: ['(class Swish)'] }] },
    {
      name: 'a customModel',
      model: built.rule_custom_model,
      findings: [{ subject: { kind: 'model', name: 'customModel', type: 'customModel' }, messageIncludes: ['The model is a customModel: Core ML calls the app\'s own MLCustomModel class for it', 'Convert the computation'] }],
    },
    { name: 'a custom layer whose params the file leaves out (hand-made)', model: customLayerWithoutClass, findings: [{ subject: { kind: 'layer', name: 'mystery' }, messageIncludes: ['custom layer "mystery" is computed'], messageExcludes: ['(class'] }] },
  ],
  valid: [
    { name: 'built-in layers', model: built.rule_nn_nd_layers },
    { name: 'an ML program', model: built.program_fp16 },
    { name: 'the identity network', model: shared.identity },
  ],
});
