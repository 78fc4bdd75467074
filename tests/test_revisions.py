"""Typed revisions on real-sentence pairs (tests/cases/revisions/*.json): strength, targets,
scope and agencies in both directions, both scripts and both numeral systems."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from aligntools import S2019, S2020, SEEDS, compare_texts, doc, seed
from hypothesis import given
from hypothesis import strategies as st

from compare.classify.revisions import describe, is_scope_word
from compare.model import ChangeKind, RevisionKind

CASES = Path(__file__).parent / "cases" / "revisions"
TYPED = frozenset(
    {
        RevisionKind.STRENGTHENED,
        RevisionKind.WEAKENED,
        RevisionKind.TARGET_CHANGED,
        RevisionKind.SCOPE_WIDENED,
        RevisionKind.SCOPE_NARROWED,
        RevisionKind.AGENCY_CHANGED,
        RevisionKind.RENUMBERED,
        RevisionKind.VARIANT_ONLY,
    }
)
"""The revision kinds a reader acts on; phrase and rewording notes are not scored."""
STRENGTH = (RevisionKind.STRENGTHENED, RevisionKind.WEAKENED)
CONTEXT = "\n全面落实河长制、湖长制。\n消除城市建成区黑臭水体。"


def load(name: str) -> list[dict]:
    """The pairs of one fixture file."""
    return json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))


ALL = {p.stem: load(p.stem) for p in sorted(CASES.glob("*.json"))}


@cache
def typed_kinds(old: str, new: str) -> frozenset[str]:
    """The typed revisions found when the clauses of `old` are linked to those of `new`.

    Typing is scored given the link: whether two sentences standing alone are linked at all
    is alignment's question (two of the real pairs are linked only inside their documents).
    """
    revisions, _, _ = describe(doc(old).clauses, doc(new).clauses)
    return frozenset(r.kind.value for r in revisions if r.kind in TYPED)


def right(case: dict) -> bool:
    """The tool gives a pair exactly its expected typed revisions."""
    return typed_kinds(case["old"], case["new"]) == frozenset(case["expect"])


def test_the_fixtures_cover_each_edit_type_both_ways():
    expected = [k for cases in ALL.values() for c in cases for k in c["expect"]]
    for kind in ("strengthened", "weakened", "target-changed", "scope-widened", "scope-narrowed"):
        assert expected.count(kind) >= 3, kind
    assert any(c["new"] != c["old"] and "牵头" in c["new"] for c in ALL["agency"])
    assert len(ALL["script_only"]) >= 8


def test_at_least_95_percent_of_the_pairs_are_typed_right():
    cases = [c for cases in ALL.values() for c in cases]
    wrong = [(c["source"], sorted(typed_kinds(c["old"], c["new"]))) for c in cases if not right(c)]
    assert len(wrong) <= 0.05 * len(cases), wrong


@pytest.mark.parametrize("case", ALL["script_only"], ids=lambda c: c["old"][:8])
def test_a_change_of_script_alone_is_no_revision(case):
    cmp = compare_texts(case["old"] + CONTEXT, case["new"] + CONTEXT)
    assert all(ch.kind is ChangeKind.UNCHANGED and not ch.revisions for ch in cmp.changes)


def test_a_pair_linked_in_a_comparison_gets_the_typing_of_its_link():
    case = ALL["strength"][0]
    cmp = compare_texts(case["old"] + CONTEXT, case["new"] + CONTEXT)
    found = {r.kind.value for ch in cmp.changes for r in ch.revisions if r.kind in TYPED}
    assert found == set(case["expect"]) == typed_kinds(case["old"], case["new"])


def test_strength_evidence_names_the_word_and_its_direction():
    cmp = compare_texts("稳步实施国家重点生态修复工程。", "实施国家重点生态修复工程。")
    (rev,) = [r for ch in cmp.changes for r in ch.revisions if r.kind in STRENGTH]
    assert rev.kind is RevisionKind.STRENGTHENED
    assert rev.old == "稳步" and "稳步 (lowers) removed" in rev.note


def test_anti_monopoly_article_48_to_58_is_stronger_and_retargeted():
    (case,) = [c for c in ALL["targets"] if c["source"].startswith("Anti-Monopoly Law art. 48")]
    assert typed_kinds(case["old"], case["new"]) == {"strengthened", "target-changed"}


SCOPE_WORD = re.compile(
    r"^(?:[\u4e00-\u9fff]{1,8}(?:市|盟|旗|县|省|自治区|地区|新区|口岸|园区|城市群|经济区|走廊)"
    r"|[\u4e00-\u9fff]{2,8}(?:部门|厅|局|委|委员会|政府|机关|机构|单位|企业|海关|银行|集团))$"
)
"""The pattern `is_scope_word` replaces (compiled in every process, 1.6 ms)."""


def test_scope_words_are_found_as_by_the_pattern_on_every_seed_word():
    from compare.align.tokens import tokens

    words = {w for path in SEEDS.glob("*.txt") for w in tokens(path.read_text("utf-8"))}
    words |= {"北京市", "北京市\n", "格局", "委", "省委", "人民银行", "a市", "北京市\n\n"}
    assert len(words) > 5000
    for word in words:
        assert is_scope_word(word) == bool(SCOPE_WORD.match(word)), word


@given(
    st.text(
        alphabet="市盟县区地新口岸园城群经济走廊部门厅局委员会政府机关构单位企业海银行集团北京a\n"
    )
)
def test_scope_words_match_the_pattern_on_any_text(word):
    assert is_scope_word(word) == bool(SCOPE_WORD.match(word))


VARIANT_TABLE = str.maketrans(
    {"帐": "账", "菸": "烟", "祕": "秘", "綫": "线", "着": "著", "週": "周"}
)
"""The variants folded as `str.translate` of this table folded them."""
FORM_TEXT = st.text(
    alphabet="帐菸祕綫着週账著發展與經濟區国务院ＡＢ１２　 ,，\n\r第五条(三)", max_size=20
)
"""Texts with variants, traditional script, full widths, line breaks and labels."""


def seed_texts() -> list[str]:
    """Every clause text of the seeds, and each without its own leading number."""
    from compare.classify.revisions import unlabelled

    texts = [c.text for path in sorted(SEEDS.glob("*.txt")) for c in seed(path.name).clauses]
    return texts + [unlabelled([seed(p.name).clauses[0]]) for p in sorted(SEEDS.glob("*.txt"))]


def test_normal_forms_at_once_are_each_texts_normal_form_on_the_seeds():
    from compare.classify.revisions import normal_form, normal_forms

    texts = seed_texts()
    forms = normal_forms(texts)
    assert forms == {t: normal_form(t) for t in texts}
    assert any(forms[t] != t for t in texts)  # some script or width converted


@given(st.lists(FORM_TEXT, max_size=6))
def test_normal_forms_at_once_are_each_texts_normal_form_on_any_text(texts):
    from compare.classify.revisions import normal_form, normal_forms

    assert normal_forms(texts) == {t: normal_form(t) for t in texts}


@given(FORM_TEXT)
def test_variants_are_folded_as_the_translation_table_folded_them(text):
    from compare.classify.revisions import fold_variants

    assert fold_variants(text) == text.translate(VARIANT_TABLE)


def test_links_described_with_forms_made_at_once_as_with_forms_made_each():
    from compare.align.link import align
    from compare.classify.changes import SAME, described_forms, linked_kinds
    from compare.model import Settings

    old, new = seed(S2019), seed(S2020)
    linked = linked_kinds(old, new, align(old, new, Settings()), Settings())
    forms = described_forms(linked)
    described = [(o, n) for _, kind, o, n in linked if kind not in SAME]
    assert described and len(forms) > len(described)
    assert [describe(o, n, forms) for o, n in described] == [describe(o, n) for o, n in described]
