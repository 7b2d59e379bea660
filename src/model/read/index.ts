/**
 * The reader's entry: a path -> model facts, or a ModelError that names the file and the fix. Nothing else
 * escapes it: a failure of the file system or of the reader itself also comes back as a ModelError.
 */
import type { ModelFacts } from '../facts.js';
import { ModelError } from '../model-error.js';
import { detectFormat } from './detect.js';
import { readMlmodel } from './mlmodel.js';
import { readMlmodelc } from './mlmodelc.js';
import { readMlpackage } from './mlpackage.js';

export interface ModelRead {
  facts: ModelFacts;
  /** Bytes read from all the model's files: what the weights did not cost. */
  bytesRead: number;
}

export async function readModel(modelPath: string): Promise<ModelFacts> {
  return (await readModelCounted(modelPath)).facts;
}

export async function readModelCounted(modelPath: string): Promise<ModelRead> {
  try {
    return read(modelPath);
  } catch (error) {
    if (error instanceof ModelError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ModelError('unreadable', modelPath, `could not be read: ${reason}.`, 'Check that the file is readable by the job (permissions, a complete checkout).');
  }
}

function read(modelPath: string): ModelRead {
  const format = detectFormat(modelPath);
  const { spec, notes, bytesRead, modelFile, weightFiles } =
    format === 'mlmodel' ? { ...readMlmodel(modelPath), modelFile: '', weightFiles: [] } : format === 'mlpackage' ? readMlpackage(modelPath) : readMlmodelc(modelPath);
  const weightBytes = weightFiles.reduce((sum, file) => sum + file.bytes, 0) + spec.embeddedWeightBytes;
  return { facts: { path: modelPath, format, ...spec, modelFile, weightFiles, weightBytes, notes }, bytesRead };
}
