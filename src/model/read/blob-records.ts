/**
 * An ML program's weights live in a blob file (`@model_path/weights/weight.bin`); each blob value names the offset
 * of its 64-byte record (coremltools `mlmodel/src/MILBlob/Blob/StorageFormat.hpp`, `blob_metadata`: sentinel
 * 0xDEADBEEF, dtype, size in bytes, data offset). Only those records are read, never the data behind them.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import type { ProgramFacts, ValueFacts } from '../facts.js';
import { ByteSource } from './byte-source.js';
import { BLOB_DATA_TYPES, dataTypeName } from './schema.js';

const SENTINEL = 0xdeadbeef;
const RECORD_BYTES = 64;
const MODEL_PATH = '@model_path/';

/** Fills each blob value's `dataType` and `bytes` from its record; returns notes and the bytes it read. */
export function readBlobRecords(program: ProgramFacts, modelDir: string): { notes: string[]; bytesRead: number } {
  const notes: string[] = [];
  const sources = new Map<string, ByteSource | null>();
  const complaints = new Set<string>();
  let bytesRead = 0;
  try {
    for (const value of blobValues(program)) {
      const blob = value.blob!;
      const file = blob.fileName.startsWith(MODEL_PATH) ? path.join(modelDir, blob.fileName.slice(MODEL_PATH.length)) : path.join(modelDir, blob.fileName);
      let source = sources.get(file);
      if (source === undefined) {
        source = existsSync(file) ? ByteSource.open(file, RECORD_BYTES) : null;
        sources.set(file, source);
        if (source === null) notes.push(`the weight file ${blob.fileName} is not there`);
      }
      if (source === null) continue;
      if (blob.offset + RECORD_BYTES > source.size) {
        complain(complaints, notes, `${file}:past`, `${blob.fileName}: a blob record at offset ${blob.offset} lies past the end of the file (${source.size} bytes)`);
        continue;
      }
      const record = source.bytes(blob.offset, blob.offset + RECORD_BYTES);
      if (record.readUInt32LE(0) !== SENTINEL) {
        complain(complaints, notes, `${file}:sentinel`, `${blob.fileName}: the blob records are not MIL blob records (no 0xDEADBEEF sentinel), so their dtypes are not known`);
        continue;
      }
      blob.dataType = dataTypeName(BLOB_DATA_TYPES, record.readUInt32LE(4));
      blob.bytes = Number(record.readBigUInt64LE(8));
    }
  } finally {
    for (const source of sources.values()) {
      if (source === null) continue;
      bytesRead += source.bytesRead;
      source.close();
    }
  }
  return { notes, bytesRead };
}

/** One note per file and kind of problem, not one per blob. */
function complain(said: Set<string>, notes: string[], key: string, note: string): void {
  if (said.has(key)) return;
  said.add(key);
  notes.push(note);
}

function* blobValues(program: ProgramFacts): Generator<ValueFacts> {
  for (const fn of program.functions) {
    for (const op of fn.operations) {
      for (const value of Object.values(op.attributes)) if (value.blob) yield value;
      for (const bindings of Object.values(op.inputs)) {
        for (const binding of bindings) if (binding.kind === 'value' && binding.value.blob) yield binding.value;
      }
    }
  }
}
