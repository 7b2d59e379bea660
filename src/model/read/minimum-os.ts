import type { MinimumOs } from '../facts.js';

/** Specification version -> the first OS releases that load it: the table in Model.proto's comment on `Model`. */
const TABLE: Readonly<Record<number, MinimumOs>> = {
  1: { iOS: '11', macOS: '10.13', tvOS: '11', watchOS: '4' },
  2: { iOS: '11.2', macOS: '10.13.2', tvOS: '11.2', watchOS: '4.2' },
  3: { iOS: '12', macOS: '10.14', tvOS: '12', watchOS: '5' },
  4: { iOS: '13', macOS: '10.15', tvOS: '13', watchOS: '6' },
  5: { iOS: '14', macOS: '11', tvOS: '14', watchOS: '7' },
  6: { iOS: '15', macOS: '12', tvOS: '15', watchOS: '8' },
  7: { iOS: '16', macOS: '13', tvOS: '16', watchOS: '9' },
  8: { iOS: '17', macOS: '14', tvOS: '17', watchOS: '10' },
  9: { iOS: '18', macOS: '15', tvOS: '18', watchOS: '11' },
  10: { iOS: '26', macOS: '26', tvOS: '26', watchOS: '26', visionOS: '26' },
};

/** The newest specification version the table knows. */
export const NEWEST_SPECIFICATION_VERSION = 10;

export function minimumOs(specificationVersion: number | null): MinimumOs | null {
  if (specificationVersion === null) return null;
  const os = TABLE[specificationVersion];
  return os === undefined ? null : { ...os };
}
