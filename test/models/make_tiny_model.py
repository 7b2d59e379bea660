"""Writes a tiny ML Program model (.mlpackage) for the harness workflow: a convolution, a ReLU and a mean.

    python test/models/make_tiny_model.py build/Tiny.mlpackage

Needs coremltools (pip install coremltools) on macOS; the workflow .github/workflows/harness.yml runs it.
"""
import sys

import numpy as np
import coremltools as ct
from coremltools.converters.mil import Builder as mb


@mb.program(input_specs=[mb.TensorSpec(shape=(1, 3, 32, 32))])
def tiny(x):
    weight = np.random.default_rng(7).random((8, 3, 3, 3), dtype=np.float32)
    x = mb.conv(x=x, weight=weight, pad_type="same")
    x = mb.relu(x=x)
    return mb.reduce_mean(x=x, axes=[2, 3], keep_dims=False)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_tiny_model.py OUTPUT.mlpackage")
    model = ct.convert(tiny, convert_to="mlprogram", minimum_deployment_target=ct.target.macOS14)
    model.save(sys.argv[1])
