/**
 * The report's `models` entries (contract.md, "The model check"): what a model holds (its summary), its
 * findings, where its base came from and what changed against it. A model that could not be read, or that the
 * pull request deletes, has an entry too, so that every model named is accounted for.
 */
import type { ModelDiff } from '../diff.js';
import type { PlanComparison } from './beside-plan.js';
import type { Finding } from '../rules/index.js';
import type { ModelSummary } from '../summary.js';

/** `checked`: read and checked; `error`: the head model could not be read; `deleted`: the pull request removes it. */
export type ModelStatus = 'checked' | 'error' | 'deleted';

/** Where the base of the diff came from, or why there is none to compare with. */
export interface BaseReport {
  /** `git`: the same path at the pull request's base commit; `path`: a model given as `base-model`; `report`: an earlier run's report. */
  source: 'git' | 'path' | 'report';
  /** The base commit (full SHA), the model path or the report file. */
  ref: string;
  /** Why the base could not be read, and what to do (`fetch-depth: 0`, `lfs: true`); the diff is then absent. */
  problem?: string;
}

interface EntryCommon {
  /** The model's path as found from `model` (relative to the working directory, `/`-separated). */
  path: string;
  status: ModelStatus;
  base?: BaseReport;
  /** Against the base; absent without one. */
  diff?: ModelDiff<Finding>;
}

export interface CheckedModel extends ModelSummary, EntryCommon {
  status: 'checked';
  findings: Finding[];
  /** The model that was also measured: its findings beside the compute plan the app printed (beside-plan.ts). */
  plan?: PlanComparison;
}

export interface UncheckedModel extends EntryCommon {
  status: 'error' | 'deleted';
  findings: [];
  /** Why the model could not be read: the message names the file and the fix. */
  error?: string;
}

export type ModelReport = CheckedModel | UncheckedModel;
