#!/usr/bin/env node
// The command line: `ane-check --command "..." --threshold 50`.
import { runCli } from './cli-run.js';

// A reader that stops early (`ane-check ... | head`) is not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

process.exitCode = await runCli(process.argv.slice(2));
