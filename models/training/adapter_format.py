"""The encoder adapter file: changes to the ONNX model's initializers, stored compactly (fp16 or int8 deltas, or LoRA factors).

Layout (little-endian), read by src/ModerationApi.Engine/Classifier/EncoderAdapter.cs:
  8 bytes   magic "MLMADAPT"
  u32       format version (1: fp16 deltas and LoRA factors; 2: also int8 deltas)
  u32       header length H
  H bytes   UTF-8 JSON header: {"baseModelSha256": hex, "tensors": [{"name": ONNX initializer name, "hfName": …,
            "kind": "delta" | "lora", "shape": ONNX shape, "rank": r (lora only), "offset": byte offset in the payload,
            "count": values}], "training": {…}}
  payload   "delta" = the shape's values as fp16, added to the initializer; "lora" = A [in, r] then B [r, out] as fp16,
            and A·B (in fp32) is added to the [in, out] initializer; "delta8" (version 2, 2-D tensors) = one fp32 scale
            per column, then the [in, out] values as int8, each added as value × its column's scale. Each tensor starts
            at an offset that is a multiple of 4.
  32 bytes  SHA-256 of everything before
"""
import hashlib
import json
import struct

import numpy as np
import torch

MAGIC = b"MLMADAPT"
VERSION = 1
VERSION_INT8 = 2


def quantize_int8(delta):
    """Symmetric int8 per column of an [in, out] delta: returns (scales fp32 [out], values int8 [in, out])."""
    d = delta.astype(np.float32)
    if d.ndim != 2 or not np.isfinite(d).all():
        raise ValueError("int8 deltas are finite matrices")
    scales = np.abs(d).max(axis=0) / 127.0
    scales[scales == 0] = 1.0
    q = np.clip(np.rint(d / scales), -127, 127).astype(np.int8)
    return scales.astype(np.float32), q


def collect(model, base, param_onnx, weights, mode, rank, delta_precision="fp16"):
    """The adapter's tensors: every parameter that training changed, as a delta (fp16, or int8 for matrices when
    delta_precision is "int8") or LoRA factors, in ONNX layout."""
    onnx_to_hf = {onnx_name: hf for hf, (onnx_name, _) in weights.items()}
    state = model.state_dict()
    tensors = []
    for param_name, onnx_name in param_onnx.items():
        new = state[param_name]
        old = base[param_name]
        linear_weight = param_name.endswith(".weight") and not param_name.split(".")[-2].endswith("norm") and param_name.startswith("layers.")
        module = model.get_submodule(param_name.rsplit(".", 1)[0])
        factors = getattr(module, "lora_factors", None) if linear_weight else None
        if factors is not None:
            a, b = factors
            tensors.append({"name": onnx_name, "hfName": onnx_to_hf[onnx_name], "kind": "lora", "shape": [a.shape[0], b.shape[1]],
                            "rank": a.shape[1], "values": [a.numpy().astype(np.float16), b.numpy().astype(np.float16)]})
            continue
        delta = (new - old)
        if float(delta.abs().max()) == 0.0:
            continue
        delta = delta.t() if linear_weight else delta  # torch Linear is [out, in]; the ONNX MatMul weight is [in, out]
        values = delta.contiguous().numpy()
        if delta_precision == "int8" and values.ndim == 2:
            scales, q = quantize_int8(values)
            tensors.append({"name": onnx_name, "hfName": onnx_to_hf[onnx_name], "kind": "delta8", "shape": list(delta.shape),
                            "values": [scales, q]})
            continue
        tensors.append({"name": onnx_name, "hfName": onnx_to_hf[onnx_name], "kind": "delta", "shape": list(delta.shape),
                        "values": [values.astype(np.float16)]})
    return tensors


