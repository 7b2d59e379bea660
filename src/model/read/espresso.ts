/**
 * A compiled NeuralNetwork's `model.espresso.net`: JSON with a `layers` list, each with Espresso's `type`, `name`,
 * `bottom` (inputs) and `top` (outputs), comma-separated. Espresso has no public schema; its type names are kept,
 * and mapped onto NeuralNetwork.proto's kind only where the name is the same (`inner_product` is
 * `innerProduct`), plus `pool`, Espresso's name for `pooling`.
 */
import type { LayerFacts, NetworkFacts } from '../facts.js';
import { LAYER_KINDS } from './layer-kinds.js';

const SCHEMA_KINDS = new Set(Object.values(LAYER_KINDS));
const RENAMED: Readonly<Record<string, string>> = { pool: 'pooling' };

export function espressoKind(type: string): string {
  const renamed = RENAMED[type];
  if (renamed !== undefined) return renamed;
  const camel = type.replace(/_([a-z0-9])/gu, (_, letter: string) => letter.toUpperCase());
  return SCHEMA_KINDS.has(camel) ? camel : type;
}

/** Throws a plain Error with what is wrong; the caller names the file. */
export function readEspressoNet(text: string): NetworkFacts {
  const net = JSON.parse(text) as { layers?: unknown };
  if (!Array.isArray(net?.layers)) throw new Error('it has no "layers" list');
  const layers: LayerFacts[] = net.layers.map((entry: unknown, index: number) => {
    const layer = (entry ?? {}) as Record<string, unknown>;
    const type = typeof layer.type === 'string' ? layer.type : 'unknown';
    return {
      name: typeof layer.name === 'string' ? layer.name : `layer#${index}`,
      kind: espressoKind(type),
      inputs: names(layer.bottom),
      outputs: names(layer.top),
      inputTensors: [],
      outputTensors: [],
      path: [],
      isUpdatable: false,
      weights: [],
      espressoType: type,
    };
  });
  const layerCounts: Record<string, number> = {};
  for (const layer of layers) layerCounts[layer.kind] = (layerCounts[layer.kind] ?? 0) + 1;
  return { layers, layerCounts, weightStorage: {}, layerNames: 'espresso' };
}

function names(value: unknown): string[] {
  if (typeof value !== 'string' || value === '') return [];
  return value.split(',').map((name) => name.trim());
}
