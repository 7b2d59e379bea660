// A test that runs Action code in this process (a glob's debug lines, a build's log group) would print
// workflow commands (`::debug::`, `::group::`) into the job log of the CI that runs the tests, where the
// runner would act on them. This setup file makes such lines inert: they are printed after a label.
const LABEL = '(a workflow command, from a test) ';

const write = process.stdout.write.bind(process.stdout) as (chunk: unknown, ...rest: unknown[]) => boolean;
process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
  const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : undefined;
  if (text === undefined || !/^\s*::/mu.test(text)) return write(chunk, ...rest);
  return write(text.replace(/^(\s*)::/gmu, `$1${LABEL}::`), ...rest);
}) as typeof process.stdout.write;
