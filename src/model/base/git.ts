/**
 * The one place that runs git, behind a narrow interface (as actions/checkout's IGitCommandManager,
 * src/git-command-manager.ts), so that the base source above it reads as the steps it takes. Arguments are
 * arrays, never a shell; every call is bounded by a timeout that kills git's whole process group (a fetch
 * runs helpers: git-remote-https, upload-pack); a cancelled run kills it too. Nothing here throws: a git
 * that cannot start or that fails is an exit code and its words.
 */
import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';

import { onCancel } from '../../cancel.js';

export interface GitOutput {
  /** 0 on success; null when git could not start or was killed. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Ended by the timeout. */
  timedOut: boolean;
}

export interface GitCommands {
  /** `git <args>` in the repository, its output captured. */
  run(args: readonly string[], options?: { timeoutMs?: number }): Promise<GitOutput>;
  /**
   * `git cat-file blob <object>`, its content written to `into` as it comes (never held whole); `into` is
   * ended when git is done. `stdout` of the result is empty.
   */
  streamBlob(object: string, into: Writable, options?: { timeoutMs?: number }): Promise<GitOutput>;
}

export interface GitOptions {
  /** The git program (default `git` on PATH). */
  program?: string;
  /** Each call's limit unless the call says otherwise (default 2 minutes). */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 120_000;
/** Output kept of a captured call: a tree listing of a very large repository stays far below this. */
const MAX_CAPTURED = 256 * 1024 * 1024;

/** Git for the repository at `repository` (its work tree or any folder in it). */
export function gitCommands(repository: string, options: GitOptions = {}): GitCommands {
  const program = options.program ?? 'git';
  const limit = (call?: { timeoutMs?: number }) => call?.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    run: (args, call) => runGit(program, repository, args, limit(call), null),
    streamBlob: (object, into, call) => runGit(program, repository, ['cat-file', 'blob', object], limit(call), into),
  };
}

function runGit(program: string, cwd: string, args: readonly string[], timeoutMs: number, into: Writable | null): Promise<GitOutput> {
  return new Promise((resolve) => {
    const child = spawn(program, args, {
      cwd,
      // Never ask for credentials (a fetch would wait on a prompt nobody answers): git(1), GIT_TERMINAL_PROMPT.
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that a timeout ends git and the helpers it started.
      detached: true,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let captured = 0;
    let timedOut = false;
    let failure: string | undefined;
    const kill = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
      // A sink that never finishes (a stalled disk) must not hold the call past its limit either.
      into?.destroy();
    }, timeoutMs);
    const stopOnCancel = onCancel(async () => kill());

    if (into === null) {
      child.stdout.on('data', (chunk: Buffer) => {
        captured += chunk.length;
        if (captured <= MAX_CAPTURED) stdout.push(chunk);
      });
    } else {
      child.stdout.pipe(into);
      // The file cannot take more (a full disk): git is stopped, and the error said.
      into.on('error', (error: Error) => {
        failure ??= `writing the blob failed: ${error.message}`;
        kill();
      });
    }
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));

    let exitCode: number | null = null;
    const finished = new Promise<void>((done) => {
      child.on('error', (error) => {
        failure ??= `git could not be run (${error.message})`;
        if (into !== null && !into.writableEnded) into.end();
        done();
      });
      child.on('close', (code) => {
        exitCode = code;
        done();
      });
    });
    // With a sink, the result waits for it to have written everything (or failed).
    const written =
      into === null
        ? Promise.resolve()
        : new Promise<void>((done) => {
            into.on('finish', () => done());
            into.on('error', () => done());
            into.on('close', () => done());
          });
    void Promise.all([finished, written]).then(() => {
      clearTimeout(timer);
      stopOnCancel();
      const words = Buffer.concat(stderr).toString('utf8');
      resolve({
        exitCode: failure === undefined && !timedOut ? exitCode : null,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: [words.trim(), failure, timedOut ? `git ${args[0]} did not finish within ${timeoutMs / 1000} s and was stopped` : undefined]
          .filter(Boolean)
          .join('\n'),
        timedOut,
      });
    });
  });
}
