"""Models for the model check's rules, built with coremltools' own builders: for each rule, models it must fire
on and models it must not (test/model/rules/*.test.ts read them).

Every case is registered in CASES (merged into build_models.py's) by @case, named `rule_...`; it gets a path
without extension and returns the path it saved. ML programs come from the MIL builder and ct.convert, old networks
from NeuralNetworkBuilder (and coremltools' own protobuf classes for the fields its builder does not set).
"""
import os
import tempfile

import numpy as np
import coremltools as ct
from coremltools.converters.mil import Builder as mb
from coremltools.converters.mil.mil import get_new_symbol, types
from coremltools.models import datatypes
from coremltools.models.neural_network import NeuralNetworkBuilder
from coremltools.models.neural_network import flexible_shape_utils

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def rng():
    return np.random.default_rng(11)


def save_program(prog, path, target=ct.target.iOS17, precision=ct.precision.FLOAT16, **kwargs):
    """ct.convert of a MIL program to an ML program package."""
    model = ct.convert(prog, convert_to="mlprogram", compute_precision=precision, minimum_deployment_target=target, **kwargs)
    model.save(path + ".mlpackage")
    return path + ".mlpackage"


def save_network(builder, path, version=None):
    if version is not None:
        builder.spec.specificationVersion = version
    ct.models.utils.save_spec(builder.spec, path + ".mlmodel")
    return path + ".mlmodel"


def one_op(op, shape, dtype=types.fp32, target=ct.target.iOS17, **params):
    """A program of one op over one input."""

    @mb.program(input_specs=[mb.TensorSpec(shape=shape, dtype=dtype)], opset_version=target)
    def prog(x):
        return getattr(mb, op)(x=x, name=op, **params)

    return prog


# range-shape-input ---------------------------------------------------------------------------------------


@case
def rule_range_fixed_bounds(path):
    """A RangeDim whose bounds are equal: one shape only."""

    @mb.program(input_specs=[mb.TensorSpec(shape=(1, get_new_symbol()))], opset_version=ct.target.iOS17)
    def prog(x):
        return mb.relu(x=x, name="relu")

    return save_program(prog, path, inputs=[ct.TensorType(name="x", shape=(1, ct.RangeDim(16, 16, default=16)))])


@case
def rule_range_unbounded_nn(path):
    """A network whose array input takes any length from 4 up (an unbounded range)."""
    builder = NeuralNetworkBuilder([("x", datatypes.Array(3, 8, 8))], [("y", None)])
    builder.add_activation("relu", "RELU", "x", "y")
    flexible_shape_utils.update_multiarray_shape_range(
        builder.spec, "x", flexible_shape_utils.NeuralNetworkMultiArrayShapeRange({"C": (3, 3), "H": (4, -1), "W": (8, 8)})
    )
    return save_network(builder, path)


# float32 compute and islands -----------------------------------------------------------------------------


def softmax_program():
    @mb.program(input_specs=[mb.TensorSpec(shape=(1, 8, 16))], opset_version=ct.target.iOS17)
    def prog(x):
        x = mb.linear(x=x, weight=rng().random((16, 16), dtype=np.float32), name="project")
        x = mb.softmax(x=x, axis=-1, name="attend")
        return mb.relu(x=x, name="after")

    return prog


@case
def rule_fp32_island(path):
    """A float16 program whose softmax is kept in float32 (op_selector): a cast to fp32, the softmax, a cast back."""
    keep = ct.transform.FP16ComputePrecision(op_selector=lambda op: op.op_type != "softmax")
    return save_program(softmax_program(), path, precision=keep)


@case
def rule_fp16_softmax(path):
    """The same program all in float16."""
    return save_program(softmax_program(), path)


@case
def rule_fp32_softmax(path):
    """The same program all in float32."""
    return save_program(softmax_program(), path, precision=ct.precision.FLOAT32)


# RNN ops and layers --------------------------------------------------------------------------------------


