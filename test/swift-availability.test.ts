// The availability check that stands in for the Swift compiler over the harness (test/support/swift-availability.ts):
// each case is one it must catch or must let through.
import { describe, expect, it } from 'vitest';

import { checkAvailability, type ApiAvailability } from './support/swift-availability.js';

const apis: ApiAvailability[] = [
  { name: 'MLComputeDevice', since: { macOS: '14.0', iOS: '17.0' }, source: 'test' },
  { name: 'MLComputePlan', since: { macOS: '14.4', iOS: '17.4' }, sdkCompiler: '5.10', source: 'test' },
];
const mac13 = { macOS: '13.0' } as const;
const problems = (source: string, targets: Parameters<typeof checkAvailability>[2] = mac13) =>
  checkAvailability(source, apis, targets).map((problem) => `${problem.line} ${problem.name}: ${problem.problem}`);

describe('checkAvailability', () => {
  it('reports a newer type in a declaration outside an availability context, with its line', () => {
    expect(problems('enum E {\n    static func name(_ device: MLComputeDevice) -> String { "" }\n}\n')).toEqual([
      '2 MLComputeDevice: macOS 14.0 API outside an availability context (the build targets macOS 13.0)',
    ]);
  });

  it('lets through a declaration marked @available for the version, its body included', () => {
    expect(problems('enum E {\n    @available(macOS 14.0, iOS 17.0, *)\n    static func name(_ device: MLComputeDevice) -> String {\n        let d: MLComputeDevice? = nil\n        return ""\n    }\n}\n')).toEqual([]);
  });

  it('wants the version of the API, not an older one, and each platform that the build targets', () => {
    expect(problems('@available(macOS 13.5, *)\nfunc f(_ d: MLComputeDevice) {}\n')).toHaveLength(1);
    expect(problems('@available(macOS 14.0, *)\nfunc f(_ d: MLComputeDevice) {}\n', { macOS: '13.0', iOS: '16.0' })).toEqual([
      '2 MLComputeDevice: iOS 17.0 API outside an availability context (the build targets iOS 16.0)',
    ]);
    // A build whose target is the API's own version needs no context.
    expect(problems('func f(_ d: MLComputeDevice) {}\n', { iOS: '17.0' })).toEqual([]);
  });

  it('knows if #available blocks, their conditions, and the rest of a scope after guard #available', () => {
    expect(problems('func f() {\n    if #available(macOS 14.0, iOS 17.0, *), let x = g() as? MLComputeDevice { use(x) }\n    let y: MLComputeDevice? = nil\n}\n')).toEqual([
      '3 MLComputeDevice: macOS 14.0 API outside an availability context (the build targets macOS 13.0)',
    ]);
    expect(problems('func f() {\n    guard #available(macOS 14.0, *) else {\n        let early: MLComputeDevice? = nil\n        return\n    }\n    let later: MLComputeDevice? = nil\n}\nlet outside: MLComputeDevice? = nil\n')).toEqual([
      '3 MLComputeDevice: macOS 14.0 API outside an availability context (the build targets macOS 13.0)',
      '8 MLComputeDevice: macOS 14.0 API outside an availability context (the build targets macOS 13.0)',
    ]);
  });

  it('passes over comments and strings', () => {
    expect(problems('// MLComputeDevice\n/* MLComputeDevice */\nlet s = "MLComputeDevice \\(x)"\nlet t = """\nMLComputeDevice\n"""\n')).toEqual([]);
  });

  it('wants an API of a newer SDK inside #if compiler(>=N), in its first branch only', () => {
    const fenced = '#if compiler(>=5.10)\n@available(macOS 14.4, *)\nfunc f(_ p: MLComputePlan) {}\n#else\nfunc g() {}\n#endif\n';
    expect(problems(fenced)).toEqual([]);
    expect(problems('@available(macOS 14.4, *)\nfunc f(_ p: MLComputePlan) {}\n')).toEqual([
      '2 MLComputePlan: declared only by SDKs of Swift 5.10 and later, but not inside #if compiler(>=5.10)',
    ]);
    expect(problems('#if compiler(>=5.10)\nfunc g() {}\n#else\n@available(macOS 14.4, *)\nfunc f(_ p: MLComputePlan) {}\n#endif\n')).toEqual([
      '5 MLComputePlan: declared only by SDKs of Swift 5.10 and later, but not inside #if compiler(>=5.10)',
    ]);
    expect(problems('#if compiler(>=5.9)\n@available(macOS 14.4, *)\nfunc f(_ p: MLComputePlan) {}\n#endif\n')).toHaveLength(1);
  });
});
