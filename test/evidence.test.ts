import { describe, expect, it } from 'vitest';

import { readEvidence, type PlanOperation } from '../src/evidence/evidence-lines.js';
import { quantile, summarizeLatency } from '../src/evidence/latency.js';
import { planUsesAne, summarizePlan } from '../src/evidence/plan.js';
import { findWitnesses } from '../src/evidence/witnesses.js';
import { parseTranscript } from '../src/probe/transcript.js';

const op = (fields: Partial<PlanOperation> & { op: string }): PlanOperation => ({ preferred: 'neuralEngine', supported: ['cpu', 'gpu', 'neuralEngine'], cost: null, ...fields });

describe('readEvidence', () => {
  it('reads the contract lines among other output, keeping the last plan', () => {
    const evidence = readEvidence(
      [
        'prediction 1 done',
        'ane-check:compute-devices {"devices":["cpu","gpu","neuralEngine"]}',
        'ane-check:plan {"computeUnits":"cpuOnly","operations":[]}',
        'ane-check:plan {"computeUnits":"all","operations":[{"function":"main","name":"conv_0","op":"ios18.conv","preferred":"neuralEngine","supported":["cpu","gpu","neuralEngine"],"cost":0.4},{"op":"const","preferred":null,"supported":[],"cost":null}]}',
        'ane-check:latency {"computeUnits":"all","ms":[2.0,2.1,1.9]}',
        'ane-check:latency {"computeUnits":"cpuOnly","ms":[8]}',
      ].join('\n'),
    );
    expect(evidence.computeDevices).toEqual(['cpu', 'gpu', 'neuralEngine']);
    expect(evidence.plan?.computeUnits).toBe('all');
    expect(evidence.plan?.operations).toEqual([
      { function: 'main', name: 'conv_0', op: 'ios18.conv', preferred: 'neuralEngine', supported: ['cpu', 'gpu', 'neuralEngine'], cost: 0.4 },
      { op: 'const', preferred: null, supported: [], cost: null },
    ]);
    expect(evidence.latencies).toEqual([
      { computeUnits: 'all', ms: [2.0, 2.1, 1.9] },
      { computeUnits: 'cpuOnly', ms: [8] },
    ]);
    expect(evidence.problems).toEqual([]);
  });

  it('reports a line it cannot read, with its number and what is wrong, instead of guessing', () => {
    const evidence = readEvidence(
      [
        'ane-check:plan {"computeUnits":"all","operations":[{"op":"x","preferred":"npu"}]}',
        'ane-check:plan {"computeUnits":"all","operations":[{"op":"x","preferred":"cpu","cost":1.5}]}',
        'ane-check:latency {"computeUnits":"all","ms":[]}',
        'ane-check:latency not json',
        'ane-check:timing {}',
      ].join('\n'),
    );
    expect(evidence.plan).toBeUndefined();
    expect(evidence.latencies).toEqual([]);
    expect(evidence.problems).toEqual([
      'line 1: plan: operation 1: "preferred" "npu" is not cpu, gpu or neuralEngine',
      'line 2: plan: operation 1: "cost" 1.5 is not in [0, 1]',
      'line 3: latency: "ms" is not a non-empty array of milliseconds',
      expect.stringMatching(/^line 4: latency: Unexpected token/u),
      'line 5: timing: unknown event (compute-devices, plan or latency)',
    ]);
  });
});

