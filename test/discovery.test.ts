import { describe, expect, it } from 'vitest';

import { breakpointName, discover, parseImageLookup } from '../src/probe/discovery.js';
import { validateProfile } from '../src/profiles/profile.js';

// lldb 14 prints each Summary and the next Address on one line.
const lldb14 = [
  '3 matches found in /work/build/libespresso-sim.so:',
  '        Address: libespresso-sim.so[0x0000000000002540] (libespresso-sim.so.PT_LOAD[1]..text + 656)',
  '        Summary: libespresso-sim.so`-[_ANEClient doEvaluateDirectWithModel:options:request:qos:error:]        Address: libespresso-sim.so[0x0000000000002640] (libespresso-sim.so.PT_LOAD[1]..text + 912)',
  '        Summary: libespresso-sim.so`Espresso::pool_kernel_cpu::__launch(int)        Address: libespresso-sim.so[0x0000000000002d30] (libespresso-sim.so.PT_LOAD[1]..text + 2688)',
  '        Summary: libespresso-sim.so`Espresso::net::__forward(fixture::Plan const&, int)',
].join('\n');

// Xcode's LLDB puts each on its own line.
const xcode = [
  '2 matches found in /System/Library/PrivateFrameworks/Espresso.framework/Espresso:',
  '        Address: Espresso[0x00000001b6e01a00] (Espresso.__TEXT.__text + 8832)',
  '        Summary: Espresso`E5RT::Ops::MpsGraphInferenceOperation::Impl::ExecuteSync()',
  '        Address: Espresso[0x00000001b6a31f00] (Espresso.__TEXT.__text + 3328)',
  '        Summary: Espresso`Espresso::elementwise_kernel_cpu::__launch(std::__1::shared_ptr<Espresso::abstract_batch> const&, Espresso::layer_data const&, Espresso::layer_data const&)',
  '1 match found in /System/Library/PrivateFrameworks/AppleNeuralEngine.framework/AppleNeuralEngine:',
  '        Address: AppleNeuralEngine[0x00000001a4d2c3b0] (AppleNeuralEngine.__TEXT.__text + 1200)',
  '        Summary: AppleNeuralEngine`-[_ANEClient evaluateWithModel:options:request:qos:error:]',
  '        Address: Espresso[0x00000001b6a31f00] (Espresso.__TEXT.__text + 3328)',
  '        Summary: Espresso`Espresso::SomethingElse::helper(int)',
].join('\n');

describe('parseImageLookup', () => {
  it('reads functions from lldb 14 output, whose lines run together', () => {
    expect(parseImageLookup(lldb14)).toEqual([
      { module: 'libespresso-sim.so', name: '-[_ANEClient doEvaluateDirectWithModel:options:request:qos:error:]' },
      { module: 'libespresso-sim.so', name: 'Espresso::pool_kernel_cpu::__launch(int)' },
      { module: 'libespresso-sim.so', name: 'Espresso::net::__forward(fixture::Plan const&, int)' },
    ]);
  });

  it('reads functions from Xcode LLDB output', () => {
    expect(parseImageLookup(xcode).map((fn) => fn.module)).toEqual(['Espresso', 'Espresso', 'AppleNeuralEngine', 'Espresso']);
  });
});

describe('breakpointName', () => {
  it('drops the parameter list, not template arguments or Objective-C selectors', () => {
    expect(breakpointName('Espresso::net::__forward(fixture::Plan const&, int)')).toBe('Espresso::net::__forward');
    expect(breakpointName('Foo<void (int)>::run(int) const')).toBe('Foo<void (int)>::run');
    expect(breakpointName('-[_ANEModel program]')).toBe('-[_ANEModel program]');
    expect(breakpointName('e5rt_execution_stream_execute_sync')).toBe('e5rt_execution_stream_execute_sync');
  });
});

describe('discover', () => {
  it('sorts functions into engines and roles and builds a profile that ane-check accepts', () => {
    const found = discover([...parseImageLookup(lldb14), ...parseImageLookup(xcode)], 'candidates');
    expect(found.profile.probes).toEqual([
      { engine: 'ane', role: 'dispatch', symbol: '-[_ANEClient doEvaluateDirectWithModel:options:request:qos:error:]' },
      { engine: 'cpu', role: 'dispatch', symbol: 'Espresso::pool_kernel_cpu::__launch' },
      { role: 'prediction', symbol: 'Espresso::net::__forward' },
      { engine: 'gpu', role: 'dispatch', symbol: 'E5RT::Ops::MpsGraphInferenceOperation::Impl::ExecuteSync' },
      { engine: 'cpu', role: 'dispatch', symbol: 'Espresso::elementwise_kernel_cpu::__launch' },
      // Only one ANE dispatch: the evaluate that may call the direct one is a marker.
      { engine: 'ane', role: 'marker', symbol: '-[_ANEClient evaluateWithModel:options:request:qos:error:]' },
    ]);
    expect(found.functions.at(-1)).toEqual({ module: 'Espresso', name: 'Espresso::SomethingElse::helper(int)' });
    expect(() => validateProfile(found.profile, 'candidates')).not.toThrow();
  });
});
