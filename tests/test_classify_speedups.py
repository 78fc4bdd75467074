"""Classify's shortcuts give the very revisions and token diffs of the plain computation."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

from aligntools import SEEDS, seed
from diff_match_patch import diff_match_patch
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel

from compare.align.candidates import match_key
from compare.align.tokens import tokens, user_words
from compare.classify import tokendiff
from compare.classify.revisions import (
    GENERIC_SCOPE,
    in_script,
    is_scope_word,
    normal_form,
    phrase_change,
    scope_words,
)
from compare.classify.targets import CROSS_REF, DOC_NUMBER, PLAIN_NUMBER, target_values
from compare.classify.tokendiff import (
    BISECT_BUDGET,
    Symbols,
    indel_diffs,
    merge_runs,
    token_diff,
)
from compare.model import DiffSpan, Op, Revision, RevisionKind
from compare.structure.facts import YEAR, quantities
from compare.structure.numbers import arabic_years, magnitude

OPS = {0: Op.EQUAL, 1: Op.INSERT, -1: Op.DELETE}
WORDY = st.text(alphabet="推进建设呼包鄂乌一体化加快探索，。、2025年 \n", max_size=40)


def plain_token_diff(old: str, new: str) -> tuple[DiffSpan, ...]:
    """The token diff as first written: a table of its own for each pair of texts, words
    numbered from the first private-use character in the order they are met."""
    if old == new:
        return (DiffSpan(Op.EQUAL, old),) if old else ()
    table: dict[str, str] = {}
    words: list[str] = []
    ca, cb = plain_encode(tokens(old), table, words), plain_encode(tokens(new), table, words)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    cheap = (len(ca) + len(cb)) * Indel.distance(ca, cb) <= BISECT_BUDGET
    diffs = dmp.diff_main(ca, cb, False) if cheap else indel_diffs(ca, cb)
    dmp.diff_cleanupSemanticLossless(diffs)
    spans = [
        DiffSpan(OPS[op], "".join(words[ord(c) - 0xF0000] for c in text)) for op, text in diffs
    ]
    return merge_runs(spans)


def plain_encode(toks: Sequence[str], table: dict[str, str], words: list[str]) -> str:
    """Each word as one private-use character, numbered in the order met."""
    out = []
    for t in toks:
        if t not in table:
            table[t] = chr(0xF0000 + len(words))
            words.append(t)
        out.append(table[t])
    return "".join(out)


def seed_lines() -> list[str]:
    """Every line of every seed document."""
    return [c.text for path in sorted(SEEDS.glob("*.txt")) for c in seed(path.name).clauses]


def test_token_diffs_of_seed_neighbours_are_the_plain_ones():
    lines = seed_lines()
    token_diff.cache_clear()
    for old, new in pairwise(lines):
        assert token_diff(old, new) == plain_token_diff(old, new)
    assert len(tokendiff.SYMBOLS.chars) > 1_000  # words met before were looked up


@settings(max_examples=200)
@given(WORDY, WORDY)
def test_token_diffs_are_the_plain_ones_on_any_text(old, new):
    token_diff.cache_clear()
    assert token_diff(old, new) == plain_token_diff(old, new)


def test_a_full_symbol_table_gives_way_to_a_new_one(monkeypatch):
    small = Symbols(kept=6)
    monkeypatch.setattr(tokendiff, "SYMBOLS", small)
    monkeypatch.setattr(tokendiff, "SYMBOLS_KEPT", 6)
    token_diff.cache_clear()
    assert token_diff("推进发展。", "加快发展。") == plain_token_diff("推进发展。", "加快发展。")
    assert len(small.chars) == 4
    old, new = "推进呼包鄂乌一体化。", "加快呼包鄂乌建设。"  # 7 words: a new shared table
    assert token_diff(old, new) == plain_token_diff(old, new)
    assert len(small.chars) == 4 and len(tokendiff.SYMBOLS.chars) == 6
    old, new = "推进呼包鄂乌一体化发展。", "加快呼包鄂乌一体化建设，推进发展。"  # 9: its own
    assert token_diff(old, new) == plain_token_diff(old, new)
    assert len(tokendiff.SYMBOLS.chars) == 6
    token_diff.cache_clear()


def test_symbols_decode_what_they_encode():
    table = Symbols()
    a, b = ("推进", "建设", "。"), ("加快", "建设", "。", "推进")
    ca, cb = table.encode(a, b) or ("", "")
    assert len(ca) == 3 and len(cb) == 4 and ca[1:] == cb[1:3] and ca[0] == cb[3]
    assert table.decode(ca) == "推进建设。" and table.decode(cb) == "加快建设。推进"


SYMBOL_TEXT = st.text(alphabet="".join(chr(0xF0000 + k) for k in range(6)) + "a，\n", max_size=80)


def python_bisected(ca: str, cb: str) -> list[tuple[int, str]]:
    """diff-match-patch's pure-Python diff, without time limit or line mode."""
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    return dmp.diff_main(ca, cb, False)


@settings(max_examples=300)
@given(SYMBOL_TEXT, SYMBOL_TEXT)
def test_the_compiled_differ_gives_the_pure_python_diff(ca, cb):
    assert tokendiff.bisected(ca, cb) == python_bisected(ca, cb)


def test_the_compiled_differ_on_neighbouring_seed_clauses():
    lines = seed_lines()
    table = Symbols(kept=10**6)
    for old, new in pairwise(lines[:1500]):
        ca, cb = table.encode(tokens(old), tokens(new)) or ("", "")
        assert tokendiff.bisected(ca, cb) == python_bisected(ca, cb)