@case
def rule_rnn_ops(path):
    """MIL lstm, gru and rnn over one sequence."""
    hidden, width = 4, 8

    @mb.program(input_specs=[mb.TensorSpec(shape=(5, 1, width))], opset_version=ct.target.iOS17)
    def prog(x):
        r = rng()
        h0 = np.zeros((1, hidden), dtype=np.float32)
        lstm_out, _, _ = mb.lstm(
            x=x, initial_h=h0, initial_c=h0, weight_ih=r.random((4 * hidden, width), dtype=np.float32),
            weight_hh=r.random((4 * hidden, hidden), dtype=np.float32), name="lstm",
        )
        gru_out, _ = mb.gru(
            x=x, initial_h=h0, weight_ih=r.random((3 * hidden, width), dtype=np.float32),
            weight_hh=r.random((3 * hidden, hidden), dtype=np.float32), name="gru",
        )
        rnn_out, _ = mb.rnn(
            x=x, initial_h=h0, weight_ih=r.random((hidden, width), dtype=np.float32),
            weight_hh=r.random((hidden, hidden), dtype=np.float32), name="rnn",
        )
        return mb.concat(values=[lstm_out, gru_out, rnn_out], axis=-1, name="joined")

    return save_program(prog, path)


@case
def rule_rnn_layers(path):
    """NeuralNetwork recurrent layers: biDirectionalLSTM, gru and simpleRecurrent."""
    hidden, width = 4, 8
    builder = NeuralNetworkBuilder([("seq", datatypes.Array(5, 1, width, 1, 1))], [("bi", None), ("gru_out", None), ("rnn_out", None)])
    r = rng()
    W_h = [r.random((hidden, hidden), dtype=np.float32) for _ in range(4)]
    W_x = [r.random((hidden, width), dtype=np.float32) for _ in range(4)]
    builder.add_bidirlstm(
        "bilstm", W_h=W_h, W_x=W_x, b=None, W_h_back=W_h, W_x_back=W_x, b_back=None, hidden_size=hidden, input_size=width,
        input_names=["seq"], output_names=["bi", "h1", "c1", "h2", "c2"],
    )
    builder.add_gru(
        "gru", W_h=[r.random((hidden, hidden), dtype=np.float32) for _ in range(3)],
        W_x=[r.random((hidden, width), dtype=np.float32) for _ in range(3)], b=None, hidden_size=hidden, input_size=width,
        input_names=["seq"], output_names=["gru_out", "gru_h"],
    )
    builder.add_simple_rnn(
        "simple", W_h=r.random((hidden, hidden), dtype=np.float32), W_x=r.random((hidden, width), dtype=np.float32), b=None,
        hidden_size=hidden, input_size=width, activation="TANH", input_names=["seq"], output_names=["rnn_out", "rnn_h"],
    )
    return save_network(builder, path)


@case
def rule_many_lstms(path):
    """Five lstm ops in one function (more than the report names one by one)."""
    hidden = 4

    @mb.program(input_specs=[mb.TensorSpec(shape=(3, 1, hidden))], opset_version=ct.target.iOS17)
    def prog(x):
        r = rng()
        h0 = np.zeros((1, hidden), dtype=np.float32)
        for i in range(5):
            x, _, _ = mb.lstm(
                x=x, initial_h=h0, initial_c=h0, weight_ih=r.random((4 * hidden, hidden), dtype=np.float32),
                weight_hh=r.random((4 * hidden, hidden), dtype=np.float32), name=f"lstm_{i}",
            )
        return x

    return save_program(prog, path)


# Custom layers and models --------------------------------------------------------------------------------


@case
def rule_custom_model(path):
    """A customModel (Model.proto 555): Core ML calls the app's class."""
    from coremltools.proto import Model_pb2

    spec = Model_pb2.Model()
    spec.specificationVersion = 1
    feature = spec.description.input.add()
    feature.name = "x"
    feature.type.doubleType.SetInParent()
    out = spec.description.output.add()
    out.name = "y"
    out.type.doubleType.SetInParent()
    spec.customModel.className = "AAPLMyModel"
    ct.models.utils.save_spec(spec, path + ".mlmodel")
    return path + ".mlmodel"


# Tensor dimensions and rank ------------------------------------------------------------------------------


@case
def rule_wide_16385(path):
    """A [1, 16385] input through relu: W one past the ANE's 16384."""
    return save_program(one_op("relu", (1, 16385)), path)


