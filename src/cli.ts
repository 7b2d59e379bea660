#!/usr/bin/env node
// The command line: `ane-check --command "..." --threshold 50`.
import { runCli } from './cli-run.js';

process.exitCode = await runCli(process.argv.slice(2));
