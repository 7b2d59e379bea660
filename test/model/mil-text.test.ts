import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { MilSyntaxError, parseMilText } from '../../src/model/read/mil-text.js';
import { sharedModel } from '../support/shared-models.js';

// MIL as a compiled model's model.mil writes it. The first program is Core ML's compiler's own output
// (../shared/models); the others are written in the forms compiled models show: scalar types and values
// (`int32(1)`, `string("valid")`, iOS 17 and later), weights in BLOBFILE, multi-line ops, and nested blocks.

const PROGRAM = `program(1.3)
[buildInfo = dict<string, string>({{"coremlc-component-MIL", "3510.2.1"}, {"coremlc-version", "3505.4.1"}})]
{
    func main<ios18>(tensor<fp16, [1, 64, 1, 32]> x, state<tensor<fp16, [1, 8, 1, 32]>> cache) {
            // A comment the compiler never writes, but a person editing the file might.
            string pt = const()[name = string("pt"), val = string("valid")];
            tensor<int32, [2]> st = const()[name = string("st"), val = tensor<int32, [2]>([1, 1])];
            tensor<int32, [2]> dl = const()[name = string("dl"), val = tensor<int32, [2]>([2, 2])];
            int32 gr = const()[name = string("gr"), val = int32(1)];
            fp16 eps = const()[name = string("eps"), val = fp16(0x1.5p-17)];
            bool flag = const()[name = string("flag"), val = bool(true)];
            tensor<fp16, [128, 64, 1, 1]> W = const()[name = string("W"), val = tensor<fp16, [128, 64, 1, 1]>(BLOBFILE(path = string("@model_path/weights/weight.bin"), offset = uint64(64)))];
            tensor<fp16, [128, 64, 1, 1]> Wq = constexpr_affine_dequantize()[axis = int32(0), name = string("wq"),
                quantized_data = tensor<int8, [128, 64, 1, 1]>(BLOBFILE(path = string("@model_path/weights/weight.bin"), offset = uint64(16512))),
                scale = fp16(0x1p-7), zero_point = int8(0)];
            tensor<fp16, [1, 128, 1, 32]> y = conv(dilations = dl, groups = gr, pad_type = pt, strides = st, weight = W, x = x)[name = string("conv")];
            tensor<fp16, [1, 64, 1, 32]> a, tensor<fp16, [1, 64, 1, 32]> b = split(axis = int32(1), num_splits = int32(2), x = y)[name = string("split")];
            tensor<fp16, [1, 128, 1, 32]> j = concat(axis = int32(1), interleave = bool(false), values = (a, b))[name = string("join")];
            tensor<fp32, [1, 128, 1, 32]> out = cast(dtype = string("fp32"), x = j)[name = string("to_fp32")];
            tensor<fp16, [1, ?, 1, 32]> sized = reshape(shape = tensor<int32, [4]>([1, -1, 1, 32]), x = j)[name = string("sized")];
            list<tensor<fp16, [1, 32]>, ?> items = make_list(dtype = string("fp16"), init_length = int32(1), elem_shape = (int32(1), int32(32)))[name = string("items")];
        } -> (out, sized);
}
`;

const LOOP = `program(1.0)
{
    func main<ios16>(tensor<int32, [1]> n, tensor<fp32, [1, 4]> x) {
            tensor<int32, [1]> i0 = const()[name = tensor<string, []>("i0"), val = tensor<int32, [1]>([0])];
            tensor<int32, [1]> i_out, tensor<fp32, [1, 4]> x_out = while_loop(loop_vars = (i0, x))[name = tensor<string, []>("loop")]
                loop_cond(tensor<int32, [1]> i, tensor<fp32, [1, 4]> acc) {
                    tensor<bool, [1]> go = less(x = i, y = n)[name = tensor<string, []>("go")];
                } -> (go)
                loop_body(tensor<int32, [1]> i, tensor<fp32, [1, 4]> acc) {
                    tensor<bool, []> even = const()[name = tensor<string, []>("even"), val = tensor<bool, []>(true)];
                    tensor<fp32, [1, 4]> next = cond(pred = even)[name = tensor<string, []>("pick")]
                        {
                            tensor<fp32, [1, 4]> up = add(x = acc, y = tensor<fp32, []>(0x1p+0))[name = tensor<string, []>("up")];
                        } -> (up)
                        {
                            tensor<fp32, [1, 4]> down = mul(x = acc, y = tensor<fp32, []>(2.5e-1))[name = tensor<string, []>("down")];
                        } -> (down);
                    tensor<int32, [1]> j = add(x = i, y = tensor<int32, []>(1))[name = tensor<string, []>("step")];
                } -> (j, next);
        } -> (x_out);
}
`;

