/**
 * The files an iOS app writes in its data container for ane-check: on a device its standard output and error
 * do not reach ane-check, and in the Simulator they are unreliable with a debugger attached (simulator.ts). The
 * bundled harness writes both anew at each launch (harness/iOS/App.swift); a user's app may write the first
 * (docs/evidence-lines.md). Paths are relative to the container: devicectl's `copy from --source` and the
 * Simulator's `get_app_container ... data` folder take them as they are.
 */
export const APP_EVIDENCE_FILE = 'Documents/ane-check-evidence.txt';

/** The harness's error output (what it writes on standard error), for the end of it that a broken run quotes. */
export const APP_ERROR_FILE = 'Documents/ane-check-stderr.txt';
