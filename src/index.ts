// The Action's entry point (action.yml: runs.main = dist/index.js).
import { run } from './action.js';

await run();
