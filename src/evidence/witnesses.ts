/**
 * Witnesses of the ANE in the run itself (domain.md, "Field evidence"): the ANE service thread
 * (`H11ANEServicesThread` up to macOS 15, `ANEServicesThread` from macOS 26) and the serial queues of
 * `_ANEClient` work (`com.apple.anef.p0` to `p7`), as LLDB's `thread list` names them. They show that an ANE
 * client was opened, never how much work ran: supporting evidence, not a count.
 */
export interface Witnesses {
  /** The ANE service thread's name, when one was seen. */
  aneServiceThread: string | null;
  aneQueues: string[];
}

// A prefix: Linux keeps 15 characters of a thread's name (the test fixture's `H11ANEServicesT`).
const SERVICE_THREAD = /^(H11)?ANEServices/u;
const ANE_QUEUE = /^com\.apple\.anef\.p\d+$/u;

export function findWitnesses(threads: { names: string[]; queues: string[] } | undefined): Witnesses | undefined {
  if (!threads) return undefined;
  return { aneServiceThread: threads.names.find((name) => SERVICE_THREAD.test(name)) ?? null, aneQueues: threads.queues.filter((queue) => ANE_QUEUE.test(queue)).sort() };
}

/** Whether any witness of an ANE client was seen. */
export function aneClientSeen(witnesses: Witnesses | undefined): boolean {
  return witnesses !== undefined && (witnesses.aneServiceThread !== null || witnesses.aneQueues.length > 0);
}
