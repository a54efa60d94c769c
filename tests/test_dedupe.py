"""Near-duplicate detection on a generated corpus: 1,000 articles about 100 events
(reports of one event share names, places and a quoted statement) plus 200 lightly
edited copies (reworded sentences, new headline, agency boilerplate, a cut ending)."""

from __future__ import annotations

import itertools
import json
import random

import pytest

from lagebild.ingest import ingest
from lagebild.ingest.dedupe import shingles, signature, similarity
from lagebild.store import Store

SYLLABLES = "ka lo mi ne su ra te vo pa di gu ze ho bi fa nu le sa to ri me da ko ve".split()
FUNCTION_WORDS = "the of and to in a that on for with as by at from was said is it has".split()


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def _corpus(seed: int = 3):
    rng = random.Random(seed)
    vocabulary = [_word(rng) for _ in range(4000)]
    # Zipf-like word frequencies, as in real text (cumulative, for fast sampling).
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(vocabulary))))

    def sentence(extra: list[str]) -> str:
        words = []
        for _ in range(rng.randint(10, 20)):
            pick = rng.random()
            if pick < 0.35:
                words.append(rng.choice(FUNCTION_WORDS))
            elif pick < 0.5 and extra:
                words.append(rng.choice(extra))
            else:
                words.append(rng.choices(vocabulary, cum_weights=cumulative)[0])
        return " ".join(words).capitalize() + "."

    articles = []
    for event in range(100):
        names = [_word(rng).capitalize() for _ in range(6)]
        quote = '"' + sentence(names)[:-1] + '," the minister said.'
        for report in range(10):
            sentences = [sentence(names) for _ in range(rng.randint(12, 18))]
            sentences.insert(rng.randint(1, 5), quote)
            articles.append({"id": f"e{event}-r{report}", "text": " ".join(sentences), "language": "en",
                             "title": sentence(names)})

    copies = []
    for index, original in enumerate(rng.sample(articles, 200)):
        parts = original["text"].split(". ")
        for _ in range(2):  # reword two sentences: swap and replace some words
            i = rng.randrange(len(parts))
            words = parts[i].split()
            for _ in range(max(2, len(words) // 3)):
                words[rng.randrange(len(words))] = rng.choice(vocabulary)
            parts[i] = " ".join(words)
        if rng.random() < 0.5:
            parts = parts[:-1]  # a shortened ending
        text = ". ".join(parts) + " (Agency) Copyright Agency. All rights reserved. Distributed by wire."
        copies.append({"id": f"copy{index}", "of": original["id"], "text": text, "language": "en",
                       "title": "New headline " + str(index)})
    return articles, copies


@pytest.mark.slow
def test_edited_copies_are_linked_to_their_original(tmp_path):
    articles, copies = _corpus()
    originals_file = tmp_path / "originals.jsonl"
    copies_file = tmp_path / "copies.jsonl"
    originals_file.write_text("\n".join(json.dumps(a) for a in articles))
    copies_file.write_text("\n".join(json.dumps({k: v for k, v in c.items() if k != "of"}) for c in copies))
    store = Store(tmp_path / "s.db")
    report = ingest(store, [str(originals_file), str(copies_file)], analyze=False)
    linked = {d.id: d.duplicate_of for d in report.documents if d.duplicate_of}

    recall = sum(1 for c in copies if linked.get(c["id"]) == c["of"]) / len(copies)
    false_links = sum(1 for doc_id, original in linked.items()
                      if not doc_id.startswith("copy") or original != next(c["of"] for c in copies if c["id"] == doc_id))
    false_rate = false_links / (len(articles) + len(copies))
    print(f"recall={recall:.3f} false-link rate={false_rate:.4f}")
    assert recall >= 0.95
    assert false_rate <= 0.01


def test_reports_of_one_event_sharing_a_quote_are_not_copies():
    articles, _ = _corpus(seed=5)
    same_event = [a["text"] for a in articles[:10]]
    scores = [similarity(signature(a), signature(b)) for a in same_event for b in same_event if a < b]
    assert max(scores) < 0.3


def test_shingles_ignore_case_and_punctuation():
    assert shingles("The talks, in Geneva!") == shingles("the talks in geneva")
    assert shingles("") == set()
    assert shingles("one two") == {b"one two"}


def test_earlier_published_copy_becomes_the_original(tmp_path):
    text = " ".join(f"Sentence number {i} about the summit in Vilnius and its outcome." for i in range(30))
    later = {"id": "later", "text": text + " Copyright Wire.", "published": "2024-07-12", "language": "en"}
    earlier = {"id": "earlier", "text": text, "published": "2024-07-11", "language": "en"}
    third = {"id": "third", "text": text + " Distributed by Agency.", "published": "2024-07-13", "language": "en"}
    store = Store(tmp_path / "s.db")
    for record in (later, earlier, third):
        path = tmp_path / f"{record['id']}.jsonl"
        path.write_text(json.dumps(record))
        ingest(store, [str(path)], analyze=False)
    assert store.get("earlier").duplicate_of is None
    assert store.get("later").duplicate_of == "earlier"
    assert store.get("third").duplicate_of == "earlier"