@case
def rule_wide_16384(path):
    """A [1, 16384] input through relu: W at the ANE's limit."""
    return save_program(one_op("relu", (1, 16384)), path)


@case
def rule_deep_rank4(path):
    """A [16385, 1, 1, 1] tensor: rank 4 puts its first axis on D (at most 16384)."""
    return save_program(one_op("relu", (16385, 1, 1, 1)), path)


@case
def rule_batch_rank5(path):
    """A [65536, 1, 1, 1, 1] tensor: rank 5 puts its first axis on N (at most 65536)."""
    return save_program(one_op("relu", (65536, 1, 1, 1, 1)), path)


@case
def rule_channels_rank3(path):
    """A [65537, 1, 1] tensor: rank 3 puts its first axis on C (at most 65536)."""
    return save_program(one_op("relu", (65537, 1, 1)), path)


@case
def rule_wide_image(path):
    """A network whose image input is 20000 pixels wide (W) and 8 high, with output tensors the file describes."""
    builder = NeuralNetworkBuilder([("image", datatypes.Array(1, 8, 20000))], [("out", None)])
    builder.add_activation("relu", "RELU", "image", "out")
    builder.set_pre_processing_parameters(image_input_names=["image"], is_bgr=False)
    layer = builder.spec.neuralNetwork.layers[0]
    tensor = layer.outputTensor.add()
    tensor.rank = 3
    tensor.dimValue.extend([1, 8, 20000])
    return save_network(builder, path, version=4)


@case
def rule_rank6_network(path):
    """A network whose input and layer have rank 6 (ML programs refuse rank 6; an old network can state it)."""
    builder = NeuralNetworkBuilder([("x", datatypes.Array(1, 2, 3, 4, 5, 6))], [("y", None)], disable_rank5_shape_mapping=True)
    builder.add_activation("relu", "RELU", "x", "y")
    layer = builder.spec.neuralNetwork.layers[0]
    tensor = layer.outputTensor.add()
    tensor.rank = 6
    tensor.dimValue.extend([1, 2, 3, 4, 5, 6])
    return save_network(builder, path)


@case
def rule_rank5_program(path):
    """A rank-5 program: the most the ANE's axes hold."""
    return save_program(one_op("relu", (1, 2, 3, 4, 5)), path)


# int32 tensors and gathers -------------------------------------------------------------------------------


@case
def rule_int32_math(path):
    """int32 ids shifted by one (an int32 add) and cast to float16 (a cast from int32)."""

    @mb.program(input_specs=[mb.TensorSpec(shape=(1, 6), dtype=types.int32)], opset_version=ct.target.iOS17)
    def prog(ids):
        shifted = mb.add(x=ids, y=np.int32(1), name="shifted")
        return mb.cast(x=shifted, dtype="fp16", name="as_float")

    return save_program(prog, path)


@case
def rule_gather_uint16(path):
    """An embedding lookup whose int32 ids are cast to uint16 first."""

    @mb.program(input_specs=[mb.TensorSpec(shape=(1, 6), dtype=types.int32)], opset_version=ct.target.iOS17)
    def prog(ids):
        table = rng().random((100, 32), dtype=np.float32)
        return mb.gather(x=table, indices=mb.cast(x=ids, dtype="uint16", name="ids_u16"), axis=0, name="embed")

    return save_program(prog, path)


@case
def rule_gather_variants(path):
    """gather_nd and gather_along_axis with int32 indices fed at run time, and a gather with constant indices (iOS 16)."""

    @mb.program(
        input_specs=[mb.TensorSpec(shape=(4, 8)), mb.TensorSpec(shape=(2, 1), dtype=types.int32), mb.TensorSpec(shape=(4, 2), dtype=types.int32)],
        opset_version=ct.target.iOS16,
    )
    def prog(x, nd_indices, axis_indices):
        a = mb.gather_nd(x=x, indices=nd_indices, name="rows")
        b = mb.gather_along_axis(x=x, indices=axis_indices, axis=1, name="columns")
        c = mb.gather(x=x, indices=np.array([0, 2], dtype=np.int32), axis=1, name="fixed_columns")
        return a, b, c

    # iOS 16: from iOS 17 on, ct.convert casts a gather's int32 indices to uint16 or int16 itself.
    return save_program(prog, path, target=ct.target.iOS16)


