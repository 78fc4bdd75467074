"""Shortcuts taken for speed and memory give the very results of the plain computation."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import aligntools
from aligntools import ROOT, S2019, S2020, SEEDS, compare_texts, seed
from clitools import invoke
from hypothesis import given
from hypothesis import strategies as st

from compare.align import candidates as cand
from compare.align.link import align
from compare.classify.tokendiff import token_diff
from compare.clean.encoding import STRAY_MARK
from compare.cli.commands import load_documents
from compare.model import Settings
from compare.pipeline import compare_documents, timeline_documents
from compare.pipeline import load_documents as parse_paths
from compare.render.counterparts import highlight
from compare.render.json_out import (
    comparison_chunks,
    comparison_dict,
    dumps,
    timeline_chunks,
    timeline_dict,
)
from compare.render.markdown import md

REPEATED = "第一条 推进呼包鄂乌一体化发展，加快和林格尔新区建设。\n第二条 完善基础设施。\n"


def test_streamed_comparison_equals_the_whole_string():
    cmp = compare_documents(seed(S2019), seed(S2020))
    assert "".join(comparison_chunks(cmp)) == dumps(comparison_dict(cmp)) + "\n"


def test_streamed_timeline_equals_the_whole_string():
    tl = timeline_documents((seed(S2019), seed(S2020)))
    assert "".join(timeline_chunks(tl)) == dumps(timeline_dict(tl)) + "\n"


def test_stream_of_a_comparison_with_empty_lists_is_valid_json():
    cmp = compare_texts("第一条 完善基础设施。\n", "第一条 完善基础设施。\n")
    out = json.loads("".join(comparison_chunks(cmp)))
    assert out["notes"] == [] and [c["kind"] for c in out["changes"]] == ["unchanged"]
    assert out == json.loads(dumps(comparison_dict(cmp)))


def test_cli_json_is_the_streamed_report():
    old, new = (str(ROOT / "seeds" / n) for n in (S2019, S2020))
    res = invoke("diff", old, new, "--format", "json")
    assert res.returncode == 0, res.stderr
    docs = load_documents([old, new], Settings())  # as the CLI loads them: manifest titles
    cmp = compare_documents(*docs)
    assert json.loads(res.stdout) == json.loads(dumps(comparison_dict(cmp)))


def test_align_forgets_its_texts_and_repeats_itself():
    old, new = seed(S2019), seed(S2020)
    first = align(old, new, Settings())
    assert cand.bigrams.cache_info().currsize == 0
    assert cand.match_key.cache_info().currsize == 0
    assert align(old, new, Settings()) == first


def test_repeated_passages_pair_as_when_written_once():
    old = REPEATED * 3
    new = REPEATED.replace("加快", "全面加快") * 3
    cmp = compare_texts(old, new)
    revised = [ch for ch in cmp.changes if ch.kind.value == "revised"]
    assert len(revised) == 3
    assert len({tuple(ch.diff) for ch in revised}) == 1


def test_shared_candidate_lists_match_separate_ones():
    keys = ["推进呼包鄂乌一体化发展", "完善基础设施建设", "推进呼包鄂乌一体化发展"]
    grams = [cand.bigrams(k) for k in keys]
    idf, _ = cand.rarity_weights(keys)
    new = [cand.bigrams(k) for k in ["呼包鄂乌一体化发展", "基础设施建设完善"]]
    together = aligntools.candidates(grams, new, idf, 5, 0.0)
    alone = [aligntools.candidates([g], new, idf, 5, 0.0).get(0) for g in grams]
    assert [together.get(i) for i in range(3)] == alone
    assert together[0] == [0]


def test_token_diff_of_a_pair_met_again_is_the_same():
    a, b = "推进呼包鄂乌一体化发展", "全面推进呼包鄂乌协同发展"
    assert token_diff(a, b) == token_diff(a, b)
    assert "".join(s.text for s in token_diff(a, b) if s.op.value != "insert") == a


def test_text_inputs_leave_the_html_reader_unloaded():
    code = (
        "import sys; from compare.pipeline import compare_paths; "
        "c = compare_paths(sys.argv[1], sys.argv[2], jobs=1); "
        "print(len(c.changes), 'lxml' in sys.modules)"
    )
    old, new = (str(SEEDS / n) for n in (S2019, S2020))
    out = subprocess.run(
        [sys.executable, "-c", code, old, new], capture_output=True, text=True, check=True
    )
    count, loaded = out.stdout.split(" ", 1)
    assert int(count) > 100 and loaded.strip() == "False"


def test_a_version_compared_twice_in_a_row_is_parsed_once(tmp_path):
    v1, v2, v3 = (tmp_path / f"v{k}.txt" for k in (1, 2, 3))
    v1.write_text(REPEATED, encoding="utf-8")
    v2.write_text(REPEATED + "第三条 加强生态保护。\n", encoding="utf-8")
    v3.write_text(REPEATED, encoding="utf-8")
    a, b = parse_paths([str(v1), str(v2)], jobs=1)
    b2, c = parse_paths([str(v2), str(v3)], jobs=1)
    assert b2 is b  # v1→v2 then v2→v3: v2 is not parsed again
    assert c is not a and c.clauses == a.clauses  # another path: its own document
    v2.write_text(REPEATED + "第三条 加强生态环境保护。\n", encoding="utf-8")
    again, _ = parse_paths([str(v2), str(v3)], jobs=1)
    assert again is not b and "生态环境" in again.clean.text  # its text changed: parsed anew
    same, twin = parse_paths([str(v3), str(v3)], jobs=1)
    assert same is not twin and same.clauses == twin.clauses  # old and new stay two objects


@given(st.text(alphabet="?a中(文 \n", max_size=40))
def test_stray_marks_are_those_of_the_plain_lookbehind_pattern(text):
    plain = re.compile(r"(?<=[^\x00-\x7f])\?(?=[^\x00-\x7f(])")
    spans = [m.span() for m in STRAY_MARK.finditer(text)]
    assert spans == [m.span() for m in plain.finditer(text)]


def plain_highlight(text: str, terms: tuple[str, ...]) -> tuple[tuple[str, bool], ...]:
    """`counterparts.highlight` as first written: a character at a time."""
    marked = [False] * len(text)
    for term in terms:
        start = text.find(term)
        while term and start >= 0:
            marked[start : start + len(term)] = [True] * len(term)
            start = text.find(term, start + len(term))
    parts: list[tuple[str, bool]] = []
    for ch, m in zip(text, marked, strict=True):
        if parts and parts[-1][1] == m:
            parts[-1] = (parts[-1][0] + ch, m)
        else:
            parts.append((ch, m))
    return tuple(parts)


@given(st.text(alphabet="生态保护黄河a& ", max_size=40), st.lists(st.text("生态河a", max_size=3)))
def test_highlight_cuts_runs_as_the_character_loop_did(text, terms):
    assert highlight(text, tuple(terms)) == plain_highlight(text, tuple(terms))


@given(st.text(alphabet="第一条&<>*_[]|~`\\ \n\t生态a", max_size=40))
def test_markdown_escape_reads_as_the_character_loop_did(text):
    escapes = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
    plain = "".join(escapes.get(ch, ch) for ch in " ".join(text.split()))
    assert md(text) == re.sub(r"([\\`*_\[\]|~])", r"\\\1", plain)


@given(st.text(alphabet="中国发展改革委员会生态环境abc1，。", max_size=120))
def test_bigram_sets_copied_from_a_set_hold_the_same_interned_bigrams(key: str) -> None:
    import sys

    from compare.align.candidates import bigrams

    bigrams.cache_clear()
    grams = bigrams(key)
    if len(key) < 2:
        assert grams == (frozenset((key,)) if key else frozenset())
    else:
        assert grams == frozenset(map(str.__add__, key, key[1:]))
        assert all(sys.intern(g) is g for g in grams)


def test_bigram_sets_cut_by_shared_slices_equal_characters_added_in_pairs():
    keys = [cand.match_key(c.key) for c in (*seed(S2019).clauses, *seed(S2020).clauses)]
    keys.sort(key=len)  # the slice table grows as longer keys come
    cand.bigrams.cache_clear()
    cand.PAIRS = ()  # made again on demand
    for key in (*keys, *reversed(keys)):
        if len(key) >= 2:
            assert cand.bigrams(key) == frozenset(map(str.__add__, key, key[1:]))
    assert len(cand.PAIRS) >= max(map(len, keys)) - 1
    assert all(s == slice(i, i + 2) for i, s in enumerate(cand.PAIRS))
    assert list(cand.pair_slices(3)) == [slice(0, 2), slice(1, 3), slice(2, 4)]
    cand.bigrams.cache_clear()


def test_a_key_longer_than_any_clause_is_cut_without_growing_the_slice_table():
    cand.bigrams.cache_clear()
    cand.PAIRS = ()
    cand.bigrams("推进" * (cand.SLICED_UP_TO // 2 - 1) + "发展")  # the longest sliced key
    assert len(cand.PAIRS) == cand.SLICED_UP_TO - 1
    key = "".join(chr(0x4E00 + k) for k in range(3 * cand.SLICED_UP_TO))  # a line, no stops
    assert cand.bigrams(key) == frozenset(map(str.__add__, key, key[1:]))
    assert len(cand.PAIRS) == cand.SLICED_UP_TO - 1
    cand.bigrams.cache_clear()


def attribution_left_out(clause_key: str) -> str:
    """`content_key` as first written: the expression tried on every key."""
    content = cand.ATTRIBUTION.sub("", clause_key)
    return content if cand.match_key(content) else clause_key


def test_content_keys_of_seed_clauses_equal_the_expression_tried_on_every_key():
    keys = [c.key for c in (*seed(S2019).clauses, *seed(S2020).clauses)]
    assert [cand.content_key(k) for k in keys] == [attribution_left_out(k) for k in keys]


@given(st.text(alphabet="()（）牵头负责配合市发展改革委，。、 1a", max_size=60))
def test_content_keys_equal_the_expression_tried_on_every_key(key: str) -> None:
    assert cand.content_key(key) == attribution_left_out(key)


def test_pair_changes_remembering_texts_equal_those_that_forget_them():
    from compare.pipeline import pair_changes

    pair = (seed(S2019), seed(S2020))
    for details in (True, False):
        cand.forget_texts()
        plain = pair_changes(pair, None, details)
        forgotten = cand.bigrams.cache_info().currsize
        cand.forget_texts()
        kept = pair_changes(pair, None, details, remember=True)
        assert cand.bigrams.cache_info().currsize > forgotten  # kept for the gap spans
        assert kept == plain
    cand.forget_texts()


def test_a_small_timeline_forgets_the_texts_its_pairs_remembered():
    tl = timeline_documents((seed(S2019), seed(S2020), seed(S2019)), jobs=1)
    assert len(tl.comparisons) == 2
    assert cand.match_key.cache_info().currsize == 0 == cand.bigrams.cache_info().currsize
