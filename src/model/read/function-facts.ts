/**
 * What a function's ops add up to, the same for an ML program read from its protobuf and from a compiled
 * model's MIL text: op counts per type and the precision its computing ops produce.
 */
import type { DataType, FunctionFacts, NamedValue, OperationFacts, ValueType } from '../facts.js';

export function functionFacts(name: string, opset: string, inputs: NamedValue[], outputs: string[], operations: OperationFacts[]): FunctionFacts {
  return { name, opset, inputs, outputs, operations, operationCounts: countTypes(operations), precision: precisionOf(operations) };
}

export function countTypes(operations: OperationFacts[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const op of operations) counts[op.type] = (counts[op.type] ?? 0) + 1;
  return counts;
}

/** `const` and the `constexpr_*` family only hold (possibly compressed) weights: they compute nothing at run time. */
export function isConstant(type: string): boolean {
  return type === 'const' || type.startsWith('constexpr_');
}

function precisionOf(operations: OperationFacts[]): Partial<Record<DataType, number>> {
  const precision: Partial<Record<DataType, number>> = {};
  for (const op of operations) {
    if (isConstant(op.type)) continue;
    const types = new Set<DataType>();
    for (const output of op.outputs) {
      const dataType = tensorDataType(output.type);
      if (dataType !== null) types.add(dataType);
    }
    for (const dataType of types) precision[dataType] = (precision[dataType] ?? 0) + 1;
  }
  return precision;
}

/** The element type of a tensor, or of the tensor a state or list holds; null for other types. */
export function tensorDataType(type: ValueType | null): DataType | null {
  if (type === null) return null;
  if (type.kind === 'tensor') return type.dataType;
  if (type.kind === 'state') return tensorDataType(type.wrapped);
  if (type.kind === 'list') return tensorDataType(type.element);
  return null;
}

/** The name an op goes by: its `name` attribute, else its first output's name, else its type and position. */
export function operationName(attributeName: string | undefined, outputs: NamedValue[], type: string, index: number): string {
  if (attributeName) return attributeName;
  const first = outputs[0]?.name;
  return first ? first : `${type}#${index}`;
}
