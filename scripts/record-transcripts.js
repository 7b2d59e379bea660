// Records the LLDB transcripts that the parser's unit tests read (test/transcripts/), by running the real
// LLDB on the espresso-sim fixture with ane-check's own script. Run after `npm run build`:
//   node scripts/record-transcripts.js lldb14 lldb            # Debian's lldb-14
//   node scripts/record-transcripts.js lldb19 /path/to/lldb   # another LLDB (see .ci/run for LLDB 19)
// Paths of this machine are replaced by stable ones, so that recordings do not change with the folder.
// With lldb19, two runs are also written as Xcode's LLDB prints them on a Mac (xcode-*: see xcodeStyle).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { buildLldbScript } from '../lib/probe/lldb-script.js';
import { runLldbSession } from '../lib/probe/lldb-session.js';
import { BUILT_IN_PROFILES } from '../lib/profiles/built-in.js';
import { mergeProfiles } from '../lib/profiles/profile.js';
import { hostCommands } from '../lib/targets/host.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [prefix = 'lldb14', lldb = 'lldb'] = process.argv.slice(2);
const build = path.join(root, 'test', 'fixtures', 'espresso-sim', 'build');
execFileSync(path.join(root, 'test', 'fixtures', 'espresso-sim', 'build.sh'), [build], { stdio: 'inherit' });
const fixture = path.join(build, 'espresso-sim');
const out = path.join(root, 'test', 'transcripts');
mkdirSync(out, { recursive: true });

const badRegex = [BUILT_IN_PROFILES.espresso.probes[0], { engine: 'cpu', role: 'dispatch', regex: '^Espresso::(elementwise' }, { role: 'prediction', symbol: 'Espresso::net::__forward' }];
const scenarios = [
  { name: 'window-complete', probes: BUILT_IN_PROFILES.espresso.probes, args: ['--plan', 'ane=2,gpu=1,cpu=3', '--predictions', '20'], window: { warmup: 1, predictions: 3 } },
  { name: 'window-complete-driven', probes: BUILT_IN_PROFILES.espresso.probes, args: ['--plan', 'ane=2,gpu=1,cpu=3', '--predictions', '20'], window: { warmup: 1, predictions: 3 }, counting: 'driven' },
  { name: 'crash', probes: BUILT_IN_PROFILES.espresso.probes, args: ['--predictions', '8', '--crash-at', '3'], window: { warmup: 1, predictions: 5 } },
  { name: 'exit-early', probes: BUILT_IN_PROFILES.e5rt.probes, args: ['--runtime', 'e5rt', '--entry', 'batch', '--batch-size', '2', '--predictions', '4'], window: { warmup: 1, predictions: 5 } },
  // `auto` on a classic (NeuralNetwork) run, whose ANE evaluate calls the direct one that E5RT probes.
  { name: 'auto-espresso', probes: mergeProfiles('auto', [BUILT_IN_PROFILES.espresso, BUILT_IN_PROFILES.e5rt]).probes, args: ['--plan', 'ane=2,cpu=1', '--predictions', '6'], window: { warmup: 1, predictions: 3 } },
  { name: 'refused-regex', probes: badRegex, args: [], window: { warmup: 1, predictions: 3 } },
  // Every engine name in an image of another name (CoreMLMoved): the fallback stop sets the probes again in every image.
  { name: 'moved', probes: BUILT_IN_PROFILES.e5rt.probes, args: ['--moved', '--runtime', 'e5rt', '--plan', 'ane=3,gpu=1,cpu=2', '--predictions', '20'], window: { warmup: 1, predictions: 3 } },
  { name: 'moved-driven', probes: BUILT_IN_PROFILES.espresso.probes, args: ['--moved', '--plan', 'ane=2,gpu=1,cpu=3', '--predictions', '20'], window: { warmup: 0, predictions: 3 }, counting: 'driven' },
  { name: 'e5rt-window-complete', probes: BUILT_IN_PROFILES.e5rt.probes, args: ['--runtime', 'e5rt', '--plan', 'ane=3,gpu=1,cpu=2', '--predictions', '20'], window: { warmup: 1, predictions: 2 }, xcode: true },
  { name: 'e5rt-crash', probes: BUILT_IN_PROFILES.e5rt.probes, args: ['--runtime', 'e5rt', '--predictions', '8', '--crash-at', '4'], window: { warmup: 1, predictions: 5 }, xcode: true },
];

/**
 * The same run as Xcode's LLDB prints it on an arm64 Mac: addresses in the shared cache, an offset past
 * the prologue on C++ locations, the main thread named by its queue, EXC_BAD_ACCESS for a bad access.
 */
function xcodeStyle(text) {
  return text
    .replaceAll(/0x00007fff([0-9a-f]{8})/gu, (_, low) => `0x00000001${low}`)
    .replaceAll(/(where = Espresso`E5RT::[^,]+\(int\)), address/gu, '$1 + 24, address')
    .replaceAll(/name = 'espresso-sim', stop reason/gu, "queue = 'com.apple.main-thread', stop reason")
    .replaceAll(/stop reason = signal SIGSEGV: [^\n]*\(fault address: 0x0\)/gu, 'stop reason = EXC_BAD_ACCESS (code=1, address=0x0)')
    .replaceAll("' (x86_64)", "' (arm64)");
}

for (const scenario of scenarios) {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'ane-check-record-'));
  const target = hostCommands({ command: [fixture, ...scenario.args], stdoutPath: '/dev/null', stderrPath: '/dev/null' });
  const counting = scenario.counting ?? 'auto-continue';
  const script = buildLldbScript(scenario.probes, scenario.window, target, counting);
  const session = await runLldbSession({ lldb: [lldb], script, counting, window: scenario.window, workDir, timeoutMs: 60_000 });
  rmSync(workDir, { recursive: true, force: true });
  const stable = (text) => text.replaceAll(build, '/fixtures').replaceAll(workDir, '/tmp/ane-check-Xy12ab');
  const name = scenario.xcode ? `xcode-${scenario.name}` : `${prefix}-${scenario.name}`;
  if (scenario.xcode && prefix !== 'lldb19') continue;
  const style = scenario.xcode ? xcodeStyle : (text) => text;
  writeFileSync(path.join(out, `${name}.stdout.txt`), style(stable(session.stdout)));
  writeFileSync(path.join(out, `${name}.stderr.txt`), style(stable(session.stderr)));
  console.log(`${name}: ${session.stdout.split('\n').length} lines`);
}
