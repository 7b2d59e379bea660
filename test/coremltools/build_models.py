"""Builds named Core ML models with Apple's coremltools, for the model check's tests.

    python build_models.py OUTDIR NAME...

prints a JSON object {NAME: path of the saved model} on its last line of standard output. Each case is one
function below, registered by @case: it gets a path without extension and returns the path it saved (the case
picks .mlpackage or .mlmodel). A new case is one more function; test/support/coremltools.ts builds a named set
once per test run.

Each model is saved aside and moved into place, so that two test files asking for the same case at once both
get a whole model.
"""
import json
import os
import shutil
import sys
import uuid

import numpy as np
import coremltools as ct
from coremltools.converters.mil import Builder as mb
from coremltools.converters.mil.mil import get_new_symbol, types
from coremltools.models import datatypes
from coremltools.models.neural_network import NeuralNetworkBuilder

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def rng():
    return np.random.default_rng(7)


def convert(program, precision=ct.precision.FLOAT16, target=ct.target.iOS16, **kwargs):
    return ct.convert(program, convert_to="mlprogram", compute_precision=precision, minimum_deployment_target=target, **kwargs)


# ML programs ---------------------------------------------------------------------------------------------


def conv_relu_program():
    @mb.program(input_specs=[mb.TensorSpec(shape=(1, 3, 32, 32))])
    def prog(x):
        weight = rng().random((8, 3, 3, 3), dtype=np.float32)
        x = mb.conv(x=x, weight=weight, strides=[1, 1], dilations=[2, 2], pad_type="same", name="conv")
        x = mb.relu(x=x, name="relu")
        x = mb.max_pool(x=x, kernel_sizes=[3, 3], strides=[2, 2], pad_type="valid", name="pool")
        return mb.upsample_nearest_neighbor(x=x, scale_factor_height=2, scale_factor_width=2, name="up")

    return prog


@case
def program_fp16(path):
    """conv (dilated), relu, max_pool, upsample in float16: the default precision, with float32 inputs cast in."""
    convert(conv_relu_program()).save(path + ".mlpackage")
    return path + ".mlpackage"


@case
def program_fp32(path):
    """The same program computed in float32."""
    convert(conv_relu_program(), precision=ct.precision.FLOAT32).save(path + ".mlpackage")
    return path + ".mlpackage"


@case
def program_range_input(path):
    """Inputs whose second dimension ranges over 1-64 and 8-512 (ct.RangeDim; an ML program takes no unbounded one)."""

    # The builder's own inputs carry symbols where the shape varies; ct.convert's `inputs` bound them.
    @mb.program(input_specs=[mb.TensorSpec(shape=(1, get_new_symbol())), mb.TensorSpec(shape=(1, get_new_symbol()))])
    def prog(x, y):
        return mb.concat(values=[mb.relu(x=x), y], axis=1, name="joined")

    inputs = [
        ct.TensorType(name="x", shape=(1, ct.RangeDim(lower_bound=1, upper_bound=64, default=16))),
        ct.TensorType(name="y", shape=(1, ct.RangeDim(lower_bound=8, upper_bound=512, default=16))),
    ]
    convert(prog, inputs=inputs).save(path + ".mlpackage")
    return path + ".mlpackage"


@case
def program_enumerated_layer_norm(path):
    """Enumerated shapes (ct.EnumeratedShapes) feeding a layer_norm."""

    @mb.program(input_specs=[mb.TensorSpec(shape=(1, get_new_symbol(), 64))])
    def prog(x):
        return mb.layer_norm(x=x, axes=[-1], epsilon=1e-5, name="norm")

    shapes = ct.EnumeratedShapes(shapes=[(1, 8, 64), (1, 16, 64), (1, 32, 64)], default=(1, 8, 64))
    convert(prog, inputs=[ct.TensorType(name="x", shape=shapes)]).save(path + ".mlpackage")
    return path + ".mlpackage"


