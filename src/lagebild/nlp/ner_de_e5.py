"""German entities from multilingual-e5-small word states and a BiLSTM-CRF head.

The accurate German recogniser (design J in `docs/ner_de.md`): every word is segmented
into e5 word-pieces on its own, each sentence runs through the frozen encoder
(`lagebild.nlp.e5_encoder`), and a word is represented by a learned mix of the layer
states of its first piece. The head (LayerNorm, one bidirectional LSTM, a linear layer
and a CRF whose transitions forbid I-X after anything but B-X/I-X) was trained by
`scripts/ner_de_e5/train_head.py` on GermEval 2014 (NoSta-D; Benikova, Biemann,
Reznicek 2014; CC BY 4.0) and ships as numpy arrays in `models/ner_de_e5/`.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from lagebild.nlp import e5_encoder
from lagebild.nlp.lang.abbreviations import ENGLISH, GERMAN

ABBREVIATIONS = GERMAN | ENGLISH

MODEL_DIR = Path(__file__).resolve().parent / "models" / "ner_de_e5"
LABELS = ("PER", "ORG", "LOC", "MISC")
BATCH_PIECES = 8192
# Words as GermEval splits them, which is what the head was trained on: numbers with
# their separators and ordinal dot ("12.000", "3,5", "9:30", "28."), dotted abbreviations
# ("z.B."), compounds with hyphens or apostrophes ("CDU-Chef", "Merkel's"), a truncated
# compound with its hyphen ("Bundes- und Landesregierung"), any other sign on its own.
_WORD = re.compile(
    r"\d+(?:[.,:/–-]\d+)*\.?(?!\w|-\w)"
    r"|\w\.(?:\w\.)+"
    r"|\w+(?:[-'’.&/]\w+)*(?:-(?=\s|$))?"
    r"|[^\w\s]"
)
_SENTENCE_LINE = re.compile(r"[^\n]+")


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


class _Lstm:
    """One direction of a PyTorch `nn.LSTM` layer (gates in the order i, f, g, o)."""

    def __init__(self, w_ih: np.ndarray, w_hh: np.ndarray, b_ih: np.ndarray, b_hh: np.ndarray) -> None:
        self.w_ih = np.ascontiguousarray(w_ih.T)
        self.w_hh = np.ascontiguousarray(w_hh.T)
        self.bias = b_ih + b_hh
        self.size = w_hh.shape[1]

    def run(self, x: np.ndarray) -> np.ndarray:
        """Outputs (batch, steps, size) for inputs (batch, steps, dim), all sequences
        starting at step 0 (padding after a sequence's end does not reach its outputs)."""
        batch, steps, _ = x.shape
        gates_in = x @ self.w_ih + self.bias
        h = np.zeros((batch, self.size), np.float32)
        c = np.zeros((batch, self.size), np.float32)
        out = np.empty((batch, steps, self.size), np.float32)
        n = self.size
        for t in range(steps):
            g = gates_in[:, t] + h @ self.w_hh
            c = _sigmoid(g[:, n:2 * n]) * c + _sigmoid(g[:, :n]) * np.tanh(g[:, 2 * n:3 * n])
            h = _sigmoid(g[:, 3 * n:]) * np.tanh(c)
            out[:, t] = h
        return out


class Head:
    """Layer mix → LayerNorm → BiLSTM → linear → constrained CRF (Viterbi)."""

    def __init__(self, folder: Path = MODEL_DIR) -> None:
        meta = json.loads((folder / "head.json").read_text(encoding="utf-8"))
        w = dict(np.load(folder / "head.npz"))
        self.tags: list[str] = meta["tags"]
        self.layers: list[int] = meta["layers"]
        mix = np.exp(w["mix"] - w["mix"].max())
        self.mix = (mix / mix.sum() * w["gamma"][0]).astype(np.float32)
        self.norm = (w["norm_weight"], w["norm_bias"])
        self.forward = _Lstm(w["rnn_weight_ih_l0"], w["rnn_weight_hh_l0"], w["rnn_bias_ih_l0"], w["rnn_bias_hh_l0"])
        self.backward = _Lstm(
            w["rnn_weight_ih_l0_reverse"], w["rnn_weight_hh_l0_reverse"],
            w["rnn_bias_ih_l0_reverse"], w["rnn_bias_hh_l0_reverse"],
        )
        self.out_w = np.ascontiguousarray(w["out_weight"].T)
        self.out_b = w["out_bias"]
        self.trans = w["crf_trans"] + w["crf_mask"]
        self.start = w["crf_start"] + w["crf_smask"]
        self.end = w["crf_end"]
        self.meta = meta

    def mixed(self, layer_states: list[np.ndarray]) -> np.ndarray:
        """The weighted sum of the used layers' states, normalised (words, dim)."""
        h = sum(weight * layer_states[i] for weight, i in zip(self.mix, self.layers))
        h = h - h.mean(axis=1, keepdims=True)
        h /= np.sqrt((h * h).mean(axis=1, keepdims=True) + 1e-5)
        return h * self.norm[0] + self.norm[1]

    def emissions(self, sentences: list[np.ndarray]) -> list[np.ndarray]:
        """Tag scores (words, tags) for each sentence's mixed word states."""
        lengths = [len(s) for s in sentences]
        steps, dim = max(lengths), sentences[0].shape[1]
        ahead = np.zeros((len(sentences), steps, dim), np.float32)
        behind = np.zeros_like(ahead)
        for k, s in enumerate(sentences):
            ahead[k, : len(s)] = s
            behind[k, : len(s)] = s[::-1]
        fwd = self.forward.run(ahead)
        bwd = self.backward.run(behind)
        out = []
        for k, n in enumerate(lengths):
            h = np.concatenate([fwd[k, :n], bwd[k, :n][::-1]], axis=1)
            out.append(h @ self.out_w + self.out_b)
        return out

    def decode(self, scores: np.ndarray) -> list[str]:
        """The best tag sequence under the CRF."""
        v = self.start + scores[0]
        back = []
        for t in range(1, len(scores)):
            total = v[:, None] + self.trans
            back.append(total.argmax(axis=0))
            v = total.max(axis=0) + scores[t]
        best = [int((v + self.end).argmax())]
        for b in reversed(back):
            best.append(int(b[best[-1]]))
        return [self.tags[i] for i in reversed(best)]


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Word spans of one sentence: known abbreviations and initials keep their full stop
    ("Dr.", "St.", "George W. Bush"), a number does not keep the one that ends the sentence."""
    words = [m.span() for m in _WORD.finditer(text, start, end)]
    out: list[tuple[int, int]] = []
    for i, (a, b) in enumerate(words):
        if (
            out
            and text[a:b] == "."
            and out[-1][1] == a
            and (text[out[-1][0]:a].lower() in ABBREVIATIONS or (a - out[-1][0] == 1 and text[out[-1][0]].isalpha()))
        ):
            out[-1] = (out[-1][0], b)
            continue
        if i == len(words) - 1 and b - a > 1 and text[b - 1] == "." and text[a].isdigit():
            out.extend([(a, b - 1), (b - 1, b)])
            continue
        out.append((a, b))
    return out


def _spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Word-index spans (start, end exclusive, label) of a BIO sequence."""
    spans: list[list] = []
    for i, tag in enumerate(tags):
        if tag == "O":
            continue
        prefix, label = tag.split("-", 1)
        if prefix == "I" and spans and spans[-1][2] == label and spans[-1][1] == i:
            spans[-1][1] = i + 1
        else:
            spans.append([i, i + 1, label])
    return [(s, e, lab) for s, e, lab in spans]


class E5Tagger:
    """The encoder (up to the deepest layer the head mixes) and the head, loaded once."""

    def __init__(self, folder: Path = MODEL_DIR) -> None:
        self.head = Head(folder)
        self.encoder = e5_encoder.load(max(self.head.layers))
        # <s> and </s> take two of the encoder's positions
        self.max_pieces = self.encoder.max_positions - 2
        # ~8,000 pieces (a dozen articles) a forward pass: ~50 MB of activations at most
        self.batch_pieces = max(BATCH_PIECES, self.encoder.max_positions)

    def _chunks(self, words: list[tuple[int, int]], text: str) -> list[tuple[list[tuple[int, int]], list[int], list[int]]]:
        """Words of one sentence cut into encoder segments: (words, piece ids, first-piece index)."""
        pieces_of = self.encoder.tokenizer.word_pieces
        chunks = []
        cur_words: list[tuple[int, int]] = []
        ids: list[int] = [self.encoder.bos]
        firsts: list[int] = []
        for start, end in words:
            pieces = pieces_of(text[start:end])[: self.max_pieces]
            if cur_words and len(ids) - 1 + len(pieces) > self.max_pieces:
                chunks.append((cur_words, ids + [self.encoder.eos], firsts))
                cur_words, ids, firsts = [], [self.encoder.bos], []
            firsts.append(len(ids))
            ids.extend(pieces)
            cur_words.append((start, end))
        if cur_words:
            chunks.append((cur_words, ids + [self.encoder.eos], firsts))
        return chunks

    def predict(self, text: str, sentences: Sequence[tuple[int, int]] | None = None) -> list[tuple[int, int, str]]:
        """Entities of `text` as (start, end, label), in text order. `sentences` are
        character spans; without them every line is one sentence."""
        if sentences is None:
            sentences = [m.span() for m in _SENTENCE_LINE.finditer(text)]
        chunks = []
        for a, b in sentences:
            words = _words(text, a, b)
            if words:
                chunks.extend(self._chunks(words, text))
        out: list[tuple[int, int, str]] = []
        for batch in self._batches(chunks):
            out.extend(self._tag(batch))
        return out

    def _batches(self, chunks: list) -> Iterator[list]:
        """Chunks in groups of at most `batch_pieces` pieces, so that a long document is
        tagged in bounded memory (the encoder's activations grow with the pieces)."""
        batch: list = []
        size = 0
        for chunk in chunks:
            if batch and size + len(chunk[1]) > self.batch_pieces:
                yield batch
                batch, size = [], 0
            batch.append(chunk)
            size += len(chunk[1])
        if batch:
            yield batch

    def _tag(self, chunks: list) -> list[tuple[int, int, str]]:
        segments = [ids for _, ids, _ in chunks]
        starts = np.cumsum([0] + [len(s) for s in segments[:-1]])
        rows = np.concatenate([start + np.asarray(f) for start, (_, _, f) in zip(starts, chunks)])
        states = [layer[rows] for layer in self.encoder.states(segments)]
        mixed = self.head.mixed(states)
        per_chunk, pos = [], 0
        for words, _, _ in chunks:
            per_chunk.append(mixed[pos:pos + len(words)])
            pos += len(words)
        out: list[tuple[int, int, str]] = []
        for (words, _, _), scores in zip(chunks, self.head.emissions(per_chunk)):
            for s, e, label in _spans(self.head.decode(scores)):
                if label in LABELS:
                    out.append((words[s][0], words[e - 1][1], label))
        return out


_lock = threading.Lock()
_tagger: E5Tagger | None = None


def load() -> E5Tagger:
    """The tagger, loaded once per process."""
    global _tagger
    if _tagger is None:
        with _lock:
            if _tagger is None:
                _tagger = E5Tagger()
    return _tagger