@case
def rule_nn_lookups(path):
    """NeuralNetwork embedding, gather and gatherND layers."""
    builder = NeuralNetworkBuilder(
        [("ids", datatypes.Array(1)), ("table", datatypes.Array(10, 4)), ("index", datatypes.Array(2))],
        [("embedded", None), ("picked", None), ("picked_nd", None)],
        disable_rank5_shape_mapping=True,
    )
    builder.add_embedding("embedding", W=rng().random((8, 10), dtype=np.float32), b=None, input_dim=10, output_channels=8, has_bias=False, input_name="ids", output_name="embedded")
    builder.add_gather("gather", input_names=["table", "index"], output_name="picked", axis=0)
    builder.add_gather_nd("gather_nd", input_names=["table", "index"], output_name="picked_nd")
    return save_network(builder, path)


# States and slice_update ---------------------------------------------------------------------------------


@case
def rule_state_decayed(path):
    """A state whose slice_update feeds a mul before the state write: a standalone slice_update (width 64)."""

    @mb.program(
        input_specs=[mb.StateTensorSpec((1, 4, 64), dtype=types.fp16), mb.TensorSpec((1, 1, 64), dtype=types.fp16)],
        opset_version=ct.target.iOS18,
    )
    def prog(cache, x):
        current = mb.read_state(input=cache, name="read")
        updated = mb.slice_update(x=current, update=x, begin=[0, 0, 0], end=[1, 1, 64], name="update")
        mb.coreml_update_state(state=cache, value=mb.mul(x=updated, y=np.float16(0.5), name="decay"), name="write")
        return mb.reduce_sum(x=mb.read_state(input=cache, name="read_again"), axes=[1], name="total")

    return save_program(prog, path, target=ct.target.iOS18)


@case
def rule_slice_update_returned(path):
    """A slice_update of a plain input, returned: no state at all."""

    @mb.program(input_specs=[mb.TensorSpec((1, 4, 64), dtype=types.fp16), mb.TensorSpec((1, 1, 64), dtype=types.fp16)], opset_version=ct.target.iOS18)
    def prog(buffer, x):
        return mb.slice_update(x=buffer, update=x, begin=[0, 0, 0], end=[1, 1, 64], name="update")

    return save_program(prog, path, target=ct.target.iOS18)


# Non-constant bounds and shapes --------------------------------------------------------------------------


@case
def rule_dynamic_slice(path):
    """slice_by_index whose begin is an input and end computed from it; slice_by_size of a constant size."""

    @mb.program(input_specs=[mb.TensorSpec((1, 16)), mb.TensorSpec((2,), dtype=types.int32)], opset_version=ct.target.iOS17)
    def prog(x, begin):
        end = mb.add(x=begin, y=np.array([1, 4], dtype=np.int32), name="end")
        a = mb.slice_by_index(x=x, begin=begin, end=end, name="window")
        b = mb.slice_by_size(x=x, begin=begin, size=[1, 4], name="sized")
        c = mb.slice_by_index(x=x, begin=[0, 2], end=[1, 6], name="fixed")
        return a, b, c

    return save_program(prog, path)


@case
def rule_dynamic_reshape(path):
    """reshape to a shape computed from the input's own (a RangeDim input, so it cannot be folded)."""

    @mb.program(input_specs=[mb.TensorSpec((1, get_new_symbol()))], opset_version=ct.target.iOS17)
    def prog(x):
        shape = mb.reverse(x=mb.shape(x=x, name="shape_of_x"), axes=[0], name="reversed_shape")
        return mb.reshape(x=x, shape=shape, name="flip")

    return save_program(prog, path, inputs=[ct.TensorType(name="x", shape=(1, ct.RangeDim(1, 64, default=8)))])


# Control flow and lists ----------------------------------------------------------------------------------


