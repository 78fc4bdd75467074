"""Sentence cutting: the remembered cut gives exactly what cut gives, wherever a paragraph sits."""

from __future__ import annotations

from pathlib import Path

from compare.pipeline import load_document
from compare.structure.sentences import cut, cut_remembered

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the non-empty lines of text."""
    spans, start = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def test_remembered_cut_matches_cut_on_every_seed_paragraph():
    memo: dict = {}
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for a, b in _paragraphs(text):
            assert cut_remembered(memo, text, a, b) == cut(text, a, b)
    assert memo


def test_a_repeated_paragraph_is_cut_at_its_own_offsets():
    para = "加快建设现代物流体系。推进口岸开放(自治区商务厅牵头)。"
    text = f"{para}\n{para}\n"
    memo: dict = {}
    first = cut_remembered(memo, text, 0, len(para))
    second = cut_remembered(memo, text, len(para) + 1, 2 * len(para) + 1)
    assert second == [(s + len(para) + 1, e + len(para) + 1) for s, e in first]
    assert second == cut(text, len(para) + 1, 2 * len(para) + 1)


def test_forced_cuts_are_remembered_relative_to_the_paragraph():
    para = "推进口岸开放合作发展规划实施方案"
    text = f"{para}\n{para}"
    memo: dict = {}
    b0 = len(para) + 1
    assert cut_remembered(memo, text, 0, len(para), (4,)) == cut(text, 0, len(para), (4,))
    assert cut_remembered(memo, text, b0, len(text), (b0 + 4,)) == cut(
        text, b0, len(text), (b0 + 4,)
    )
    assert cut_remembered(memo, text, b0, len(text), (b0 + 6,)) == cut(
        text, b0, len(text), (b0 + 6,)
    )


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in cut(text, 0, len(text))]


def test_a_question_mark_lost_to_encoding_damage_does_not_end_a_sentence():
    # the 2021 integration plan as captured: 爭創 became `?…?` inside the sentence
    text = "支持呼和浩特、包頭、鄂爾多斯?巹?國家物流樞紐,加強口岸設施聯通。鼓勵共建。"
    assert _sentences(text) == [
        "支持呼和浩特、包頭、鄂爾多斯?巹?國家物流樞紐,加強口岸設施聯通。",
        "鼓勵共建。",
    ]


def test_ascii_question_and_exclamation_marks_still_end_sentences_before_a_space():
    assert _sentences("Why? Because it works! Done.") == ["Why?", "Because it works!", "Done."]
    assert _sentences("有序?嵤?。下一句。") == ["有序?嵤?。", "下一句。"]


def test_no_seed_clause_ends_in_a_damaged_question_mark():
    doc = load_document(str(SEEDS / "2021-10-31_hubaoewu-integration-plan.txt"))
    lost = [c.text for c in doc.clauses if c.text.endswith("?") and len(c.text) < 6]
    assert lost == []
    assert any("鄂爾多斯?" in c.text and "國家物流樞紐" in c.text for c in doc.clauses)
