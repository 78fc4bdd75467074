"""Shortcuts of the parse workers (reading, cleaning) give what the plain computation gave."""

from __future__ import annotations

import math
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from compare.clean import encoding
from compare.clean.fixers import CJK
from compare.clean.keys import to_simplified

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

RESTORABLE = re.compile(rf"[{CJK}\x21-\x7e，。、；：]*")
"""What decode_shifted accepted as a re-decoded run before it tested characters by comparison."""


def dictionary_read_line_by_line() -> dict[str, int]:
    """The word list as `_dictionary` read it before: line by line, words up to four characters."""
    words: dict[str, int] = {}
    with open(encoding.WORDS, encoding="utf-8") as fh:
        for line in fh:
            word, freq, _ = line.split(" ", 2)
            if len(word) <= 4:
                words[word] = int(freq)
    return words


def test_dictionary_gives_every_short_word_its_frequency_and_the_same_total():
    plain = dictionary_read_line_by_line()
    split = encoding._dictionary()
    assert {w: f for w, f in split.items() if len(w) <= 4} == plain
    assert encoding._total() == sum(plain.values())


def test_every_lookup_of_a_segment_score_finds_what_it_found():
    plain, split = dictionary_read_line_by_line(), encoding._dictionary()
    text = "推进呼包鄂乌一体化发展加快和林格尔新区建设"
    pieces = {text[a:b] for a in range(len(text)) for b in range(a + 1, min(a + 5, len(text) + 1))}
    assert {p: split.get(p, 0) for p in pieces} == {p: plain.get(p, 0) for p in pieces}


def test_gbk_candidates_are_the_cjk_characters_the_pattern_kept():
    for byte in (0x40, 0x7E, 0xA1, 0xB0, 0xD7, 0xFE):
        expected = []
        for lead in range(0x81, 0xFF):
            try:
                ch = bytes((lead, byte)).decode("gbk")
            except UnicodeDecodeError:
                continue
            if re.fullmatch(f"[{CJK}]", ch):
                expected.append(ch)
        assert encoding._leads_for(byte) == tuple(expected)


@given(
    st.text(
        alphabet=st.sampled_from("中國鄂爾多斯區\u3400\u4dbf\uf900\ufaffa~!，。、；：?\x7f\x20é")
    )
)
def test_restorable_runs_are_those_the_pattern_accepted(middle):
    run = "?" + middle
    try:
        raw = run.encode("gb18030")
    except UnicodeEncodeError:
        return
    shifted = encoding.decode_shifted.__wrapped__(run, "")
    body = raw[1:-1] if run.endswith("?") else raw[1:]
    try:
        decoded = body.decode("gb18030")
    except UnicodeDecodeError:
        assert shifted is None
        return
    if not run.endswith("?"):
        assert (shifted is not None) == bool(decoded and RESTORABLE.fullmatch(decoded))


def guess_char_from_every_word(candidates: tuple[str, ...], left: str, right: str) -> str:
    """`guess_char` as it was: every word read (`_dictionary`), scored with `_total`."""
    words = encoding._dictionary()
    if not words:
        return ""
    log_total = math.log(encoding._total())
    scores = {
        ch: encoding._segment_score(to_simplified(left[-2:] + ch + right[:4]), words, log_total)
        for ch in candidates
    }
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] - ranked[1][1] < encoding.MARGIN):
        return ""
    return ranked[0][0]


def test_the_shipped_word_list_is_known_by_its_digest_and_total():
    assert encoding._shipped_list() is not None
    assert encoding.SHIPPED_WORDS[1] == encoding._total()


def test_the_lines_read_for_some_first_characters_are_the_words_read_whole():
    short = {w: f for w, f in encoding._dictionary().items() if len(w) <= encoding.MAX_WORD}
    listed = encoding._shipped_list()
    assert listed is not None
    assert encoding._listed_from(listed, "".join(sorted({w[0] for w in short}))) == short
    some = "推进呼包鄂乌一体化发展?(]^-\\"
    assert encoding._listed_from(listed, some) == {w: f for w, f in short.items() if w[0] in some}


SEED_TEXT = "".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from((0x40, 0x7E, 0xA1, 0xB0, 0xC4, 0xD7, 0xFE)),
    st.integers(0, len(SEED_TEXT) - 8),
    st.booleans(),
)
def test_a_guess_from_the_lines_read_is_the_guess_from_every_word(byte, at, trail):
    candidates = encoding._trails_for(max(byte, 0x81)) if trail else encoding._leads_for(byte)
    left, right = SEED_TEXT[at : at + 2], SEED_TEXT[at + 2 : at + 8]
    assert encoding.guess_char(candidates, left, right) == guess_char_from_every_word(
        candidates, left, right
    )