@case
def program_stateful(path):
    """A state (ct.StateType, iOS 18) read, updated by slice_update and written back."""

    @mb.program(
        input_specs=[mb.StateTensorSpec((1, 4, 48), dtype=types.fp16), mb.TensorSpec((1, 1, 48), dtype=types.fp16)],
        opset_version=ct.target.iOS18,
    )
    def prog(cache, x):
        current = mb.read_state(input=cache, name="read")
        updated = mb.slice_update(x=current, update=x, begin=[0, 0, 0], end=[1, 1, 48], name="update")
        mb.coreml_update_state(state=cache, value=updated, name="write")
        return mb.reduce_sum(x=updated, axes=[1], name="total")

    convert(prog, target=ct.target.iOS18).save(path + ".mlpackage")
    return path + ".mlpackage"


@case
def program_control_flow(path):
    """A while_loop whose body holds a cond: ops in nested blocks, two deep."""

    @mb.program(input_specs=[mb.TensorSpec(shape=(1,), dtype=types.int32), mb.TensorSpec(shape=(1, 4))])
    def prog(count, x):
        def cond(i, acc):
            return mb.less(x=i, y=count)

        def body(i, acc):
            even = mb.equal(x=mb.mod(x=i, y=2), y=0)
            acc = mb.cond(pred=mb.squeeze(x=even), _true_fn=lambda: mb.add(x=acc, y=1.0), _false_fn=lambda: mb.mul(x=acc, y=2.0))
            return mb.add(x=i, y=1), acc

        i0 = mb.fill(shape=[1], value=0)
        _, result = mb.while_loop(_cond=cond, _body=body, loop_vars=(mb.cast(x=i0, dtype="int32"), x), name="loop")
        return result

    convert(prog, precision=ct.precision.FLOAT32).save(path + ".mlpackage")
    return path + ".mlpackage"


@case
def program_gather_int32(path):
    """An embedding lookup: gather with int32 indices from an int32 input."""

    @mb.program(input_specs=[mb.TensorSpec(shape=(1, 6), dtype=types.int32)])
    def prog(ids):
        table = rng().random((100, 32), dtype=np.float32)
        return mb.gather(x=table, indices=ids, axis=0, name="embed")

    convert(prog).save(path + ".mlpackage")
    return path + ".mlpackage"


@case
def program_palettized(path):
    """linear layers palettized to 4 bits by ct.optimize.coreml: constexpr_lut_to_dense ops (iOS 18)."""
    import coremltools.optimize.coreml as cto

    @mb.program(input_specs=[mb.TensorSpec(shape=(1, 64))], opset_version=ct.target.iOS18)
    def prog(x):
        x = mb.linear(x=x, weight=rng().random((128, 64), dtype=np.float32), name="fc1")
        return mb.linear(x=mb.relu(x=x), weight=rng().random((32, 128), dtype=np.float32), name="fc2")

    model = convert(prog, target=ct.target.iOS18)
    config = cto.OptimizationConfig(global_config=cto.OpPalettizerConfig(nbits=4, mode="uniform", weight_threshold=512))
    cto.palettize_weights(model, config).save(path + ".mlpackage")
    return path + ".mlpackage"


@case
def program_multifunction(path):
    """Two functions in one package (ct.utils.save_multifunction, iOS 18), each with its own op."""
    parts = []
    for op in ("relu", "sigmoid"):
        part = f"{path}-{op}.mlpackage"
        convert(one_op_program(op), target=ct.target.iOS18).save(part)
        parts.append(part)
    descriptor = ct.utils.MultiFunctionDescriptor()
    descriptor.add_function(parts[0], src_function_name="main", target_function_name="relu")
    descriptor.add_function(parts[1], src_function_name="main", target_function_name="sigmoid")
    descriptor.default_function_name = "relu"
    ct.utils.save_multifunction(descriptor, path + ".mlpackage")
    for part in parts:
        shutil.rmtree(part)
    return path + ".mlpackage"


def one_op_program(op):
    @mb.program(input_specs=[mb.TensorSpec(shape=(1, 8))], opset_version=ct.target.iOS18)
    def prog(x):
        return getattr(mb, op)(x=x, name=op)

    return prog


# NeuralNetworks ------------------------------------------------------------------------------------------


