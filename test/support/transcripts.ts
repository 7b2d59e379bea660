import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ALIASES } from '../../src/probe/lldb-script.js';
import { parseTranscript, type Transcript } from '../../src/probe/transcript.js';

const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'transcripts');

/** A recorded LLDB run (test/transcripts/NAME.stdout.txt and .stderr.txt), parsed. */
export function recordedTranscript(name: string): Transcript {
  const stdout = readFileSync(path.join(folder, `${name}.stdout.txt`), 'utf8');
  const stderr = readFileSync(path.join(folder, `${name}.stderr.txt`), 'utf8');
  const startCommand = stdout.split('\n').find((line) => line.startsWith('(lldb) process launch'))?.slice('(lldb) '.length) ?? 'process launch';
  return parseTranscript(stdout, stderr, { ...ALIASES, startCommand });
}
