import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';

import { InputError } from '../errors.js';
import type { InputName } from './settings.js';

/**
 * Checks, before anything is built or launched, that each file ane-check will write can be written: a
 * measurement that cannot keep its result is found out in a second, not after the run. Nothing is
 * created: the nearest folder that exists must be a writable folder, and a file already there writable.
 */
export async function checkOutputPaths(outputs: readonly { input: InputName; file: string }[], cwd: string): Promise<void> {
  for (const { input, file } of outputs) {
    const problem = await whyNotWritable(path.resolve(cwd, file));
    if (problem) throw new InputError(input, `'${file}' cannot be written: ${problem}`);
  }
}

async function whyNotWritable(file: string): Promise<string | undefined> {
  const existing = await stat(file).catch(() => undefined);
  if (existing?.isDirectory()) return 'it is a folder; give the path of a file in it';
  if (existing) return (await writable(file)) ? undefined : 'the file is not writable; give another path or make it writable';
  let folder = path.dirname(file);
  for (;;) {
    const found = await stat(folder).catch(() => undefined);
    if (found && !found.isDirectory()) return `'${folder}' is a file, not a folder; give a path under a folder`;
    if (found) return (await writable(folder)) ? undefined : `the folder '${folder}' is not writable; give a path under a folder you can write to`;
    const parent = path.dirname(folder);
    if (parent === folder) return 'no folder of it exists';
    folder = parent;
  }
}

async function writable(file: string): Promise<boolean> {
  return access(file, constants.W_OK).then(
    () => true,
    () => false,
  );
}
