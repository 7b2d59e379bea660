"""Writes the two models of `npm run demo`'s model check, with Apple's coremltools:

    .venv-coremltools/bin/python test/coremltools/demo_models.py test/fixtures/demo-models

base/Classifier.mlpackage: an fp16 ML program (iOS 18) with one fixed-shape input, linear/relu/linear/softmax;
head/Classifier.mlpackage: the same, changed as a pull request might change it: its input takes 1 to 512 vectors
(a range shape) and its relu is kept in fp32 (a float32 island, casts around it). They are committed, so that
the demo needs nothing but Node; test/model/demo-models.test.ts checks that they still are what this says.
"""
import os
import shutil
import sys

import numpy as np
import coremltools as ct
from coremltools.converters.mil import Builder as mb
from coremltools.converters.mil.mil import get_new_symbol

SEQUENCE, WIDTH, HIDDEN = 8, 32, 64


def weights(rows, columns, seed):
    return np.random.default_rng(seed).random((rows, columns), dtype=np.float32)


def program(shape):
    @mb.program(input_specs=[mb.TensorSpec(shape=shape)], opset_version=ct.target.iOS18)
    def prog(x):
        x = mb.linear(x=x, weight=weights(HIDDEN, WIDTH, 1), name="expand")
        x = mb.relu(x=x, name="relu")
        x = mb.linear(x=x, weight=weights(WIDTH, HIDDEN, 2), name="project")
        return mb.softmax(x=x, axis=-1, name="probabilities")

    return prog


def convert(prog, **kwargs):
    return ct.convert(prog, convert_to="mlprogram", minimum_deployment_target=ct.target.iOS18, **kwargs)


def save(model, folder):
    path = os.path.join(folder, "Classifier.mlpackage")
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(folder, exist_ok=True)
    model.save(path)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: demo_models.py OUTDIR")
    out = sys.argv[1]
    save(convert(program((1, SEQUENCE, WIDTH)), compute_precision=ct.precision.FLOAT16), os.path.join(out, "base"))
    head = program((1, get_new_symbol(), WIDTH))
    inputs = [ct.TensorType(name="x", shape=(1, ct.RangeDim(lower_bound=1, upper_bound=512, default=SEQUENCE), WIDTH))]
    island = ct.transform.FP16ComputePrecision(op_selector=lambda op: op.op_type != "relu")
    save(convert(head, inputs=inputs, compute_precision=island), os.path.join(out, "head"))
