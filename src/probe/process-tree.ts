import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

interface ProcessRow {
  pid: number;
  ppid: number;
  state: string;
  command: string;
}

/** Every process on the machine, from `ps` (the same flags work on Linux and macOS). */
async function listProcesses(): Promise<ProcessRow[]> {
  const { stdout } = await execFileAsync('ps', ['-A', '-o', 'pid=,ppid=,stat=,comm=']);
  return stdout
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/u.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ pid: Number(match[1]), ppid: Number(match[2]), state: match[3]!, command: match[4]! }));
}

export interface Descendant {
  pid: number;
  command: string;
}

/** The processes below `root`, children before grandchildren. Zombies (already dead) are left out. */
export async function descendantsOf(root: number): Promise<Descendant[]> {
  const rows = (await listProcesses()).filter((row) => !row.state.startsWith('Z'));
  const found: Descendant[] = [];
  let parents = new Set([root]);
  while (parents.size > 0) {
    const children = rows.filter((row) => parents.has(row.ppid));
    found.push(...children.map(({ pid, command }) => ({ pid, command })));
    parents = new Set(children.map((row) => row.pid));
  }
  return found;
}

/** True while `pid` is a live process (a zombie is dead, only not yet reaped by its parent). */
export async function isRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return !(await processState(pid)).startsWith('Z');
}

/** The state letter(s) of a process: from /proc where there is one (cheap), else from `ps`. */
async function processState(pid: number): Promise<string> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ...: comm may hold spaces and parentheses, so read after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? '';
  } catch {
    const { stdout } = await execFileAsync('ps', ['-o', 'stat=', '-p', String(pid)]).catch(() => ({ stdout: '' }));
    return stdout.trim() || 'Z';
  }
}

export function sendSignal(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** The debugger's own helpers, which are not the target: lldb-server on Linux, debugserver on macOS. */
export function isDebugServer(command: string): boolean {
  return /(^|\/)(lldb-server|debugserver)/u.test(command);
}
