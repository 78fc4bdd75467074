"""Shared by the renderer tests: small hand-built comparisons and the seed corpus timeline."""

from __future__ import annotations

from array import array
from functools import cache
from pathlib import Path

from compare.model import (
    Change,
    ChangeKind,
    Clause,
    CleanText,
    Comparison,
    DiffSpan,
    Document,
    Facts,
    Op,
    Repair,
    Revision,
    RevisionKind,
    Section,
    Source,
    Strength,
    Thread,
    ThreadStep,
    Timeline,
)
from compare.pipeline import timeline_paths

REPO = Path(__file__).resolve().parent.parent
SEED_PATHS = sorted(str(p) for p in (REPO / "seeds").glob("*.txt"))
HOSTILE = "<script>alert(1)</script>加强区域协作。"
"""A clause that must be shown as text and never run."""

OLD_ITEMS = [
    (("一、总体要求",), "坚持生态优先、绿色发展。"),
    (("一、总体要求",), "探索建立生态补偿机制，到2020年完成。"),
    (("一、总体要求",), HOSTILE),
    (("二、重点任务",), "建设满洲里口岸。"),
    (("二、重点任务",), "完善交通网络并提升服务水平。"),
    (("二、重点任务",), "发展现代物流。"),
    (("二、重点任务",), "培育物流企业。"),
]
NEW_ITEMS = [
    (("一、总体要求",), "坚持生态优先、绿色发展。"),
    (("一、总体要求",), "推进建立生态补偿机制，到2025年完成。"),
    (("一、总体要求",), "建设满洲里口岸。"),
    (("二、重点任务",), "完善交通网络。"),
    (("二、重点任务",), "提升服务水平。"),
    (("二、重点任务",), "发展现代物流，培育物流企业。"),
    (("三、保障措施",), "强化组织领导。"),
]


def sections_for(paths: list[tuple[str, ...]]) -> tuple[Section, ...]:
    """One section per distinct path prefix, in order of appearance."""
    seen: dict[tuple[str, ...], Section] = {}
    for path in paths:
        for depth in range(1, len(path) + 1):
            prefix = path[:depth]
            if prefix not in seen:
                sid = f"s{len(seen) + 1}"
                seen[prefix] = Section(sid, depth, "", prefix[-1], prefix, len(seen) + 1)
    return tuple(seen.values())


def make_doc(
    name: str,
    items: list[tuple[tuple[str, ...], str]],
    *,
    date: str = "",
    repairs: tuple[Repair, ...] = (),
    commitments: tuple[int, ...] = (),
    originals: dict[int, str] | None = None,
    unreliable: tuple[int, ...] = (),
) -> Document:
    """A parsed document built by hand: clauses `c1`… under the given section paths."""
    text = "\n".join(t for _, t in items)
    sections = sections_for([p for p, _ in items])
    ids = {s.path: s.id for s in sections}
    clauses, offset = [], 0
    for i, (path, body) in enumerate(items):
        facts = Facts(
            commitment=i in commitments,
            strength=Strength.MODERATE if i in commitments else Strength.NONE,
            numbers_reliable=i not in unreliable,
        )
        original = (originals or {}).get(i, body)
        clauses.append(
            Clause(
                f"c{i + 1}",
                i,
                body,
                body,
                original,
                path,
                ids.get(path, ""),
                (i + 1, i + 1),
                (offset, offset + len(body)),
                facts,
            )
        )
        offset += len(body) + 1
    source = Source(name, text, "utf-8", "txt", len(text.encode()))
    clean = CleanText(text, array("q", range(len(text))), repairs)
    return Document(source, clean, name.removesuffix(".txt"), date, "", sections, tuple(clauses))


def diff(*pairs: tuple[str, str]) -> tuple[DiffSpan, ...]:
    """Diff spans from (op, text) pairs: `=`, `+`, `-`."""
    ops = {"=": Op.EQUAL, "+": Op.INSERT, "-": Op.DELETE}
    return tuple(DiffSpan(ops[op], text) for op, text in pairs)


def fixture_comparison() -> Comparison:
    """Every change kind once, with revisions, a token diff, a commitment and hostile text."""
    repair = Repair("strip_pinyin", 3, (2, 5, 9), "removed pinyin readings, e.g. 內(nèi)")
    old = make_doc(
        "old.txt", OLD_ITEMS, date="2019-10-17", repairs=(repair,), commitments=(2,),
        originals={1: "探索建立生态补偿\n机制，到2020年完成。"},
    )  # fmt: skip
    new = make_doc("new.txt", NEW_ITEMS, date="2020-06-23")
    revised = Change(
        ChangeKind.REVISED, ("c2",), ("c2",), 0.8,
        (
            Revision(RevisionKind.STRENGTHENED, "探索", "推进", "WEAK → MODERATE"),
            Revision(RevisionKind.TARGET_CHANGED, "2020年", "2025年"),
        ),
        diff(("-", "探索"), ("+", "推进"), ("=", "建立生态补偿机制，到20"), ("-", "2"), ("+", "2"),
             ("-", "0"), ("+", "5"), ("=", "年完成。")),
    )  # fmt: skip
    split = Change(
        ChangeKind.SPLIT, ("c5",), ("c4", "c5"), 0.9,
        (Revision(RevisionKind.REWORDED, "并", ""),),
        diff(("=", "完善交通网络"), ("-", "并"), ("+", "。"), ("=", "提升服务水平。")),
    )  # fmt: skip
    changes = (
        Change(ChangeKind.UNCHANGED, ("c1",), ("c1",), 1.0),
        revised,
        Change(ChangeKind.DROPPED, ("c3",), ()),
        Change(ChangeKind.MOVED, ("c4",), ("c3",), 1.0),
        split,
        Change(ChangeKind.MERGED, ("c6", "c7"), ("c6",), 0.85),
        Change(ChangeKind.NEW, (), ("c7",)),
    )
    return Comparison(old, new, changes)


def fixture_timeline() -> Timeline:
    """Two versions of the fixture comparison with three threads (one in a single version)."""
    cmp = fixture_comparison()
    threads = (
        Thread(
            "t1",
            (ThreadStep(0, ("c2",), None), ThreadStep(1, ("c2",), ChangeKind.REVISED)),
            "探索建立生态补偿机制",
            "一、总体要求",
        ),
        Thread(
            "t2", (ThreadStep(0, ("c3",), None), ThreadStep(1, (), None)), HOSTILE, "一、总体要求"
        ),
        Thread(
            "t<3>",
            (ThreadStep(0, ("c1",), None), ThreadStep(1, ("c1",), ChangeKind.UNCHANGED)),
            "坚持生态优先",
            "",
        ),
    )
    return Timeline((cmp.old, cmp.new), (cmp,), threads)


@cache
def seed_timeline() -> Timeline:
    """The seed corpus through the whole pipeline (built once per test process)."""
    return timeline_paths(SEED_PATHS)
