"""The parser's shortcuts (patterns tried by first character, contents read only where a
leader can be, widths folded by replacing) find what the exhaustive search finds."""

from __future__ import annotations

import re
import subprocess
import sys
from array import array
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compare.clean.fixers import CJK, _edge_blanks, foreign_words
from compare.clean.keys import WIDTH_TABLE, fold_widths
from compare.clean.pdf import numerals
from compare.clean.tracked import ORIGIN_TYPE, identity_map
from compare.read.metadata import doc_number
from compare.structure import headings as H
from compare.structure.facts import WIDTHS, fold
from compare.structure.outline import tidy_title

ALPHABET = [
    *"第一二三四五六七八九十百零〇两0123456789１２(（)）、.．专栏專欄—#  \t\u3000章节節条條篇编編",
    "第十二章",
    "(一)",
    "（3）",
    "12.",
    "专栏4",
    "——",
    "第 5 条 ",
    "……",
    "...",
    "···",
    "发展环境",
    "7第二节",
    "\n",
]
TEXT = st.lists(st.sampled_from(ALPHABET), max_size=16).map("".join)
CHECK = settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))


def exhaustive_marker(text: str, start: int, end: int, inline: bool = False) -> H.Marker | None:
    """marker_at as first written: every pattern tried in turn."""
    pos = H._skip_space(text, start, end)
    if inline and (pos >= end or text[pos] not in H.INLINE_START):
        return None
    md = H.MARKDOWN.match(text, start, end)
    hashes = md.group(1) if md and not inline else ""
    if hashes:
        pos = md.end()
    for kind, pattern in H.patterns():
        if inline and kind not in H.INLINE_KINDS:
            continue
        m = pattern.match(text, pos, end)
        if m:
            number = H.cn_number(m.group(1)) if m.groups() and m.group(1) else None
            return H.Marker(kind, number, start, H._skip_space(text, m.end(), end), m.group(0))
    if hashes:
        return H.Marker(f"md{len(hashes)}", None, start, pos, "")
    return None


@CHECK
@given(text=TEXT, inline=st.booleans())
def test_marker_by_first_character_equals_every_pattern_tried(text, inline):
    for start in range(len(text) + 1):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        assert H.marker_at(text, start, end, inline) == exhaustive_marker(text, start, end, inline)


@CHECK
@given(text=TEXT)
def test_contents_titles_only_where_a_leader_can_be(text):
    titles: dict[str, set[str]] = {}
    for m in H.toc_leader().finditer(text):
        if m.group(2).strip():
            titles.setdefault(H.TOC_WORD[m.group(1)], set()).add(m.group(2).strip())
    assert H.toc_titles(text) == titles


WIDE = [*"（）０９．％，：；ＡＺａｚ！～\u3000￠￡￥丁区。,a1 ", "\uff5f", "\uff00"]
WIDE_TEXT = st.text(alphabet=st.sampled_from(WIDE), max_size=40)


@CHECK
@given(text=WIDE_TEXT)
def test_widths_folded_as_by_the_tables(text):
    assert fold_widths(text) == text.translate(WIDTH_TABLE)
    assert fold(text) == text.translate(WIDTHS)


@pytest.mark.parametrize("n", [0, 1, 2, 255, 256, 257, 65535, 65536, 65537, 300_001])
def test_identity_map_is_the_range(n):
    assert identity_map(n) == array(ORIGIN_TYPE, range(n))


OLD_FOREIGN = re.compile(rf"(?<=[{CJK}，。、；：“”])\s*\b([a-z]{{2,}})\b\s*(?=[{CJK}，。、；：“”])")
"""Stray foreign words as first written, look-behind first."""


def _foreign_as_before(text: str) -> list[tuple[int, str]]:
    return [(m.start(1), m.group(1)) for m in OLD_FOREIGN.finditer(text)]


@CHECK
@given(text=st.text(alphabet=st.sampled_from([*"区。，ab \t\nZ1“"]), max_size=30))
def test_foreign_words_found_as_before(text):
    assert foreign_words(text) == _foreign_as_before(text)


@CHECK
@given(
    text=st.text(
        alphabet=st.sampled_from(
            [*"区\u3400\u4dbf\u9fff\uf900\ufaff\u33ff。，：”abz _é1٣Z\u3000\x1c\n\t"]
        ),
        max_size=40,
    )
)
def test_foreign_words_found_as_before_at_every_edge(text):
    assert foreign_words(text) == _foreign_as_before(text)