describe('summarizePlan', () => {
  it('shares the cost by preferred device, leaving out operations without a usage', () => {
    const plan = summarizePlan(
      {
        computeUnits: 'all',
        operations: [
          op({ op: 'ios18.conv', cost: 0.5 }),
          op({ op: 'ios18.conv', cost: 0.2 }),
          op({ op: 'ios18.softmax', preferred: 'gpu', cost: 0.2 }),
          op({ op: 'ios18.gather', preferred: 'cpu', supported: ['cpu'], cost: 0.1 }),
          op({ op: 'const', preferred: null, supported: [], cost: null }),
        ],
      },
      ['cpu', 'gpu', 'neuralEngine'],
    );
    expect(plan).toEqual({
      computeUnits: 'all',
      operations: 5,
      basis: 'cost',
      aneCostShare: 70,
      byDevice: { ane: { operations: 2, cost: 0.7 }, gpu: { operations: 1, cost: 0.2 }, cpu: { operations: 1, cost: 0.1 } },
      offAne: [
        { op: 'ios18.softmax', device: 'gpu', operations: 1, cost: 0.2, aneSupported: true },
        { op: 'ios18.gather', device: 'cpu', operations: 1, cost: 0.1, aneSupported: false },
      ],
      onAne: [{ op: 'ios18.conv', operations: 2 }],
    });
    expect(planUsesAne(plan)).toBe(true);
  });

  it('shares operation counts when no operation has a cost (NeuralNetwork layers), or every cost is 0', () => {
    const layers = [op({ op: 'convolution' }), op({ op: 'convolution' }), op({ op: 'lstm', preferred: 'cpu' }), op({ op: 'softmax', preferred: 'gpu' })];
    expect(summarizePlan({ computeUnits: 'all', operations: layers }, undefined)).toMatchObject({ basis: 'operations', aneCostShare: 50 });
    const zeros = layers.map((layer) => ({ ...layer, cost: 0 }));
    expect(summarizePlan({ computeUnits: 'all', operations: zeros }, undefined)).toMatchObject({ basis: 'operations', aneCostShare: 50 });
  });

  it('cannot speak for the ANE when the machine has no Neural Engine', () => {
    const plan = summarizePlan({ computeUnits: 'all', operations: [op({ op: 'conv', preferred: 'gpu', cost: 1 })] }, ['cpu', 'gpu']);
    expect(plan.aneCostShare).toBeNull();
    expect(plan.note).toContain('no Neural Engine');
    expect(planUsesAne(plan)).toBe(false);
  });

  it('places nothing when no operation reports a usage', () => {
    const plan = summarizePlan({ computeUnits: 'all', operations: [op({ op: 'const', preferred: null })] }, undefined);
    expect(plan).toMatchObject({ operations: 1, aneCostShare: null, note: expect.stringContaining('places nothing') });
  });
});

describe('summarizeLatency', () => {
  it('gives the median and 90th percentile per setting, and the ANE speed-up of the requested one', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1);
    const latency = summarizeLatency(
      [
        { computeUnits: 'all', ms: [2.2, 1.9, 2.0, 2.1, 5.0] },
        { computeUnits: 'cpuOnly', ms: [8, 8.2, 7.9] },
      ],
      'all',
    );
    expect(latency).toEqual({
      computeUnits: 'all',
      runs: [
        { computeUnits: 'all', count: 5, medianMs: 2.1, p90Ms: 3.88 },
        { computeUnits: 'cpuOnly', count: 3, medianMs: 8, p90Ms: 8.16 },
      ],
      aneSpeedup: 3.81,
      timedMs: 37.3,
    });
  });

  it('has no speed-up without both settings, and nothing without lines', () => {
    expect(summarizeLatency([{ computeUnits: 'all', ms: [2] }], 'all')).toEqual({ computeUnits: 'all', runs: [{ computeUnits: 'all', count: 1, medianMs: 2, p90Ms: 2 }], timedMs: 2 });
    expect(summarizeLatency([{ computeUnits: 'cpuOnly', ms: [8] }], 'cpuOnly')?.aneSpeedup).toBeUndefined();
    expect(summarizeLatency([], 'all')).toBeUndefined();
  });
});

describe('findWitnesses', () => {
  it("finds the ANE service thread (either name, or Linux's 15 characters of it) and the ANE client's queues", () => {
    const transcript = parseTranscript(
      [
        '(lldb) process launch',
        '(lldb) ane_check_threads',
        'Process 71234 stopped',
        "* thread #1: tid = 0x1c03, 0x00000001b6a31f20 CoreML`-[MLE5Engine predictionFromFeatures:options:error:], queue = 'com.apple.main-thread', stop reason = breakpoint 5.1",
        "  thread #4: tid = 0x1c0a, 0x0000000190b0e3c8 libsystem_kernel.dylib`mach_msg2_trap + 8, name = 'ANEServicesThread'",
        "  thread #6: tid = 0x1c0c, 0x0000000190b0e3c8 libsystem_kernel.dylib`__psynch_cvwait + 8, queue = 'com.apple.anef.p1'",
        "  thread #7: tid = 0x1c0d, 0x0000000190b0e3c8 libsystem_kernel.dylib`__psynch_cvwait + 8, queue = 'com.apple.anef.p0'",
        '(lldb) process kill',
      ].join('\n'),
      '',
      { predictionSnapshot: 'p', finalSnapshot: 'f', threads: 'ane_check_threads', startCommand: 'process launch' },
    );
    expect(findWitnesses(transcript.threads)).toEqual({ aneServiceThread: 'ANEServicesThread', aneQueues: ['com.apple.anef.p0', 'com.apple.anef.p1'] });
    expect(findWitnesses({ names: ['H11ANEServicesT', 'espresso-sim'], queues: [] })).toEqual({ aneServiceThread: 'H11ANEServicesT', aneQueues: [] });
    expect(findWitnesses({ names: ['worker'], queues: ['com.apple.main-thread'] })).toEqual({ aneServiceThread: null, aneQueues: [] });
    // The target had ended: no thread list, no witnesses either way.
    expect(findWitnesses(undefined)).toBeUndefined();
  });
});
