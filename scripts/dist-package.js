// Marks the bundles in dist/ as ES modules and makes the command line executable.
import { chmodSync, writeFileSync } from 'node:fs';

writeFileSync(new URL('../dist/package.json', import.meta.url), `${JSON.stringify({ type: 'module' }, null, 2)}\n`);
chmodSync(new URL('../dist/cli/index.js', import.meta.url), 0o755);
