import { execFile } from 'node:child_process';
import os from 'node:os';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** `macOS 14.5 (23F79)` on a Mac, `Linux 6.1.0-18-amd64` elsewhere. */
export async function describeOs(): Promise<string> {
  if (process.platform === 'darwin') {
    const version = await firstLine('sw_vers', ['-productVersion']);
    const build = await firstLine('sw_vers', ['-buildVersion']);
    if (version) return `macOS ${version}${build ? ` (${build})` : ''}`;
  }
  return `${os.type()} ${os.release()} ${os.arch()}`;
}

/** A command's first non-empty output line, or undefined when it fails or prints nothing. */
export async function firstLine(program: string, args: string[]): Promise<string | undefined> {
  try {
    const { stdout } = await execFileAsync(program, args, { timeout: 30_000 });
    return stdout.split('\n').find((line) => line.trim() !== '')?.trim();
  } catch {
    return undefined;
  }
}