@case
def rule_lists(path):
    """make_list, list_write, list_read, list_gather and list_length outside any loop."""

    @mb.program(input_specs=[mb.TensorSpec(shape=(1, 4))], opset_version=ct.target.iOS17)
    def prog(x):
        ls = mb.make_list(init_length=2, dynamic_length=False, elem_shape=[1, 4], dtype="fp32", name="steps")
        ls = mb.list_write(ls=ls, index=0, value=x, name="first")
        ls = mb.list_write(ls=ls, index=1, value=mb.relu(x=x), name="second")
        return mb.list_read(ls=ls, index=1, name="last"), mb.list_gather(ls=ls, indices=[0, 1], name="all")

    return save_program(prog, path)


# Pooling, upsampling, broadcast --------------------------------------------------------------------------


@case
def rule_pooling(path):
    """max_pool with a 14x14 kernel, avg_pool with stride 3, and l2_pool 13x13 stride 2 (at the limits)."""

    @mb.program(input_specs=[mb.TensorSpec(shape=(1, 4, 28, 28))], opset_version=ct.target.iOS17)
    def prog(x):
        a = mb.max_pool(x=x, kernel_sizes=[14, 14], strides=[1, 1], pad_type="valid", name="wide_max")
        b = mb.avg_pool(x=x, kernel_sizes=[2, 2], strides=[3, 3], pad_type="valid", name="strided_avg")
        c = mb.l2_pool(x=x, kernel_sizes=[13, 13], strides=[2, 2], pad_type="valid", name="limit_l2")
        return a, b, c

    return save_program(prog, path)


@case
def rule_nn_pooling(path):
    """NeuralNetwork pooling: kernel 14, stride 3, kernel 13 stride 2, and a global average."""
    builder = NeuralNetworkBuilder([("x", datatypes.Array(4, 28, 28))], [("a", None), ("b", None), ("c", None), ("d", None)])
    builder.add_pooling("wide", height=14, width=14, stride_height=1, stride_width=1, layer_type="MAX", padding_type="VALID", input_name="x", output_name="a")
    builder.add_pooling("strided", height=2, width=2, stride_height=3, stride_width=3, layer_type="AVERAGE", padding_type="VALID", input_name="x", output_name="b")
    builder.add_pooling("limit", height=13, width=13, stride_height=2, stride_width=2, layer_type="MAX", padding_type="VALID", input_name="x", output_name="c")
    builder.add_pooling("global", height=0, width=0, stride_height=0, stride_width=0, layer_type="AVERAGE", padding_type="VALID", input_name="x", output_name="d", is_global=True)
    return save_network(builder, path)


@case
def rule_upsampling(path):
    """upsample_nearest_neighbor by 3, upsample_bilinear by 1.5, resize_bilinear to 3x, and a 2x upsample."""

    @mb.program(input_specs=[mb.TensorSpec(shape=(1, 4, 8, 8))], opset_version=ct.target.iOS17)
    def prog(x):
        a = mb.upsample_nearest_neighbor(x=x, scale_factor_height=3, scale_factor_width=3, name="triple")
        b = mb.upsample_bilinear(x=x, scale_factor_height=1.5, scale_factor_width=1.5, name="half_again")
        c = mb.resize_bilinear(x=x, target_size_height=24, target_size_width=24, name="resized")
        d = mb.upsample_nearest_neighbor(x=x, scale_factor_height=2, scale_factor_width=2, name="double")
        e = mb.resize_nearest_neighbor(x=x, target_size_height=16, target_size_width=8, name="taller")
        return a, b, c, d, e

    return save_program(prog, path)


@case
def rule_nn_upsample(path):
    """NeuralNetwork upsample by 2 and by a fractional 1.5."""
    builder = NeuralNetworkBuilder([("x", datatypes.Array(4, 8, 8))], [("a", None), ("b", None)])
    builder.add_upsample("double", scaling_factor_h=2, scaling_factor_w=2, input_name="x", output_name="a", mode="NN")
    builder.add_upsample("fractional", scaling_factor_h=1.5, scaling_factor_w=1.5, input_name="x", output_name="b", mode="BILINEAR", linear_upsample_mode="ALIGN_CORNERS_TRUE")
    return save_network(builder, path)