def test_without_the_compiled_differ_the_pure_python_one_diffs(monkeypatch):
    monkeypatch.setattr(tokendiff, "compiled_diff", None)
    assert tokendiff.bisected("abcx", "abyc") == python_bisected("abcx", "abyc")
    token_diff.cache_clear()
    assert token_diff("推进发展。", "加快发展。") == plain_token_diff("推进发展。", "加快发展。")
    token_diff.cache_clear()


def plain_target_values(form: str) -> dict[tuple[str, float, str], str]:
    """`target_values` as first written: every pattern tried, repeats counted by `Counter`."""
    form = DOC_NUMBER.sub("", CROSS_REF.sub("", arabic_years(form)))
    found = []
    rest = form
    for q in quantities(form):
        value, unit = magnitude(q.value, q.unit)
        found.append((("q", value, unit), q.text))
        rest = rest.replace(q.text, " ", 1)
    for m in YEAR.finditer(rest):
        found.append((("y", float(m.group(1)), "年"), m.group(1) + "年"))
    rest = YEAR.sub(" ", rest)
    found += [(("n", float(m.group()), ""), m.group()) for m in PLAIN_NUMBER.finditer(rest)]
    seen: Counter = Counter()
    out = {}
    for key, text in found:
        seen[key] += 1
        out[(key[0] + str(seen[key]), key[1], key[2])] = text
    return out


NUMBERED = st.text(
    alphabet="第十二条款号〔〕[]()（）2018年代到二〇二五万千瓦亿元%百分之5.3 ", max_size=40
)


def test_target_values_of_seed_clauses_are_the_plain_ones():
    for text in seed_lines():
        assert target_values(text) == plain_target_values(text)


@settings(max_examples=300)
@given(NUMBERED)
def test_target_values_are_the_plain_ones_on_any_text(text):
    assert target_values(text) == plain_target_values(text)


def plain_in_script(
    spans: Sequence[DiffSpan], texts: tuple[str, str], forms: tuple[str, str]
) -> tuple[DiffSpan, ...]:
    """`in_script` as first written: every span made anew."""
    old, new = texts
    if texts == forms or len(forms[0]) != len(old) or len(forms[1]) != len(new):
        return tuple(spans)
    out = []
    i = j = 0
    for s in spans:
        n = len(s.text)
        if s.op is Op.DELETE:
            out.append(DiffSpan(Op.DELETE, old[i : i + n]))
            i += n
        elif s.op is Op.INSERT:
            out.append(DiffSpan(Op.INSERT, new[j : j + n]))
            j += n
        else:
            theirs, ours = old[i : i + n], new[j : j + n]
            out.append(DiffSpan(Op.EQUAL, ours, theirs if theirs != ours else ""))
            i, j = i + n, j + n
    return tuple(out)


def in_variants(text: str) -> str:
    """A text with some characters written as their variants (周 as 週, 线 as 綫)."""
    return text.replace("周", "週").replace("线", "綫").replace("账", "帐")


def test_diffs_told_in_script_are_the_plain_ones():
    lines = seed_lines()
    told = 0
    for a, b in pairwise(lines[:3000]):
        half = len(b) // 2  # the new text's variants in its first half only
        texts = (in_variants(a), in_variants(b[:half]) + b[half:])
        forms = (normal_form(texts[0]), normal_form(texts[1]))
        body = token_diff(*forms)
        assert in_script(body, texts, forms) == plain_in_script(body, texts, forms)
        told += texts != forms
    assert told > 100


def plain_phrase_change(diff: Sequence[DiffSpan]) -> list[Revision]:
    """`phrase_change` as first written: each span's neighbours read through the spans."""
    out = []
    for k, s in enumerate(diff):
        prev_op = diff[k - 1].op if k else Op.EQUAL
        next_op = diff[k + 1].op if k + 1 < len(diff) else Op.EQUAL
        if s.op is Op.EQUAL or prev_op is not Op.EQUAL or next_op is not Op.EQUAL:
            continue
        if len(match_key(s.text)) < 2:
            continue
        kind = RevisionKind.PHRASE_ADDED if s.op is Op.INSERT else RevisionKind.PHRASE_REMOVED
        out.append(
            Revision(
                kind,
                s.text if s.op is Op.DELETE else "",
                s.text if s.op is Op.INSERT else "",
                "phrase " + kind.value.split("-")[1],
            )
        )
    return out


SPANS = st.lists(
    st.builds(DiffSpan, st.sampled_from(Op), st.sampled_from(["", "推", "推进", "，a"]))
)


@settings(max_examples=300)
@given(SPANS)
def test_phrases_are_the_plain_ones_on_any_diff(spans):
    assert phrase_change(spans) == plain_phrase_change(spans)


def plain_scope_words(text: str) -> list[str]:
    """`scope_words` as first written: every word not in the user dictionary tested."""
    known = user_words()
    named = (t for t in tokens(text) if t in known or is_scope_word(t))
    return list(dict.fromkeys(t for t in named if t not in GENERIC_SCOPE))


def test_scope_words_of_seed_clauses_are_the_plain_ones():
    lines = seed_lines()
    assert sum(bool(scope_words(t)) for t in lines) > 100
    assert all(scope_words(t) == plain_scope_words(t) for t in lines)


@settings(max_examples=300)
@given(st.text(alphabet="呼包鄂乌市盟自治区新区部门委员会政府格局地区\n ab", max_size=30))
def test_scope_words_are_the_plain_ones_on_any_text(text):
    assert scope_words(text) == plain_scope_words(text)