describe('MIL text', () => {
  it("reads Core ML's compiler's own model.mil", () => {
    const program = parseMilText(readFileSync(path.join(sharedModel('ct-add-model-mlmodelc/add_model.mlmodelc'), 'model.mil'), 'utf8'));
    expect(program.version).toBe(1);
    expect(program.functions).toHaveLength(1);
    expect(program.functions[0]).toMatchObject({
      name: 'main',
      opset: 'ios16',
      inputs: [
        { name: 'x', type: { kind: 'tensor', dataType: 'fp16', rank: 2, shape: [1, 10] } },
        { name: 'y', type: { kind: 'tensor', dataType: 'fp16', rank: 2, shape: [1, 10] } },
      ],
      outputs: ['var_3'],
      operationCounts: { mul: 1 },
    });
  });

  it('reads types, scalar and list values, weights in blob files, several outputs and list bindings', () => {
    const fn = parseMilText(PROGRAM).functions[0]!;
    expect(fn.opset).toBe('ios18');
    expect(fn.inputs[1]).toEqual({ name: 'cache', type: { kind: 'state', wrapped: { kind: 'tensor', dataType: 'fp16', rank: 4, shape: [1, 8, 1, 32] } } });
    expect(fn.outputs).toEqual(['out', 'sized']);
    expect(fn.operationCounts).toEqual({ const: 7, constexpr_affine_dequantize: 1, conv: 1, split: 1, concat: 1, cast: 1, reshape: 1, make_list: 1 });
    const byName = Object.fromEntries(fn.operations.map((op) => [op.name, op]));
    expect(byName.pt?.attributes.val).toEqual({ type: { kind: 'tensor', dataType: 'string', rank: 0, shape: [] }, data: ['valid'] });
    expect(byName.dl?.attributes.val?.data).toEqual([2, 2]);
    expect(byName.gr?.attributes.val?.data).toEqual([1]);
    expect(byName.eps?.attributes.val?.data).toEqual([1.3125 * 2 ** -17]);
    expect(byName.flag?.attributes.val?.data).toEqual([true]);
    expect(byName.W?.attributes.val).toEqual({ type: { kind: 'tensor', dataType: 'fp16', rank: 4, shape: [128, 64, 1, 1] }, blob: { fileName: '@model_path/weights/weight.bin', offset: 64 } });
    expect(byName.wq?.attributes.quantized_data?.blob).toEqual({ fileName: '@model_path/weights/weight.bin', offset: 16512 });
    expect(byName.wq?.attributes.scale?.data).toEqual([2 ** -7]);
    expect(byName.conv?.inputs).toEqual({
      dilations: [{ kind: 'name', name: 'dl' }],
      groups: [{ kind: 'name', name: 'gr' }],
      pad_type: [{ kind: 'name', name: 'pt' }],
      strides: [{ kind: 'name', name: 'st' }],
      weight: [{ kind: 'name', name: 'W' }],
      x: [{ kind: 'name', name: 'x' }],
    });
    expect(byName.split?.outputs.map((output) => output.name)).toEqual(['a', 'b']);
    expect(byName.join?.inputs.values).toEqual([
      { kind: 'name', name: 'a' },
      { kind: 'name', name: 'b' },
    ]);
    expect(byName.join?.inputs.interleave).toEqual([{ kind: 'value', value: { type: { kind: 'tensor', dataType: 'bool', rank: 0, shape: [] }, data: [false] } }]);
    expect(byName.sized?.outputs[0]?.type).toEqual({ kind: 'tensor', dataType: 'fp16', rank: 4, shape: [1, null, 1, 32] });
    expect(byName.sized?.inputs.shape).toEqual([{ kind: 'value', value: { type: { kind: 'tensor', dataType: 'int32', rank: 1, shape: [4] }, data: [1, -1, 1, 32] } }]);
    expect(byName.items?.outputs[0]?.type).toEqual({ kind: 'list', element: { kind: 'tensor', dataType: 'fp16', rank: 2, shape: [1, 32] }, length: null });
    expect(fn.precision).toEqual({ fp16: 5, fp32: 1 });
  });

  it('reads nested blocks: a cond inside a while_loop, each op with where it sits', () => {
    const fn = parseMilText(LOOP).functions[0]!;
    expect(fn.operations.map((op) => [op.name, op.type, op.blocks, op.path.map((step) => `${step.op}/${step.block}`).join(' ')])).toEqual([
      ['i0', 'const', 0, ''],
      ['loop', 'while_loop', 2, ''],
      ['go', 'less', 0, 'loop/0'],
      ['even', 'const', 0, 'loop/1'],
      ['pick', 'cond', 2, 'loop/1'],
      ['up', 'add', 0, 'loop/1 pick/0'],
      ['down', 'mul', 0, 'loop/1 pick/1'],
      ['step', 'add', 0, 'loop/1'],
    ]);
    expect(fn.operations.find((op) => op.name === 'down')?.inputs.y).toEqual([{ kind: 'value', value: { type: { kind: 'tensor', dataType: 'fp32', rank: 0, shape: [] }, data: [0.25] } }]);
    expect(fn.operations.find((op) => op.name === 'up')?.inputs.y?.[0]).toMatchObject({ value: { data: [1] } });
  });

  it('refuses what is not MIL with the line it stopped at', () => {
    expect(() => parseMilText('program(1.0)\n{\n  func main<ios16>(tensor<fp99, [1]> x) {\n  } -> (x);\n}\n')).toThrow(new MilSyntaxError(3, '"fp99" is not a MIL data type'));
    expect(() => parseMilText('program(1.0)\n{\n  func main(x) {')).toThrow(MilSyntaxError);
    expect(() => parseMilText('program(1.0)\n{ "open')).toThrow(new MilSyntaxError(2, 'a string does not end'));
    expect(() => parseMilText('program(1.0) { } trailing')).toThrow(new MilSyntaxError(1, 'expected the end of the program, found "trailing"'));
    expect(() => parseMilText('{ not a program }')).toThrow(MilSyntaxError);
    expect(() => parseMilText('program(1.0)\n{\n  func main() {\n    tensor<fp16, [1]> y = relu(x = x)[name = string("r")] $;\n  } -> (y);\n}')).toThrow(new MilSyntaxError(4, 'unexpected character "$"'));
  });

  it('refuses blocks and types nested 1,000 deep with a syntax error, not a stack overflow', () => {
    let block = 'tensor<fp16, [1]> y = relu(x = x)[name = string("r")];';
    for (let i = 0; i < 1000; i++) block = `tensor<fp16, [1]> y = cond(pred = p)[name = string("c${i}")] { ${block} } -> (y);`;
    const blocks = `program(1.0)\n{\n func main<ios16>(tensor<fp16, [1]> x) { ${block} } -> (y);\n}`;
    expect(() => parseMilText(blocks)).toThrow(/nested more than 100 deep/u);
    const type = `${'list<'.repeat(1000)}tensor<fp16, [1]>${'>'.repeat(1000)}`;
    expect(() => parseMilText(`program(1.0)\n{\n func main<ios16>(${type} x) { } -> (x);\n}`)).toThrow(/nested more than 100 deep/u);
    const value = `${'['.repeat(1000)}1${']'.repeat(1000)}`;
    expect(() => parseMilText(`program(1.0)\n{\n func main<ios16>() { tensor<int32, [1]> c = const()[val = tensor<int32, [1]>(${value})]; } -> (c);\n}`)).toThrow(/nested more than 100 deep/u);
  });
});
