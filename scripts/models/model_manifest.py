#!/usr/bin/env python3
"""Write entries of models/manifest.json, the file list the kiosk checks before it loads a model.

Used by export_hmr2_onnx.py; also a small command line tool:

    # record (or refresh) the checksum of a file already listed in the manifest, e.g. the SMPL model
    python3 scripts/models/model_manifest.py --models-dir models record smpl_neutral
    # recompute every checksum after copying the models folder to another machine
    python3 scripts/models/model_manifest.py --models-dir models rehash

The layout is the one src/main/inference/onnx/manifest.ts parses (zod): schemaVersion 1,
`models` (ONNX files with their inputs and outputs: name, element type, shape with symbolic
dimensions as strings) and `files` (other files, such as the SMPL body model). Paths are relative
to the models folder, with forward slashes. Needs only the Python standard library, plus the
`onnx` package to describe an ONNX model's inputs and outputs.
"""
import argparse
import hashlib
import json
import os
import sys

MANIFEST = "manifest.json"

# onnx.TensorProto.DataType values -> the names the kiosk uses (onnxruntime-node's tensor types).
ELEMENT_TYPES = {1: "float32", 2: "uint8", 6: "int32", 7: "int64", 9: "bool", 10: "float16"}


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def relative(models_dir, path):
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(models_dir))
    if rel.startswith(".."):
        raise SystemExit(f"{path} is not inside the models folder {models_dir}")
    return rel.replace(os.sep, "/")


def read_manifest(models_dir):
    path = os.path.join(models_dir, MANIFEST)
    if not os.path.exists(path):
        return {"schemaVersion": 1, "models": {}, "files": {}}
    with open(path, encoding="utf-8") as handle:
        manifest = json.load(handle)
    if manifest.get("schemaVersion") != 1:
        raise SystemExit(f"{path}: schemaVersion {manifest.get('schemaVersion')!r} is not 1")
    manifest.setdefault("models", {})
    manifest.setdefault("files", {})
    return manifest


def write_manifest(models_dir, manifest):
    path = os.path.join(models_dir, MANIFEST)
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=2)
        handle.write("\n")
    os.replace(temporary, path)
    print(f"wrote {path}")


def _value_infos(graph, initializer_names):
    values = []
    for value in graph:
        if value.name in initializer_names:
            continue  # old exporters list weights as graph inputs too
        tensor = value.type.tensor_type
        if tensor.elem_type not in ELEMENT_TYPES:
            raise SystemExit(f"{value.name}: element type {tensor.elem_type} is not one the kiosk reads")
        shape = []
        for index, dim in enumerate(tensor.shape.dim):
            if dim.HasField("dim_value"):
                shape.append(int(dim.dim_value))
            else:
                # A dimension fixed only at run time: keep its name, or invent one.
                shape.append(dim.dim_param or f"{value.name}_dim{index}")
        values.append({"name": value.name, "type": ELEMENT_TYPES[tensor.elem_type], "shape": shape})
    return values


def onnx_signature(onnx_path):
    """Inputs and outputs of an ONNX graph, as the manifest lists them."""
    import onnx  # only needed here

    model = onnx.load(onnx_path, load_external_data=False)
    initializer_names = {tensor.name for tensor in model.graph.initializer}
    return _value_infos(model.graph.input, initializer_names), _value_infos(model.graph.output, initializer_names)


def file_fields(models_dir, path):
    return {"file": relative(models_dir, path), "sha256": sha256_of(path), "sizeBytes": os.path.getsize(path)}


def onnx_entry(models_dir, onnx_path, name, version, external_data=(), licence=None, source=None):
    inputs, outputs = onnx_signature(onnx_path)
    entry = {"name": name, "version": version, **file_fields(models_dir, onnx_path)}
    entry["externalData"] = [file_fields(models_dir, path) for path in external_data]
    if licence:
        entry["licence"] = licence
    if source:
        entry["source"] = source
    entry["inputs"] = inputs
    entry["outputs"] = outputs
    return entry


def file_entry(models_dir, path, name, version, licence=None, source=None):
    entry = {"name": name, "version": version, **file_fields(models_dir, path)}
    if licence:
        entry["licence"] = licence
    if source:
        entry["source"] = source
    return entry


def _refresh(models_dir, entry):
    path = os.path.join(models_dir, entry["file"])
    if not os.path.exists(path):
        print(f"  missing: {entry['file']} (left as it was)")
        return
    entry["sha256"] = sha256_of(path)
    entry["sizeBytes"] = os.path.getsize(path)
    print(f"  {entry['file']}: {entry['sha256']}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models-dir", default="models")
    commands = parser.add_subparsers(dest="command", required=True)
    record = commands.add_parser("record", help="record the checksum of the files of one manifest entry")
    record.add_argument("id", help="an id under models or files, e.g. smpl_neutral")
    commands.add_parser("rehash", help="recompute the checksum of every file the manifest lists")
    args = parser.parse_args()

    manifest = read_manifest(args.models_dir)
    entries = {**manifest["files"], **manifest["models"]}
    chosen = entries if args.command == "rehash" else {args.id: entries.get(args.id)}
    for entry_id, entry in chosen.items():
        if entry is None:
            raise SystemExit(f"{os.path.join(args.models_dir, MANIFEST)} has no entry {entry_id!r}")
        print(entry_id)
        _refresh(args.models_dir, entry)
        for data in entry.get("externalData", []):
            _refresh(args.models_dir, data)
    write_manifest(args.models_dir, manifest)


if __name__ == "__main__":
    sys.exit(main())
