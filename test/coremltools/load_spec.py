"""Prints, as JSON, what coremltools itself sees in a model: the facts the project's reader must agree with.

    python load_spec.py MODEL...

(one JSON document a line, one line per model, in order)

It reads the model with ct.utils.load_spec (a .mlmodel or an .mlpackage) and walks the protobuf messages
coremltools generated from the public schema, naming things the way the reader's facts do (data types as MIL
text spells them, kinds by the oneof's field name). It shares no code with the reader: weights are measured by
walking every WeightParams the descriptors show, not by a table of where they are.
"""
import json
import sys
from collections import Counter

import coremltools as ct

ARRAY_TYPES = {"FLOAT32": "fp32", "DOUBLE": "fp64", "INT32": "int32", "INT8": "int8", "FLOAT16": "fp16"}
MIL_TYPES = {
    "BOOL": "bool", "STRING": "string", "FLOAT8E4M3FN": "fp8e4m3fn", "FLOAT8E5M2": "fp8e5m2", "FLOAT16": "fp16",
    "FLOAT32": "fp32", "FLOAT64": "fp64", "BFLOAT16": "bf16", "INT8": "int8", "INT16": "int16", "INT32": "int32",
    "INT64": "int64", "INT4": "int4", "UINT8": "uint8", "UINT16": "uint16", "UINT32": "uint32", "UINT64": "uint64",
    "UINT4": "uint4", "UINT2": "uint2", "UINT1": "uint1", "UINT6": "uint6", "UINT3": "uint3",
}
NETWORK_KINDS = {"neuralNetwork", "neuralNetworkClassifier", "neuralNetworkRegressor"}
PIPELINE_KINDS = {"pipeline", "pipelineClassifier", "pipelineRegressor"}


def size_range(r):
    return {"lower": r.lowerBound, "upper": None if r.upperBound < 0 else r.upperBound}


def feature(f):
    t = f.type
    which = t.WhichOneof("Type")
    kind = which[: -len("Type")] if which else "unknown"
    out = {"name": f.name, "kind": kind, "optional": t.isOptional, "dataType": None, "shape": [], "flexibility": None}
    if kind in ("multiArray", "state"):
        a = t.multiArrayType if kind == "multiArray" else t.stateType.arrayType
        out["dataType"] = ARRAY_TYPES.get(ct.proto.FeatureTypes_pb2.ArrayFeatureType.ArrayDataType.Name(a.dataType))
        out["shape"] = list(a.shape)
        flex = a.WhichOneof("ShapeFlexibility")
        if flex == "shapeRange":
            out["flexibility"] = {"kind": "range", "ranges": [size_range(r) for r in a.shapeRange.sizeRanges]}
        elif flex == "enumeratedShapes":
            out["flexibility"] = {"kind": "enumerated", "shapes": [list(s.shape) for s in a.enumeratedShapes.shapes]}
    elif kind == "image":
        i = t.imageType
        out["shape"] = [i.height, i.width]
        out["image"] = {"width": i.width, "height": i.height, "colorSpace": ct.proto.FeatureTypes_pb2.ImageFeatureType.ColorSpace.Name(i.colorSpace)}
        flex = i.WhichOneof("SizeFlexibility")
        if flex == "imageSizeRange":
            out["flexibility"] = {"kind": "range", "ranges": [size_range(i.imageSizeRange.heightRange), size_range(i.imageSizeRange.widthRange)]}
        elif flex == "enumeratedSizes":
            out["flexibility"] = {"kind": "enumerated", "shapes": [[s.height, s.width] for s in i.enumeratedSizes.sizes]}
    elif kind == "int64":
        out["dataType"] = "int64"
    elif kind == "double":
        out["dataType"] = "fp64"
    elif kind == "string":
        out["dataType"] = "string"
    return out


def value_type(vt):
    which = vt.WhichOneof("type")
    if which == "tensorType":
        dims = [d.constant.size if d.WhichOneof("dimension") == "constant" else None for d in vt.tensorType.dimensions]
        return {"kind": "tensor", "dataType": MIL_TYPES[ct.proto.MIL_pb2.DataType.Name(vt.tensorType.dataType)], "rank": vt.tensorType.rank, "shape": dims}
    if which == "listType":
        length = vt.listType.length
        return {"kind": "list", "element": value_type(vt.listType.type), "length": length.constant.size if length.WhichOneof("dimension") == "constant" else None}
    if which == "tupleType":
        return {"kind": "tuple", "types": [value_type(t) for t in vt.tupleType.types]}
    if which == "dictionaryType":
        return {"kind": "dictionary", "key": value_type(vt.dictionaryType.keyType), "value": value_type(vt.dictionaryType.valueType)}
    if which == "stateType":
        return {"kind": "state", "wrapped": value_type(vt.stateType.wrappedType)}
    return {"kind": "unknown"}


def tensor_dtype(t):
    if t["kind"] == "tensor":
        return t["dataType"]
    if t["kind"] in ("state", "list"):
        return tensor_dtype(t.get("wrapped") or t.get("element"))
    return None


