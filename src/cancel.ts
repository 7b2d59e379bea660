/**
 * What a cancelled run (Ctrl-C, or the runner cancelling the job: SIGINT, then SIGTERM) must undo before
 * it ends: processes to kill, folders to remove. The tasks run newest first (the debugger before the
 * folder it works in); then the signal is raised again, so that the process ends as it was told to. A
 * second signal during the clean-up ends the process at once.
 */
const tasks: (() => Promise<unknown>)[] = [];

/** Registers a task for a cancellation; the returned function unregisters it (the run ended by itself). */
export function onCancel(task: () => Promise<unknown>): () => void {
  tasks.push(task);
  if (tasks.length === 1) listen(true);
  return () => {
    const index = tasks.indexOf(task);
    if (index >= 0) tasks.splice(index, 1);
    if (tasks.length === 0) listen(false);
  };
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

function listen(on: boolean): void {
  for (const signal of SIGNALS) {
    if (on) process.on(signal, cancel);
    else process.removeListener(signal, cancel);
  }
}

async function cancel(signal: NodeJS.Signals): Promise<void> {
  listen(false);
  const pending = tasks.splice(0).reverse();
  for (const task of pending) await task().catch(() => undefined);
  process.kill(process.pid, signal);
}
