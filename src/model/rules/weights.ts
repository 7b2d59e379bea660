/** What the weight-size rules share: which models hold weights the ANE loads, and sizes in words. */
import type { ModelSpecFacts } from '../facts.js';

const NEURAL = new Set(['neuralNetwork', 'neuralNetworkClassifier', 'neuralNetworkRegressor', 'mlProgram']);

/** A neural network or an ML program: the kinds the ANE compiles, and whose weights it loads. */
export function isNeural(model: ModelSpecFacts): boolean {
  return NEURAL.has(model.kind);
}

/** `2.35 GB (2525476480 bytes)`, in units of 2^30 bytes as the limits are. */
export function bytesText(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(2)} GB (${bytes} bytes)`;
}
