import { describe, expect, it } from 'vitest';

import { espressoKind, readEspressoNet } from '../../src/model/read/espresso.js';

describe('Espresso layer types', () => {
  it('map onto the schema where the name is the same, and stay as they are elsewhere', () => {
    expect(['inner_product', 'convolution', 'batchnorm', 'softmax', 'pool', 'elementwise', 'activation', 'reshape', 'lstm', 'load_constant'].map(espressoKind)).toEqual([
      'innerProduct',
      'convolution',
      'batchnorm',
      'softmax',
      'pooling',
      'elementwise',
      'activation',
      'reshape',
      'lstm',
      'loadConstant',
    ]);
  });

  it('reads a network: names, inputs and outputs, counts by kind, and its own type kept', () => {
    const network = readEspressoNet(JSON.stringify({ layers: [{ type: 'inner_product', name: 'fc', bottom: 'a, b', top: 'c' }, { type: 'inner_product' }, {}] }));
    expect(network.layerNames).toBe('espresso');
    expect(network.layerCounts).toEqual({ innerProduct: 2, unknown: 1 });
    expect(network.layers[0]).toMatchObject({ name: 'fc', kind: 'innerProduct', espressoType: 'inner_product', inputs: ['a', 'b'], outputs: ['c'] });
    expect(network.layers[1]).toMatchObject({ name: 'layer#1', inputs: [], outputs: [] });
  });

  it('refuses JSON without a layers list', () => {
    expect(() => readEspressoNet('{"layers": 3}')).toThrow('it has no "layers" list');
    expect(() => readEspressoNet('null')).toThrow('it has no "layers" list');
  });
});
