import { execFileSync } from 'node:child_process';

/** Command lines of the live processes that contain `token` (zombies are dead and left out). */
export function processesWith(token: string): string[] {
  const out = execFileSync('ps', ['-A', '-o', 'stat=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => /^\s*(\S+)\s+(.*)$/u.exec(line))
    .filter((match): match is RegExpExecArray => match !== null && !match[1]!.startsWith('Z') && match[2]!.includes(token))
    .map((match) => match[2]!);
}

/**
 * Waits until no live process holds `token`, for up to `timeoutMs` (a process that was killed may take a
 * moment to go); returns what is still running then.
 */
export async function processesGone(token: string, timeoutMs = 10_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = processesWith(token);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let counter = 0;
/** A token unique to one test, to pass with the fixture's --tag. */
export function uniqueTag(): string {
  counter += 1;
  return `t${process.pid}x${counter}x${Date.now().toString(36)}`;
}
