"""Nothing lost, nothing hidden: the trailing cut spares other documents, and every removed
character is accounted for by a repair."""

from __future__ import annotations

import importlib
import json
from functools import cache
from pathlib import Path

import pytest
from clitools import run_cli

from compare.clean.normalize import normalize
from compare.clean.tracked import Outcome, Tracked, apply_edits
from compare.clean.trailing import article_spans
from compare.model import Settings, Source
from compare.pipeline import load_document, parse_source
from compare.read.source import read_source

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
VOLUME = ("2013", "2019", "2020", "2021-10")
"""The seeds a compiled volume holds, in this order."""


def seed_path(prefix: str) -> Path:
    return next(p for p in SEEDS if p.name.startswith(prefix))


@pytest.fixture(scope="module")
def volume(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four seeds one after another in one file, as a compiled volume holds them."""
    text = "\n\n".join(seed_path(p).read_text(encoding="utf-8") for p in VOLUME)
    path = tmp_path_factory.mktemp("volume") / "volume.txt"
    path.write_text(text, encoding="utf-8")
    return path


@cache
def clause_count(prefix: str) -> int:
    return len(load_document(str(seed_path(prefix))).clauses)


def doc(text: str, keep_trailing: bool = False):
    source = Source("t.txt", text, "utf-8", "txt", len(text.encode()))
    return parse_source(source, Settings(keep_trailing=keep_trailing))


ARTICLE = "# 体育新闻\n\n本报10月22日讯(记者 王雅静)我区运动员在比赛中获得金牌。\n"
POLICY = "## 一、总体要求\n\n加快推进呼包鄂协同发展，建设国家自主创新示范区。\n"


def test_seed_articles_are_still_cut() -> None:
    d = load_document(str(seed_path("2019")))
    assert len(d.clauses) == 125
    assert "科右中旗" in d.clean.cut and "科右中旗" not in d.clean.text
    assert "四、加强组织实施" in d.clean.text and "本报" not in d.clean.text


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:10])
def test_the_cut_touches_no_other_seed(path: Path) -> None:
    """Only the 2019 newspaper page has articles after its end; no other seed loses a clause."""
    cut = load_document(str(path))
    kept = load_document(str(path), Settings(keep_trailing=True))
    if path.name.startswith("2019"):
        assert len(cut.clauses) == 125 < len(kept.clauses)
    else:
        assert [c.text for c in cut.clauses] == [c.text for c in kept.clauses]
        assert not cut.clean.cut


def test_volume_keeps_every_document(volume: Path) -> None:
    d = load_document(str(volume))
    alone = sum(clause_count(p) for p in VOLUME)
    assert len(d.clauses) >= 0.95 * alone
    for prefix in ("2013", "2020", "2021-10"):
        own = load_document(str(seed_path(prefix)))
        assert not set(c.text for c in own.clauses) - set(c.text for c in d.clauses), prefix
    assert d.clean.cut and d.clean.cut in seed_path("2019").read_text(encoding="utf-8")


def test_an_article_before_a_titled_document_is_cut_alone() -> None:
    title = "内蒙古自治区人民政府关于印发区域协调发展规划的通知\n\n"
    d = doc(POLICY + "\n" + ARTICLE + "\n" + title + POLICY)
    assert "金牌" in d.clean.cut and "金牌" not in d.clean.text
    assert d.clean.text.count("加快推进呼包鄂协同发展") == 2
    assert "关于印发区域协调发展规划的通知" in d.clean.text


def test_an_untitled_document_after_an_article_is_kept_with_it() -> None:
    preamble = "为贯彻落实国家部署，结合自治区实际，提出如下实施意见。\n\n"
    d = doc(POLICY + "\n" + ARTICLE + "\n" + preamble + POLICY)
    assert "提出如下实施意见" in d.clean.text and "金牌" in d.clean.text
    assert not d.clean.cut


@pytest.mark.parametrize("end", ["", "\n"])
def test_a_byline_ending_like_a_document_title_opens_an_article_all_the_same(end: str) -> None:
    # `本报…讯…的通知` names a notice; it is no notice's title line, so the article it opens is cut
    # whole, with or without a line break after it (found by normalizing twice, which cut it
    # only the second time)
    byline = "本报10月22日讯 自治区印发关于加快发展的通知"
    d = doc(POLICY + "\n简讯\n" + byline + end)
    assert "简讯" in d.clean.cut and byline in d.clean.cut
    assert d.clean.text.strip() == POLICY.strip()
    assert doc(d.clean.text).clean.text == d.clean.text


def test_a_document_title_as_the_last_line_is_kept_with_or_without_a_line_break() -> None:
    title = "内蒙古自治区人民政府关于印发区域协调发展规划的通知"
    for end in ("", "\n"):
        d = doc(POLICY + "\n" + ARTICLE + "\n" + title + end)
        assert "金牌" in d.clean.cut and title in d.clean.text


def test_keep_trailing_keeps_the_articles() -> None:
    d = doc(POLICY + "\n" + ARTICLE, keep_trailing=True)
    assert "金牌" in d.clean.text and not d.clean.cut
    assert not any("cut_trailing" in n for n in d.notes)


def test_a_cut_is_a_note_with_its_size() -> None:
    d = doc(POLICY + "\n" + ARTICLE)
    (note,) = [n for n in d.notes if n.startswith("cut_trailing_articles")]
    chars = len(ARTICLE)
    assert f"cut {chars} characters (3 lines, {chars / len(d.source.text):.0%} of the file)" in note
    (fix,) = [r for r in d.clean.repairs if r.kind == "cut_trailing_articles"]
    assert fix.flagged and fix.removed == chars


def test_article_spans_stay_linear_on_blank_lines() -> None:
    """The numbered-heading pattern once ran across blank lines from every line start."""
    assert article_spans("\n" * 200_000 + POLICY + ARTICLE) == [
        (200_000 + len(POLICY), 200_000 + len(POLICY + ARTICLE))
    ]


def test_cli_warns_and_notes_every_output(volume: Path, tmp_path: Path) -> None:
    seed = str(seed_path("2019"))
    r = run_cli(*["parse", seed, "--format", "json"])
    data = json.loads(r.stdout)
    assert any("3937 characters (75 lines, 43% of the file)" in n for n in data["notes"])
    assert "clausediff: warning:" in r.stderr and "43% of the file" in r.stderr
    r = run_cli(*["diff", seed, str(volume), "--format", "json"])
    assert any("cut_trailing_articles" in n for n in json.loads(r.stdout)["old"]["notes"])
    r = run_cli(*["report", seed, str(volume), "-o", str(tmp_path / "rep")])
    pages = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "rep").rglob("*.html"))
    assert "judged to be newspaper articles" in pages


@pytest.mark.parametrize("command", ["parse", "normalize", "textconv"])
def test_keep_trailing_on_every_reading_command(command: str) -> None:
    r = run_cli(*[command, str(seed_path("2019")), "--keep-trailing"])
    assert r.returncode == 0 and "cut_trailing_articles" not in r.stderr
    assert "科右中旗" in r.stdout


def test_keep_trailing_in_the_git_diff_driver() -> None:
    args = ["x.txt", str(seed_path("2019")), "0" * 40, "100644", "/dev/null", "0" * 40, "100644"]
    assert "科右中旗" not in run_cli("git-diff-driver", *args).stdout
    assert "科右中旗" in run_cli("git-diff-driver", "--keep-trailing", *args).stdout


def test_keep_trailing_on_pair_commands(tmp_path: Path) -> None:
    seed = str(seed_path("2019"))
    for args in (["diff", seed, seed], ["check", seed, seed], ["timeline", seed, seed]):
        r = run_cli(*args, "--keep-trailing")
        assert r.returncode == 0 and "cut_trailing_articles" not in r.stderr, args
    r = run_cli(*["report", seed, seed, "-o", str(tmp_path / "o"), "--keep-trailing"])
    assert r.returncode == 0 and "cut_trailing_articles" not in r.stderr


# ---------------------------------------------------------------- accounting


def fixture_texts() -> list[tuple[str, str]]:
    """Every seed, every aligned fixture and every JSON cleaning case, by name."""
    out = [(p.name, read_source(str(p)).text) for p in SEEDS]
    for p in sorted((ROOT / "tests" / "cases" / "align").glob("*/*.txt")):
        out.append((f"{p.parent.name}/{p.name}", read_source(str(p)).text))
    for p in sorted((ROOT / "tests" / "cases" / "normalize").glob("*.json")):
        for case in json.loads(p.read_text(encoding="utf-8")):
            out.append((f"{p.stem}: {case['label']}", case["original"]))
    return out


def test_kept_plus_removed_is_the_input() -> None:
    for name, text in fixture_texts():
        for keep in (False, True):
            d = doc(text, keep_trailing=keep)
            removed = sum(r.removed for r in d.clean.repairs)
            assert len(d.clean.text) + removed == len(text), name


def test_parse_json_reports_both_counts() -> None:
    r = run_cli(*["parse", str(seed_path("2021-10")), "--format", "json"])
    data = json.loads(r.stdout)
    counts = data["characters"]
    assert counts["kept"] + counts["removed"] == counts["input"]
    assert counts["removed"] == sum(r["removed"] for r in data["repairs"]) > 0
    assert counts["input"] == len(read_source(str(seed_path("2021-10"))).text)


def test_a_fixer_that_removes_without_a_repair_is_caught(monkeypatch) -> None:
    """The accounting can fail: a deletion no repair records leaves the sum short."""
    module = importlib.import_module("compare.clean.normalize")

    def silent(t: Tracked) -> Outcome:
        return Outcome(apply_edits(t, [(0, 1, ())]))

    registry = tuple((n, silent if n == "fix_line_endings" else f) for n, f in module.FIXERS)
    monkeypatch.setattr(module, "FIXERS", registry)
    c = normalize(Source("t", "甲乙丙。", "utf-8", "txt", 12))
    assert len(c.text) + sum(r.removed for r in c.repairs) == 3 != len("甲乙丙。")