def test_foreign_words_found_as_before_on_every_seed():
    for path in sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert foreign_words(text) == _foreign_as_before(text)


OLD_GLUED = re.compile(rf"(?<=[{CJK}])\d+(?:\.\d+)?(%?)(?=([{CJK}]))")


@CHECK
@given(text=st.text(alphabet=st.sampled_from([*"区年12.%\na "]), max_size=30))
def test_edge_blanks_and_glued_figures_found_as_before(text):
    assert _edge_blanks(text) == [m.span() for m in re.finditer(r"\A\n+|\n+\Z", text)]
    found = [m.span() + m.groups() for m in numerals().glued.finditer(text)]
    assert found == [m.span() + m.groups() for m in OLD_GLUED.finditer(text)]


def test_patterns_of_rare_damage_are_not_compiled_for_a_clean_text():
    """A text without displaced numerals or a contents leader never compiles their patterns
    (they cost start-up time every run otherwise)."""
    seed = Path(__file__).resolve().parents[1] / "seeds"
    code = (
        "import sys\n"
        "from compare.pipeline import load_document\n"
        "from compare.clean.pdf import numerals\n"
        "from compare.structure.headings import toc_leader\n"
        "load_document(sys.argv[1])\n"
        "print(numerals.cache_info().currsize, toc_leader.cache_info().currsize)\n"
    )
    path = str(seed / "2019-10-17_regional-coordination-mechanism.txt")
    out = subprocess.run([sys.executable, "-c", code, path], capture_output=True, text=True)
    assert out.stdout.split() == ["0", "0"], out.stderr


@CHECK
@given(title=st.text(alphabet=st.sampled_from([*"总则 a\t\u3000b1\n"]), max_size=12))
def test_title_spaces_removed_as_before(title):
    old = re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", "", title.strip())
    assert tidy_title(title) == old


def test_heading_patterns_compiled_only_for_the_kinds_a_text_tries():
    """The two seeds of the small pair have no 篇/章/节/条 or 专栏 headings: those patterns
    are never compiled (2 ms of every run otherwise); the kinds tried are."""
    seed = Path(__file__).resolve().parents[1] / "seeds"
    code = (
        "import sys\n"
        "from compare.pipeline import load_document\n"
        "from compare.structure import headings\n"
        "for path in sys.argv[1:]:\n"
        "    load_document(path)\n"
        "print(headings.pattern_of.cache_info().currsize)\n"
    )
    paths = [
        str(seed / f"{name}.txt")
        for name in (
            "2019-10-17_regional-coordination-mechanism",
            "2020-06-23_western-development-opinions",
        )
    ]
    out = subprocess.run([sys.executable, "-c", code, *paths], capture_output=True, text=True)
    assert 0 < int(out.stdout) <= len(H.SOURCES) - 5, out.stderr


def test_every_heading_kind_has_its_first_characters_or_is_the_digit_kind():
    assert set(H.SOURCES) == {*H.FIRST_CHARS, *H.DIGIT_KINDS}
    assert [k for k, _ in H.patterns()] == list(H.SOURCES)


OLD_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号")
"""A document number as first found: one pattern, its issuer code a class of 20,992 characters."""


def _doc_number_as_before(text: str) -> tuple[int, int, int] | None:
    m = OLD_DOC_NUMBER.search(text)
    if not m:
        return None
    return m.start(), m.start() + re.search(r"[〔\[［(（]", m.group()).start(), m.end()


@CHECK
@given(
    text=st.lists(
        st.sampled_from(
            [
                *"内政发办号〔〕[]［］()（）2021 7a\u4dff\u9fff\ua000٣",
                "〔2021〕",
                "（2020）1号",
                "〔20211〕",
            ]
        ),
        max_size=24,
    ).map("".join)
)
def test_document_numbers_found_as_before(text):
    assert doc_number(text) == _doc_number_as_before(text)


def test_document_numbers_found_as_before_in_every_seed_line():
    for path in sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert doc_number(line) == _doc_number_as_before(line)
    titled = "关于印发《呼包鄂乌一体化发展规划》的通知内政发〔2021〕12号"
    start, bracket, end = doc_number(titled)
    assert (start, bracket, end) == _doc_number_as_before(titled)
    assert (titled[start:bracket], titled[bracket:end]) == ("的通知内政发", "〔2021〕12号")
