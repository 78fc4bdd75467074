"""Shortcuts of the parse workers (reading, cleaning) give what the plain computation gave."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from compare.clean import encoding
from compare.clean.fixers import CJK

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
