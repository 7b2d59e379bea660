"""Prints, as JSON, the schema tables the reader keeps, from the descriptors of coremltools' generated code:
the Model.Type oneof, the NeuralNetworkLayer.layer oneof, the activation oneof, MIL's DataType enum, and
where each layer kind keeps its WeightParams.

    python schema_names.py
"""
import json

from coremltools.proto import MIL_pb2, Model_pb2, NeuralNetwork_pb2


def oneof(message, name):
    return {str(field.number): field.name for field in message.DESCRIPTOR.oneofs_by_name[name].fields}


def weight_fields(descriptor, seen=()):
    """Where a message keeps its WeightParams: field number -> name, or a nested message holding more."""
    out = {}
    for field in descriptor.fields:
        if field.message_type is None or field.message_type.name in seen or field.message_type.GetOptions().map_entry:
            continue
        if field.message_type.name == "WeightParams":
            out[str(field.number)] = field.name
        elif field.message_type.name != "NeuralNetwork":
            inner = weight_fields(field.message_type, seen + (descriptor.name,))
            if inner:
                out[str(field.number)] = {"name": field.name, "inner": inner}
    return out


def layer_weights():
    layer = NeuralNetwork_pb2.NeuralNetworkLayer.DESCRIPTOR
    out = {}
    for field in layer.oneofs_by_name["layer"].fields:
        found = weight_fields(field.message_type)
        if found:
            out[field.name] = found
    return out


print(json.dumps({
    "layerWeights": layer_weights(),
    "modelKinds": oneof(Model_pb2.Model, "Type"),
    "layerKinds": oneof(NeuralNetwork_pb2.NeuralNetworkLayer, "layer"),
    "activations": oneof(NeuralNetwork_pb2.ActivationParams, "NonlinearityType"),
    "milDataTypes": {str(value.number): value.name for value in MIL_pb2.DataType.DESCRIPTOR.values if value.number != 0},
}))
