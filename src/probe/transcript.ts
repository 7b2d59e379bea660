/**
 * Reads what LLDB printed during one measurement: the breakpoint snapshots at each prediction, the final one and
 * how the target's run ended. Written against lldb-14 on Linux and the Xcode LLDB's output, which share
 * these formats. LLDB sends command errors to standard error and everything else to standard output.
 * The pastes cited by number below are public pastes of Apple's LLDB output, kept with their sources in
 * ../shared/lldb-transcripts beside the project; the parser's tests read every one.
 */

export interface LocationState {
  /** `3.2`. */
  id: string;
  module?: string;
  /** The function the location is in, as LLDB names it (demangled). */
  functionName: string;
  address?: string;
  resolved: boolean;
  hitCount: number;
}

export interface BreakpointState {
  id: number;
  /** What it was set on, as LLDB shows it (`name = '...'`, `regex = '...'`). */
  description: string;
  names: string[];
  pending: boolean;
  hitCount: number;
  locations: LocationState[];
  /**
   * Listed on one line (`breakpoint list -b`, a snapshot's tally: lldb-script.ts), which prints neither names nor
   * locations: the names are the final listing's (the same breakpoint id), the locations stay empty.
   */
  brief?: true;
}

export type Snapshot = BreakpointState[];

/**
 * How the target's run ended, as LLDB told it (before ane-check's own `process kill`). LLDB prints an exit as
 * `Process N exited with status = S (0xS) DESCRIPTION` (llvm-project, lldb/source/Target/Process.cpp:
 * `"exited with status = %i (0x%8.8x) %s"`), the description coming from the debug server. Apple's debugserver
 * reports an app that the system or a signal ended with status 0 and `Terminated due to ...`: `Terminated due to
 * memory issue` for an iOS app killed for its memory use (a public CI log of ios-deploy against an iOS 9.1 device,
 * 2016, paste 13), `Terminated due to signal 13` for a macOS program killed by SIGPIPE (git mailing list, "Re:
 * Issues with git send-email and msmtp", 2017-03-22, paste 12). That is a `killed`, never a clean exit.
 */
export type TargetEnd =
  | { kind: 'stopped-at-breakpoint'; breakpointIds: number[] }
  | { kind: 'interrupted'; reason: string }
  | { kind: 'crashed'; reason: string }
  /** `description`: what LLDB printed after the status, when it printed anything (LLDB 19: `killed`). */
  | { kind: 'exited'; status: number; description?: string }
  /** `reason`: LLDB's words, `Terminated due to memory issue`; `status` is the one LLDB printed (0 in the pastes). */
  | { kind: 'killed'; status: number; reason: string }
  | { kind: 'unknown' };

export interface Transcript {
  /** The commands ane-check ran, in order (the echoed `(lldb) ...` lines of the script). */
  commands: string[];
  /** The counted breakpoints at each hit of a prediction probe, in order. */
  snapshots: Snapshot[];
  /** Breakpoints when the run ended. */
  final?: Snapshot;
  /** The last way the target stopped or ended before the final snapshot. */
  end: TargetEnd;
  pid?: number;
  /** `error:` lines LLDB printed, without the prefix. */
  errors: string[];
  /** What the discovery command printed, when it ran. */
  discoveryOutput?: string;
  /** Thread names and queue names of the target at the end, when it was still alive. */
  threads?: { names: string[]; queues: string[] };
  /** The fallback stop (lldb-script.ts): every probe and fallback point as listed there, and how many snapshots came before it. */
  fallback?: { listing: Snapshot; after: number };
}

// LLDB 19 echoes a breakpoint's commands with two spaces (`(lldb)  name`), and a sourced file's lines keep
// their indent (`(lldb)     run`, paste 13): the command is trimmed.
const ECHO = /^\(lldb\) (.*)/u;

/**
 * The events LLDB prints about the target's process: `Process 7 launched: '...'`, `Process 7 resuming` (from
 * `process continue`), and `Process 7 <state>` for the states of lldb's StateAsCString (`stopped`, `exited with
 * status = ...`, `detached`, ...).
 */
const PROCESS_EVENT = /^Process (\d+) (?:launched|resuming|stopped|crashed|suspended|exited|detached|attaching|launching|stepping|running)\b/u;

/**
 * The process event that LLDB printed right after its prompt, or undefined when the line is something else (an
 * echoed command). An interactive LLDB prints its prompt and then, when the target stops in the background, the
 * event on the same line: `(lldb) Process 752 stopped` (fluttercommunity/plus_plugins#2203, Xcode 15 with an iOS
 * device, paste 07).
 */
