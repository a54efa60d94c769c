"""Sentence splitting: hand-made hard cases, and agreement with SoMaJo on real text."""

from __future__ import annotations

import pytest

from lagebild.demo import corpus_dir
from lagebild.nlp.sentences import split_line


def _sentences(text: str, language: str) -> list[str]:
    return [text[a:b] for a, b in split_line(text, language)]


@pytest.mark.parametrize(
    "language, text, expected",
    [
        ("de", "Er kam am 28. Oktober an. Dann ging er.", ["Er kam am 28. Oktober an.", "Dann ging er."]),
        ("de", "Die 3. Armee rückte vor. Sie hielt.", ["Die 3. Armee rückte vor.", "Sie hielt."]),
        ("de", "Dr. Emily Hart sprach z.B. über die U.S. Army. Niemand widersprach.",
         ["Dr. Emily Hart sprach z.B. über die U.S. Army.", "Niemand widersprach."]),
        ("de", "„Wir kommen.“ Dann ging er.", ["„Wir kommen.“", "Dann ging er."]),
        ("de", "„Wir kommen“, sagte er. Das Spiel endete 31:31. Die Fans jubelten.",
         ["„Wir kommen“, sagte er.", "Das Spiel endete 31:31.", "Die Fans jubelten."]),
        ("de", "Es kamen rund 12.000 Soldaten. Sie blieben.", ["Es kamen rund 12.000 Soldaten.", "Sie blieben."]),
        ("de", "Wer kommt? Niemand! Gut so.", ["Wer kommt?", "Niemand!", "Gut so."]),
        ("en", "Mr. Smith said on Oct. 28 that U.S. troops would go. \"We are ready,\" he said.",
         ["Mr. Smith said on Oct. 28 that U.S. troops would go.", "\"We are ready,\" he said."]),
        ("en", "J. R. Smith left in 2024. He returned.", ["J. R. Smith left in 2024.", "He returned."]),
        ("en", "no punctuation at all here", ["no punctuation at all here"]),
        ("en", "“Only a quote.”", ["“Only a quote.”"]),
        ("de", "Смотрите. Это тест. 東京は大きい。", ["Смотрите.", "Это тест. 東京は大きい。"]),
    ],
)
def test_hard_cases(language, text, expected):
    assert _sentences(text, language) == expected


def test_offsets_slice_the_text_and_never_cross_lines():
    from lagebild.nlp import Doc
    from lagebild.nlp.pipeline import Pipeline

    text = "  Erste Zeile. Zweiter Satz\nohne Punkt am Ende\n\nDritter Absatz."
    doc = Pipeline("de", names=["sentences"])(Doc(text=text, language="de"))
    assert [s.text for s in doc.sentences] == ["Erste Zeile.", "Zweiter Satz", "ohne Punkt am Ende", "Dritter Absatz."]
    assert all(text[s.start : s.end] == s.text for s in doc.sentences + doc.tokens)


def test_agrees_with_somajo_on_the_demo_corpus():
    """SoMaJo is the reference splitter; ours must agree on at least 97% of boundaries."""
    from somajo import SoMaJo

    from lagebild.ingest import read_input

    tokenizers = {lang: SoMaJo(model, character_offsets=True, split_camel_case=False)
                  for lang, model in (("de", "de_CMC"), ("en", "en_PTB"))}
    agree = total = 0
    for path in sorted(corpus_dir().glob("*.txt")):
        [document] = read_input(str(path))
        for line in document.text.split("\n"):
            if not line.strip():
                continue
            ref = {sentence[-1].character_offset[1]
                   for sentence in tokenizers[document.language].tokenize_text([line])}
            ours = {end for _, end in split_line(line, document.language)}
            agree += len(ref & ours)
            total += len(ref | ours)
    assert total > 50
    assert agree / total >= 0.97
