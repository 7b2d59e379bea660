import { execFileSync } from 'node:child_process';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { gitCommands } from '../../../src/model/base/git.js';
import { processesGone, processesWith } from '../../support/processes.js';
import { tempFolder } from '../../support/temp.js';

function repository(): { dir: string; blob: string } {
  const dir = tempFolder('git-commands');
  execFileSync('git', ['init', '-q', dir]);
  writeFileSync(path.join(dir, 'file.bin'), Buffer.alloc(300_000, 7));
  const blob = execFileSync('git', ['hash-object', '-w', 'file.bin'], { cwd: dir, encoding: 'utf8' }).trim();
  return { dir, blob };
}

describe('gitCommands', () => {
  it('runs git in the repository and captures what it says', async () => {
    const { dir } = repository();
    expect(await gitCommands(dir).run(['rev-parse', '--is-inside-work-tree'])).toEqual({ exitCode: 0, stdout: 'true\n', stderr: '', timedOut: false });
  });

  it('a failure is its exit code and its words, not an exception', async () => {
    const { dir } = repository();
    const output = await gitCommands(dir).run(['cat-file', '-e', 'no-such-object']);
    expect(output).toMatchObject({ exitCode: 128, stdout: '', timedOut: false });
    expect(output.stderr).toContain('no-such-object');
  });

  it('a git that cannot start says so', async () => {
    const output = await gitCommands(tempFolder('git-commands'), { program: '/nonexistent/git' }).run(['status']);
    expect(output).toMatchObject({ exitCode: null, timedOut: false, stderr: expect.stringContaining('git could not be run (spawn /nonexistent/git ENOENT)') });
  });

  it('streams a blob to a file, as git stores it', async () => {
    const { dir, blob } = repository();
    const file = path.join(tempFolder('git-commands'), 'out.bin');
    expect(await gitCommands(dir).streamBlob(blob, createWriteStream(file))).toEqual({ exitCode: 0, stdout: '', stderr: '', timedOut: false });
    expect(readFileSync(file).equals(Buffer.alloc(300_000, 7))).toBe(true);
  });

  it('a blob git does not have', async () => {
    const { dir } = repository();
    const output = await gitCommands(dir).streamBlob('0123456789012345678901234567890123456789', createWriteStream(path.join(tempFolder('git-commands'), 'out.bin')));
    expect(output.exitCode).toBe(128);
    expect(output.stderr).not.toBe('');
  });

  it('a sink that fails stops git, and says why', async () => {
    const { dir, blob } = repository();
    const failing = new Writable({
      write(_chunk, _encoding, done) {
        done(new Error('no space left on device'));
      },
    });
    const output = await gitCommands(dir).streamBlob(blob, failing);
    expect(output).toMatchObject({ exitCode: null, stderr: expect.stringContaining('writing the blob failed: no space left on device') });
  });

  it('a call past its timeout is killed with every process it started', async () => {
    // A stand-in for a git stuck on the network: a shell that waits on a child of its own.
    const marker = `sleep 41.${process.pid}${Date.now() % 1000}`;
    const started = Date.now();
    const output = await gitCommands(tempFolder('git-commands'), { program: '/bin/sh', timeoutMs: 300 }).run(['-c', `${marker} & wait`]);
    expect(output).toMatchObject({ exitCode: null, timedOut: true, stderr: expect.stringContaining('did not finish within 0.3 s and was stopped') });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await processesGone(marker)).toEqual([]);
    expect(processesWith(marker)).toEqual([]);
  });

  it("a call's own limit wins over the default", async () => {
    const marker = `sleep 42.${process.pid}${Date.now() % 1000}`;
    const output = await gitCommands(tempFolder('git-commands'), { program: '/bin/sh', timeoutMs: 60_000 }).run(['-c', marker], { timeoutMs: 200 });
    expect(output.timedOut).toBe(true);
    expect(await processesGone(marker)).toEqual([]);
  });
});
