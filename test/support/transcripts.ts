import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ALIASES } from '../../src/probe/lldb-script.js';
import { parseTranscript, type Transcript } from '../../src/probe/transcript.js';
import { ROOT } from './paths.js';

const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'transcripts');

/** A recorded LLDB run (test/transcripts/NAME.stdout.txt and .stderr.txt), parsed. */
export function recordedTranscript(name: string): Transcript {
  const stdout = readFileSync(path.join(folder, `${name}.stdout.txt`), 'utf8');
  const stderr = readFileSync(path.join(folder, `${name}.stderr.txt`), 'utf8');
  const startCommand = stdout.split('\n').find((line) => line.startsWith('(lldb) process launch'))?.slice('(lldb) '.length) ?? 'process launch';
  return parseTranscript(stdout, stderr, { ...ALIASES, startCommand });
}

/**
 * The pastes of Apple's LLDB output that the parser's tests read: beside the project, in ../shared/lldb-transcripts
 * (SOURCES.md there names each one's public source). Stryker runs the tests from a copy of the project under
 * .stryker-tmp (in a folder of each run's own: scripts/mutate.js): the pastes are beside the project, not beside that copy.
 */
export const APPLE_PASTES = path.join(projectOf(ROOT), '..', 'shared', 'lldb-transcripts');

/** The project that `root` is, or that holds the .stryker-tmp folder `root` is in. */
function projectOf(root: string): string {
  const parts = root.split(path.sep);
  const sandboxes = parts.lastIndexOf('.stryker-tmp');
  return sandboxes < 0 ? root : parts.slice(0, sandboxes).join(path.sep);
}

/** The names of the pasted transcripts (`03-objcio-breakpoint-list-disabled`); throws when the folder is missing. */
export function applePasteNames(folder = APPLE_PASTES): string[] {
  return readdirSync(requirePastes(folder))
    .filter((file) => file.endsWith('.txt'))
    .map((file) => file.slice(0, -'.txt'.length))
    .sort();
}

/** One pasted transcript, whole; throws, naming the folder, when it is missing. */
export function applePaste(name: string): string {
  return readFileSync(path.join(requirePastes(APPLE_PASTES), `${name}.txt`), 'utf8');
}

function requirePastes(folder: string): string {
  if (!existsSync(folder)) {
    throw new Error(`The pastes of Apple's LLDB output are missing: ${folder} does not exist. The transcript parser's tests read them there (shared/lldb-transcripts beside the project); restore that folder.`);
  }
  return folder;
}
