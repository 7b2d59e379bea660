import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * A file read by positional reads through one window of bytes, so that walking a model touches only the bytes
 * of the fields it decodes: a skipped field (weights) costs nothing but the jump over it. `bytesRead` counts what
 * was actually read, which the tests use to prove that weights stay on disk.
 *
 * The reads are synchronous: a model's structure is a few hundred kilobytes at most, read in 64 KB windows, and a
 * synchronous walk keeps the decoder plain code with depth limits rather than a chain of promises.
 */
export class ByteSource {
  readonly size: number;
  bytesRead = 0;
  private window: Buffer = Buffer.alloc(0);
  private windowStart = 0;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    private readonly windowBytes: number,
  ) {
    this.size = fstatSync(fd).size;
  }

  /** `windowBytes`: how much one read fetches ahead; small for scattered records (a weight file's blob records). */
  static open(path: string, windowBytes = WINDOW): ByteSource {
    return new ByteSource(path, openSync(path, 'r'), windowBytes);
  }

  close(): void {
    closeSync(this.fd);
  }

  /**
   * The bytes [start, end) of the file (end is capped at the file's size). Served from the window when it holds
   * them; a range larger than the window is read on its own, so loading it does not evict the window.
   */
  bytes(start: number, end: number): Buffer {
    const stop = Math.min(end, this.size);
    if (stop <= start) return Buffer.alloc(0);
    if (start >= this.windowStart && stop <= this.windowStart + this.window.length) {
      return this.window.subarray(start - this.windowStart, stop - this.windowStart);
    }
    if (stop - start > this.windowBytes) return this.read(start, stop - start);
    this.window = this.read(start, Math.min(this.windowBytes, this.size - start));
    this.windowStart = start;
    return this.window.subarray(0, stop - start);
  }

  private read(position: number, length: number): Buffer {
    const buffer = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, buffer, done, length - done, position + done);
      if (n === 0) break;
      done += n;
    }
    this.bytesRead += done;
    return done === length ? buffer : buffer.subarray(0, done);
  }
}

const WINDOW = 64 * 1024;
