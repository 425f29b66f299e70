#!/usr/bin/env python3
"""Convert the official SMPL model (.pkl) to the .npz layout Perfit Kiosk reads.

Usage:
    python3 scripts/body/convert-smpl-pkl.py SMPL_FEMALE.pkl models/smpl/SMPL_FEMALE.npz

Needs numpy (pip install numpy). chumpy and scipy are NOT needed: their objects inside the
pickle are read through small stand-ins. The SMPL licence (non-commercial research) applies to the
output as it does to the input; the file is for stores that hold that licence. Writes float32
v_template, shapedirs, posedirs, J_regressor (dense), weights; int32 f and kintree_table
(root parent -1).
"""
import pickle
import sys

try:
    import numpy as np
except ImportError:  # pragma: no cover - user tool
    sys.exit("convert-smpl-pkl.py needs numpy: pip install numpy")


class _Stub:
    """Stands in for chumpy.Ch and scipy.sparse matrices while unpickling."""

    def __init__(self, *args, **kwargs):
        self.__dict__["_args"] = args

    def __setstate__(self, state):
        if isinstance(state, dict):
            self.__dict__.update(state)
        else:
            self.__dict__["_state"] = state


class _Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if module.startswith("chumpy") or module.startswith("scipy"):
            return _Stub
        return super().find_class(module, name)


def to_array(value):
    """A numpy array from an ndarray, a chumpy Ch (its .x) or a scipy sparse matrix (dense)."""
    if isinstance(value, np.ndarray):
        return value
    if isinstance(value, _Stub):
        state = value.__dict__
        if "x" in state:
            return np.asarray(state["x"])
        if "indptr" in state and "indices" in state and "data" in state:
            shape = state.get("_shape") or state.get("shape")
            rows, cols = shape
            dense = np.zeros((rows, cols), dtype=np.float64)
            indptr, indices, data = state["indptr"], state["indices"], state["data"]
            if len(indptr) == cols + 1:  # CSC
                for col in range(cols):
                    for k in range(indptr[col], indptr[col + 1]):
                        dense[indices[k], col] = data[k]
            else:  # CSR
                for row in range(rows):
                    for k in range(indptr[row], indptr[row + 1]):
                        dense[row, indices[k]] = data[k]
            return dense
    return np.asarray(value)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    source, target = sys.argv[1], sys.argv[2]
    with open(source, "rb") as handle:
        data = _Unpickler(handle, encoding="latin1").load()
    kintree = to_array(data["kintree_table"]).astype(np.int64)
    kintree[0][kintree[0] > kintree.shape[1]] = -1
    out = {
        "v_template": to_array(data["v_template"]).astype(np.float32),
        "f": to_array(data["f"]).astype(np.int32),
        "shapedirs": to_array(data["shapedirs"]).astype(np.float32),
        "J_regressor": to_array(data["J_regressor"]).astype(np.float32),
        "weights": to_array(data["weights"]).astype(np.float32),
        "kintree_table": kintree.astype(np.int32),
        "model_name": np.array("SMPL"),
        "model_version": np.array("converted from " + source.split("/")[-1]),
        "model_licence": np.array("SMPL Model licence (non-commercial research); see https://smpl.is.tue.mpg.de"),
    }
    if "posedirs" in data:
        out["posedirs"] = to_array(data["posedirs"]).astype(np.float32)
    np.savez_compressed(target, **out)
    print("wrote %s: %d vertices, %d betas" % (target, out["v_template"].shape[0], out["shapedirs"].shape[2]))


if __name__ == "__main__":
    main()
