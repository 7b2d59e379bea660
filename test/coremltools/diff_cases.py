"""Pairs for the model check's diff: a base ML program package, and heads that each change one thing of it.

Every case is registered in CASES (merged into build_models.py's) by @case, and builds the same program as
diff_base except for its one change, so that the diff of base and head shows that change and nothing else.
"""
import numpy as np
import coremltools as ct
from coremltools.converters.mil import Builder as mb
from coremltools.converters.mil.mil import types

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


# The input: a sequence of 8 vectors of 64, a hidden width large enough that the weights go to weight.bin.
SEQUENCE, WIDTH, HIDDEN = 8, 64, 1024


def weights(rows, columns, seed):
    return np.random.default_rng(seed).random((rows, columns), dtype=np.float32)


def body(x, hidden=HIDDEN, extra_op=None, output_name="probabilities"):
    """linear -> relu -> linear -> softmax: what every case computes, give or take its change."""
    x = mb.linear(x=x, weight=weights(hidden, WIDTH, 1), name="expand")
    x = mb.relu(x=x, name="relu")
    if extra_op is not None:
        x = getattr(mb, extra_op)(x=x, name=extra_op)
    x = mb.linear(x=x, weight=weights(WIDTH, hidden, 2), name="project")
    return mb.softmax(x=x, axis=-1, name=output_name)


def program(shape=(1, SEQUENCE, WIDTH), target=ct.target.iOS18, **options):
    @mb.program(input_specs=[mb.TensorSpec(shape=shape)], opset_version=target)
    def prog(x):
        return body(x, **options)

    return prog


def save(model, path):
    model.save(path + ".mlpackage")
    return path + ".mlpackage"


def convert(prog, target=ct.target.iOS18, precision=ct.precision.FLOAT16, **kwargs):
    return ct.convert(prog, convert_to="mlprogram", compute_precision=precision, minimum_deployment_target=target, **kwargs)


@case
def diff_base(path):
    """The base: fp16, iOS 18 (spec 9), one fixed-shape input x, linear/relu/linear/softmax, 256 KB of weights."""
    return save(convert(program()), path)


@case
def diff_range_input(path):
    """x takes 1 to 512 vectors (ct.RangeDim in dimension 1)."""
    from coremltools.converters.mil.mil import get_new_symbol

    prog = program(shape=(1, get_new_symbol(), WIDTH))
    inputs = [ct.TensorType(name="x", shape=(1, ct.RangeDim(lower_bound=1, upper_bound=512, default=SEQUENCE), WIDTH))]
    return save(convert(prog, inputs=inputs), path)


@case
def diff_float32_island(path):
    """The relu kept in fp32 (an op_selector on FP16ComputePrecision): a cast to fp32 before it and back after."""
    precision = ct.transform.FP16ComputePrecision(op_selector=lambda op: op.op_type != "relu")
    return save(convert(program(), precision=precision), path)


@case
def diff_op_added(path):
    """A gelu after the relu."""
    return save(convert(program(extra_op="gelu")), path)


@case
def diff_input_renamed(path):
    """x renamed `features` (ct.utils.rename_feature, as one renames a converted model's input)."""
    model = convert(program())
    spec = model.get_spec()
    ct.utils.rename_feature(spec, "x", "features")
    return save(ct.models.MLModel(spec, weights_dir=model.weights_dir), path)


@case
def diff_state_added(path):
    """A state `memory` (mb.StateTensorSpec) read and added to x, then written back."""

    @mb.program(
        input_specs=[mb.TensorSpec(shape=(1, SEQUENCE, WIDTH)), mb.StateTensorSpec((1, SEQUENCE, WIDTH), dtype=types.fp16)],
        opset_version=ct.target.iOS18,
    )
    def prog(x, memory):
        # The base's input is fp32, cast to fp16 by the conversion; a state is fp16, so x is cast here instead.
        remembered = mb.add(x=mb.cast(x=x, dtype="fp16"), y=mb.read_state(input=memory, name="recall"), name="remember")
        mb.coreml_update_state(state=memory, value=remembered, name="store")
        # ... and the result back to fp32, the base's output type.
        return mb.cast(x=body(remembered, output_name="softmax"), dtype="fp32", name="probabilities")

    return save(convert(prog), path)


@case
def diff_spec_raised(path):
    """The same program for iOS 26 (spec 10)."""
    return save(convert(program(target=ct.target.iOS26), target=ct.target.iOS26), path)


@case
def diff_weights_grown(path):
    """A hidden width four times the base's: the same ops and inputs, four times the weights."""
    return save(convert(program(hidden=HIDDEN * 4)), path)
