/**
 * Custom layers (NeuralNetwork `custom`, `CustomLayerParams.className`) and custom models (Model.proto
 * `customModel`): Core ML calls the app's own class for them. Apple's `MLCustomLayer` protocol has two ways to
 * compute: `evaluate(inputs:outputs:)`, "called for each evaluation of your model performed on the CPU", and the
 * optional `encode(commandBuffer:inputs:outputs:)`, which "encodes GPU commands". There is none for the ANE.
 * A coremltools custom operator (`register_op(is_custom_op=True)`) is written as such a layer; an ML program has
 * no custom op.
 */
import { type Rule, finding } from './rule.js';
import { describeLayer, layersOf, layerSubject, modelSubject } from './subjects.js';

const meta = {
  id: 'custom-layer',
  severity: 'error',
  evidence: 'Apple',
  sources: ['https://developer.apple.com/documentation/coreml/mlcustomlayer', 'https://github.com/hollance/neural-engine/blob/master/docs/unsupported-layers.md'],
  scope: 'all',
  description: 'A custom layer (custom, with its className) or a custom model (customModel).',
  why: 'Core ML runs a custom layer with the app\'s own code, on the CPU (evaluate) or the GPU (encode): MLCustomLayer has no way to use the ANE.',
  fix: 'Express the layer with built-in layers or MIL ops (a composite operator); if it must stay custom, put it at the start or end of the model, or in a model of its own, so the rest stays in one piece.',
} as const;

export const customLayer: Rule = {
  meta,
  check(model) {
    const layers = layersOf(model)
      .filter((layer) => layer.kind === 'custom')
      .map((layer) => {
        const className = layer.custom?.className ? ` (class ${layer.custom.className})` : '';
        return finding(meta, layerSubject(layer), `${describeLayer(layer)}${className} is computed by the app's own code, on the CPU or GPU: MLCustomLayer has no way to use the ANE. ${meta.fix}`);
      });
    if (model.kind !== 'customModel') return layers;
    return [
      ...layers,
      finding(meta, modelSubject(model), 'The model is a customModel: Core ML calls the app\'s own MLCustomModel class for it, which has no way to use the ANE. Convert the computation to a neural network or an ML program.'),
    ];
  },
};
