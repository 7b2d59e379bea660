/**
 * Weights above 1 GB (2^30 bytes) and up to the 2 GB that `weight-size-limit` checks: on iOS, models for the ANE
 * were found limited to about 1 GB per model file (Anemll/Anemll#28: "iOS 18: 1GB file size limit", models above
 * it export but do not work; Anemll's docs/manual_conversion.md: "ANE models on iOS are limited to 1GB file
 * size. macOS will work with ~2GB."). Measured by practice, not by a message: a warning, scoped to iOS.
 */
import { ANE_WEIGHT_LIMIT } from './weight-size-limit.js';
import { type Rule, finding } from './rule.js';
import { modelSubject } from './subjects.js';
import { bytesText, isNeural } from './weights.js';

export const IOS_WEIGHT_LIMIT = 2 ** 30;

const meta = {
  id: 'weight-size-ios',
  severity: 'warning',
  evidence: 'measured',
  sources: ['Anemll/Anemll#28', 'https://github.com/Anemll/Anemll/blob/main/docs/manual_conversion.md'],
  scope: 'iOS and iPadOS',
  description: 'The model\'s weights take more than 1 GB (and at most 2 GB).',
  why: 'On iOS, models above about 1 GB were found not to work on the ANE (macOS allows about 2 GB).',
  fix: 'For iOS, split the model into parts under 1 GB each, or compress the weights (ct.optimize.coreml palettization to 4 or 6 bits).',
} as const;

export const weightSizeIos: Rule = {
  meta,
  check(model, context) {
    if (!isNeural(model) || context.weightBytes <= IOS_WEIGHT_LIMIT || context.weightBytes > ANE_WEIGHT_LIMIT) return [];
    return [finding(meta, modelSubject(model), `The model's weights take ${bytesText(context.weightBytes)}: on iOS, models above about 1 GB were found not to work on the ANE. ${meta.fix}`)];
  },
};
