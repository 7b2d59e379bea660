import { beforeAll, describe, expect, it } from 'vitest';

import { type DiffFinding, diffModels, type ModelSide } from '../../src/model/diff.js';
import { summarizeDiff } from '../../src/model/diff-summary.js';
import { readModel } from '../../src/model/read/index.js';
import { checkModel } from '../../src/model/rules/index.js';
import { modelSummary } from '../../src/model/summary.js';
import { buildModels, type CoremltoolsSpec, loadSpecs } from '../support/coremltools.js';
import { sharedModel } from '../support/shared-models.js';

// The diff on real files: pairs built by coremltools (test/coremltools/diff_cases.py: a base package and heads
// that each change one thing), and the models of ../shared/models. Op and layer counts are expected from
// coremltools' own decoding of both files (load_spec.py), not from the reader.
//
// The findings are the rules' own (checkModel); the ones the changes here make are spelled out, so that a rule
// that stops firing shows as a failure here too.

const HEADS = ['diff_range_input', 'diff_float32_island', 'diff_op_added', 'diff_input_renamed', 'diff_state_added', 'diff_spec_raised', 'diff_weights_grown'] as const;
type Case = 'diff_base' | (typeof HEADS)[number];

const EXPECTED_NEW: Partial<Record<Case, DiffFinding[]>> = {
  diff_range_input: [{ rule: 'range-shape-input', severity: 'error', subject: { kind: 'input', name: 'x', type: 'multiArray' } }],
  diff_float32_island: [
    { rule: 'float32-island', severity: 'error', subject: { kind: 'op', name: 'cast_2', type: 'cast', function: 'main' } },
    { rule: 'float32-island', severity: 'error', subject: { kind: 'op', name: 'relu', type: 'relu', function: 'main' } },
  ],
};

/** A report entry's two parts, from the file: its summary and the rules' findings. */
async function sideOf(file: string): Promise<ModelSide> {
  const facts = await readModel(file);
  return { summary: modelSummary(facts), findings: checkModel(facts) };
}

/** The parts of findings the diff reads. */
function keyed(findings: readonly DiffFinding[]): DiffFinding[] {
  return findings.map(({ rule, severity, subject }) => ({ rule, severity, subject }));
}

/** What changed between two counts, as coremltools counts them: rose, fell. */
function expectedChanges(before: Record<string, number>, after: Record<string, number>) {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const changes = names.map((name) => ({ name, before: before[name] ?? 0, after: after[name] ?? 0 })).filter((change) => change.before !== change.after);
  return { added: changes.filter((change) => change.after > change.before), removed: changes.filter((change) => change.after < change.before) };
}