def program(p):
    functions = []
    for name, fn in p.functions.items():
        ops = []

        def walk(block, path):
            for op in block.operations:
                outputs = [{"name": o.name, "type": value_type(o.type)} for o in op.outputs]
                name = op.attributes["name"].immediateValue.tensor.strings.values[0] if "name" in op.attributes else outputs[0]["name"]
                ops.append({"type": op.type, "name": name, "path": path, "outputs": outputs, "inputs": sorted(op.inputs.keys())})
                for i, nested in enumerate(op.blocks):
                    walk(nested, path + [{"op": name, "type": op.type, "block": i}])

        walk(fn.block_specializations[fn.opset], [])
        precision = Counter()
        for op in ops:
            if op["type"] == "const" or op["type"].startswith("constexpr_"):
                continue
            for dtype in {tensor_dtype(o["type"]) for o in op["outputs"]} - {None}:
                precision[dtype] += 1
        functions.append({
            "name": name,
            "opset": fn.opset,
            "inputs": [{"name": i.name, "type": value_type(i.type)} for i in fn.inputs],
            "operationCounts": dict(Counter(op["type"] for op in ops)),
            "precision": dict(precision),
            "operations": ops,
        })
    return {"version": p.version, "functions": functions}


def weight_bytes(wp):
    return len(wp.floatValue) * 4 + len(wp.float16Value) + len(wp.rawValue) + len(wp.int8RawValue)


def weights_in(message):
    """Every WeightParams the message holds, at any depth, found through the descriptors."""
    found = []
    for fd, value in message.ListFields():
        if fd.message_type is None:
            continue
        if fd.message_type.GetOptions().map_entry:
            # A map's values: messages only when the map's value type is one.
            value_field = fd.message_type.fields_by_name["value"]
            items = list(value.values()) if value_field.message_type is not None else []
        else:
            items = value if fd.label == fd.LABEL_REPEATED else [value]
        for item in items:
            if fd.message_type.name == "WeightParams":
                found.append(item)
            elif fd.message_type.name != "NeuralNetwork":
                found.extend(weights_in(item))
    return found


def network(nn):
    layers = []

    def walk(net, path):
        for layer in net.layers:
            kind = layer.WhichOneof("layer")
            params = getattr(layer, kind)
            entry = {"name": layer.name, "kind": kind, "inputs": list(layer.input), "outputs": list(layer.output), "path": path,
                     "weightBytes": sum(weight_bytes(w) for w in weights_in(params))}
            if kind == "convolution":
                entry["convolution"] = {"kernelSize": list(params.kernelSize), "stride": list(params.stride), "dilationFactor": list(params.dilationFactor), "nGroups": params.nGroups}
            elif kind == "pooling":
                entry["pooling"] = {"type": ct.proto.NeuralNetwork_pb2.PoolingLayerParams.PoolingType.Name(params.type).lower(), "kernelSize": list(params.kernelSize), "stride": list(params.stride), "globalPooling": params.globalPooling}
            elif kind == "upsample":
                entry["upsample"] = {"scalingFactor": list(params.scalingFactor), "mode": ct.proto.NeuralNetwork_pb2.UpsampleLayerParams.InterpolationMode.Name(params.mode)}
            elif kind == "custom":
                entry["custom"] = {"className": params.className, "description": params.description}
            layers.append(entry)
            if kind == "branch":
                for which in ("ifBranch", "elseBranch"):
                    if params.HasField(which):
                        walk(getattr(params, which), path + [{"layer": layer.name, "kind": kind, "network": which}])
            elif kind == "loop":
                for which in ("conditionNetwork", "bodyNetwork"):
                    if params.HasField(which):
                        walk(getattr(params, which), path + [{"layer": layer.name, "kind": kind, "network": which}])

    walk(nn, [])
    return {"layers": layers, "layerCounts": dict(Counter(layer["kind"] for layer in layers))}


def model(spec):
    kind = spec.WhichOneof("Type") or "none"
    d = spec.description
    out = {
        "specificationVersion": spec.specificationVersion,
        "kind": kind,
        "isUpdatable": spec.isUpdatable,
        "inputs": [feature(f) for f in d.input],
        "outputs": [feature(f) for f in d.output],
        "states": [feature(f) for f in d.state],
        "functionDescriptions": [{"name": f.name, "inputs": [feature(i) for i in f.input], "outputs": [feature(o) for o in f.output], "states": [feature(s) for s in f.state]} for f in d.functions],
        "defaultFunctionName": d.defaultFunctionName,
        "metadata": {"author": d.metadata.author, "license": d.metadata.license, "shortDescription": d.metadata.shortDescription, "userDefined": dict(d.metadata.userDefined)},
    }
    if kind == "mlProgram":
        out["program"] = program(spec.mlProgram)
    elif kind in NETWORK_KINDS:
        out["network"] = network(getattr(spec, kind))
        out["embeddedWeightBytes"] = sum(layer["weightBytes"] for layer in out["network"]["layers"])
    elif kind in PIPELINE_KINDS:
        pipe = spec.pipeline if kind == "pipeline" else getattr(spec, kind).pipeline
        names = list(pipe.names)
        out["pipeline"] = [{"name": names[i] if i < len(names) else None, "model": model(m)} for i, m in enumerate(pipe.models)]
    return out


if __name__ == "__main__":
    for path in sys.argv[1:]:
        print(json.dumps(model(ct.utils.load_spec(path))))
