import type { Report } from '../../src/report/report.js';

/** A report as a pass on the fixture would write it; override what a test needs. */
export function sampleReport(overrides: Partial<Report> = {}): Report {
  return {
    schemaVersion: 1,
    name: 'MobileNetV2',
    createdAt: '2026-03-02T09:41:07.512Z',
    commit: '3b1f0a9c4e2d8b7a6f5e4d3c2b1a09f8e7d6c5b4',
    status: 'pass',
    coverage: 40,
    predictions: { observed: 12, warmup: 1, counted: 10, requested: 10 },
    engines: {
      ane: { dispatches: 20, perPrediction: 2, minPerPrediction: 2, maxPerPrediction: 2, share: 40, markers: 1, resolved: true },
      gpu: { dispatches: 10, perPrediction: 1, minPerPrediction: 1, maxPerPrediction: 1, share: 20, markers: 0, resolved: true },
      cpu: { dispatches: 20, perPrediction: 2, minPerPrediction: 2, maxPerPrediction: 2, share: 40, markers: 0, resolved: true },
    },
    probes: [
      { engine: 'ane', role: 'dispatch', symbol: '-[_ANEClient evaluateWithModel:options:request:qos:error:]', resolved: true, locations: 1, hits: 20, totalHits: 22, functions: [] },
      { engine: 'gpu', role: 'marker', regex: '^Espresso::MetalLowmemEngine::', resolved: false, locations: 0, hits: 0, totalHits: 0, functions: [] },
    ],
    runtimes: [{ name: 'espresso', predictions: 10, dispatches: { ane: 20, gpu: 10, cpu: 20 } }],
    fallbackKernels: [
      { engine: 'cpu', name: 'Espresso::elementwise_kernel_cpu::__launch(int)', hits: 10 },
      { engine: 'gpu', name: 'Espresso::MPSEngine::context::__launch_kernel(int)', hits: 10 },
    ],
    baseline: { name: 'MobileNetV2', coverage: 45, delta: -5 },
    gates: { threshold: 30, maxDrop: 10 },
    reasons: [],
    notes: [],
    run: { windowEnd: 'next-prediction', targetEnd: 'stopped-by-ane-check', targetEndDetail: 'stopped at the prediction after the counted window', pid: 123, durationMs: 1500, counting: { mode: 'auto-continue', reason: 'lldb-1600.0.39.3 is not reported to lose auto-continue breakpoint hits', continued: 0 } },
    environment: { target: 'host', os: 'macOS 15.1 (24B83)', lldb: 'lldb-1600.0.39.3', profile: 'auto', profiles: ['espresso', 'e5rt'] },
    ...overrides,
  };
}
