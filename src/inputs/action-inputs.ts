// Generated from action.yml by scripts/action-inputs.js (npm run inputs): do not edit.

export interface ActionInput {
  name: string;
  description: string;
  default?: string;
}

export const ACTION_INPUTS: readonly ActionInput[] = [
  {
    "name": "target",
    "description": "Where the model runs: host (a program on this runner, launched under LLDB), simulator (an app in the iOS Simulator) or device (an app on an attached iPhone/iPad).",
    "default": "host"
  },
  {
    "name": "command",
    "description": "target host: the program and its arguments, split like a shell splits words (quotes honoured; no shell runs, so pipes, globs and $VARIABLES are refused). A program without a / is looked up in PATH. Either command or model."
  },
  {
    "name": "model",
    "description": "A .mlpackage, .mlmodel or .mlmodelc: the model check reads it, and on a Mac the bundled harness runs it, so that no test app is needed. Where only the model check runs, several paths or globs, one per line (Models/**/*.mlpackage)."
  },
  {
    "name": "project",
    "description": "The Xcode project of your test app (simulator and device)."
  },
  {
    "name": "workspace",
    "description": "The Xcode workspace of your test app (simulator and device)."
  },
  {
    "name": "scheme",
    "description": "The scheme that builds your test app."
  },
  {
    "name": "configuration",
    "description": "The build configuration of your test app; default Debug. It must produce a debuggable app (get-task-allow)."
  },
  {
    "name": "app",
    "description": "An already built .app (skips the build); give bundle-id with it."
  },
  {
    "name": "bundle-id",
    "description": "The bundle identifier of app; with model on the Simulator or a device, the harness app's (default dev.ane-check.harness)."
  },
  {
    "name": "device",
    "description": "Simulator name or UDID, or the device's name, UDID or CoreDevice identifier; default: the first booted iOS simulator, or the first usable iPhone or iPad (paired, and not unavailable in xcrun devicectl list devices)."
  },
  {
    "name": "symbols",
    "description": "The symbol profile: auto, a built-in profile (espresso, e5rt) or the path of a JSON profile.",
    "default": "auto"
  },
  {
    "name": "warmup",
    "description": "Predictions observed but not counted (the first includes loading and ANE compilation).",
    "default": "1"
  },
  {
    "name": "predictions",
    "description": "Predictions to count after the warm-up; then the probe takes its snapshot and ends the target.",
    "default": "10"
  },
  {
    "name": "timeout",
    "description": "Seconds for the whole probe; on expiry LLDB and the target are killed and the result is error.",
    "default": "300"
  },
  {
    "name": "threshold",
    "description": "Minimum ANE coverage in percent; below it the check fails.",
    "default": "0"
  },
  {
    "name": "max-drop",
    "description": "Maximum fall of ANE coverage against the baseline, in percentage points; empty: no regression gate."
  },
  {
    "name": "baseline",
    "description": "A JSON report of an earlier run to compare with: a file path, or auto (the report of the same name from the latest successful run of this workflow on the pull request's base branch, read from the artifact named by baseline-artifact)."
  },
  {
    "name": "name",
    "description": "The label of this run in reports, and the key of its pull-request comment; default: derived from model, scheme, app or command (ane-check when publishing)."
  },
  {
    "name": "report",
    "description": "Where the JSON report is written (folders are created).",
    "default": "ane-report.json"
  },
  {
    "name": "fail-on-inconclusive",
    "description": "Whether an inconclusive result fails the step.",
    "default": "true"
  },
  {
    "name": "lldb",
    "description": "The debugger to run; default: xcrun lldb on macOS, lldb elsewhere."
  },
  {
    "name": "github-token",
    "description": "Token for pull-request comments and baselines; masked, never printed.",
    "default": "${{ github.token }}"
  },
  {
    "name": "comment",
    "description": "update: create or update one pull-request comment per measurement name; off: no comment.",
    "default": "update"
  },
  {
    "name": "publish",
    "description": "A glob of report files to publish instead of measuring: one combined summary, comment and gate (matrix merge jobs, and the workflow_run recipe for forks)."
  },
  {
    "name": "baseline-artifact",
    "description": "The name of the artifact that holds the base branch's reports, for baseline: auto.",
    "default": "ane-report"
  },
  {
    "name": "junit",
    "description": "Where to write JUnit XML: one test case per measurement (a failure for fail, an error for error, skipped for inconclusive, with the reasons and the properties coverage, delta, plan-coverage and status), and with the model check one per model and rule; empty: none."
  },
  {
    "name": "compute-units",
    "description": "For model: the MLComputeUnits the harness asks for: all, cpuAndNeuralEngine, cpuAndGPU or cpuOnly (in a macOS virtual machine, all becomes cpuAndGPU).",
    "default": "all"
  },
  {
    "name": "signing-identity",
    "description": "target device with model: the codesign identity that signs the harness app (an Apple Development certificate in the keychain)."
  },
  {
    "name": "provisioning-profile",
    "description": "target device with model: the development .mobileprovision for the harness app (its app ID must cover bundle-id, default dev.ane-check.harness)."
  },
  {
    "name": "discover",
    "description": "true: list the engine-like functions of Espresso, E5RT and AppleNeuralEngine in the live process and write a candidate profile next to the report (ane-report.profile-candidates.json).",
    "default": "false"
  },
  {
    "name": "counting",
    "description": "How breakpoint hits are counted: auto-continue (LLDB continues after each hit by itself, the cheap path), driven (every breakpoint stops and ane-check continues it, for LLDBs reported to lose auto-continue hits), or auto (driven for Apple lldb-1704 / Xcode 26.4 and later and for iOS 27 devices, auto-continue otherwise). The report says which ran (run.counting).",
    "default": "auto"
  },
  {
    "name": "plan-threshold",
    "description": "Minimum share of the model's estimated cost that Core ML's compute plan (the app's ane-check:plan line) places on the ANE, in percent; empty: no plan gate. A run whose ANE probes are blind is decided by the plan's gates when they are set."
  },
  {
    "name": "allow-off-ane",
    "description": "Comma-separated op types (ios18.gather, ios18.softmax) that may run off the ANE; when set, any other op type that the compute plan places off the ANE fails the check."
  },
  {
    "name": "max-slowdown",
    "description": "Maximum rise of the median prediction latency (the app's ane-check:latency line) against the baseline's, in percent; empty: no latency gate."
  },
  {
    "name": "check",
    "description": "Which checks run: static (read the model file: the model check, any runner), measure (run it under LLDB), both, or auto (the model check whenever model is given, and the measurement whenever there is something to run: a command, an app or project, target simulator or device, or model on a Mac with Xcode).",
    "default": "auto"
  },
  {
    "name": "base-model",
    "description": "The base version of the model, for the model check's diff: auto (in a pull request, the same path at the base commit, read with git; elsewhere none), a model path, a report file of an earlier run (.json), or none.",
    "default": "auto"
  },
  {
    "name": "fail-on",
    "description": "Which model-check findings fail the step: new (error findings the base model does not have), error (every error finding), warning (errors and warnings) or never. Findings on op types listed in allow-off-ane never fail.",
    "default": "new"
  }
];

export const VERSION = "0.1.0";
