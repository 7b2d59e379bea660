// Writes docs/model-check-rules.md, the table of the model check's rules, from the rules' own metadata
// (src/model/rules/docs.ts): `node scripts/rule-docs.js`. The rules are TypeScript, so it compiles the sources
// into lib/ first, as `npm run build` does; test/model/rules/docs.test.ts fails when the file is stale.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
const { RULE_DOCS_FILE, ruleDocsMarkdown } = await import(pathToFileURL(path.join(ROOT, 'lib', 'model', 'rules', 'docs.js')).href);
writeFileSync(path.join(ROOT, RULE_DOCS_FILE), ruleDocsMarkdown());
console.log(`Wrote ${RULE_DOCS_FILE}`);