describe('the diff on coremltools pairs: a base package and heads that changed one thing', () => {
  const sides = {} as Record<Case, ModelSide>;
  const specs = {} as Record<Case, CoremltoolsSpec>;

  beforeAll(async () => {
    const built = await buildModels(['diff_base', ...HEADS]);
    const names = Object.keys(built) as Case[];
    const loaded = await loadSpecs(names.map((name) => built[name]));
    for (const [i, name] of names.entries()) {
      sides[name] = await sideOf(built[name]);
      specs[name] = loaded[i]!;
    }
  });

  const diff = (head: Case) => diffModels(sides.diff_base, sides[head]);
  /** The op changes in `main` that coremltools' counts of the two files make. */
  const mainChanges = (head: Case) => {
    const main = (name: Case) => specs[name].program!.functions.find((fn) => fn.name === 'main')!;
    return expectedChanges(main('diff_base').operationCounts, main(head).operationCounts);
  };

  it('the base against itself is unchanged', () => {
    expect(diffModels(sides.diff_base, sides.diff_base).status).toBe('unchanged');
    expect(summarizeDiff(diffModels(sides.diff_base, sides.diff_base))).toEqual(['Nothing the model check reads changed.']);
  });

  it('a range-shaped input gained: the input, the output whose shape it frees, and a new error', () => {
    const changes = diff('diff_range_input');
    expect(changes.status).toBe('changed');
    expect(changes.inputs.changed.map((change) => [change.name, change.aspects])).toEqual([['x', ['flexibility']]]);
    expect(changes.inputs.changed[0]?.after.flexibility).toEqual({ kind: 'range', ranges: [{ lower: 1, upper: 1 }, { lower: 1, upper: 512 }, { lower: 64, upper: 64 }] });
    expect(changes.outputs.changed.map((change) => [change.name, change.aspects])).toEqual([['probabilities', ['shape']]]);
    expect(changes.operations).toEqual([]);
    expect(keyed(changes.findings.new)).toEqual(EXPECTED_NEW.diff_range_input);
    expect(changes.findings.gone).toEqual([]);
    expect(summarizeDiff(changes)).toEqual([
      'The input `x` gained a range shape (1...512 in dimension 1).',
      'The output `probabilities` changed its shape from [1, 8, 64] to [].',
      '1 new finding: `range-shape-input` (error).',
    ]);
  });

  it('a float32 island gained: casts to fp32 and back, more ops computing in fp32, two new errors', () => {
    const changes = diff('diff_float32_island');
    const expected = mainChanges('diff_float32_island');
    expect(expected.added.map((change) => change.name)).toEqual(['cast', 'const']);
    expect(changes.operations).toEqual([
      {
        model: null,
        function: 'main',
        opset: { before: 'CoreML8', after: 'CoreML8' },
        ...expected,
        precision: expectedChanges(specs.diff_base.program!.functions[0]!.precision, specs.diff_float32_island.program!.functions[0]!.precision).added,
      },
    ]);
    expect(keyed(changes.findings.new)).toEqual(EXPECTED_NEW.diff_float32_island);
    expect(changes.findings.gone).toEqual([]);
    expect(summarizeDiff(changes)).toEqual([
      '+2 `cast`, +2 `const` in `main`',
      'Ops computing in each data type in `main`: fp32 1 → 3',
      'The weights grew from 265.0 kB to 265.1 kB.',
      '2 new findings: `float32-island` ×2 (error).',
    ]);
  });

  it('an op added', () => {
    const changes = diff('diff_op_added');
    expect(changes.operations).toMatchObject([{ function: 'main', ...mainChanges('diff_op_added') }]);
    expect(changes.operations[0]?.added.map((change) => change.name)).toEqual(['const', 'gelu']);
    expect(summarizeDiff(changes)[0]).toBe('+1 `const`, +1 `gelu` in `main`');
    expect(changes.findings).toEqual({ new: [], gone: [] });
  });

  it('an input renamed is a rename, not an input removed and one added', () => {
    const changes = diff('diff_input_renamed');
    expect(changes.inputs).toEqual({ added: [], removed: [], renamed: [{ from: 'x', to: 'features', feature: sides.diff_input_renamed.summary.inputs[0] }], changed: [] });
    expect(changes.operations).toEqual([]);
    expect(summarizeDiff(changes)).toEqual(['The input `x` was renamed `features`.']);
  });

  it('a state added: the state, and the ops that read and write it', () => {
    const changes = diff('diff_state_added');
    expect(changes.states.added).toEqual([{ name: 'memory', kind: 'state', optional: false, dataType: 'fp16', shape: [1, 8, 64], flexibility: null }]);
    expect(changes.states.removed).toEqual([]);
    expect(changes.operations).toMatchObject([{ function: 'main', ...mainChanges('diff_state_added') }]);
    expect(changes.operations[0]?.added.map((change) => change.name)).toEqual(['add', 'read_state', 'write_state']);
    expect(summarizeDiff(changes).slice(0, 2)).toEqual(['The state `memory` is new: state fp16 [1, 8, 64].', '+1 `add`, +2 `read_state`, +1 `write_state` in `main`']);
  });

  it('a specification version raised: the version, the OS it needs, the opset', () => {
    const changes = diff('diff_spec_raised');
    expect(changes.specificationVersion).toEqual({ before: specs.diff_base.specificationVersion, after: specs.diff_spec_raised.specificationVersion });
    expect(changes.specificationVersion).toEqual({ before: 9, after: 10 });
    expect(changes.minimumOs.after?.iOS).toBe('26');
    expect(changes.operations).toEqual([{ model: null, function: 'main', opset: { before: 'CoreML8', after: 'CoreML9' }, added: [], removed: [], precision: [] }]);
    expect(summarizeDiff(changes)).toEqual(['The specification version rose from 9 to 10 (iOS 18 to iOS 26).', 'The function `main` moved from opset CoreML8 to CoreML9.']);
  });

  it('weights grown, and nothing else', () => {
    const changes = diff('diff_weights_grown');
    expect(changes.weightBytes).toEqual({ before: sides.diff_base.summary.weightBytes, after: sides.diff_weights_grown.summary.weightBytes });
    expect(changes.weightBytes.after! / changes.weightBytes.before!).toBeGreaterThan(3.9);
    expect(summarizeDiff(changes)).toEqual(['The weights grew from 265.0 kB to 1.1 MB.']);
  });

  it('the other way round, each change undone', () => {
    const back = diffModels(sides.diff_float32_island, sides.diff_base);
    expect(back.operations[0]?.removed).toEqual(mainChanges('diff_float32_island').added.map((change) => ({ name: change.name, before: change.after, after: change.before })));
    expect(back.findings.new).toEqual([]);
    expect(keyed(back.findings.gone)).toEqual(EXPECTED_NEW.diff_float32_island);
    expect(summarizeDiff(diffModels(sides.diff_input_renamed, sides.diff_base))).toEqual(['The input `features` was renamed `x`.']);
    expect(summarizeDiff(diffModels(sides.diff_range_input, sides.diff_base))).toContain('The input `x` lost its range shape.');
  });
});

