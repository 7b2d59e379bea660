/**
 * Where the models' bases come from (`base-model`): `auto` is the same path at the pull request's base commit,
 * read with git (outside a pull request, none); a `.json` file is an earlier run's report; any other path is the
 * base of the one model checked; `none` turns the diff off. Each model then gets its base side, or says why it
 * has none; nothing here throws.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import path from 'node:path';

import { errorMessage } from '../../errors.js';
import { type BaseProblem, materializeBaseModel } from '../base/git-base.js';
import { gitCommands, type GitCommands } from '../base/git.js';
import { listModelsAtCommit } from '../base/models-at-commit.js';
import { type ReportBase, reportBase, reportEntryFor } from '../base/report-base.js';
import type { ModelSide } from '../diff.js';
import { ModelError } from '../model-error.js';
import { readModel } from '../read/index.js';
import { checkModel, type Finding } from '../rules/index.js';
import { modelSummary } from '../summary.js';
import type { BaseReport } from './model-report.js';

export type BaseChoice =
  /** No diff: `base-model: none`, or `auto` outside a pull request (`why` says so). */
  | { kind: 'none'; why?: string }
  /** One `git` for every model, so that the base commit is looked for (and fetched) once. */
  | { kind: 'git'; repository: string; prefix: string; sha: string; git: GitCommands }
  | { kind: 'path'; path: string }
  | { kind: 'report'; file: string; base: Extract<ReportBase, { kind: 'report' }> }
  /** A base that should be there and cannot be had: every model says so. */
  | { kind: 'problem'; source: BaseReport['source']; ref: string; message: string };

export interface BaseContext {
  cwd: string;
  /** The pull request's base commit, from the event; undefined outside a pull request. */
  baseCommit?: string;
  /** How many models are checked: a model path as the base is the base of one. */
  models: number;
}

export async function chooseBase(setting: string, context: BaseContext): Promise<BaseChoice> {
  if (setting === 'none') return { kind: 'none' };
  if (setting === 'auto') {
    if (context.baseCommit === undefined) return { kind: 'none', why: 'not a pull request: there is no base commit to compare with' };
    const git = gitCommands(context.cwd);
    const top = await git.run(['rev-parse', '--show-toplevel']);
    const prefix = await git.run(['rev-parse', '--show-prefix']);
    if (top.exitCode !== 0 || prefix.exitCode !== 0) {
      const message = `\`base-model: auto\` reads the base commit ${context.baseCommit.slice(0, 12)} from git, but ${context.cwd} is not in a git checkout (${(top.stderr || prefix.stderr).trim() || 'git failed'}). Check out the repository with actions/checkout first, or set \`base-model\` to a path, a report file or \`none\`.`;
      return { kind: 'problem', source: 'git', ref: context.baseCommit, message };
    }
    const repository = top.stdout.trim();
    return { kind: 'git', repository, prefix: prefix.stdout.trim(), sha: context.baseCommit, git: gitCommands(repository) };
  }
  const file = path.resolve(context.cwd, setting);
  if (/\.json$/iu.test(setting)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read as JSON (${errorMessage(error)})`;
      return { kind: 'problem', source: 'report', ref: setting, message: `The base report ${setting} ${why}. Give \`base-model\` the report of a run on the base branch, or \`auto\`.` };
    }
    const base = reportBase(parsed, setting);
    if (base.kind === 'problem') return { kind: 'problem', source: 'report', ref: setting, message: `${base.message} ${base.fix}` };
    return { kind: 'report', file: setting, base };
  }
  if (context.models > 1) {
    return { kind: 'problem', source: 'path', ref: setting, message: `\`base-model\` names one model (${setting}), but ${context.models} models are checked: give a report file of a run that checked them, or \`auto\`.` };
  }
  return { kind: 'path', path: file };
}

/** What the diff compares a head model with: `side` undefined means no comparison, null that the base has no such model. */
export interface BaseOf {
  side?: ModelSide<Finding> | null;
  base?: BaseReport;
}

/**
 * The base of the model at `modelPath` (relative to the working directory). A git base is written into a folder
 * under `workDir` (weight files sparse: git-base.ts) and read like the head; the caller removes `workDir`.
 */
export async function baseOf(choice: BaseChoice, modelPath: string, workDir: string): Promise<BaseOf> {
  switch (choice.kind) {
    case 'none':
      return {};
    case 'problem':
      return { base: { source: choice.source, ref: choice.ref, problem: choice.message } };
    case 'path':
      return readSide(choice.path, modelPath, { source: 'path', ref: path.basename(choice.path) }, choice.path);
    case 'report': {
      const base: BaseReport = { source: 'report', ref: choice.file };
      const entry = reportEntryFor(choice.base, modelPath);
      if (entry === undefined) return { side: null, base };
      if (entry.kind === 'problem') return { base: { ...base, problem: `${entry.message} ${entry.fix}` } };
      return { side: entry.side as ModelSide<Finding>, base };
    }
    case 'git': {
      const base: BaseReport = { source: 'git', ref: choice.sha };
      const into = await mkdtemp(path.join(workDir, 'base-'));
      const found = await materializeBaseModel({ repository: choice.repository, sha: choice.sha, modelPath: path.posix.join(choice.prefix, modelPath), into }, choice.git);
      if (found.kind === 'absent') return { side: null, base };
      if (found.kind === 'problem') return { base: { ...base, problem: problemText(found) } };
      return readSide(found.path, modelPath, base, `${modelPath} at the base commit ${choice.sha.slice(0, 12)}`);
    }
  }
}

/**
 * The base's own models that `matches` names and the head does not have: the ones the pull request deletes. A
 * base commit that cannot be listed gives none and says why (each model's own base then says it too).
 */
export async function deletedModels(choice: BaseChoice, matches: (modelPath: string) => boolean, head: readonly string[]): Promise<{ paths: string[]; problem?: string }> {
  const gone = (paths: readonly string[]) => paths.filter((modelPath) => matches(modelPath) && !head.includes(modelPath));
  if (choice.kind === 'report') return { paths: gone([...choice.base.entries.keys()]) };
  if (choice.kind !== 'git') return { paths: [] };
  const listed = await listModelsAtCommit(choice.repository, choice.sha, (repoPath) => repoPath.startsWith(choice.prefix), choice.git);
  if (listed.kind === 'problem') return { paths: [], problem: `Models deleted since the base commit could not be listed: ${problemText(listed)}` };
  return { paths: gone(listed.paths.map((repoPath) => repoPath.slice(choice.prefix.length))) };
}

/** The model at `file` read as a base: its summary (named by the head's path) and its findings; a problem names it `label`. */
async function readSide(file: string, modelPath: string, base: BaseReport, label: string): Promise<BaseOf> {
  try {
    const facts = await readModel(file);
    return { side: { summary: { ...modelSummary(facts), path: modelPath }, findings: checkModel(facts) }, base };
  } catch (error) {
    // A git base is read from a temporary copy, whose path means nothing to the reader of the report.
    const reason = (error instanceof ModelError ? error.message : errorMessage(error)).replaceAll(file, label);
    return { base: { ...base, problem: `The base model could not be read: ${reason}` } };
  }
}

function problemText(problem: BaseProblem): string {
  return `${problem.message} ${problem.fix}`;
}
