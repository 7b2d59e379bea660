/**
 * What the reader reads of an ML program's weight file: the 64-byte storage header and the 64-byte blob
 * records (coremltools `mlmodel/src/MILBlob/Blob/StorageFormat.hpp`: `storage_header`, then per blob a
 * `blob_metadata` starting with the sentinel 0xDEADBEEF, its dtype, size and data offset), never the data.
 * The base source streams a weight file from git through this and writes only these pieces into a sparse
 * file of the same size, so the base reads as the original does (the blobs' dtypes known) for the cost of
 * a few disk blocks.
 *
 * Records are found by their sentinel at any offset rather than by walking the format: a match inside the
 * data only writes 64 bytes more, and a file laid out otherwise still keeps every record.
 */

/** Bytes of the storage header and of each blob record. */
export const RECORD_BYTES = 64;
/** 0xDEADBEEF as stored (little-endian). */
const SENTINEL = Buffer.from([0xef, 0xbe, 0xad, 0xde]);

export interface Piece {
  /** Where it goes in the file. */
  position: number;
  bytes: Buffer;
}

/** Feed a weight file's bytes in order with `push`; each call returns the pieces that chunk completed. */
export class BlobRecordScanner {
  /** Bytes seen so far. */
  private seen = 0;
  /** The end of the last chunk, where a record may have begun and not yet ended. */
  private carry = Buffer.alloc(0);

  push(chunk: Buffer): Piece[] {
    const pieces: Piece[] = [];
    if (this.seen < RECORD_BYTES) {
      const header = chunk.subarray(0, RECORD_BYTES - this.seen);
      pieces.push({ position: this.seen, bytes: Buffer.from(header) });
    }
    const bytes = this.carry.length === 0 ? chunk : Buffer.concat([this.carry, chunk]);
    const start = this.seen - this.carry.length;
    this.seen += chunk.length;
    // A sentinel found too near the end to hold a whole record is kept, with what follows it, for the next chunk;
    // else the last 3 bytes are, since a sentinel may straddle the chunks.
    let keepFrom = Math.max(0, bytes.length - (SENTINEL.length - 1));
    for (let at = bytes.indexOf(SENTINEL); at >= 0; at = bytes.indexOf(SENTINEL, at + 1)) {
      if (at + RECORD_BYTES > bytes.length) {
        keepFrom = at;
        break;
      }
      pieces.push({ position: start + at, bytes: Buffer.from(bytes.subarray(at, at + RECORD_BYTES)) });
    }
    this.carry = Buffer.from(bytes.subarray(keepFrom));
    return pieces;
  }

  /** Bytes pushed so far. */
  get bytesSeen(): number {
    return this.seen;
  }
}
