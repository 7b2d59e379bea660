/**
 * The model check (contract.md, "The model check"): the models `model` names, each read, checked by the rules
 * and compared with its base; the models the pull request deletes; and the status that `fail-on` gives them.
 * A model that cannot be read is that model's error: the others are still checked. Needs no process but git.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { errorMessage } from '../../errors.js';
import type { Settings } from '../../inputs/settings.js';
import { diffModels } from '../diff.js';
import { ModelError } from '../model-error.js';
import { readModel } from '../read/index.js';
import { checkModel } from '../rules/index.js';
import { modelSummary } from '../summary.js';
import { baseOf, chooseBase, deletedModels, type BaseOf } from './base-source.js';
import { decideModelCheck, type ModelCheckVerdict } from './fail-on.js';
import { findModels, modelMatcher } from './find-models.js';
import type { ModelReport } from './model-report.js';

export interface ModelCheckContext {
  cwd: string;
  /** The pull request's base commit (`pull_request.base.sha`), for `base-model: auto`. */
  baseCommit?: string;
}

export interface ModelCheckResult extends ModelCheckVerdict {
  models: ModelReport[];
}

export async function runModelCheck(settings: Pick<Settings, 'models' | 'baseModel' | 'failOn' | 'allowOffAne'>, context: ModelCheckContext): Promise<ModelCheckResult> {
  const found = await findModels(settings.models, context.cwd);
  const choice = await chooseBase(settings.baseModel, { cwd: context.cwd, baseCommit: context.baseCommit, models: found.paths.length });
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'ane-check-model-'));
  try {
    const models: ModelReport[] = [];
    for (const modelPath of found.paths) models.push(await checkOne(modelPath, context.cwd, choice, workDir));
    const deleted = await deletedModels(choice, modelMatcher(settings.models), found.paths);
    for (const gone of deleted.paths) {
      const { side, base } = await baseOf(choice, gone, workDir);
      models.push({ path: gone, status: 'deleted', findings: [], ...(base ? { base } : {}), ...(side ? { diff: diffModels(side, null) } : {}) });
    }
    const verdict = decideModelCheck(models, settings);
    const notes = [...verdict.notes, ...(deleted.problem ? [deleted.problem] : [])];
    if (found.unmatched.length > 0) notes.push(`No model matches ${found.unmatched.map((line) => `\`${line}\``).join(', ')}.`);
    if (choice.kind === 'none' && choice.why !== undefined && settings.baseModel === 'auto') notes.push(`No diff: ${choice.why}.`);
    if (models.length === 0) {
      return { models, status: 'error', reasons: [`\`model\` names no model (${settings.models.join(', ')}): give the path of a .mlpackage, .mlmodel or .mlmodelc, or a glob that matches some.`], notes };
    }
    return { ...verdict, notes, models };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function checkOne(modelPath: string, cwd: string, choice: Awaited<ReturnType<typeof chooseBase>>, workDir: string): Promise<ModelReport> {
  let head;
  try {
    const facts = await readModel(path.resolve(cwd, modelPath));
    head = { summary: { ...modelSummary(facts), path: modelPath }, findings: checkModel(facts) };
  } catch (error) {
    const message = error instanceof ModelError ? error.message.replace(path.resolve(cwd, modelPath), modelPath) : `${modelPath}: ${errorMessage(error)}`;
    return { path: modelPath, status: 'error', findings: [], error: message };
  }
  const { side, base }: BaseOf = await baseOf(choice, modelPath, workDir);
  return {
    ...head.summary,
    status: 'checked',
    findings: head.findings,
    ...(base ? { base } : {}),
    ...(side !== undefined ? { diff: diffModels(side, head) } : {}),
  };
}
