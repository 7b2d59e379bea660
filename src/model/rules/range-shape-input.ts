/**
 * An input whose shape is a range (FeatureTypes.proto `shapeRange`, `imageSizeRange`): Core ML runs only the
 * input's default shape on the ANE, every other shape on the GPU or CPU. An Apple engineer, on the developer
 * forums (thread 724930): "For models with range flexibility, we currently only support running on the Neural
 * Engine for the input's default shape. Other shapes will be run on either GPU or CPU"; and each of enumerated
 * shapes "should be able to run on the Neural Engine", so enumerated shapes are not a finding.
 *
 * A range whose every dimension has equal bounds allows one shape only: it is not a finding.
 */
import type { DimRange } from '../facts.js';
import { type Rule, finding } from './rule.js';
import { describeFeature, featureSubject, featuresOf } from './subjects.js';

const meta = {
  id: 'range-shape-input',
  severity: 'error',
  evidence: 'Apple',
  sources: ['https://developer.apple.com/forums/thread/724930', 'https://apple.github.io/coremltools/docs-guides/source/flexible-inputs.html'],
  scope: 'all',
  description: 'An input takes a range of shapes (shapeRange, imageSizeRange).',
  why: 'Core ML takes only the default shape of a range input to the ANE; every other shape runs on the GPU or CPU.',
  fix: 'Use a fixed shape, or enumerated shapes (ct.EnumeratedShapes) for the few shapes the app needs; each of them can be compiled for the ANE.',
} as const;

function bounds(range: DimRange): string {
  return `${range.lower}-${range.upper ?? 'unbounded'}`;
}

export const rangeShapeInput: Rule = {
  meta,
  check(model) {
    return featuresOf(model, 'input').flatMap((entry) => {
      const flexibility = entry.feature.flexibility;
      if (flexibility?.kind !== 'range' || flexibility.ranges.every((range) => range.upper === range.lower)) return [];
      const axes = entry.feature.kind === 'image' ? 'height, width' : 'dimensions';
      return [
        finding(
          meta,
          featureSubject(entry),
          `${describeFeature(entry)} takes a range of shapes (${axes} ${flexibility.ranges.map(bounds).join(' x ')}, default [${entry.feature.shape.join(', ')}]): only the default shape is eligible for the ANE, the others go to the GPU or CPU. ${meta.fix}`,
        ),
      ];
    });
  },
};
