/**
 * A state (ct.StateType, iOS 18) whose last axis is not a multiple of 32. apple/coremltools#2631 measured a
 * stateful model that runs on the CPU and GPU but fails on the ANE when the state's width is 270, and works at
 * 256: "fails to run on the Apple Neural Engine ... if the state tensor dimensions (e.g., width) are not a
 * multiple of 32". One report, measured: a warning.
 */
import { type Rule, finding } from './rule.js';
import { describeFeature, featureSubject, featuresOf, shapeText } from './subjects.js';

export const STATE_WIDTH_MULTIPLE = 32;

const meta = {
  id: 'state-width',
  severity: 'warning',
  evidence: 'measured',
  sources: ['apple/coremltools#2631'],
  scope: 'iOS 18+ stateful models',
  description: 'A state\'s last axis is not a multiple of 32.',
  why: 'A stateful model whose state width is not a multiple of 32 was measured failing on the ANE, while the same model with a width of 256 worked.',
  fix: 'Pad the state\'s last axis to a multiple of 32 (270 to 288) and slice the padding off where the state is read.',
} as const;

export const stateWidth: Rule = {
  meta,
  check(model) {
    return featuresOf(model, 'state').flatMap((entry) => {
      const width = entry.feature.shape.at(-1);
      if (width === undefined || width < 1 || width % STATE_WIDTH_MULTIPLE === 0) return [];
      const padded = Math.ceil(width / STATE_WIDTH_MULTIPLE) * STATE_WIDTH_MULTIPLE;
      return [
        finding(
          meta,
          featureSubject(entry),
          `${describeFeature(entry)} has shape ${shapeText(entry.feature.shape)}, its last axis ${width} not a multiple of 32: such states were measured failing on the ANE. Pad the last axis to ${padded} and slice the padding off where the state is read.`,
        ),
      ];
    });
  },
};