export function eventAfterPrompt(line: string): string | undefined {
  const prompted = /^\(lldb\) +(.*)/u.exec(line);
  if (!prompted) return undefined;
  const event = prompted[1]!.trimEnd();
  return PROCESS_EVENT.test(event) ? event : undefined;
}

export interface TranscriptMarkers {
  /** A snapshot listed in full. */
  predictionSnapshot: string;
  /** A snapshot listed on one line per breakpoint (absent in transcripts recorded before it). */
  predictionTally?: string;
  /** What the driver lists at the fallback stop. */
  fallbackList?: string;
  finalSnapshot: string;
  /** The command that lists the target's threads at the end. */
  threads?: string;
  /** Events are read after the last of these commands (the one that sets the target running). */
  startCommand: string;
  /** The discovery command, whose output is kept whole. */
  discoveryCommand?: string;
}

export function parseTranscript(stdout: string, stderr: string, markers: TranscriptMarkers): Transcript {
  const lines = stdout.split(/\r?\n/u);
  const commands: string[] = [];
  const snapshots: Snapshot[] = [];
  let final: Snapshot | undefined;
  let end: TargetEnd = { kind: 'unknown' };
  let pid: number | undefined;
  let discoveryOutput: string | undefined;
  let threads: Transcript['threads'];
  let fallback: Transcript['fallback'];
  let running = false;
  let ended = false;

  for (const [i, printed] of lines.entries()) {
    const line = eventAfterPrompt(printed) ?? printed;
    const echo = ECHO.exec(line);
    if (echo) {
      const command = echo[1]!.trim();
      // The session's own `# ane-check: sync` comments are not commands.
      if (command.startsWith('#')) continue;
      commands.push(command);
      if (command === markers.predictionSnapshot || command === markers.predictionTally) {
        if (!ended) snapshots.push(parseBreakpointList(lines, i + 1, { brief: command === markers.predictionTally }));
      } else if (markers.fallbackList && command === markers.fallbackList) {
        if (!ended) fallback = { listing: parseBreakpointList(lines, i + 1), after: snapshots.length };
      } else if (command === markers.finalSnapshot) {
        final = parseBreakpointList(lines, i + 1);
        ended = true;
      } else if (markers.threads && command === markers.threads) {
        threads = readThreads(blockAfter(lines, i + 1));
      } else if (markers.discoveryCommand && command === markers.discoveryCommand) {
        discoveryOutput = blockAfter(lines, i + 1);
      } else if (command.startsWith(markers.startCommand)) {
        running = true;
      }
      continue;
    }
    const event = PROCESS_EVENT.exec(line);
    if (event) pid ??= Number(event[1]);
    if (!running || ended) continue;

    const exited = /^Process \d+ exited with status = (-?\d+) \(0x[\da-f]+\)(.*)/u.exec(line);
    if (exited) {
      end = exitOf(Number(exited[1]), exited[2]!.trim());
      continue;
    }
    // With driven counting the target stops at every hit: the last stop is the one that ended the run.
    if (/^Process \d+ (resuming|stopped)/u.test(line)) end = { kind: 'unknown' };
    const stopReason = /^\* thread #\d.*, stop reason = (.*)/u.exec(line);
    if (stopReason && end.kind === 'unknown') end = classifyStop(stopReason[1]!.trim());
  }

  const errors = stderr
    .split(/\r?\n/u)
    .map((line) => /^error: (.*)/u.exec(line.trim())?.[1])
    .filter((message): message is string => message !== undefined);
  // A tally names no breakpoint: its breakpoints are the final listing's of the same id.
  for (const breakpoint of snapshots.flat()) {
    if (breakpoint.brief) breakpoint.names = final?.find((listed) => listed.id === breakpoint.id)?.names ?? [];
  }
  return { commands, snapshots, final, end, pid, errors, discoveryOutput, ...(threads ? { threads } : {}), ...(fallback ? { fallback } : {}) };
}

/** An exit that Apple's debug server describes as `Terminated due to ...` is a kill (see TargetEnd). */
function exitOf(status: number, description: string): TargetEnd {
  if (description.startsWith('Terminated due to ')) return { kind: 'killed', status, reason: description };
  return { kind: 'exited', status, ...(description ? { description } : {}) };
}

/**
 * `thread list`: `  thread #2: tid = 9, 0x..., name = 'H11ANEServicesThread', queue = 'com.apple.anef.p0'`.
 * Undefined when it listed no thread (the target had ended).
 */
function readThreads(block: string): { names: string[]; queues: string[] } | undefined {
  const names = new Set<string>();
  const queues = new Set<string>();
  const threads = block.split('\n').filter((line) => /^[* ] thread #\d/u.test(line));
  if (threads.length === 0) return undefined;
  for (const line of threads) {
    const name = /, name = '([^']*)'/u.exec(line)?.[1];
    const queue = /, queue = '([^']*)'/u.exec(line)?.[1];
    if (name) names.add(name);
    if (queue) queues.add(queue);
  }
  return { names: [...names], queues: [...queues] };
}

