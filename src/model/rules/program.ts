/**
 * What the rules ask of an ML program's function: which op makes a value and which ops use it (by the bindings,
 * MIL.proto's `Argument.Binding`), whether a parameter is a constant, and the small values constants hold.
 */
import type { DataType, Dim, FunctionFacts, ModelSpecFacts, OperationFacts, Scalar, ValueType } from '../facts.js';
import { isConstant } from '../read/function-facts.js';

export { isConstant };

/** Where a value comes from: the op that makes it, or nothing for a function input (or a block's own input). */
export interface Producer {
  op: OperationFacts | null;
  type: ValueType | null;
}

export interface FunctionIndex {
  producers: Map<string, Producer>;
  consumers: Map<string, OperationFacts[]>;
  outputs: Set<string>;
}

const INDEXES = new WeakMap<FunctionFacts, FunctionIndex>();

/**
 * The function's values by name, made once per function (the facts are never changed after reading): every rule
 * asks it, for every op, so that making it again each time would cost the square of the program's size.
 */
export function functionIndex(fn: FunctionFacts): FunctionIndex {
  const known = INDEXES.get(fn);
  if (known) return known;
  const producers = new Map<string, Producer>();
  const consumers = new Map<string, OperationFacts[]>();
  for (const input of fn.inputs) producers.set(input.name, { op: null, type: input.type });
  for (const op of fn.operations) {
    for (const output of op.outputs) producers.set(output.name, { op, type: output.type });
    for (const bindings of Object.values(op.inputs)) {
      for (const binding of bindings) {
        if (binding.kind !== 'name') continue;
        const users = consumers.get(binding.name) ?? [];
        if (!users.includes(op)) users.push(op);
        consumers.set(binding.name, users);
      }
    }
  }
  const index = { producers, consumers, outputs: new Set(fn.outputs) };
  INDEXES.set(fn, index);
  return index;
}

export function producerOf(fn: FunctionFacts, name: string): Producer | undefined {
  return functionIndex(fn).producers.get(name);
}

/** The ops that bind `name` as an input, in program order. */
export function consumersOf(fn: FunctionFacts, name: string): OperationFacts[] {
  return functionIndex(fn).consumers.get(name) ?? [];
}

/** Whether the function returns `name`. */
export function isFunctionOutput(fn: FunctionFacts, name: string): boolean {
  return functionIndex(fn).outputs.has(name);
}

/** A parameter's first binding: an immediate value, or a name made by a `const`/`constexpr_*` op, is constant. */
export type Bound =
  | { kind: 'constant'; type: ValueType | null; data?: Scalar[] }
  | { kind: 'runtime'; name: string; type: ValueType | null };

export function boundTo(fn: FunctionFacts, op: OperationFacts, param: string): Bound | undefined {
  const binding = op.inputs[param]?.[0];
  if (binding === undefined) return undefined;
  if (binding.kind === 'value') return { kind: 'constant', type: binding.value.type, ...(binding.value.data ? { data: binding.value.data } : {}) };
  const producer = producerOf(fn, binding.name);
  if (producer?.op && isConstant(producer.op.type)) {
    const data = producer.op.attributes.val?.data;
    return { kind: 'constant', type: producer.type, ...(data ? { data } : {}) };
  }
  return { kind: 'runtime', name: binding.name, type: producer?.type ?? null };
}

/** The small value a parameter is bound to, when it is a constant the reader decoded. */
export function constantOf(fn: FunctionFacts, op: OperationFacts, param: string): Scalar[] | undefined {
  const bound = boundTo(fn, op, param);
  return bound?.kind === 'constant' ? bound.data : undefined;
}

/** The numbers of a decoded constant; undefined when any element is not a number. */
export function numbersOf(data: Scalar[] | undefined): number[] | undefined {
  if (data === undefined || !data.every((value) => typeof value === 'number')) return undefined;
  return data as number[];
}

/** The numbers a parameter is bound to (kernel sizes, strides, dilations, scale factors); none when not known. */
export function constantNumbers(fn: FunctionFacts, op: OperationFacts, param: string): number[] {
  return numbersOf(constantOf(fn, op, param)) ?? [];
}

export interface Tensor {
  dataType: DataType;
  rank: number;
  shape: Dim[];
}

/** A tensor type, or the tensor a state wraps; null for lists, tuples, dictionaries and unknown types. */
export function tensorOf(type: ValueType | null | undefined): Tensor | null {
  if (!type) return null;
  if (type.kind === 'tensor') return { dataType: type.dataType, rank: type.rank, shape: type.shape };
  if (type.kind === 'state') return tensorOf(type.wrapped);
  return null;
}

/** Every function of an ML program (none for other kinds). */
export function functionsOf(model: ModelSpecFacts): FunctionFacts[] {
  return model.program?.functions ?? [];
}

/** Every op of every function of the model that computes something at run time (no `const`, no `constexpr_*`). */
export function computingOps(model: ModelSpecFacts): { fn: FunctionFacts; op: OperationFacts }[] {
  return functionsOf(model).flatMap((fn) => fn.operations.filter((op) => !isConstant(op.type)).map((op) => ({ fn, op })));
}
