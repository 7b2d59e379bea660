/**
 * `symbols: auto`, narrowed when the platform and the model say which runtime will run it: E5RT runs ML
 * Program models (.mlpackage) from iOS 17 / macOS 14, classic Espresso runs NeuralNetwork models and
 * everything on older systems. When either is unknown (a user's app, an OS version not read), both.
 */
export type AutoChoice = 'espresso' | 'e5rt' | 'both';

export function chooseAutoProfile(os: string | undefined, model: string | undefined): AutoChoice {
  const version = /\b(macOS|iOS|iPadOS)\s+(\d+)/u.exec(os ?? '');
  if (!version) return 'both';
  const major = Number(version[2]);
  const hasE5rt = version[1] === 'macOS' ? major >= 14 : major >= 17;
  if (!hasE5rt) return 'espresso';
  if (model === undefined || model.endsWith('.mlmodelc')) return 'both'; // a compiled model does not say its kind by name
  return model.endsWith('.mlpackage') ? 'e5rt' : 'espresso';
}