/** The lines from `from` up to the next echoed command. */
function blockAfter(lines: readonly string[], from: number): string {
  const block = lines.slice(from);
  const end = block.findIndex((line) => ECHO.test(line));
  return (end < 0 ? block : block.slice(0, end)).join('\n');
}

function classifyStop(reason: string): TargetEnd {
  const breakpoint = /^breakpoint ((?:\d+\.\d+\s*)+)/u.exec(reason);
  if (breakpoint) {
    const ids = [...breakpoint[1]!.matchAll(/(\d+)\./gu)].map((location) => Number(location[1]));
    return { kind: 'stopped-at-breakpoint', breakpointIds: [...new Set(ids)] };
  }
  // SIGSTOP is what the session sends to end a window when the app has gone idle or time ran out.
  if (/^signal (SIGSTOP|SIGINT)\b/u.test(reason)) return { kind: 'interrupted', reason };
  return { kind: 'crashed', reason };
}

const BREAKPOINT_HEADER = /^(\d+): (.*), locations = \d+(.*)/u;
const LOCATION = /^\s+(\d+\.\d+): where = (.*), address = (\S+), (resolved|unresolved), hit count = (\d+)/u;

/** A breakpoint being read, with the count its header gave, if any. */
type ReadBreakpoint = Omit<BreakpointState, 'hitCount'> & { headerCount: number | undefined };

/**
 * Reads `breakpoint list` output starting at `from`, up to the next echoed command. A header lists no hit count
 * when none of the breakpoint's locations is resolved (`1: file = '...', line = 16, locations = 1 Options:
 * disabled` over `1.1: ..., unresolved, hit count = 1`: objc.io issue 19, "Dancing in the Debugger", paste 03),
 * though its locations keep theirs: the breakpoint's count is then the sum of its locations', as LLDB counts it.
 * `brief`: the output of `breakpoint list -b`, a header line per breakpoint (the same line as a full listing's
 * header) and nothing else.
 */
export function parseBreakpointList(lines: readonly string[], from: number, options: { brief?: boolean } = {}): Snapshot {
  const breakpoints: ReadBreakpoint[] = [];
  let current: ReadBreakpoint | undefined;
  // Between a breakpoint's `Names:` line and the blank line (or `Breakpoint commands:`) that ends the list.
  let readingNames = false;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    if (ECHO.test(line)) break;
    const header = BREAKPOINT_HEADER.exec(line);
    if (header) {
      const tail = header[3]!;
      const count = /hit count = (\d+)/u.exec(tail)?.[1];
      current = {
        id: Number(header[1]),
        description: header[2]!,
        names: [],
        pending: tail.startsWith(' (pending)'),
        headerCount: count === undefined ? undefined : Number(count),
        locations: [],
        ...(options.brief ? { brief: true as const } : {}),
      };
      breakpoints.push(current);
      readingNames = false;
      continue;
    }
    if (!current) continue;
    const location = LOCATION.exec(line);
    if (location) {
      const where = splitWhere(location[2]!);
      current.locations.push({
        id: location[1]!,
        ...where,
        address: location[3]!,
        resolved: location[4] === 'resolved',
        hitCount: Number(location[5]),
      });
      readingNames = false;
      continue;
    }
    const trimmed = line.trim();
    if (trimmed === 'Names:') readingNames = true;
    else if (trimmed === '' || trimmed === 'Breakpoint commands:') readingNames = false;
    else if (readingNames) current.names.push(trimmed);
  }
  return breakpoints.map(({ headerCount, ...breakpoint }) => ({
    ...breakpoint,
    hitCount: headerCount ?? breakpoint.locations.reduce((sum, location) => sum + location.hitCount, 0),
  }));
}

/**
 * `Espresso`Espresso::net::__forward(int) + 4 at net.cpp:10:5` -> module and function. A location in a function
 * inlined into another names both, `XUL`caller + 2282 [inlined] callee + 1811 at lib.rs:707` (vadimcn/codelldb#97,
 * macOS, paste 05): the breakpoint is in the inlined function, whose name is the one a probe matched.
 */
function splitWhere(where: string): { module?: string; functionName: string } {
  const tick = where.indexOf('`');
  const module = tick > 0 ? where.slice(0, tick) : undefined;
  const within = (tick > 0 ? where.slice(tick + 1) : where).replace(/ at [^ ]+:\d+$/u, '');
  const functionName = within.split(' [inlined] ').at(-1)!.replace(/ \+ \d+$/u, '');
  return { module, functionName };
}
