/**
 * Inputs, outputs and states: Model.proto's `FeatureDescription` and FeatureTypes.proto's `FeatureType`.
 */
import type { DataType, DimRange, FeatureFacts, FeatureKind, Flexibility } from '../facts.js';
import type { ByteSource } from './byte-source.js';
import {
  ARRAY_DATA_TYPES,
  ARRAY_TYPE,
  COLOR_SPACES,
  DICTIONARY_TYPE,
  FEATURE,
  FEATURE_TYPE,
  IMAGE_SIZE,
  IMAGE_SIZE_RANGE,
  IMAGE_TYPE,
  SEQUENCE_TYPE,
  SHAPES,
  SIZE_RANGE,
  STATE_TYPE,
  dataTypeName,
} from './schema.js';
import { type Field, enter, inside, string, varint, varints } from './wire.js';

const KINDS: Readonly<Record<number, FeatureKind>> = {
  [FEATURE_TYPE.int64]: 'int64',
  [FEATURE_TYPE.double]: 'double',
  [FEATURE_TYPE.string]: 'string',
  [FEATURE_TYPE.image]: 'image',
  [FEATURE_TYPE.multiArray]: 'multiArray',
  [FEATURE_TYPE.dictionary]: 'dictionary',
  [FEATURE_TYPE.sequence]: 'sequence',
  [FEATURE_TYPE.state]: 'state',
};

export function readFeature(source: ByteSource, at: Field, depth: number): FeatureFacts {
  const inner = enter(depth, at, 'a feature description');
  const feature: FeatureFacts = { name: '', kind: 'unknown', optional: false, dataType: null, shape: [], flexibility: null };
  for (const field of inside(source, at)) {
    if (field.number === FEATURE.name) feature.name = string(source, field, 'a feature name');
    else if (field.number === FEATURE.type) readFeatureType(source, field, feature, inner);
  }
  return feature;
}

function readFeatureType(source: ByteSource, at: Field, feature: FeatureFacts, depth: number): void {
  const inner = enter(depth, at, 'a feature type');
  for (const field of inside(source, at)) {
    if (field.number === FEATURE_TYPE.isOptional) {
      feature.optional = varint(field, 'isOptional') !== 0;
      continue;
    }
    const kind = KINDS[field.number];
    if (kind === undefined) continue;
    feature.kind = kind;
    if (kind === 'int64') feature.dataType = 'int64';
    else if (kind === 'double') feature.dataType = 'fp64';
    else if (kind === 'string') feature.dataType = 'string';
    else if (kind === 'multiArray') readArrayType(source, field, feature, inner);
    else if (kind === 'image') readImageType(source, field, feature, inner);
    else if (kind === 'dictionary') feature.dataType = keyType(source, field);
    else if (kind === 'sequence') readSequenceType(source, field, feature);
    else if (kind === 'state') {
      for (const wrapped of inside(source, field)) {
        if (wrapped.number === STATE_TYPE.arrayType) readArrayType(source, wrapped, feature, enter(inner, wrapped, 'a state type'));
      }
    }
  }
}

function readArrayType(source: ByteSource, at: Field, feature: FeatureFacts, depth: number): void {
  enter(depth, at, 'an array type');
  for (const field of inside(source, at)) {
    if (field.number === ARRAY_TYPE.shape) feature.shape.push(...varints(source, field, 'an array shape'));
    else if (field.number === ARRAY_TYPE.dataType) {
      const value = varint(field, 'an array data type');
      feature.dataType = value === 0 ? null : dataTypeName(ARRAY_DATA_TYPES, value);
    } else if (field.number === ARRAY_TYPE.enumeratedShapes) feature.flexibility = enumerated(source, field);
    else if (field.number === ARRAY_TYPE.shapeRange) {
      const ranges: DimRange[] = [];
      for (const range of inside(source, field)) {
        if (range.number === SHAPES) ranges.push(sizeRange(source, range));
      }
      feature.flexibility = { kind: 'range', ranges };
    }
  }
}

function enumerated(source: ByteSource, at: Field): Flexibility {
  const shapes: number[][] = [];
  for (const field of inside(source, at)) {
    if (field.number !== SHAPES) continue;
    const shape: number[] = [];
    for (const dim of inside(source, field)) {
      if (dim.number === SHAPES) shape.push(...varints(source, dim, 'an enumerated shape'));
    }
    shapes.push(shape);
  }
  return { kind: 'enumerated', shapes };
}

/** `SizeRange`: lowerBound is uint64, upperBound int64 where a negative value means unbounded. */
function sizeRange(source: ByteSource, at: Field): DimRange {
  const range: DimRange = { lower: 0, upper: 0 };
  for (const field of inside(source, at)) {
    if (field.number === SIZE_RANGE.lowerBound) range.lower = varint(field, 'a lower bound');
    else if (field.number === SIZE_RANGE.upperBound) {
      const upper = varint(field, 'an upper bound');
      range.upper = upper < 0 ? null : upper;
    }
  }
  return range;
}

function readImageType(source: ByteSource, at: Field, feature: FeatureFacts, depth: number): void {
  enter(depth, at, 'an image type');
  const image = { width: 0, height: 0, colorSpace: COLOR_SPACES[0]! };
  for (const field of inside(source, at)) {
    if (field.number === IMAGE_TYPE.width) image.width = varint(field, 'an image width');
    else if (field.number === IMAGE_TYPE.height) image.height = varint(field, 'an image height');
    else if (field.number === IMAGE_TYPE.colorSpace) {
      const value = varint(field, 'a colour space');
      image.colorSpace = COLOR_SPACES[value] ?? `unknown(${value})`;
    } else if (field.number === IMAGE_TYPE.enumeratedSizes) {
      const shapes: number[][] = [];
      for (const size of inside(source, field)) {
        if (size.number !== SHAPES) continue;
        const wh = { width: 0, height: 0 };
        for (const dim of inside(source, size)) {
          if (dim.number === IMAGE_SIZE.width) wh.width = varint(dim, 'an image width');
          else if (dim.number === IMAGE_SIZE.height) wh.height = varint(dim, 'an image height');
        }
        shapes.push([wh.height, wh.width]);
      }
      feature.flexibility = { kind: 'enumerated', shapes };
    } else if (field.number === IMAGE_TYPE.imageSizeRange) {
      let width: DimRange = { lower: 0, upper: 0 };
      let height: DimRange = { lower: 0, upper: 0 };
      for (const range of inside(source, field)) {
        if (range.number === IMAGE_SIZE_RANGE.widthRange) width = sizeRange(source, range);
        else if (range.number === IMAGE_SIZE_RANGE.heightRange) height = sizeRange(source, range);
      }
      feature.flexibility = { kind: 'range', ranges: [height, width] };
    }
  }
  feature.image = image;
  feature.shape = [image.height, image.width];
}

function keyType(source: ByteSource, at: Field): DataType | null {
  for (const field of inside(source, at)) {
    if (field.number === DICTIONARY_TYPE.int64Key) return 'int64';
    if (field.number === DICTIONARY_TYPE.stringKey) return 'string';
  }
  return null;
}

function readSequenceType(source: ByteSource, at: Field, feature: FeatureFacts): void {
  for (const field of inside(source, at)) {
    if (field.number === SEQUENCE_TYPE.int64) feature.dataType = 'int64';
    else if (field.number === SEQUENCE_TYPE.string) feature.dataType = 'string';
    else if (field.number === SEQUENCE_TYPE.sizeRange) feature.sequenceLength = sizeRange(source, field);
  }
}
