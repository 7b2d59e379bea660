/**
 * What a file is when it is not a model: a Git LFS pointer (the most common way a model goes missing in CI, since
 * actions/checkout does not fetch LFS objects unless asked), or a file whose first bytes name another format.
 */

/** Git LFS pointers start with this line (git-lfs's spec, docs/spec.md: "version https://git-lfs.github.com/spec/v1"). */
const LFS_POINTER = 'version https://git-lfs';

/** Enough bytes to recognise every signature below. */
export const SNIFF_BYTES = 64;

const SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], what: 'an empty zip archive' },
  { bytes: [0x1f, 0x8b], what: 'a gzip file (gunzip it first)' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'an ELF program' },
  { bytes: [0x62, 0x70, 0x6c, 0x69, 0x73, 0x74], what: 'a binary property list' },
  { bytes: [0x80], what: 'a Python pickle (a PyTorch or scikit-learn file, not converted to Core ML)' },
];

export type Sniffed = { kind: 'lfs-pointer' } | { kind: 'other'; what: string };

export function sniff(head: Buffer): Sniffed | undefined {
  if (head.subarray(0, LFS_POINTER.length).toString('latin1') === LFS_POINTER) return { kind: 'lfs-pointer' };
  for (const { bytes, what } of SIGNATURES) {
    if (bytes.every((byte, i) => head[i] === byte)) return { kind: 'other', what };
  }
  const text = head.toString('latin1').trimStart();
  if (text.startsWith('{') || text.startsWith('[')) return { kind: 'other', what: 'a JSON or text file' };
  if (text.startsWith('<')) return { kind: 'other', what: 'an XML or HTML file' };
  return undefined;
}

export function isLfsPointer(head: Buffer): boolean {
  return sniff(head)?.kind === 'lfs-pointer';
}