@case
def rule_channel_gate(path):
    """A squeeze-and-excitation gate: x [1, 8, 16, 16] times sigmoid(mean(x)) [1, 8, 1, 1]; and times a constant."""

    @mb.program(input_specs=[mb.TensorSpec(shape=(1, 8, 16, 16))], opset_version=ct.target.iOS17)
    def prog(x):
        gate = mb.sigmoid(x=mb.reduce_mean(x=x, axes=[2, 3], keep_dims=True, name="squeeze"), name="excite")
        gated = mb.mul(x=x, y=gate, name="gated")
        scaled = mb.mul(x=gated, y=rng().random((1, 8, 1, 1), dtype=np.float32), name="scaled")
        single = mb.mul(x=scaled, y=mb.reduce_mean(x=scaled, axes=[1, 2, 3], keep_dims=True, name="overall"), name="by_overall")
        return mb.mul(x=single, y=single, name="squared")

    return save_program(prog, path)


@case
def rule_nn_channel_gate(path):
    """A NeuralNetwork multiply of [8, 16, 16] by a computed [8, 1, 1], its input tensors described (spec 4)."""
    builder = NeuralNetworkBuilder([("x", datatypes.Array(8, 16, 16)), ("gate", datatypes.Array(8, 1, 1))], [("y", None)])
    builder.add_activation("excite", "SIGMOID", "gate", "excited")
    builder.add_elementwise("gated", input_names=["x", "excited"], output_name="y", mode="MULTIPLY")
    layer = builder.spec.neuralNetwork.layers[1]
    for dims in ([8, 16, 16], [8, 1, 1]):
        tensor = layer.inputTensor.add()
        tensor.rank = 3
        tensor.dimValue.extend(dims)
    return save_network(builder, path, version=4)


# Old layers: broadcastable, ND, dilation, band part, layer norm ------------------------------------------


@case
def rule_nn_nd_layers(path):
    """concatND, multiplyBroadcastable and an old concat; a dilated and a plain convolution; a matrixBandPart."""
    builder = NeuralNetworkBuilder([("a", datatypes.Array(4, 8, 8)), ("b", datatypes.Array(4, 8, 8))], [("cat", None), ("prod", None), ("old", None), ("dil", None), ("plain", None), ("band", None)], disable_rank5_shape_mapping=True)
    builder.add_concat_nd("cat_nd", input_names=["a", "b"], output_name="cat", axis=0)
    builder.add_multiply_broadcastable("mul_b", input_names=["a", "b"], output_name="prod")
    builder.add_elementwise("concat_old", input_names=["a", "b"], output_name="old", mode="CONCAT")
    r = rng()
    for name, dilation, out in (("dilated", 2, "dil"), ("undilated", 1, "plain")):
        builder.add_convolution(
            name, kernel_channels=4, output_channels=4, height=3, width=3, stride_height=1, stride_width=1, border_mode="same",
            groups=1, W=r.random((3, 3, 4, 4), dtype=np.float32), b=None, has_bias=False, input_name="a", output_name=out,
            dilation_factors=[dilation, dilation],
        )
    builder.add_matrix_band_part("mask", input_name="a", output_name="band", num_lower=-1, num_upper=0)
    return save_network(builder, path)


@case
def rule_band_part(path):
    """A causal mask made with band_part."""

    @mb.program(input_specs=[mb.TensorSpec(shape=(8, 8))], opset_version=ct.target.iOS17)
    def prog(x):
        return mb.band_part(x=x, lower=-1, upper=0, name="causal")

    return save_program(prog, path)


@case
def rule_layer_norm_fixed(path):
    """layer_norm with a fixed input shape."""
    return save_program(one_op("layer_norm", (1, 8, 64), axes=[-1], epsilon=1e-5), path)


@case
def rule_layer_norm_range(path):
    """layer_norm with a RangeDim input."""

    @mb.program(input_specs=[mb.TensorSpec(shape=(1, get_new_symbol(), 64))], opset_version=ct.target.iOS17)
    def prog(x):
        return mb.layer_norm(x=x, axes=[-1], epsilon=1e-5, name="norm")

    return save_program(prog, path, inputs=[ct.TensorType(name="x", shape=(1, ct.RangeDim(1, 32, default=8), 64))])


