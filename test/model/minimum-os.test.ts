import { describe, expect, it } from 'vitest';

import { NEWEST_SPECIFICATION_VERSION, minimumOs } from '../../src/model/read/minimum-os.js';

describe('minimumOs', () => {
  it("follows Model.proto's table", () => {
    expect(minimumOs(2)).toEqual({ iOS: '11.2', macOS: '10.13.2', tvOS: '11.2', watchOS: '4.2' });
    expect(minimumOs(6)).toEqual({ iOS: '15', macOS: '12', tvOS: '15', watchOS: '8' });
    expect(minimumOs(9)).toEqual({ iOS: '18', macOS: '15', tvOS: '18', watchOS: '11' });
    expect(minimumOs(10)).toEqual({ iOS: '26', macOS: '26', tvOS: '26', watchOS: '26', visionOS: '26' });
    expect(NEWEST_SPECIFICATION_VERSION).toBe(10);
  });

  it('is null for a version it does not know, and returns a copy', () => {
    expect(minimumOs(11)).toBeNull();
    expect(minimumOs(0)).toBeNull();
    expect(minimumOs(null)).toBeNull();
    const os = minimumOs(1)!;
    os.iOS = 'changed';
    expect(minimumOs(1)?.iOS).toBe('11');
  });
});
