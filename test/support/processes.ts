import { execFileSync } from 'node:child_process';

/** Live processes whose command line contains `token` (zombies are dead and left out). */
export function processesWith(token: string): string[] {
  const out = execFileSync('ps', ['-A', '-o', 'stat=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes(token) && !line.trim().startsWith('Z'))
    .map((line) => line.trim());
}

let counter = 0;
/** A token unique to one test, to pass with the fixture's --tag. */
export function uniqueTag(): string {
  counter += 1;
  return `t${process.pid}x${counter}x${Date.now().toString(36)}`;
}