@case
def nn_layers(path):
    """An old network: dilated convolution, pooling (kernel 3, stride 2), 3x upsample, a custom layer, an
    addBroadcastable, a uniDirectionalLSTM and an innerProduct with float16 weights (spec 4)."""
    builder = NeuralNetworkBuilder(
        [("image", datatypes.Array(3, 16, 16)), ("seq", datatypes.Array(5, 1, 8, 1, 1))],
        [("conv_out", None), ("lstm_out", None), ("fc_out", None)],
        disable_rank5_shape_mapping=False,
    )
    r = rng()
    builder.add_convolution(
        "conv", kernel_channels=3, output_channels=4, height=3, width=3, stride_height=1, stride_width=1,
        border_mode="same", groups=1, W=r.random((3, 3, 3, 4), dtype=np.float32), b=None, has_bias=False,
        input_name="image", output_name="conv1", dilation_factors=[2, 2],
    )
    builder.add_pooling("pool", height=3, width=3, stride_height=2, stride_width=2, layer_type="MAX", padding_type="VALID", input_name="conv1", output_name="pool1")
    builder.add_upsample("up", scaling_factor_h=3, scaling_factor_w=3, input_name="pool1", output_name="up1", mode="NN")
    builder.add_custom("custom", input_names=["up1"], output_names=["conv_out"], custom_proto_spec=custom_params("AAPLCustomSwish"))
    hidden = 4
    W_h = [r.random((hidden, hidden), dtype=np.float32) for _ in range(4)]
    W_x = [r.random((hidden, 8), dtype=np.float32) for _ in range(4)]
    builder.add_unilstm("lstm", W_h=W_h, W_x=W_x, b=None, hidden_size=hidden, input_size=8, input_names=["seq"], output_names=["lstm_out", "h", "c"])
    builder.add_inner_product("fc", W=r.random((2, 8), dtype=np.float32), b=None, input_channels=8, output_channels=2, has_bias=False, input_name="seq", output_name="fc1")
    builder.add_add_broadcastable("badd", input_names=["fc1", "fc1"], output_name="fc_out")
    # The innerProduct keeps its weights as float16 (WeightParams.float16Value), as a half-precision model does.
    weights = builder.spec.neuralNetwork.layers[-2].innerProduct.weights
    weights.float16Value = np.array(weights.floatValue, dtype=np.float16).tobytes()
    weights.ClearField("floatValue")
    builder.spec.specificationVersion = 4
    ct.models.utils.save_spec(builder.spec, path + ".mlmodel")
    return path + ".mlmodel"


def custom_params(class_name):
    from coremltools.proto import NeuralNetwork_pb2

    params = NeuralNetwork_pb2.CustomLayerParams()
    params.className = class_name
    params.description = "x * sigmoid(x), done on the CPU"
    return params


@case
def nn_flexible(path):
    """A network whose image input takes a size range and whose array input takes enumerated shapes."""
    from coremltools.models.neural_network import flexible_shape_utils

    builder = NeuralNetworkBuilder([("image", datatypes.Array(3, 32, 32)), ("vector", datatypes.Array(3, 32, 32))], [("out", None)])
    builder.add_elementwise("add", input_names=["image", "vector"], output_name="out", mode="ADD")
    builder.set_pre_processing_parameters(image_input_names=["image"], is_bgr=False)
    spec = builder.spec
    flexible_shape_utils.update_image_size_range(spec, "image", flexible_shape_utils.NeuralNetworkImageSizeRange(height_range=(16, 64), width_range=(16, -1)))
    flexible_shape_utils.add_enumerated_multiarray_shapes(spec, "vector", [flexible_shape_utils.NeuralNetworkMultiArrayShape(3, 16, 16), flexible_shape_utils.NeuralNetworkMultiArrayShape(3, 64, 64)])
    ct.models.utils.save_spec(spec, path + ".mlmodel")
    return path + ".mlmodel"