describe('the diff on the real models of ../shared/models', () => {
  const MODELS = {
    identity: 'coremlit-identity/identity.mlmodel',
    addModel: 'ct-add-model-mlmodelc/add_model.mlmodelc',
    tinyDrawing: 'ct-tiny-drawing-embedding/TinyDrawingEmbedding.mlmodel',
    dtln: 'dtln-aec-128-part1/DTLN_AEC_128_Part1.mlpackage',
    customLayer: 'hollance-custom-layer/NeuralMcNeuralNet.mlmodel',
    image2image: 'hollance-image2image/Image2Image.mlmodel',
    treeEnsemble: 'improve-xgb-tree-ensemble/model.mlmodel',
    retrained: 'jm-s4tf-retrained-mlmodelc/s4tf_model_retrained.mlmodelc',
    personalization: 'jm-s4tf-updatable-nn/s4tf_model_personalization.mlmodel',
    keras: 'jm-s4tf-updatable-nn/keras_model.mlmodel',
  } as const;
  type Name = keyof typeof MODELS;
  const sides = {} as Record<Name, ModelSide>;
  const specs = {} as Partial<Record<Name, CoremltoolsSpec>>;
  const LOADED: Name[] = ['tinyDrawing', 'customLayer', 'personalization', 'keras', 'dtln'];

  beforeAll(async () => {
    for (const name of Object.keys(MODELS) as Name[]) sides[name] = await sideOf(sharedModel(MODELS[name]));
    const loaded = await loadSpecs(LOADED.map((name) => sharedModel(MODELS[name])));
    LOADED.forEach((name, i) => (specs[name] = loaded[i]));
  });

  it.each(Object.keys(MODELS) as Name[])('%s against itself is unchanged', (name) => {
    expect(diffModels(sides[name], sides[name])).toMatchObject({ status: 'unchanged', operations: [], layers: [], findings: { new: [], gone: [] } });
  });

  it('two networks: the layer kinds coremltools counts in each, added and removed, and the custom layer a new finding', () => {
    const changes = diffModels(sides.tinyDrawing, sides.customLayer);
    expect(changes.status).toBe('changed');
    expect(changes.layers).toEqual([{ model: null, ...expectedChanges(specs.tinyDrawing!.network!.layerCounts, specs.customLayer!.network!.layerCounts) }]);
    expect(changes.layers[0]?.added.map((change) => change.name)).toContain('custom');
    expect(changes.specificationVersion).toEqual({ before: 1, after: 2 });
    expect(changes.inputs.removed.map((input) => input.name)).toEqual(['drawing']);
    expect(changes.inputs.added.map((input) => input.name)).toEqual(['image']);
    expect(summarizeDiff(changes)).toEqual([
      'The specification version rose from 1 to 2 (iOS 11 to iOS 11.2).',
      'The input `image` is new: image rgb [256, 256].',
      'The input `drawing` was removed.',
      'The output `output` is new: multiArray fp64 [10].',
      'The output `embedding` was removed.',
      '+1 `custom`, +1 `softmax`, -4 `activation`, -2 `convolution`, -1 `flatten`, -2 `pooling` in the layers',
      'The weights shrank from 388.6 kB to 952 bytes.',
      '1 new finding: `custom-layer` (error).',
    ]);
  });

  it('an updatable network against a batchedMatmul one (both spec 4)', () => {
    const changes = diffModels(sides.personalization, sides.keras);
    expect(changes.layers).toEqual([{ model: null, ...expectedChanges(specs.personalization!.network!.layerCounts, specs.keras!.network!.layerCounts) }]);
    expect(changes.specificationVersion).toEqual({ before: 4, after: 4 });
  });

  it("a network against a tree ensemble: the kind, and the network's layers gone", () => {
    const changes = diffModels(sides.identity, sides.treeEnsemble);
    expect(changes.kind).toEqual({ before: 'neuralNetwork', after: 'treeEnsembleRegressor' });
    expect(changes.layers).toEqual([{ model: null, added: [], removed: [{ name: 'activation', before: 1, after: 0 }] }]);
    expect(summarizeDiff(changes)[0]).toBe("The model's kind changed from neuralNetwork to treeEnsembleRegressor.");
  });

  it('a package against a compiled ML program: the format, and the function compared by name', () => {
    const changes = diffModels(sides.dtln, sides.addModel);
    expect(changes.format).toEqual({ before: 'mlpackage', after: 'mlmodelc' });
    expect(changes.operations.map((fn) => fn.function)).toEqual(['main']);
    const dtlnMain = sides.dtln.summary.functions.find((fn) => fn.name === 'main')!;
    expect(changes.operations[0]?.removed.map((change) => change.name)).toEqual(
      Object.keys(dtlnMain.operations)
        .filter((type) => (sides.addModel.summary.functions[0]!.operations[type] ?? 0) < dtlnMain.operations[type]!)
        .sort(),
    );
  });

  it('a model added by the pull request is all new: its ops, inputs and findings', () => {
    const changes = diffModels(null, sides.dtln);
    expect(changes.status).toBe('added');
    const main = specs.dtln!.program!.functions.find((fn) => fn.name === 'main')!;
    expect(changes.operations.find((fn) => fn.function === 'main')?.added).toEqual(expectedChanges({}, main.operationCounts).added);
    expect(changes.inputs.added.map((input) => input.name)).toEqual(specs.dtln!.inputs.map((input) => input.name));
    expect(changes.findings).toEqual({ new: sides.dtln.findings, gone: [] });
    // Its three range-shaped inputs among them.
    const ranged = sides.dtln.summary.inputs.map((input) => ({ rule: 'range-shape-input', severity: 'error', subject: { kind: 'input', name: input.name, type: input.kind } }));
    expect(keyed(changes.findings.new)).toEqual(expect.arrayContaining(ranged));
    const lines = summarizeDiff(changes);
    expect(lines[0]).toBe('The model is new in this pull request: everything in it is new.');
    expect(lines[1]).toMatch(/^\d+ new findings: .*`range-shape-input` ×3 \(error\)/u);
  });

  it('a model the pull request deletes says so, and its findings are gone', () => {
    const changes = diffModels(sides.customLayer, null);
    expect(changes.status).toBe('deleted');
    expect(changes.layers[0]?.removed).toEqual(expectedChanges(specs.customLayer!.network!.layerCounts, {}).removed);
    expect(summarizeDiff(changes)).toEqual(['The pull request deletes the model.', '1 finding gone: `custom-layer` (error).']);
  });
});
