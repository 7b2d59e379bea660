/**
 * Weights above 2 GB (2^31 bytes). The ANE compiler refuses them: "ane: Weight file size (2525476480 bytes)
 * exceeds the maximum (2147483648 bytes)" (apple/coremltools#2593), and smpanaro/more-ane-transformers measured
 * models above "somewhere between 2 and 3 GB" running on the CPU alone with CPUAndNE. What counts is the weights
 * the model stands for (RuleContext.weightBytes: a package's weight files and the weights inside the model
 * message); only neural networks and ML programs are checked.
 */
import { type Rule, finding } from './rule.js';
import { modelSubject } from './subjects.js';
import { bytesText, isNeural } from './weights.js';

export const ANE_WEIGHT_LIMIT = 2 ** 31;

const meta = {
  id: 'weight-size-limit',
  severity: 'error',
  evidence: 'message',
  sources: ['apple/coremltools#2593', 'https://github.com/smpanaro/more-ane-transformers/blob/main/src/experiments/NOTES.md'],
  scope: 'all',
  description: 'The model\'s weights take more than 2 GB (2147483648 bytes).',
  why: 'The ANE compiler refuses weights above 2147483648 bytes ("Weight file size ... exceeds the maximum"): the whole model runs on the GPU or CPU.',
  fix: 'Split the model into parts under 2 GB each (chunks run one after the other, or a pipeline), or compress the weights (ct.optimize.coreml palettization to 4 or 6 bits).',
} as const;

export const weightSizeLimit: Rule = {
  meta,
  check(model, context) {
    if (!isNeural(model) || context.weightBytes <= ANE_WEIGHT_LIMIT) return [];
    return [finding(meta, modelSubject(model), `The model's weights take ${bytesText(context.weightBytes)}, above the ANE compiler's maximum of 2147483648 bytes: the whole model runs on the GPU or CPU. ${meta.fix}`)];
  },
};