@case
def rule_nn_layer_norm_enumerated(path):
    """A NeuralNetwork layerNormalization whose input takes enumerated shapes."""
    builder = NeuralNetworkBuilder([("x", datatypes.Array(8, 64))], [("y", None)], disable_rank5_shape_mapping=True)
    builder.add_layer_normalization("norm", input_name="x", output_name="y", normalized_shape=[64], gamma=np.ones(64, dtype=np.float32), beta=np.zeros(64, dtype=np.float32))
    flexible_shape_utils.add_multiarray_ndshape_enumeration(builder.spec, "x", [(8, 64), (16, 64)])
    return save_network(builder, path)


# Last-axis padding ---------------------------------------------------------------------------------------


@case
def rule_padding(path):
    """Float16 tensors whose last axis is 1 ([1, 512, 768, 1], 23 MiB of padding), 8 ([1, 4, 8192, 8]: 4x, 1.5 MiB),
    9 ([1, 4, 8192, 9]: under 4x) and a CNN map [1, 2048, 7, 7] (0.7 MiB of padding)."""

    @mb.program(
        input_specs=[mb.TensorSpec(shape=(1, 512, 768, 1)), mb.TensorSpec(shape=(1, 4, 8192, 8)), mb.TensorSpec(shape=(1, 4, 8192, 9)), mb.TensorSpec(shape=(1, 2048, 7, 7))],
        opset_version=ct.target.iOS17,
    )
    def prog(tall, eight, nine, spatial):
        return (
            mb.relu(x=tall, name="tall_relu"),
            mb.relu(x=eight, name="eight_relu"),
            mb.relu(x=nine, name="nine_relu"),
            mb.relu(x=spatial, name="spatial_relu"),
        )

    return save_program(prog, path)


# Compression ---------------------------------------------------------------------------------------------


@case
def rule_palettized_ios16(path):
    """linear layers palettized to 4 bits in a program for iOS 16 (decompressed ahead of run time there)."""
    import coremltools.optimize.coreml as cto

    @mb.program(input_specs=[mb.TensorSpec(shape=(1, 64))], opset_version=ct.target.iOS16)
    def prog(x):
        return mb.linear(x=x, weight=rng().random((128, 64), dtype=np.float32), name="fc")

    model = ct.convert(prog, convert_to="mlprogram", minimum_deployment_target=ct.target.iOS16)
    config = cto.OptimizationConfig(global_config=cto.OpPalettizerConfig(nbits=4, mode="uniform", weight_threshold=512))
    cto.palettize_weights(model, config).save(path + ".mlpackage")
    return path + ".mlpackage"


@case
def rule_w8a8(path):
    """int8 weights (linear_quantize_weights) and activations quantized at run time (quantize, dequantize): W8A8."""
    import coremltools.optimize.coreml as cto

    @mb.program(input_specs=[mb.TensorSpec(shape=(1, 64), dtype=types.fp16)], opset_version=ct.target.iOS17)
    def prog(x):
        q = mb.quantize(input=x, scale=np.float16(0.05), output_dtype="int8", name="quantize_x")
        x = mb.dequantize(input=q, scale=np.float16(0.05), name="dequantize_x")
        return mb.linear(x=x, weight=rng().random((128, 64), dtype=np.float32).astype(np.float16), name="fc")

    model = ct.convert(prog, convert_to="mlprogram", minimum_deployment_target=ct.target.iOS17)
    config = cto.OptimizationConfig(global_config=cto.OpLinearQuantizerConfig(mode="linear_symmetric", weight_threshold=512))
    cto.linear_quantize_weights(model, config).save(path + ".mlpackage")
    return path + ".mlpackage"


# Non-neural models ---------------------------------------------------------------------------------------


@case
def rule_tree_ensemble(path):
    """A tree ensemble regressor (coremltools.models.tree_ensemble): one tree, one split."""
    from coremltools.models.tree_ensemble import TreeEnsembleRegressor

    tree = TreeEnsembleRegressor([("x", datatypes.Double()), ("z", datatypes.Double())], "y")
    tree.add_branch_node(0, 0, 0, 0.5, "BranchOnValueLessThan", 1, 2)
    tree.add_leaf_node(0, 1, -1.0)
    tree.add_leaf_node(0, 2, 1.0)
    ct.models.utils.save_spec(tree.spec, path + ".mlmodel")
    return path + ".mlmodel"