@case
def nn_quantized(path):
    """innerProduct weights quantized to 8 bits (linear) and palettized to 4 bits (lookup table)."""
    from coremltools.models.neural_network import quantization_utils

    builder = NeuralNetworkBuilder([("x", datatypes.Array(64))], [("y", None)])
    r = rng()
    builder.add_inner_product("fc1", W=r.random((64, 64), dtype=np.float32), b=None, input_channels=64, output_channels=64, has_bias=False, input_name="x", output_name="h")
    builder.add_inner_product("fc2", W=r.random((64, 64), dtype=np.float32), b=None, input_channels=64, output_channels=64, has_bias=False, input_name="h", output_name="y")
    spec = builder.spec
    linear = quantization_utils.quantize_weights(ct.models.MLModel(spec), nbits=8, quantization_mode="linear").get_spec()
    palettized = quantization_utils.quantize_weights(ct.models.MLModel(spec), nbits=4, quantization_mode="linear_lut").get_spec()
    # fc1 as the 8-bit linear form, fc2 as the 4-bit lookup-table form.
    spec.neuralNetwork.layers[0].CopyFrom(linear.neuralNetwork.layers[0])
    spec.neuralNetwork.layers[1].CopyFrom(palettized.neuralNetwork.layers[1])
    spec.specificationVersion = max(linear.specificationVersion, palettized.specificationVersion)
    ct.models.utils.save_spec(spec, path + ".mlmodel")
    return path + ".mlmodel"


@case
def nn_branch(path):
    """A branch layer whose if and else networks hold their own layers (spec 4 control flow)."""
    builder = NeuralNetworkBuilder([("x", datatypes.Array(1)), ("flag", datatypes.Array(1))], [("y", datatypes.Array(1))], disable_rank5_shape_mapping=True)
    branch = builder.add_branch("branch", "flag").branch
    then_builder = NeuralNetworkBuilder(nn_spec=branch.ifBranch, disable_rank5_shape_mapping=True)
    then_builder.add_activation("then_relu", "RELU", "x", "y")
    else_builder = NeuralNetworkBuilder(nn_spec=branch.elseBranch, disable_rank5_shape_mapping=True)
    else_builder.add_activation("else_sigmoid", "SIGMOID", "x", "y")
    ct.models.utils.save_spec(builder.spec, path + ".mlmodel")
    return path + ".mlmodel"


@case
def pipeline(path):
    """A pipeline of two networks, named, each with its own layer."""
    from coremltools.models.pipeline import Pipeline

    first = NeuralNetworkBuilder([("x", datatypes.Array(4))], [("h", datatypes.Array(4))])
    first.add_activation("relu", "RELU", "x", "h")
    second = NeuralNetworkBuilder([("h", datatypes.Array(4))], [("y", datatypes.Array(4))])
    second.add_activation("tanh", "TANH", "h", "y")
    pipe = Pipeline([("x", datatypes.Array(4))], [("y", datatypes.Array(4))])
    pipe.add_model(first.spec)
    pipe.add_model(second.spec)
    pipe.spec.pipeline.names.extend(["encoder", "head"])
    ct.models.utils.save_spec(pipe.spec, path + ".mlmodel")
    return path + ".mlmodel"


from rule_cases import CASES as RULE_CASES
CASES.update(RULE_CASES)


from diff_cases import CASES as DIFF_CASES
CASES.update(DIFF_CASES)


def main():
    out, names = sys.argv[1], sys.argv[2:]
    unknown = [name for name in names if name not in CASES]
    if unknown:
        sys.exit(f"unknown case(s): {', '.join(unknown)}; the cases are: {', '.join(sorted(CASES))}")
    built = {}
    for name in names:
        final = None
        for candidate in (os.path.join(out, name + ext) for ext in (".mlpackage", ".mlmodel")):
            if os.path.exists(candidate):
                final = candidate
        if final is None:
            aside = os.path.join(out, f".{name}-{uuid.uuid4().hex}")
            os.makedirs(aside)
            try:
                saved = CASES[name](os.path.join(aside, name))
                final = os.path.join(out, os.path.basename(saved))
                try:
                    os.rename(saved, final)
                except OSError:
                    # Another build of the same case got there first: its model is as good as this one.
                    pass
            finally:
                shutil.rmtree(aside, ignore_errors=True)
        built[name] = final
    print(json.dumps(built))


if __name__ == "__main__":
    main()