def write(tensors, training):
    payload = bytearray()
    header = {"baseModelSha256": training["baseModelSha256"], "tensors": [], "training": {
        k: training[k] for k in ("mode", "layers", "seed", "fold") if k in training}}
    int8 = any(t["kind"] == "delta8" for t in tensors)
    for t in tensors:
        entry = {k: t[k] for k in ("name", "hfName", "kind", "shape") if k in t}
        if t["kind"] == "lora":
            entry["rank"] = t["rank"]
        if int8:
            payload += bytes(-len(payload) % 4)
        entry["offset"] = len(payload)
        if t["kind"] == "delta8":
            scales, q = t["values"]
            payload += scales.astype("<f4").tobytes() + q.astype(np.int8).tobytes()
            count = q.size
        else:
            count = 0
            for v in t["values"]:
                payload += v.astype("<f2").tobytes()
                count += v.size
        entry["count"] = count
        header["tensors"].append(entry)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    body = MAGIC + struct.pack("<II", VERSION_INT8 if int8 else VERSION, len(h)) + h + bytes(payload)
    return body + hashlib.sha256(body).digest()


def read(blob):
    if blob[:8] != MAGIC:
        raise ValueError("not an encoder adapter (magic)")
    if hashlib.sha256(blob[:-32]).digest() != blob[-32:]:
        raise ValueError("adapter checksum mismatch")
    version, n = struct.unpack_from("<II", blob, 8)
    if version not in (VERSION, VERSION_INT8):
        raise ValueError(f"adapter format version {version}")
    header = json.loads(blob[16:16 + n].decode("utf-8"))
    payload = blob[16 + n:-32]
    out = []
    for t in header["tensors"]:
        if t["kind"] == "delta8":
            if version < VERSION_INT8 or len(t["shape"]) != 2:
                raise ValueError(f"tensor {t['name']}: delta8 needs format version 2 and a matrix")
            rows, cols = t["shape"]
            scales = np.frombuffer(payload, dtype="<f4", count=cols, offset=t["offset"])
            q = np.frombuffer(payload, dtype=np.int8, count=t["count"], offset=t["offset"] + 4 * cols).reshape(rows, cols)
            out.append((t["name"], torch.from_numpy((q.astype(np.float32) * scales[None, :]).astype(np.float32))))
            continue
        values = np.frombuffer(payload, dtype="<f2", count=t["count"], offset=t["offset"]).astype(np.float32)
        if t["kind"] == "lora":
            rows, cols, r = t["shape"][0], t["shape"][1], t["rank"]
            a = values[:rows * r].reshape(rows, r)
            b = values[rows * r:].reshape(r, cols)
            delta = torch.from_numpy(a) @ torch.from_numpy(b)
        else:
            delta = torch.from_numpy(values.reshape(t["shape"]).copy())
        out.append((t["name"], delta))
    return out


def apply(model, deltas, weights):
    """Adds the adapter's deltas to a freshly loaded base model, as the service does to the ONNX initializers."""
    from minilm_torch import LAYER_PARAMS

    onnx_to_param = {}
    hf_to_param = {"embeddings.word_embeddings.weight": "word.weight", "embeddings.position_embeddings.weight": "position.weight",
                   "embeddings.token_type_embeddings.weight": "token_type.weight", "embeddings.LayerNorm.weight": "embedding_norm.weight",
                   "embeddings.LayerNorm.bias": "embedding_norm.bias"}
    for i in range(6):
        for module, hf in LAYER_PARAMS.items():
            for suffix in ("weight", "bias"):
                hf_to_param[f"encoder.layer.{i}.{hf}.{suffix}"] = f"layers.{i}.{module}.{suffix}"
    for hf, (onnx_name, _) in weights.items():
        if hf in hf_to_param:
            onnx_to_param[onnx_name] = hf_to_param[hf]
    state = model.state_dict()
    with torch.no_grad():
        for name, delta in deltas:
            param_name = onnx_to_param[name]
            base_onnx = torch.from_numpy(weights[next(h for h, (o, _) in weights.items() if o == name)][1].copy())
            merged = base_onnx + delta  # in ONNX layout, in fp32, as the C# merge
            linear_weight = param_name.endswith(".weight") and not param_name.split(".")[-2].endswith("norm") and param_name.startswith("layers.")
            state[param_name].copy_(merged.t() if linear_weight else merged)