@case
def rule_scaler_pipeline(path):
    """A pipeline: a scaler (feature engineering) before a network, named steps."""
    from coremltools.models.pipeline import Pipeline
    from coremltools.proto import Model_pb2

    scaler = Model_pb2.Model()
    scaler.specificationVersion = 1
    for name, features in (("x", scaler.description.input), ("scaled", scaler.description.output)):
        feature = features.add()
        feature.name = name
        feature.type.multiArrayType.shape.append(4)
        feature.type.multiArrayType.dataType = Model_pb2.ArrayFeatureType.DOUBLE
    scaler.scaler.shiftValue.extend([0.0] * 4)
    scaler.scaler.scaleValue.extend([0.5] * 4)
    network = NeuralNetworkBuilder([("scaled", datatypes.Array(4))], [("y", datatypes.Array(4))])
    network.add_activation("relu", "RELU", "scaled", "y")
    pipe = Pipeline([("x", datatypes.Array(4))], [("y", datatypes.Array(4))])
    pipe.add_model(scaler)
    pipe.add_model(network.spec)
    pipe.spec.pipeline.names.extend(["scale", "network"])
    ct.models.utils.save_spec(pipe.spec, path + ".mlmodel")
    return path + ".mlmodel"


@case
def rule_nested_pipeline(path):
    """A pipeline whose second step is a pipeline of two networks, the inner one an LSTM (no names given)."""
    from coremltools.models.pipeline import Pipeline

    def network(inp, out, kind):
        builder = NeuralNetworkBuilder([(inp, datatypes.Array(4))], [(out, datatypes.Array(4))])
        builder.add_activation(kind.lower(), kind, inp, out)
        return builder.spec

    lstm = NeuralNetworkBuilder([("g", datatypes.Array(4, 1, 1))], [("z", None)])
    r = rng()
    lstm.add_unilstm(
        "inner_lstm", W_h=[r.random((4, 4), dtype=np.float32) for _ in range(4)], W_x=[r.random((4, 4), dtype=np.float32) for _ in range(4)],
        b=None, hidden_size=4, input_size=4, input_names=["g"], output_names=["z", "zh", "zc"],
    )
    inner = Pipeline([("h", datatypes.Array(4))], [("z", datatypes.Array(4))])
    inner.add_model(network("h", "g", "TANH"))
    inner.add_model(lstm.spec)
    outer = Pipeline([("x", datatypes.Array(4))], [("z", datatypes.Array(4))])
    outer.add_model(network("x", "h", "RELU"))
    outer.add_model(inner.spec)
    outer.spec.pipeline.names.extend(["first", "rest"])
    ct.models.utils.save_spec(outer.spec, path + ".mlmodel")
    return path + ".mlmodel"


@case
def rule_program_pipeline(path):
    """Two ML programs with weights in weight.bin, joined by ct.utils.make_pipeline into one package."""

    def part(name, seed):
        @mb.program(input_specs=[mb.TensorSpec(shape=(1, 64))], opset_version=ct.target.iOS17)
        def prog(x):
            return mb.linear(x=x, weight=np.random.default_rng(seed).random((64, 64), dtype=np.float32), name=name)

        return ct.convert(prog, convert_to="mlprogram", minimum_deployment_target=ct.target.iOS17)

    # coremltools keeps the packages it makes on the way in the temporary directory: here, the case's own folder.
    saved_tempdir = tempfile.tempdir
    tempfile.tempdir = os.path.dirname(path)
    try:
        first = part("first", 1)
        second = part("second", 2)
        spec = second.get_spec()
        # The second program reads what the first writes.
        ct.utils.rename_feature(spec, spec.description.input[0].name, first.get_spec().description.output[0].name)
        second = ct.models.MLModel(spec, weights_dir=second.weights_dir, skip_model_load=True)
        ct.utils.make_pipeline(first, second).save(path + ".mlpackage")
    finally:
        tempfile.tempdir = saved_tempdir
    return path + ".mlpackage"
